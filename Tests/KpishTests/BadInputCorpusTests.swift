import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 17: the bad-input corpus (Tests/Fixtures/bad-input/cases.tsv), through the binary. Every
/// case, in Chinese and in English, exits non-zero with its message on standard error and no
/// answer on standard output; the message names the case's culprit (and the column it points
/// at); the Chinese one speaks Chinese and the English one English; and the workspace is byte
/// for byte what it was.
@Suite struct BadInputCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: String
        let input: String
        let culprit: String
        let column: Int?
        var testDescription: String { "\(kind): \(input.prefix(60))" }
    }

    static let cases: [Case] = {
        let path = RealData.fixture("bad-input/cases.tsv")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(
                kind: fields[0], input: fields.count > 1 ? fields[1] : "", culprit: fields.count > 2 ? fields[2] : "",
                column: fields.count > 3 ? Int(fields[3]) : nil)
        }
    }()

    /// A demo workspace with its column snapshot written, made once and copied for every case.
    static let template: String = {
        let directory = Fixtures.temporaryDirectory()
        let workspace = directory + "/w.db"
        _ = try? KpishProcess.run(["demo", "--orders", "2000", "--seed", "3", "--as-of", "2026-11-22", "--db", workspace])
        _ = try? KpishProcess.run(["--db", workspace, "--as-of", "2026-11-22", "-c", "revenue"])
        return directory
    }()

    @Test func theCorpusHasAtLeastSixtyCases() {
        #expect(Self.cases.count >= 60, "\(Self.cases.count)")
    }

    @Test(arguments: cases)
    func aBadInputIsRefusedInBothLanguagesAndChangesNothing(_ input: Case) throws {
        let directory = Fixtures.temporaryDirectory()
        let workspace = directory + "/w.db"
        for file in ["w.db", "w.db-columns"] {
            try FileManager.default.copyItem(atPath: Self.template + "/" + file, toPath: directory + "/" + file)
        }
        try Self.prepareFiles(in: directory)
        // The copy has a new inode and time, so its column snapshot is rebuilt once: settle it.
        _ = try KpishProcess.run(["--db", workspace, "--as-of", "2026-11-22", "-c", "revenue"])
        let before = try Self.contents(of: directory)
        var said: [String: String] = [:]
        for lang in ["zh", "en"] {
            let result = try KpishProcess.run(Self.arguments(input, directory: directory, workspace: workspace, lang: lang))
            let context = "\(lang) \(input.input): status \(result.status)\nstdout: \(result.stdout.prefix(300))\nstderr: \(result.stderr)"
            #expect(result.status != 0, "\(context)")
            #expect(!result.stderr.isEmpty, "\(context)")
            if input.kind != "script" { #expect(result.stdout.isEmpty, "\(context)") }
            let culprit = Self.filled(input.culprit, directory: directory, workspace: workspace)
            let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            if !culprit.isEmpty { #expect(first.contains(culprit), "\(context)") }
            if let column = input.column {
                let place = lang == "zh" ? "第 \(column) 列" : "column \(column)"
                #expect(first.contains(place), "\(context)")
            }
            // Quoted text is the person's own words or data; what is left is the message.
            let own = Self.unquoted(first.replacingOccurrences(of: culprit.isEmpty ? "\u{0}" : culprit, with: ""))
            if lang == "zh" {
                #expect(Self.hasChinese(own), "\(context)")
            } else {
                #expect(!Self.hasChinese(own), "\(context)")
            }
            said[lang] = result.stderr
            #expect(try Self.contents(of: directory) == before, "\(context)")
        }
        #expect(said["zh"] != said["en"])
    }

    // MARK: - Running a case

    static func arguments(_ input: Case, directory: String, workspace: String, lang: String) -> [String] {
        let fill = { filled($0, directory: directory, workspace: workspace) }
        switch input.kind {
        case "c":
            return ["--db", workspace, "--as-of", "2026-11-22", "--lang", lang, "-c", fill(input.input)]
        case "script":
            return ["--db", workspace, "--as-of", "2026-11-22", "--lang", lang, "-f", directory + "/" + input.input]
        default:
            return input.input.components(separatedBy: " | ").map(fill) + ["--lang", lang]
        }
    }

    static func filled(_ text: String, directory: String, workspace: String) -> String {
        text.replacingOccurrences(of: "{w}", with: workspace).replacingOccurrences(of: "{d}", with: directory)
            .replacingOccurrences(of: "{gbk}", with: RealData.path("cn_sales_gbk.csv"))
            .replacingOccurrences(of: "{xlsx}", with: RealData.fixture("workbooks/crm_export_zh.xlsx"))
            .replacingOccurrences(of: "{long}", with: "revenue by region " + String(repeating: "x", count: 5000))
    }

    /// The files the cases read, made in the case's folder.
    static func prepareFiles(in directory: String) throws {
        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
        func write(_ name: String, bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
        try write("empty.csv", "")
        try write("nodate.csv", "customer,amount\n甲,100\n")
        try write("ok.csv", "date,customer,amount\n2026-10-01,甲,100\n")
        try write("text.txt", "hello\n")
        // Bytes of no text: a PNG signature, then NULs and high bytes.
        try write("garbage.csv", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<600).map { UInt8(($0 * 37) % 256) })
        let workbook = try Data(contentsOf: URL(fileURLWithPath: RealData.fixture("workbooks/crm_export_zh.xlsx")))
        try workbook.prefix(workbook.count / 2).write(to: URL(fileURLWithPath: directory + "/cut.xlsx"))
        try write("nul.kpi", "revenue\nrevenue by region\u{0}\n")
        try write("bad.kpi", bytes: [0x72, 0x65, 0x76, 0x0A, 0xFF, 0xFE, 0x20, 0x0A])
        try write("s3.kpi", "revenue\nrevenue by region\nrevnue by channel\nrevenue\n")
        try write("p.kpi", "revenue in $2\n")
        try write("s5.kpi", "revenue\nfrobnicate the data\n")
        try FileManager.default.createDirectory(atPath: directory + "/dir", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/emptydir", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory + "/dangling.db", withDestinationPath: directory + "/nowhere")
        #expect(mkfifo(directory + "/fifo", 0o600) == 0)
        let other = try DatabaseQueue(path: directory + "/other.db")
        try other.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
        try other.close()
    }

    /// Every file of the folder by name, with its bytes (a FIFO, a folder or a link by its kind).
    /// SQLite's shared-memory index (a cache of the WAL) and an empty WAL are left out: opening
    /// a workspace makes them, and they hold nothing of it.
    static func contents(of directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasSuffix("-shm") {
            let path = directory + "/" + name
            let type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            let bytes = type == .typeRegular ? try Data(contentsOf: URL(fileURLWithPath: path)) : Data(name.utf8)
            if name.hasSuffix("-wal") && bytes.isEmpty { continue }
            result[name] = bytes
        }
        return result
    }

    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    /// The text without what stands between quotes (“…”, 「…」, '…').
    static func unquoted(_ text: String) -> String {
        var result = ""
        var closing: Character? = nil
        for character in text {
            if let close = closing {
                if character == close { closing = nil }
                continue
            }
            switch character {
            case "“": closing = "”"
            case "「": closing = "」"
            case "'": closing = "'"
            default: result.append(character)
            }
        }
        return result
    }
}
