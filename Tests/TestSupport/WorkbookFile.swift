import Foundation
import ZIPFoundation

/// Writes an .xlsx workbook the way spreadsheet programs lay one out (workbook, relationships,
/// styles, one worksheet per sheet; texts as shared strings, dates as serial numbers in a date
/// style), for tests and benchmarks that need workbooks larger than a fixture should be: the
/// import's kill test and the million-row benchmark. Small fixtures come from openpyxl and
/// LibreOffice (Tests/Fixtures/workbooks/make.py).
///
///     try WorkbookFile.write([("订单", rows)], to: path)
public enum WorkbookFile {
    public enum Cell: Sendable {
        case text(String)
        case number(Double)
        /// A day as Excel's 1900-system serial, shown with the built-in date format.
        case date(year: Int, month: Int, day: Int)
        case empty
    }

    public static func write(_ sheets: [(name: String, rows: [[Cell]])], to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        var strings: [String] = []
        var index: [String: Int] = [:]
        var parts: [(String, [UInt8])] = []
        for (number, sheet) in sheets.enumerated() {
            var xml = Array(
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
                    .utf8)
            xml.reserveCapacity(sheet.rows.count * 160)
            for (r, row) in sheet.rows.enumerated() {
                xml += Array("<row r=\"\(r + 1)\">".utf8)
                for (c, cell) in row.enumerated() {
                    let reference = column(c) + String(r + 1)
                    switch cell {
                    case .empty: continue
                    case .text(let text):
                        let id: Int
                        if let known = index[text] {
                            id = known
                        } else {
                            id = strings.count
                            index[text] = id
                            strings.append(text)
                        }
                        xml += Array("<c r=\"\(reference)\" t=\"s\"><v>\(id)</v></c>".utf8)
                    case .number(let value):
                        xml += Array("<c r=\"\(reference)\"><v>\(plain(value))</v></c>".utf8)
                    case .date(let year, let month, let day):
                        xml += Array("<c r=\"\(reference)\" s=\"1\"><v>\(serial(year, month, day))</v></c>".utf8)
                    }
                }
                xml += Array("</row>".utf8)
            }
            xml += Array("</sheetData></worksheet>".utf8)
            parts.append(("xl/worksheets/sheet\(number + 1).xml", xml))
        }
        var shared = Array(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
                .utf8)
        for text in strings { shared += Array("<si><t>\(escaped(text))</t></si>".utf8) }
        shared += Array("</sst>".utf8)
        let sheetEntries = sheets.indices.map {
            "<sheet name=\"\(escaped(sheets[$0].name))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }
        let relations = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        let overrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        let fixed: [(String, String)] = [
            (
                "[Content_Types].xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
                    + overrides.joined() + "</Types>"
            ),
            (
                "_rels/.rels",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
            (
                "xl/workbook.xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
                    + sheetEntries.joined() + "</sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                    + relations.joined()
                    + "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
            ),
            (
                "xl/styles.xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            ),
        ]
        for (name, text) in fixed { try add(archive, name, Array(text.utf8)) }
        try add(archive, "xl/sharedStrings.xml", shared)
        for (name, bytes) in parts { try add(archive, name, bytes) }
    }

    private static func add(_ archive: Archive, _ name: String, _ bytes: [UInt8]) throws {
        let data = Data(bytes)
        try archive.addEntry(
            with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
        ) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// A, B, … Z, AA, AB …
    private static func column(_ index: Int) -> String {
        var index = index
        var name = ""
        repeat {
            name = String(UnicodeScalar(UInt8(65 + index % 26))) + name
            index = index / 26 - 1
        } while index >= 0
        return name
    }

    /// Days since 1899-12-30 (Excel's 1900 system past its phantom 29 February 1900).
    private static func serial(_ year: Int, _ month: Int, _ day: Int) -> Int {
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: components)!
        return Int((date.timeIntervalSince1970 / 86_400).rounded()) + 25_569
    }

    private static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension SalesCSV {
    /// The rows `write(rows:to:seed:)` writes, as a workbook of one sheet 订单 (dates as date
    /// cells, numbers as numbers): the same order lines in Excel's form.
    public static func writeWorkbook(rows: Int, to path: String, seed: UInt64 = 1) throws {
        let csv = NSTemporaryDirectory() + "kpish-workbook-\(UUID().uuidString).csv"
        try write(rows: rows, to: csv, seed: seed)
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        var table: [[WorkbookFile.Cell]] = []
        table.reserveCapacity(rows + 1)
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = splitCSV(String(line))
            if number == 0 {
                table.append(fields.map { .text($0) })
                continue
            }
            table.append(
                fields.enumerated().map { column, field -> WorkbookFile.Cell in
                    switch column {
                    case 1:
                        let parts = field.split(separator: "-").compactMap { Int($0) }
                        return .date(year: parts[0], month: parts[1], day: parts[2])
                    case 8, 9, 10: return .number(Double(field)!)
                    default: return .text(field)
                    }
                })
        }
        try WorkbookFile.write([("订单", table)], to: path)
    }

    /// Fields of one line of the files `write` makes (quotes only around a comma).
    private static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
