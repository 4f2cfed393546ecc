import Model

/// Parses one statement of the KPI query language into a plan, resolving names against the
/// vocabulary and periods against the as-of date. The plan carries its canonical query.
///
///     let plan = try parse("top 3 region by revenue in last 3 months", vocabulary: vocabulary, asOf: asOf)
///     plan.canonical   // "top 3 region by revenue in last 3 months"
public func parse(_ text: String, vocabulary: Vocabulary, asOf: Day) throws(Diagnostic) -> Plan {
    let statement: Statement
    do {
        statement = try Parser.parse(text)
    } catch {
        throw unknownFirstWord(in: text, vocabulary: vocabulary) ?? error
    }
    var plan = try Planner(vocabulary: vocabulary, asOf: asOf).plan(statement)
    plan.canonical = canonicalQuery(for: plan)
    return plan
}

/// Whether the text reads like the query language: it starts with a statement keyword or a
/// metric name. The shell uses this to choose between the parser's diagnostic and the question
/// matcher's "not understood" when neither accepts a line.
public func looksLikeQuery(_ text: String, vocabulary: Vocabulary) -> Bool {
    guard let first = try? Lexer.tokens(of: text).first, first.kind == .word || first.kind == .string else {
        return false
    }
    return Parser.statementKeywordList.contains(first.text.lowercased()) || vocabulary.metric(named: first.text) != nil
}

/// When a statement fails to parse and its first word is neither a statement keyword nor a
/// metric (`tpo 3 region by revenue`), that word is the cause: report it, with suggestions,
/// rather than the later token where parsing stopped.
private func unknownFirstWord(in text: String, vocabulary: Vocabulary) -> Diagnostic? {
    guard let first = try? Lexer.tokens(of: text).first, first.kind == .word,
        !Parser.statementKeywordList.contains(first.text.lowercased()), vocabulary.metric(named: first.text) == nil
    else { return nil }
    return Diagnostic(
        span: first.span, reason: .unknownMetric(first.text),
        suggestions: closeNames(to: first.text, among: vocabulary.metricNames + Parser.statementKeywordList))
}
