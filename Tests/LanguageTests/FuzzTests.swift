import Foundation
import Language
import Model
import TestSupport
import Testing

/// Mutated valid queries: no crash, none over a second, and every input gives a plan or a
/// diagnostic whose span lies inside the input. `make fuzz` runs more (FUZZ_COUNT).
@Suite struct FuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 100_000

    static let alphabet: [String] =
        Array("abcdefghijklmnopqrstuvwxyz0123456789 _-.,;()=<>!%\"'#\n\t")
        .map(String.init) + [
            "销", "售", "额", "区", "域", "华", "东", "月", "万", "（", "）", "，", "“", "”", "「", "\u{3000}", "é", "😀", "..", "1️⃣",
        ]

    /// Four chunks with their own seeds, so the two cores share the work.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedQueriesGiveAPlanOrADiagnostic(chunk: UInt64) throws {
        let count = Self.count / 4
        var generator = SentenceGenerator(
            grammar: GrammarTests.grammar, seed: 99, lexicon: GrammarTests.lexicon())
        let seeds =
            (0..<400).map { _ in generator.sentence() } + [
                "revenue", "top 3 region by revenue in last 3 months", "trend revenue by month in last 12 months",
                #"revenue by rep where team = "华东一组" and channel in ("直销", "渠道") in 2026-Q3"#,
                "forecast revenue next 3 months by region", "diagnose revenue in 2026-10 vs 2026-09",
            ]
        var random = TestRandom(state: 2026 &* chunk)
        var plans = 0
        var diagnostics = 0
        for _ in 0..<count {
            let input = mutate(random.pick(seeds), &random)
            let started = Date()
            defer {
                let elapsed = Date().timeIntervalSince(started)
                if elapsed > 1 { Issue.record("\(elapsed) s: \(input)") }
            }
            do {
                let plan = try parse(
                    input, vocabulary: LanguageFixtures.vocabularyWithValues, asOf: LanguageFixtures.asOf)
                plans += 1
                // Whatever parses prints back to text that parses to the same plan.
                do {
                    let again = try parse(
                        plan.canonical!, vocabulary: LanguageFixtures.vocabularyWithValues, asOf: LanguageFixtures.asOf)
                    if again.meaning != plan.meaning { Issue.record("round trip: \(input) → \(plan.canonical!)") }
                } catch {
                    Issue.record(
                        "canonical does not parse: \(input) → \(plan.canonical!)\n\(error.rendered(source: plan.canonical!, lang: .en))"
                    )
                }
            } catch {
                diagnostics += 1
                let length = input.utf8.count
                if error.span.lowerBound > length || error.span.upperBound > length || error.span.lowerBound < 0 {
                    Issue.record("span \(error.span) outside \(length) bytes: \(input)")
                }
                if error.rendered(source: input, lang: .en).isEmpty { Issue.record("empty message: \(input)") }
            }
        }
        #expect(plans + diagnostics == count)
        #expect(plans > count / 50, "mutations keep some inputs valid")
        #expect(diagnostics > count / 5)
    }

    private func mutate(_ seed: String, _ random: inout TestRandom) -> String {
        var characters = Array(seed)
        for _ in 0..<(1 + random.below(3)) {
            let position = characters.isEmpty ? 0 : random.below(characters.count)
            switch random.below(6) {
            case 0 where !characters.isEmpty:
                characters.remove(at: position)
            case 1:
                characters.insert(contentsOf: Array(random.pick(Self.alphabet)), at: position)
            case 2 where !characters.isEmpty:
                characters.replaceSubrange(position...position, with: Array(random.pick(Self.alphabet)))
            case 3:
                characters = Array(characters.prefix(position))
            case 4:
                // Swap two words.
                var words = String(characters).split(separator: " ").map(String.init)
                if words.count > 1 {
                    let i = random.below(words.count)
                    let j = random.below(words.count)
                    words.swapAt(i, j)
                }
                characters = Array(words.joined(separator: " "))
            default:
                // Duplicate a word.
                var words = String(characters).split(separator: " ").map(String.init)
                if !words.isEmpty {
                    let i = random.below(words.count)
                    words.insert(words[i], at: i)
                }
                characters = Array(words.joined(separator: " "))
            }
        }
        return String(characters)
    }
}
