import Foundation
import Model

/// How an answer is written out.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json, md
}

/// DESIGN.md's Answer JSON: the plan, the title and texts in `lang`, raw numbers (rates as
/// fractions), time labels as text.
public func answerJSON(_ answer: Answer, lang: Lang) -> String {
    struct Encoded: Encodable {
        struct Advice: Encodable {
            let text: String
            let evidence: [String]
        }
        let plan: Plan
        let title: String
        let columns: [String]
        let rows: [[Cell]]
        let recommendations: [Advice]
        let notes: [String]
    }
    return jsonText(
        Encoded(
            plan: answer.plan, title: answer.title(lang), columns: answer.columns, rows: answer.rows,
            recommendations: answer.recommendations.map {
                .init(text: $0.text(lang), evidence: $0.evidence.map { $0(lang) })
            },
            notes: answer.notes.map { $0(lang) }))
}

/// RFC 4180 CSV of the raw values, with the column ids as the header.
public func answerCSV(_ answer: Answer) -> String {
    func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    let header = answer.columns.map(field).joined(separator: ",")
    let lines = answer.rows.map { row in
        row.map { cell in
            switch cell {
            case .null: return ""
            case .text(let text): return field(text)
            case .number(let number): return formatNumber(number)
            }
        }.joined(separator: ",")
    }
    return ([header] + lines).joined(separator: "\n")
}

/// A Markdown table (pastes into reports) of cells already formatted for people.
public func markdownTable(title: String, header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
    func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
    let rule = header.indices.map { rightAligned.contains($0) ? "---:" : "---" }
    let lines = [header.map(escape), rule] + rows.map { $0.map(escape) }
    return "**\(escape(title))**\n\n" + lines.map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
}
