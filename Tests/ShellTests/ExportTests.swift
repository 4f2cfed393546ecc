import Foundation
import Model
import Render
import Shell
import Store
import TestSupport
import Testing

/// Exports for people's tools, checked with those tools: the workbook in openpyxl and in
/// LibreOffice, the HTML report in a headless Chromium, CSV for Excel (BOM, formula guarding).
@Suite(.serialized) struct ExportTests {
    static func session(_ lang: Lang) -> Session {
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: lang)
        session.keepsAnswers = true
        return session
    }

    /// Runs a program, returning its standard output, or nil when it is missing or fails.
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String, error: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        guard (try? process.run()) != nil else { return nil }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    static func temporary(_ name: String) -> String {
        let directory = NSTemporaryDirectory() + "kpish-export-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/" + name
    }

    @Test func csvForExcelHasABOMGuardsFormulasAndRoundsToTheDataPrecision() throws {
        let session = Self.session(.zh)
        session.csv = CSVOptions(bom: true, headers: .zh)
        let output = try session.answer("revenue, gross_margin by region in 2026-10", format: .csv).output
        #expect(output.unicodeScalars.first == "\u{FEFF}")
        let lines = output.dropFirst().split(separator: "\n")
        #expect(lines[0] == "区域,销售额,毛利率")
        // Money to cents and rates to four places: no binary noise such as 73865168.93000005.
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            let money = try #require(Double(fields[1]))
            #expect((money * 100).rounded() / 100 == money)
            #expect(fields[1].split(separator: ".").last.map { $0.count <= 2 } ?? true)
            #expect(fields[2].split(separator: ".").last.map { $0.count <= 4 } ?? true)
        }
        // A cell a spreadsheet would run is kept as text; numbers are untouched, negative or not.
        let answer = Answer(
            plan: Plan(intent: .breakdown), title: Localized(zh: "", en: ""), columns: ["customer", "revenue_change"],
            rows: [[.text("=HYPERLINK(\"x\")"), .number(-0.25)], [.text("+86 138"), .number(0.1)], [.text("@sum"), .null], [.text("-x"), .null]],
            schema: [Column(id: "customer", kind: .label, title: Localized(zh: "客户", en: "Customer")),
                Column(id: "revenue_change", kind: .change, title: Localized(zh: "销售额变化", en: "Revenue change"))])
        let guarded = answerCSV(answer).split(separator: "\n").dropFirst().map(String.init)
        #expect(guarded == ["\"'=HYPERLINK(\"\"x\"\")\",-0.25", "'+86 138,0.1", "'@sum,", "'-x,"])
    }

    /// `kpish -c … --format csv` hands the text on in chunks of about 64 KB, each ending at a row,
    /// rather than building all of it first.
    @Test func csvIsWrittenInChunksThatEndAtRows() throws {
        let rows: [[Cell]] = (1...6000).map { [.text("客户 \($0) 有限公司, 上海"), .number(Double($0) + 0.25)] }
        let answer = Answer(
            plan: Plan(intent: .breakdown), title: Localized(zh: "", en: ""), columns: ["customer", "revenue"],
            rows: rows,
            schema: [Column(id: "customer", kind: .label, title: Localized(zh: "客户", en: "Customer")),
                Column(id: "revenue", kind: .money, title: Localized(zh: "销售额", en: "Revenue"))])
        var chunks: [String] = []
        writeAnswerCSV(answer) { chunks.append($0) }
        let sizes = chunks.map(\.utf8.count)
        #expect(chunks.count == sizes.reduce(0, +) / 65_536 + 1)
        #expect(sizes.dropLast().allSatisfy { $0 >= 65_536 && $0 < 65_536 + 100 })
        #expect(chunks.dropFirst().allSatisfy { $0.hasPrefix("\n") })
        let lines = chunks.joined().split(separator: "\n")
        #expect(lines.count == 6001)
        #expect(lines[0] == "customer,revenue")
        #expect(lines[4321] == "\"客户 4321 有限公司, 上海\",4321.25")
    }

    @Test func theWorkbookOpensInOpenpyxlAndLibreOfficeWithTheSameNumbers() throws {
        let session = Self.session(.zh)
        for line in ["revenue, gross_margin by region in 2026-10", "trend revenue by month in last 6 months"] {
            #expect(try session.answer(line, format: .xlsx).status == 0)
        }
        let path = Self.temporary("answers.xlsx")
        try Data(xlsxWorkbook(session.answered, lang: .zh)).write(to: URL(fileURLWithPath: path))
        // openpyxl reads every sheet: titles, the header row, the typed cells.
        let script = """
            import json, sys, openpyxl, datetime
            book = openpyxl.load_workbook(sys.argv[1])
            out = []
            for sheet in book.worksheets:
                rows = [[c.isoformat()[:10] if isinstance(c, datetime.datetime) else c for c in row] for row in sheet.iter_rows(values_only=True)]
                out.append({"title": sheet.title, "frozen": sheet.freeze_panes, "rows": rows})
            print(json.dumps(out, ensure_ascii=False))
            """
        // Debian's Python, where python3-openpyxl is (a pyenv python3 on PATH has no openpyxl).
        let read = try #require(Self.run("/usr/bin/python3", ["-c", script, path]), "python3 is missing")
        #expect(read.status == 0, "openpyxl (Debian python3-openpyxl, installed by make test): \(read.error)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [[String: Any]])
        #expect(sheets.count == 2)
        for (sheet, answer) in zip(sheets, session.answered) {
            let rows = try #require(sheet["rows"] as? [[Any]])
            #expect(sheet["frozen"] as? String == "A2")
            #expect(rows[0].compactMap { $0 as? String } == answer.columns.indices.map { answer.described($0).title.zh })
            #expect(rows.count == answer.rows.count + 1)
            for (read, row) in zip(rows.dropFirst(), answer.rows) {
                for (cell, value) in zip(read, row) {
                    switch value {
                    case .number(let number):
                        let got = try #require(cell as? Double ?? (cell as? Int).map(Double.init), "\(cell)")
                        #expect(abs(got - number) <= max(0.006, abs(number) * 1e-9), "\(got) vs \(number)")
                    case .text(let text):
                        // Months are dates in the workbook, on their first day.
                        #expect(cell as? String == text || cell as? String == text + "-01", "\(cell) vs \(text)")
                    case .null: #expect(cell is NSNull)
                    }
                }
            }
        }
        // LibreOffice converts the first sheet to CSV (comma, quote, UTF-8) with the same numbers.
        let directory = Self.temporary("lo")
        let converted = try #require(
            Self.run("soffice", ["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", directory, path]), "soffice is missing")
        #expect(converted.status == 0, "LibreOffice (Debian libreoffice-calc-nogui, installed by make test): \(converted.error)")
        let csv = try String(contentsOfFile: directory + "/answers.csv", encoding: .utf8)
        let first = session.answered[0]
        for (line, row) in zip(csv.split(separator: "\n").dropFirst(), first.rows) {
            let fields = Self.csvFields(String(line)).map { $0.replacingOccurrences(of: ",", with: "") }
            #expect(fields[0] == row[0].text)
            // LibreOffice writes cells as formatted: money with two places, rates as percents.
            let revenue = try #require(Double(fields[1]))
            #expect(abs(revenue - row[1].number!) < 0.006)
            let margin = try #require(Double(fields[2].replacingOccurrences(of: "%", with: "")))
            #expect(abs(margin / 100 - row[2].number!) < 0.0006)
        }
    }

    /// One CSV line's fields, quotes taken off (LibreOffice quotes 18,677,354.49).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        return fields + [field]
    }

    /// The corpus scripts, as a manager runs them, in both languages.
    static let scripts: [(file: String, parameters: [String: String])] = [
        ("weekly-review.kpi", [:]), ("monthly-report.kpi", ["region": "华东", "month": "2026-10"]),
    ]

    @Test(arguments: [Lang.zh, .en])
    func theReportOfEachCorpusScriptLoadsInABrowserWithItsAnswers(_ lang: Lang) throws {
        for (file, parameters) in Self.scripts {
            let session = Self.session(lang)
            let loop = InputLoop(session: session, format: .table, write: { _ in }, writeError: { Issue.record("\($0)") })
            #expect(loop.runFile(RealData.repository + "/corpus/scripts/" + file, parameters: parameters, keepGoing: false) == 0)
            #expect(session.answered.count >= 5)
            let page = htmlReport(session.answered, title: file, asOf: Fixtures.asOf, lang: lang)
            // Self-contained: no script and no address but the SVG namespace.
            let withoutNamespace = page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            #expect(!page.contains("<script") && !withoutNamespace.contains("http"))
            let path = Self.temporary("\(lang)-\(file).html")
            try page.write(toFile: path, atomically: true, encoding: .utf8)
            let chromium = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
            ]
            let dom = try #require(Self.run("chromium", chromium + ["--dump-dom", "file://" + path]), "chromium is missing")
            #expect(dom.status == 0, "chromium (Debian chromium, installed by make test): \(dom.error)")
            // No console errors, and the page as the browser built it holds every answer's title
            // and the figures of its first row.
            #expect(!dom.error.contains("CONSOLE"), "\(dom.error)")
            let renderer = Renderer(lang: lang)
            for answer in session.answered {
                #expect(dom.output.contains(htmlEscaped(answer.title(lang))), "\(answer.title(lang))")
                if let row = answer.rows.first {
                    for index in row.indices {
                        #expect(dom.output.contains(htmlEscaped(renderer.cell(row[index], answer.described(index)))))
                    }
                }
            }
            let shot = Self.temporary("\(lang)-\(file).png")
            let screenshot = try #require(
                Self.run("chromium", chromium + ["--window-size=1100,2400", "--screenshot=" + shot, "file://" + path]))
            #expect(screenshot.status == 0)
            #expect(((try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0) > 10_000)
        }
    }

    private func htmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
