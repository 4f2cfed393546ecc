import Ask
import Engine
import Foundation
import Language
import Model
import TestSupport
import Testing

/// corpus/dialogues: follow-ups of two and three turns. Each turn is understood with the plan kpish
/// reached on the turn before as its context, as in the REPL, and must mean the expected query of
/// the whole plan after that turn, read straight (nothing asked back).
@Suite struct DialogueTests {
    struct Turn: Sendable, CustomStringConvertible {
        let dialogue: Int
        let question: String
        let expected: String
        var description: String { "\(dialogue): \(question)" }
    }

    static let turns: [Turn] = {
        let text = try! String(contentsOfFile: CorpusTests.root + "/corpus/dialogues/dialogues.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t").map(String.init)
            return Turn(dialogue: Int(parts[0])!, question: parts[2], expected: parts[3])
        }
    }()

    @Test func theCorpusHoldsFortyDialoguesOfTwoOrThreeTurns() {
        let sizes = Dictionary(grouping: Self.turns, by: \.dialogue).mapValues(\.count)
        #expect(sizes.count >= 40)
        #expect(sizes.values.allSatisfy { (2...3).contains($0) })
    }

    @Test func everyTurnBecomesTheWholePlanItNames() {
        let vocabulary = CorpusTests.vocabulary
        let asOf = CorpusTests.asOf
        var failures: [String] = []
        var context: Plan?
        var dialogue = 0
        for turn in Self.turns {
            if turn.dialogue != dialogue {
                dialogue = turn.dialogue
                context = nil
            }
            if turn.expected == "decline" {
                do {
                    _ = try CorpusTests.matcher.match(turn.question, asOf: asOf, context: context)
                    failures.append("\(turn): answered, expected decline")
                } catch {
                    if case .notUnderstood = error { failures.append("\(turn): not understood, expected decline") }
                }
                continue
            }
            guard let expected = try? parse(turn.expected, vocabulary: vocabulary, asOf: asOf) else {
                failures.append("\(turn): the expected query does not parse: \(turn.expected)")
                continue
            }
            let plan: Plan
            if let parsed = try? parse(turn.question, vocabulary: vocabulary, asOf: asOf) {
                plan = parsed
            } else {
                guard let understanding = try? CorpusTests.matcher.match(turn.question, asOf: asOf, context: context),
                    !understanding.needsConfirmation
                else {
                    failures.append("\(turn): not understood straight (expected \(turn.expected))")
                    context = nil
                    continue
                }
                plan = understanding.plan
            }
            if plan.meaning != expected.meaning {
                failures.append("\(turn)\n    expected: \(turn.expected)\n    got:      \(canonicalQuery(for: plan))")
            }
            context = plan
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func aFollowUpSaysWhatItKept() throws {
        let first = try CorpusTests.matcher.match("上个月各区域销售额", asOf: CorpusTests.asOf)
        let second = try CorpusTests.matcher.match("那华南呢", asOf: CorpusTests.asOf, context: first.plan)
        #expect(second.inherited.map { $0(.zh) } == ["销售额", "上个月（2026-10）"])
        #expect(second.plan.filters == [Filter(field: "region", op: .equal, values: [.text("华南")])])
        // Without a context (-c) nothing is kept.
        #expect(try CorpusTests.matcher.match("那华南呢", asOf: CorpusTests.asOf).inherited.isEmpty)
    }

    @Test func aFullQuestionStartsAfresh() throws {
        let first = try CorpusTests.matcher.match("华南上季度各团队销售额", asOf: CorpusTests.asOf)
        let second = try CorpusTests.matcher.match("本月华东毛利", asOf: CorpusTests.asOf, context: first.plan)
        #expect(second.inherited.isEmpty)
        #expect(canonicalQuery(for: second.plan) == canonicalQuery(for: try CorpusTests.matcher.match("本月华东毛利", asOf: CorpusTests.asOf).plan))
    }
}
