import Foundation
import Testing

@testable import Store

// MARK: - Fixtures

/// The committed fixtures (made once by Fixtures/make.py), found next to this file.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// A file in a fresh temporary folder, removed by `cleanUp()`.
struct TemporaryFile {
    let path: String

    init(named name: String, bytes: [UInt8]) throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("WorkbookTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}

// MARK: - Reading CSV back

/// Parses RFC 4180 CSV ("\n" line ends, quoted fields may hold commas, quotes and line breaks)
/// into rows of fields. A line with no fields (an empty line) is an empty row.
func parseCSV(_ bytes: [UInt8]) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var index = 0
    var inQuotes = false
    var rowHasField = false
    while index < bytes.count {
        let byte = bytes[index]
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                    field.append(byte)
                    index += 1
                } else {
                    inQuotes = false
                }
            } else {
                field.append(byte)
            }
        } else if byte == UInt8(ascii: "\"") {
            inQuotes = true
            rowHasField = true
        } else if byte == UInt8(ascii: ",") {
            row.append(String(decoding: field, as: UTF8.self))
            field = []
            rowHasField = true
        } else if byte == 0x0A {
            if rowHasField || !field.isEmpty { row.append(String(decoding: field, as: UTF8.self)) }
            rows.append(row)
            row = []
            field = []
            rowHasField = false
        } else {
            field.append(byte)
            rowHasField = true
        }
        index += 1
    }
    if rowHasField || !field.isEmpty {
        row.append(String(decoding: field, as: UTF8.self))
        rows.append(row)
    }
    return rows
}

/// The CSV of the sheet named `name`, as text.
func csvText(_ workbook: Workbook, _ name: String) throws -> String {
    guard let sheet = workbook.sheets.first(where: { $0.name == name }) else {
        Issue.record("no sheet \(name)")
        return ""
    }
    return String(decoding: try workbook.csv(sheet), as: UTF8.self)
}

// MARK: - Expected values

/// One cell of a NAME.expected.json: openpyxl's reading.
enum ExpectedCell: Equatable {
    case empty
    case text(String)
    case number(Double)
    case boolean(Bool)
    /// ISO text: "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or "HH:MM:SS".
    case date(String)

    init(json: Any) {
        guard let pair = json as? [Any], pair.count == 2, let tag = pair[0] as? String else {
            self = .empty
            return
        }
        switch tag {
        case "s": self = (pair[1] as? String).map { $0.isEmpty ? .empty : .text($0) } ?? .empty
        case "n": self = .number((pair[1] as? NSNumber)?.doubleValue ?? .nan)
        case "b": self = .boolean((pair[1] as? Bool) ?? false)
        case "d": self = .date((pair[1] as? String) ?? "")
        default: self = .empty
        }
    }

    /// Whether our CSV field says the same thing.
    func matches(_ field: String) -> Bool {
        switch self {
        case .empty: return field.isEmpty
        case .text(let text): return field == text
        case .boolean(let value): return field == (value ? "TRUE" : "FALSE")
        case .date(let text): return field == text
        case .number(let value):
            guard let read = Double(field) else { return false }
            if value == 0 { return read == 0 }
            return abs(read - value) <= 1e-12 * abs(value)
        }
    }
}

/// A fixture's expectations: the sheets openpyxl sees, with their cells.
struct ExpectedWorkbook {
    struct Sheet {
        let name: String
        let isHidden: Bool
        /// Rows with trailing empty cells and trailing empty rows removed.
        let rows: [[ExpectedCell]]
    }

    let uses1904Dates: Bool
    let sheets: [Sheet]

    init(fixture name: String) throws {
        let data = try Data(contentsOf: Fixtures.directory.appendingPathComponent(name + ".expected.json"))
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        uses1904Dates = document["uses1904Dates"] as? Bool ?? false
        sheets = (document["sheets"] as? [[String: Any]] ?? []).map { sheet in
            var rows = (sheet["rows"] as? [Any] ?? []).map { row in
                var cells = (row as? [Any] ?? []).map(ExpectedCell.init(json:))
                while cells.last == .empty { cells.removeLast() }
                return cells
            }
            while rows.last?.isEmpty == true { rows.removeLast() }
            return Sheet(name: sheet["name"] as? String ?? "", isHidden: sheet["hidden"] as? Bool ?? false, rows: rows)
        }
    }
}
