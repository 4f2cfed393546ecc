/// Names within a small edit distance of `word`, closest first (at most three): the "did you
/// mean" of a diagnostic. The threshold follows swift-argument-parser's idea of scaling with the
/// word: a third of its length for Latin words, one edit for short CJK words (华栋 → 华东).
func closeNames(to word: String, among candidates: [String]) -> [String] {
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

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions (`wehre` → `where` is one edit).
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var row = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        row[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = min(row[j], before[j - 2] + 1)
            }
        }
        before = previous
        previous = row
    }
    return previous[b.count]
}
