import Ask
import Language
import Model

/// A line recognised: the plan, and for a question how it was understood.
public struct Recognized: Sendable {
    public var plan: Plan
    public var understanding: Understanding?
}

/// Why a line gives no plan: the parser's diagnostic, or the question matcher's verdict.
public enum RecognitionFailure: Error, Sendable {
    case query(Diagnostic, source: String)
    case question(MatchFailure)
    /// A question names someone or something the data does not hold (张伟 when no rep has that
    /// name): never answered as zero.
    case unknownName(dimension: Vocabulary.Entry, value: String, suggestions: [String])

    public func message(_ lang: Lang) -> String {
        switch self {
        case .query(let diagnostic, let source): return diagnostic.rendered(source: source, lang: lang)
        case .question(let failure): return failure.message(lang)
        case .unknownName(let dimension, let value, let suggestions):
            let close = suggestions.map { "“\($0)”" }
            return Localized(
                zh: "数据中没有叫 “\(value)” 的\(dimension.zh)。"
                    + (close.isEmpty ? "可以用 show \(dimension.id)s 查看全部。" : "您是不是要找 \(close.joined(separator: "、"))？"),
                en: "No \(dimension.en) named “\(value)” in the data."
                    + (close.isEmpty ? " `show \(dimension.id)s` lists them all." : " Did you mean \(close.joined(separator: ", "))?")
            )(lang)
        }
    }
}

/// DESIGN.md's recognising: a line that parses as the query language is a query; otherwise it
/// goes to the question matcher. When neither accepts it, the parser's diagnostic is shown if the
/// line reads like the query language (it starts with a keyword or a metric), else the matcher's.
/// A line that reads like the query language gets the parser's diagnostic too when the matcher
/// could only read it loosely (a typo, ignored words, a tie): the diagnostic says exactly where.
///
/// The matcher is made only when the parser gives up: its tables cost more than a parse.
///
/// `context` is the plan of the question before (the REPL, a script): a follow-up question
/// (那华南呢) changes only what it names.
public func recognize(
    _ text: String, vocabulary: Vocabulary, matcher makeMatcher: () throws -> QuestionMatcher, asOf: Day,
    context: Plan? = nil
) rethrows -> Result<Recognized, RecognitionFailure> {
    // Refused before lexing: a megabyte pasted by mistake is no statement.
    let length = text.utf8.count
    guard length <= Diagnostic.longestLine else {
        let reason = Diagnostic.Reason.lineTooLong(bytes: length, maximum: Diagnostic.longestLine)
        return .failure(.query(Diagnostic(span: 0..<0, reason: reason), source: ""))
    }
    let diagnostic: Diagnostic
    do {
        return .success(Recognized(plan: try parse(text, vocabulary: vocabulary, asOf: asOf)))
    } catch {
        diagnostic = error
    }
    // A query whose period names no span (or none with data yet), or whose count is too large,
    // is answered with why: read as a question instead, it would be answered for another period
    // or count.
    if diagnostic.isAboutAValue { return .failure(.query(diagnostic, source: text)) }
    let matcher = try makeMatcher()
    do {
        var understanding = try matcher.match(text, asOf: asOf, context: context)
        if understanding.isLoose && looksLikeQuery(text, vocabulary: vocabulary) {
            return .failure(.query(diagnostic, source: text))
        }
        if let unknown = unknownName(in: understanding.plan, vocabulary: vocabulary) { return .failure(unknown) }
        understanding.plan.canonical = canonicalQuery(for: understanding.plan)
        for index in understanding.alternatives.indices {
            understanding.alternatives[index].canonical = canonicalQuery(for: understanding.alternatives[index])
        }
        return .success(Recognized(plan: understanding.plan, understanding: understanding))
    } catch {
        if looksLikeQuery(text, vocabulary: vocabulary) { return .failure(.query(diagnostic, source: text)) }
        return .failure(.question(error))
    }
}

/// "理解为：…" — how a question was understood, with its notes and the other readings.
public func understoodLine(_ recognized: Recognized, lang: Lang) -> String? {
    guard let understanding = recognized.understanding else { return nil }
    var lines = [Localized(zh: "理解为：", en: "Understood as: ")(lang) + (recognized.plan.canonical ?? "")]
    if !understanding.inherited.isEmpty {
        let parts = understanding.inherited.map { $0(lang) }
        lines.append(
            "  " + Localized(zh: "沿用上一问：", en: "kept from the question before: ")(lang)
                + parts.joined(separator: lang == .zh ? "、" : ", "))
    }
    for note in understanding.notes { lines.append("  " + note(lang)) }
    for (index, alternative) in understanding.alternatives.enumerated() {
        lines.append(
            "  " + Localized(zh: "另一种理解 \(index + 2)：", en: "other reading \(index + 2): ")(lang)
                + (alternative.canonical ?? ""))
    }
    return lines.joined(separator: "\n")
}

/// Why a question is asked back rather than answered: the words not understood and the readings
/// it could be, for `-c` and scripts (the REPL asks with numbered choices instead).
public func confirmationMessage(_ statement: String, _ recognized: Recognized, lang: Lang) -> String {
    let understanding = recognized.understanding
    let readings = [recognized.plan] + (understanding?.alternatives ?? [])
    var lines: [String] = []
    if let ignored = understanding?.ignored, !ignored.isEmpty {
        let words = ignored.map { "“\($0)”" }.joined(separator: lang == .zh ? "、" : ", ")
        lines.append(
            Localized(
                zh: "没有完全理解 “\(statement)”：\(words) 没有理解，不按猜测作答。",
                en: "Did not fully understand “\(statement)”: \(words) not understood, so no answer is guessed.")(lang))
    } else {
        lines.append(
            Localized(
                zh: "“\(statement)” 有几种理解，不按猜测作答：", en: "“\(statement)” can be read more than one way; no answer is guessed:")(lang))
    }
    lines.append(Localized(zh: "可能的理解：", en: "It could be:")(lang))
    for (index, plan) in readings.enumerated() { lines.append("  \(index + 1)) \(plan.canonical ?? "")") }
    lines.append(
        Localized(
            zh: "请换个说法，或直接输入其中一条查询。", en: "Rephrase the question, or type one of these queries.")(lang))
    return lines.joined(separator: "\n")
}

/// The first filter value of a question's plan that the workspace does not hold, as the failure
/// that says so, with the names close to it.
private func unknownName(in plan: Plan, vocabulary: Vocabulary) -> RecognitionFailure? {
    for filter in plan.filters {
        guard let known = vocabulary.values(of: filter.field), !known.isEmpty, let entry = vocabulary.dimensionEntry(filter.field)
        else { continue }
        for case .text(let value) in filter.values where !known.contains(value) {
            return .unknownName(dimension: entry, value: value, suggestions: closeNames(to: value, among: known))
        }
    }
    return nil
}
