import Ask
import Engine
import Foundation
import Language
import Model
import Store

/// The question corpus against the demo company: per-intent precision and recall (the intent
/// of the expected canonical query against the intent the matcher chose), the confusions, and
/// how many questions a second the matcher takes.
func runAskBench(_ arguments: [String]) {
    let root = arguments.first ?? FileManager.default.currentDirectoryPath
    // corpus/questions (the regression corpus) or corpus/heldout (written without the matcher).
    let set = arguments.count > 1 ? arguments[1] : "questions"
    let asOf = Day(iso: "2026-11-22")!
    let path = NSTemporaryDirectory() + "kpish-ask-bench-\(getpid()).db"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let workspace = try! Workspace.open(at: path)
    try! workspace.generateDemo(DemoOptions(seed: 1, asOf: asOf))
    let vocabulary = try! MetricEngine(workspace: workspace).vocabulary()
    let matcher = QuestionMatcher(
        lexicon: try! AskLexicon.load(from: root + "/grammar/ask"), vocabulary: vocabulary)

    var rows: [(question: String, expected: String)] = []
    for name in ["zh", "en"] {
        let text = try! String(contentsOfFile: root + "/corpus/\(set)/\(name).tsv", encoding: .utf8)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t").map(String.init)
            rows.append((parts[0], parts[1]))
        }
    }
    // Out-of-domain questions: the right answer is to decline.
    let declined =
        set == "questions"
        ? [
            "今天天气怎么样", "帮我订一张去上海的机票", "推荐一部电影", "给我讲个笑话", "what's the weather in Beijing",
            "book a flight to Shanghai",
        ] : []
    rows += declined.map { ($0, "decline") }

    var misses: [String] = []
    var askedBack: [String] = []
    var confusion: [String: [String: Int]] = [:]
    var exact = 0
    // A right plan: the expected query and the printed plan parse to the same meaning, however
    // each is spelled (`top 1 region` and `top region`, `< 80%` and `< 0.8`, clause order).
    var same = 0
    func meaning(_ query: String) -> Plan? { sameAnswer(query, vocabulary: vocabulary, asOf: asOf) }
    for row in rows {
        let expectedIntent =
            row.expected == "decline"
            ? "decline" : (try? parse(row.expected, vocabulary: vocabulary, asOf: asOf))?.intent.rawValue ?? "?"
        let actual: String
        var printed = ""
        if let plan = try? parse(row.question, vocabulary: vocabulary, asOf: asOf) {
            actual = plan.intent.rawValue
            printed = plan.canonical ?? ""
        } else {
            do {
                let understanding = try matcher.match(row.question, asOf: asOf)
                let plan = understanding.plan
                // Asked back (words left over, or readings that tie): no answer, so not a right plan.
                actual = understanding.needsConfirmation ? "asked back" : plan.intent.rawValue
                printed = understanding.needsConfirmation ? "asked back: " + canonicalQuery(for: plan) : canonicalQuery(for: plan)
                if understanding.needsConfirmation {
                    askedBack.append("  \(row.question)  →  \(canonicalQuery(for: plan))  [\(understanding.ignored.joined(separator: " "))]")
                }
            } catch .outOfDomain {
                actual = "decline"
                printed = "decline"
            } catch {
                // Not understood also ends with exit 1 and no plan; for an out-of-domain question
                // that is a refusal all the same.
                actual = row.expected == "decline" ? "decline" : "not understood"
                printed = actual
            }
        }
        let right = printed == row.expected || (meaning(printed) != nil && meaning(printed) == meaning(row.expected))
        if printed == row.expected { exact += 1 }
        if right {
            same += 1
        } else {
            misses.append("  \(row.question)  →  \(printed)   (expected \(row.expected))")
        }
        confusion[expectedIntent, default: [:]][actual, default: 0] += 1
    }
    let intents = Set(confusion.keys).union(confusion.values.flatMap(\.keys)).sorted()
    print(
        "corpus/\(set): \(rows.count) questions, \(rows.filter { $0.expected == "decline" }.count) of them to decline; exact canonical query (or declined): \(exact) (\(String(format: "%.1f", Double(exact) * 100 / Double(rows.count)))%); right plan (the same meaning however spelled, or declined): \(same) (\(String(format: "%.1f", Double(same) * 100 / Double(rows.count)))%)"
    )
    print("intent".padding(toLength: 16, withPad: " ", startingAt: 0) + "  count  precision  recall")
    for intent in intents {
        let truePositives = confusion[intent]?[intent] ?? 0
        let expected = confusion[intent]?.values.reduce(0, +) ?? 0
        let predicted = confusion.values.reduce(0) { $0 + ($1[intent] ?? 0) }
        let precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
        let recall = expected == 0 ? 0 : Double(truePositives) / Double(expected)
        print(
            intent.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: "  %5d  %9.3f  %6.3f", expected, precision, recall))
    }
    let confusions = confusion.flatMap { expected, row in
        row.filter { $0.key != expected }.map { "  \(expected) → \($0.key): \($0.value)" }
    }
    print(confusions.isEmpty ? "confusions: none" : "confusions:\n" + confusions.sorted().joined(separator: "\n"))

    print("asked back (words left over or readings tie): \(askedBack.count)")
    if set != "questions" && !misses.isEmpty { print("misses:\n" + misses.joined(separator: "\n")) }
    if !askedBack.isEmpty { print(askedBack.joined(separator: "\n")) }
    scoreDialogues(root + "/corpus/\(set)/dialogues.tsv", matcher: matcher, vocabulary: vocabulary, asOf: asOf)
    let questions = rows.map(\.question)
    let rounds = 20
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<rounds {
        for question in questions { _ = try? matcher.match(question, asOf: asOf) }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let count = Double(rounds * questions.count)
    print(
        String(
            format: "matching: %.0f questions/s, %.1f µs per question (bar: under 1 ms)", count / seconds,
            seconds / count * 1e6))
}

