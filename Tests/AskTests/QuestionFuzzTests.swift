import Ask
import Foundation
import Model
import TestSupport
import Testing

/// Mutated corpus questions through the question matcher (issue 17's fuzzing of the question
/// path): no crash, none over a second, and each gives a plan or a failure with a message.
/// `make test` runs 20,000 (the query path's fuzzing runs 100,000); `make fuzz` scales both
/// (FUZZ_COUNT is the query path's count; questions take a fifth of it).
@Suite struct QuestionFuzzTests {
    static let count = (Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 100_000) / 5

    static let pieces: [String] =
        Array("abcxyz0123456789 _-.,;()=<>!%\"'#?\n\t").map(String.init) + [
            "销", "售", "额", "区域", "华东", "上个月", "去年", "近", "个月", "未来", "预测", "为什么", "各", "万", "亿",
            "（", "）", "，", "“", "\u{3000}", "é", "😀", "\u{202E}", "\u{1b}[31m", "99999999999999999999",
            "70556009", "2147483649", "0000-01", "2026-13", "W53", "第", "季度", "top", "last", "next",
        ]

    /// Four chunks with their own seeds, so the two cores share the work.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedQuestionsGiveAPlanOrAFailure(chunk: UInt64) throws {
        let seeds = CorpusTests.corpus("zh").map(\.question) + CorpusTests.corpus("en").map(\.question)
        var random = TestRandom(state: 7_919 &* chunk)
        func next() -> Int { random.below(Int.max) }
        // The customers' names are read on the first question with words left over: once per
        // matcher, not per question.
        _ = try? CorpusTests.matcher.match("恒达科技上个月销售额", asOf: CorpusTests.asOf)
        var slowest = 0.0
        var plans = 0
        for _ in 0..<(Self.count / 4) {
            var words = Array(seeds[next() % seeds.count])
            for _ in 0..<(1 + next() % 3) {
                let position = words.isEmpty ? 0 : next() % words.count
                switch next() % 4 {
                case 0 where !words.isEmpty: words.remove(at: position)
                case 1: words.insert(contentsOf: Array(Self.pieces[next() % Self.pieces.count]), at: position)
                case 2 where !words.isEmpty:
                    words.replaceSubrange(position...position, with: Array(Self.pieces[next() % Self.pieces.count]))
                default: words = Array(words.prefix(position)) + Array(seeds[next() % seeds.count])
                }
            }
            let question = String(words)
            let started = Date()
            do {
                _ = try CorpusTests.matcher.match(question, asOf: CorpusTests.asOf)
                plans += 1
            } catch {
                if error.message(.zh).isEmpty || error.message(.en).isEmpty { Issue.record("no message: \(question)") }
            }
            let elapsed = Date().timeIntervalSince(started)
            if elapsed > slowest { slowest = elapsed }
            if elapsed > 1 { Issue.record("\(elapsed) s: \(question)") }
        }
        #expect(plans > Self.count / 40, "mutations keep some questions answerable")
        print("question fuzz chunk \(chunk): \(Self.count / 4) questions, \(plans) plans, slowest \(slowest * 1000) ms")
    }
}
