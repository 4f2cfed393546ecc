import Foundation
import Language
import Model

/// Tab completion as a pure function: the word being typed and the line before it give the
/// candidates, in phases — commands at the start of a line, then keywords, metrics (ids and
/// Chinese names), dimensions and data values (`华` → 华东 华南 华北 华中).
///
///     completions(for: "reve", before: "", vocabulary: vocabulary, commands: ["help"])   // ["revenue", "revenue_per_rep"]
public func completions(for word: String, before: String, vocabulary: Vocabulary, commands: [String]) -> [String] {
    let lowered = word.lowercased()
    func matching(_ names: [String]) -> [String] {
        names.filter { !$0.isEmpty && $0.lowercased().hasPrefix(lowered) && $0 != word }
    }
    // After `region =` or `team in (…`, only that dimension's values.
    if let dimension = valueSlot(before, vocabulary: vocabulary) {
        let named = lowered.hasPrefix("\"") ? String(lowered.dropFirst()) : lowered
        return (vocabulary.values(of: dimension) ?? []).filter { $0.lowercased().hasPrefix(named) && $0 != word }
            .sorted(by: naturallyBefore).prefix(200).map { $0 }
    }
    let startOfLine = before.trimmingCharacters(in: .whitespaces).isEmpty
    var phases: [[String]] = []
    if startOfLine { phases.append(commands) }
    phases.append(languageKeywords)
    phases.append(vocabulary.metrics.flatMap { [$0.id, $0.zh] })
    phases.append(vocabulary.dimensions.flatMap { [$0.id, $0.zh] } + Array(vocabulary.aliases.keys))
    // Data values, customers last: they are many.
    let dimensions = vocabulary.dimensionsWithValues.sorted { ($0 == "customer" ? 1 : 0, $0) < ($1 == "customer" ? 1 : 0, $1) }
    phases.append(dimensions.flatMap { vocabulary.values(of: $0) ?? [] })
    var seen = Set<String>()
    var result: [String] = []
    for phase in phases {
        for name in matching(phase).sorted() where seen.insert(name).inserted {
            result.append(name)
            if result.count >= 200 { return result }
        }
    }
    return result
}

/// The dimension whose value comes next: the line ends in `region = `, `区域 != `, `team in (…, `.
private func valueSlot(_ before: String, vocabulary: Vocabulary) -> String? {
    let pattern = try! NSRegularExpression(pattern: #"([\p{L}_]+)\s*(?:!?=|(?:not\s+)?in\s*\([^)]*)\s*$"#)
    guard let match = pattern.firstMatch(in: before, range: NSRange(before.startIndex..., in: before)),
        let range = Range(match.range(at: 1), in: before)
    else { return nil }
    return vocabulary.dimension(named: String(before[range]))
}