/// Follow-up dialogues: each turn is understood with the plan of the turn before as its context
/// (the plan kpish itself reached, as in the REPL), and is right when its plan means the same as
/// the expected query of the whole plan after that turn.
func scoreDialogues(_ path: String, matcher: QuestionMatcher, vocabulary: Vocabulary, asOf: Day) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
    var turns: [(dialogue: String, question: String, expected: String)] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: "\t").map(String.init)
        guard parts.count >= 4 else { continue }
        turns.append((parts[0], parts[2], parts[3]))
    }
    func meaning(_ query: String) -> Plan? { sameAnswer(query, vocabulary: vocabulary, asOf: asOf) }
    var context: Plan?
    var dialogue = ""
    var right = 0
    var dialoguesRight: [String: Bool] = [:]
    var misses: [String] = []
    for turn in turns {
        if turn.dialogue != dialogue {
            dialogue = turn.dialogue
            context = nil
        }
        var printed: String
        var plan: Plan?
        if let parsed = try? parse(turn.question, vocabulary: vocabulary, asOf: asOf) {
            plan = parsed
            printed = parsed.canonical ?? ""
        } else {
            do {
                let understanding = try matcher.match(turn.question, asOf: asOf, context: context)
                printed = canonicalQuery(for: understanding.plan)
                if understanding.needsConfirmation {
                    printed = "asked back: " + printed
                } else {
                    plan = understanding.plan
                }
            } catch .outOfDomain {
                printed = "decline"
            } catch {
                printed = "not understood"
            }
        }
        let ok = printed == turn.expected || (meaning(printed) != nil && meaning(printed) == meaning(turn.expected))
        if ok { right += 1 } else { misses.append("  \(turn.dialogue): \(turn.question)  →  \(printed)   (expected \(turn.expected))") }
        dialoguesRight[turn.dialogue] = (dialoguesRight[turn.dialogue] ?? true) && ok
        if let plan, plan.intent != .show, plan.intent != .target { context = plan }
    }
    let whole = dialoguesRight.values.filter { $0 }.count
    print(
        "dialogues: \(dialoguesRight.count) dialogues, \(turns.count) turns; turns with the right plan: \(right) (\(String(format: "%.1f", Double(right) * 100 / Double(max(1, turns.count))))%); dialogues right in every turn: \(whole) (\(String(format: "%.1f", Double(whole) * 100 / Double(max(1, dialoguesRight.count))))%)"
    )
    if !misses.isEmpty { print("dialogue misses:\n" + misses.joined(separator: "\n")) }
}

/// What a query asks for, however it is spelled (`Plan.answerKey`: periods by their days,
/// filters as a set).
///
/// A name the demo company does not hold (a rep the writer made up) stays as written: the plan
/// is the question's, and kpish's answer says no rep has that name.
func sameAnswer(_ query: String, vocabulary: Vocabulary, asOf: Day) -> Plan? {
    var open = vocabulary
    open.removeValues()
    return ((try? parse(query, vocabulary: vocabulary, asOf: asOf)) ?? (try? parse(query, vocabulary: open, asOf: asOf)))?
        .answerKey
}
