import Model

/// Names within a small edit distance of `word`, closest first (at most three): the "did you
/// mean" of a diagnostic. The threshold follows swift-argument-parser's idea of scaling with the
/// word: a third of its length for Latin words, one edit for short CJK words (华栋 → 华东).
public func closeNames(to word: String, among candidates: [String]) -> [String] {
    let target = Array(word.lowercased())
    guard !target.isEmpty else { return [] }
    let limit = max(1, target.count / 3)
    var scored: [(distance: Int, name: String)] = []
    var seen = Set<String>()
    for candidate in candidates where !candidate.isEmpty && seen.insert(candidate).inserted {
        let distance = editDistance(target, Array(candidate.lowercased()))
        if distance > 0 && distance <= limit { scored.append((distance, candidate)) }
    }
    return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(3).map(\.name)
}
