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
    if Parser.statementKeywords.contains(first.text.lowercased()) || vocabulary.metric(named: first.text) != nil {
        return true
    }
    // A question word is never the language mistyped (how is not show).
    if questionWords.contains(first.text.lowercased()) { return false }
    // A Latin word one typo away from a metric or keyword (revenu) is the language mistyped.
    let latin = first.text.unicodeScalars.allSatisfy(\.isASCII)
    return latin && !closeNames(to: first.text, among: vocabulary.metricNames + Parser.statementKeywords).isEmpty
}

/// English words a question begins with.
private let questionWords: Set<String> = [
    "how", "what", "whats", "which", "who", "whos", "why", "when", "where", "is", "are", "was", "were", "did", "do",
    "does", "can", "could", "will", "would", "should", "has", "have", "give", "tell", "list", "any",
]

/// When a statement fails to parse and its first word is neither a statement keyword nor a
/// metric (`tpo 3 region by revenue`), that word is the cause: report it, with suggestions,
/// rather than the later token where parsing stopped.
private func unknownFirstWord(in text: String, vocabulary: Vocabulary) -> Diagnostic? {
    guard let first = try? Lexer.tokens(of: text).first, first.kind == .word,
        !Parser.statementKeywords.contains(first.text.lowercased()), vocabulary.metric(named: first.text) == nil
    else { return nil }
    return Diagnostic(
        span: first.span, reason: .unknownMetric(first.text),
        suggestions: closeNames(to: first.text, among: vocabulary.metricNames + Parser.statementKeywords))
}

/// Whether a statement typed so far is complete, or goes on over the next line: a quote or a
/// parenthesis still open, or a last word that needs what follows it (`where`, `and`, `by`, `,`).
/// The REPL and scripts keep reading lines until this says yes.
///
///     isComplete("revenue by region where")   // false
public func isComplete(_ text: String) -> Bool {
    guard let tokens = try? Lexer.tokens(of: text) else { return false }  // an open string
    var depth = 0
    for token in tokens where token.kind == .symbol {
        if token.text == "(" { depth += 1 }
        if token.text == ")" { depth -= 1 }
    }
    if depth > 0 { return false }
    guard let last = tokens.dropLast().last else { return true }
    // The parser ran out of input where the grammar wanted more: `top 3 region` needs `by …`.
    do {
        _ = try Parser.parse(text)
    } catch {
        if case .unexpected(_, nil) = error.reason { return false }
    }
    if last.kind == .symbol {
        return ![",", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "(", ".."].contains(last.text)
    }
    let continuing: Set<String> = [
        "where", "and", "by", "in", "vs", "order", "limit", "using", "for", "not", "next", "last", "this", "set",
        "define", "alias", "top", "bottom", "forecast", "diagnose", "trend",
    ]
    return !(last.kind == .word && continuing.contains(last.text.lowercased()))
}

/// Words of the language for completion: statement keywords and clause keywords.
public let languageKeywords: [String] =
    Parser.statementKeywords + [
        "by", "where", "and", "in", "not", "vs", "order", "asc", "desc", "limit", "using", "next", "last", "this",
        "ytd",
        "previous", "metrics", "dimensions", "regions", "teams", "reps", "products", "targets",
    ]
