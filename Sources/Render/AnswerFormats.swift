import Foundation
import Model

/// How an answer is written out.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, md
    /// An Excel workbook, written to a file (`-o`): one sheet an answer.
    case xlsx
}

/// DESIGN.md's Answer JSON: the plan, the title and texts in `lang`, raw numbers (rates as
/// fractions), time labels as text; `schema` says what each column holds (kind, which way is
/// better, its title in `lang`).
public func answerJSON(_ answer: Answer, lang: Lang) -> String {
    struct Encoded: Encodable {
        struct Advice: Encodable {
            let text: String
            let evidence: [String]
        }
        struct Described: Encodable {
            let id: String
            let kind: String
            let better: String
            let title: String
        }
        let plan: Plan
        let title: String
        let columns: [String]
        let rows: [[Cell]]
        let recommendations: [Advice]
        let notes: [String]
        let schema: [Described]
    }
    return jsonText(
        Encoded(
            plan: answer.plan, title: answer.title(lang), columns: answer.columns, rows: answer.rows,
            recommendations: answer.recommendations.map {
                .init(text: $0.text(lang), evidence: $0.evidence.map { $0(lang) })
            },
            notes: answer.notes.map { $0(lang) },
            schema: answer.columns.indices.map(answer.described).map {
                .init(id: $0.id, kind: $0.kind.rawValue, better: $0.better.rawValue, title: $0.title(lang))
            }))
}

/// How CSV is written: a byte-order mark for Excel, the header's words, formula guarding.
public struct CSVOptions: Sendable {
    /// What the header row says: the column ids (the default, for programs), or their titles.
    public enum Headers: String, Sendable, CaseIterable {
        case ids, zh, en
    }

    /// Starts the file with a UTF-8 byte-order mark, so that Excel on Chinese Windows reads UTF-8.
    public var bom: Bool
    public var headers: Headers

    public init(bom: Bool = false, headers: Headers = .ids) {
        self.bom = bom
        self.headers = headers
    }
}

/// RFC 4180 CSV of the raw values: numbers rounded to what their kind carries (money to cents,
/// rates to four places: no 73865168.93000005), text that a spreadsheet would run as a formula
/// (= + - @ first) guarded with a leading '.
public func answerCSV(_ answer: Answer, options: CSVOptions = CSVOptions()) -> String {
    var csv = ""
    writeAnswerCSV(answer, options: options) { csv += $0 }
    return csv
}

/// The answer as CSV (no newline after the last row), handed to `write` about 64 KB at a time:
/// the rows of 100k customers start to arrive at once and never sit in memory as one text.
public func writeAnswerCSV(_ answer: Answer, options: CSVOptions = CSVOptions(), to write: (String) -> Void) {
    // Byte tests rather than Character comparisons: 100k customers' rows took 130 ms the other way.
    let chunkSize = 1 << 16
    var csv = options.bom ? "\u{FEFF}" : ""
    csv.reserveCapacity(chunkSize + 4096)
    func append(field text: String) {
        let quoted = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if quoted {
            csv += "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        } else {
            csv += text
        }
    }
    let columns = answer.columns.indices.map(answer.described)
    for (index, column) in columns.enumerated() {
        if index > 0 { csv += "," }
        switch options.headers {
        case .ids: append(field: column.id)
        case .zh: append(field: guardedFormula(column.title.zh))
        case .en: append(field: guardedFormula(column.title.en))
        }
    }
    for row in answer.rows {
        if csv.utf8.count >= chunkSize {
            write(csv)
            csv.removeAll(keepingCapacity: true)
        }
        csv += "\n"
        for (index, value) in row.enumerated() {
            if index > 0 { csv += "," }
            switch value {
            case .null: break
            case .text(let text): append(field: guardedFormula(text))
            case .number(let number): csv += formatNumber(rounded(number, columns[index].kind))
            }
        }
    }
    write(csv)
}

/// A number to the places its kind carries: what the data holds, without binary noise.
public func rounded(_ value: Double, _ kind: Column.Kind) -> Double {
    guard value.isFinite else { return value }
    let places: Double =
        switch kind {
        case .money, .score, .count, .number: 100
        case .days: 10
        case .rate, .change, .points: 10_000
        case .label, .time: 1_000_000
        }
    let scaled = (value * places).rounded() / places
    return scaled.isFinite ? scaled : value
}

/// A text cell a spreadsheet would take for a formula (=, +, -, @, or a tab or return first),
/// kept as text with a leading ' (OWASP's CSV injection advice).
public func guardedFormula(_ text: String) -> String {
    switch text.utf8.first {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13: return "'" + text
    default: return text
    }
}

/// A Markdown table (pastes into reports) of cells already formatted for people.
public func markdownTable(title: String, header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
    func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
    let rule = header.indices.map { rightAligned.contains($0) ? "---:" : "---" }
    let lines = [header.map(escape), rule] + rows.map { $0.map(escape) }
    return "**\(escape(title))**\n\n" + lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
}
