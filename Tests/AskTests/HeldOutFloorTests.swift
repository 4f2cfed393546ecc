import Ask
import Foundation
import Language
import Model
import TestSupport
import Testing

/// The blind held-out sets of corpus/heldout/*/: once tuned on, each keeps at least the right
/// plans (and dialogue turns) it reached, recorded in corpus/heldout/floors.tsv. Scored as
/// `kpish-bench ask` scores them: a question asked back is not right; periods count by their days.
@Suite struct HeldOutFloorTests {
    struct Floor: Sendable, CustomStringConvertible {
        let name: String
        let questions: Int
        let turns: Int
        var description: String { name }
    }

    static let floors: [Floor] = {
        let text = try! String(contentsOfFile: CorpusTests.root + "/corpus/heldout/floors.tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t").map(String.init)
            return Floor(name: parts[0], questions: Int(parts[1])!, turns: Int(parts[2])!)
        }
    }()

    /// A name the demo company does not hold stays as the writer spelled it (see kpish-bench).
    static func sameAnswer(_ query: String) -> Plan? {
        var open = CorpusTests.vocabulary
        open.removeValues()
        return ((try? parse(query, vocabulary: CorpusTests.vocabulary, asOf: CorpusTests.asOf))
            ?? (try? parse(query, vocabulary: open, asOf: CorpusTests.asOf)))?.answerKey
    }

    /// The plan kpish answers a line with (nil when it declines, does not understand or asks back).
    static func answer(_ line: String, context: Plan?) -> (plan: Plan?, declined: Bool) {
        if let plan = try? parse(line, vocabulary: CorpusTests.vocabulary, asOf: CorpusTests.asOf) { return (plan, false) }
        do {
            let understanding = try CorpusTests.matcher.match(line, asOf: CorpusTests.asOf, context: context)
            return (understanding.needsConfirmation ? nil : understanding.plan, false)
        } catch {
            return (nil, true)
        }
    }

    static func right(_ answer: (plan: Plan?, declined: Bool), expected: String) -> Bool {
        if expected == "decline" { return answer.declined }
        guard let plan = answer.plan, let wanted = sameAnswer(expected) else { return false }
        return sameAnswer(canonicalQuery(for: plan)) == wanted
    }

    @Test(arguments: floors)
    func aTunedSetKeepsWhatItReached(_ floor: Floor) throws {
        let folder = CorpusTests.root + "/corpus/heldout/" + floor.name
        var right = 0
        for name in ["zh", "en"] {
            let text = try String(contentsOfFile: "\(folder)/\(name).tsv", encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: "\t").map(String.init)
                if Self.right(Self.answer(parts[0], context: nil), expected: parts[1]) { right += 1 }
            }
        }
        #expect(right >= floor.questions, "\(floor.name): \(right) right plans, the floor is \(floor.questions)")
        guard let dialogues = try? String(contentsOfFile: "\(folder)/dialogues.tsv", encoding: .utf8) else { return }
        var turns = 0
        var context: Plan?
        var dialogue = ""
        for line in dialogues.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t").map(String.init)
            if parts[0] != dialogue {
                dialogue = parts[0]
                context = nil
            }
            let answer = Self.answer(parts[2], context: context)
            if Self.right(answer, expected: parts[3]) { turns += 1 }
            if let plan = answer.plan, plan.intent != .show, plan.intent != .target { context = plan }
        }
        #expect(turns >= floor.turns, "\(floor.name): \(turns) dialogue turns right, the floor is \(floor.turns)")
    }
}
