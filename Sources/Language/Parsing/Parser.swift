import Model

/// A hand-written recursive-descent parser for grammar/kpi.ebnf. Keywords are contextual: a word
/// is a keyword only where the grammar expects one, so `month` is both a keyword (`last month`)
/// and a dimension (`by month`). Each failure point gives one targeted diagnostic.
struct Parser {
    private var tokens: [Token]
    private var index = 0

    private init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ source: String) throws(Diagnostic) -> Statement {
        var parser = Parser(tokens: try Lexer.tokens(of: source))
        return try parser.statement()
    }

    // MARK: - Token access

    private var current: Token { tokens[index] }
    private var following: Token { tokens[min(index + 1, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if !token.isEnd { index += 1 }
        return token
    }

    private func isKeyword(_ word: String) -> Bool { current.keyword == word }
    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    private mutating func accept(keyword word: String) -> Token? {
        isKeyword(word) ? advance() : nil
    }

    private mutating func accept(symbol: String) -> Token? {
        isSymbol(symbol) ? advance() : nil
    }

    private mutating func expect(keyword word: String) throws(Diagnostic) -> Token {
        if let token = accept(keyword: word) { return token }
        throw unexpected([.keyword(word)])
    }

    private mutating func expect(symbol: String) throws(Diagnostic) -> Token {
        if let token = accept(symbol: symbol) { return token }
        throw unexpected([.symbol(symbol)])
    }

    /// The diagnostic for the current token when the grammar wanted one of `expected`, with
    /// "did you mean" for a word close to an expected keyword.
    private func unexpected(_ expected: [Expectation]) -> Diagnostic {
        let found = current.isEnd ? nil : current.text
        var suggestions: [String] = []
        if let word = current.keyword {
            let keywords = expected.compactMap { if case .keyword(let keyword) = $0 { keyword } else { nil } }
            suggestions = closeNames(to: word, among: keywords)
        }
        return Diagnostic(
            span: current.span, reason: .unexpected(expected: expected, found: found), suggestions: suggestions)
    }

    private typealias Expectation = Diagnostic.Expectation

    // MARK: - Statements

    /// The words that start a statement (also the suggestions for an unknown first word).
    static let statementKeywords = [
        "top", "bottom", "trend", "forecast", "diagnose", "funnel", "scorecard", "set", "define", "alias", "show",
    ]

    private mutating func statement() throws(Diagnostic) -> Statement {
        let start = current.span.lowerBound
        if current.isEnd { throw Diagnostic(span: current.span, reason: .emptyInput) }
        let head: Head
        let allowed: [String]
        switch current.keyword {
        case "top", "bottom":
            head = try rank()
            allowed = ["where", "in", "vs"]
        case "trend":
            _ = advance()
            head = .metrics(try nameList(.metric), trend: true)
            allowed = ["by", "where", "in"]
        case "forecast":
            _ = advance()
            head = .forecast(try nameList(.metric))
            allowed = ["next", "in", "by", "where"]
        case "diagnose":
            _ = advance()
            head = .diagnose(try name(.metric))
            allowed = ["by", "where", "in", "vs"]
        case "funnel":
            _ = advance()
            head = .funnel
            allowed = ["by", "where", "in"]
        case "scorecard":
            _ = advance()
            let clauseWords = ["where", "in", "using"]
            let dimension =
                current.isEnd || isSymbol(";") || clauseWords.contains(current.keyword ?? "")
                ? nil : try name(.dimension)
            head = .scorecard(dimension)
            allowed = clauseWords
        case "set":
            head = try setTarget()
            allowed = ["in"]
        case "define":
            head = try define()
            allowed = []
        case "alias":
            _ = advance()
            let alias = try name(.name)
            _ = try expect(symbol: "=")
            head = .alias(name: alias, target: try name(.name))
            allowed = []
        case "show":
            _ = advance()
            head = .show(try name(.name))
            allowed = ["in"]
        default:
            head = .metrics(try nameList(.metric, orKeywords: Parser.statementKeywords), trend: false)
            allowed = ["by", "where", "in", "vs", "order", "limit"]
        }
        var used: [String] = []
        let clauses = try self.clauses(allowed: allowed, statement: head.statementName, used: &used)
        _ = accept(symbol: ";")
        guard current.isEnd else {
            let open = allowed.filter { !used.contains($0 == "next" ? "in" : $0) }
            throw unexpected(open.map { .keyword($0) } + [.endOfInput])
        }
        let end = tokens[max(0, index - 1)].span.upperBound
        return Statement(head: head, clauses: clauses, span: start..<max(start, end))
    }

    private mutating func rank() throws(Diagnostic) -> Head {
        let descending = advance().keyword == "top"
        var count: Int? = nil
        if case .number = current.kind {
            count = try integer()
        }
        let dimensions = try nameList(.dimension)
        _ = try expect(keyword: "by")
        return .rank(descending: descending, count: count, dimensions: dimensions, metrics: try nameList(.metric))
    }

    private mutating func setTarget() throws(Diagnostic) -> Head {
        _ = advance()
        _ = try expect(keyword: "target")
        let metric = try name(.metric)
        // A target is a positive sales figure: -5 is said back, not read as 5 by the matcher.
        let sign = accept(symbol: "-")
        let amountToken = current
        let amount = try number()
        if sign != nil || amount <= 0 {
            let span = (sign ?? amountToken).span.lowerBound..<amountToken.span.upperBound
            throw Diagnostic(span: span, reason: .notAPositiveFigure((sign == nil ? "" : "-") + amountToken.text))
        }
        if !(amount <= Figures.largest) {
            throw Diagnostic(span: amountToken.span, reason: .numberTooLarge(amountToken.text, maximum: Int(Figures.largest)))
        }
        var scope: Scope? = nil
        if accept(keyword: "for") != nil {
            if accept(keyword: "company") != nil {
                scope = Scope(dimension: nil, value: nil)
            } else {
                let dimension = try name(.dimension)
                scope = Scope(dimension: dimension, value: try value())
            }
        }
        return .setTarget(metric: metric, value: amount, scope: scope)
    }

    private mutating func define() throws(Diagnostic) -> Head {
        _ = advance()
        _ = try expect(keyword: "metric")
        let defined = try name(.name)
        _ = try expect(symbol: "=")
        let expression = try self.expression(minimumPrecedence: 1)
        var filters: [FilterSyntax] = []
        if accept(keyword: "where") != nil { filters = try filterList() }
        return .define(name: defined, expression: expression, filters: filters)
    }

    // MARK: - Clauses

    private mutating func clauses(allowed: [String], statement: String, used seen: inout [String]) throws(Diagnostic)
        -> Clauses
    {
        var clauses = Clauses()
        let all = ["by", "where", "in", "next", "vs", "order", "limit", "using"]
        while let word = current.keyword, all.contains(word) {
            let keyword = current
            guard allowed.contains(word) else {
                throw Diagnostic(span: keyword.span, reason: .clauseNotAllowed(clause: word, statement: statement))
            }
            // `in` and `next` both give the period.
            let clause = word == "next" ? "in" : word
            if seen.contains(clause) {
                throw Diagnostic(span: keyword.span, reason: .duplicateClause(word))
            }
            seen.append(clause)
            switch word {
            case "by":
                _ = advance()
                clauses.by = try nameList(.dimension)
            case "where":
                _ = advance()
                clauses.filters = try filterList()
            case "in":
                _ = advance()
                clauses.period = try period()
            case "next":
                clauses.period = try period()
            case "vs":
                _ = advance()
                clauses.compare = try compare()
                if accept(keyword: "and") != nil { clauses.compareAlso = try compare() }
            case "order":
                _ = advance()
                _ = try expect(keyword: "by")
                let field = try name(.metric)
                var descending = false
                if accept(keyword: "desc") != nil { descending = true } else { _ = accept(keyword: "asc") }
                clauses.orderBy = (field, descending)
            case "limit":
                _ = advance()
                let span = current.span
                clauses.limit = (try integer(), span)
            default:  // "using"
                _ = advance()
                clauses.using = try name(.name)
            }
        }
        return clauses
    }

    private mutating func compare() throws(Diagnostic) -> CompareSyntax {
        let start = current.span
        if accept(keyword: "previous") != nil { return .previous(span: start) }
        if isKeyword("last") && following.keyword == "year" {
            _ = advance()
            let year = advance()
            return .lastYear(span: start.lowerBound..<year.span.upperBound)
        }
        if isKeyword("same") {
            let period = try period()
            return .lastYear(span: period.span)
        }
        return .period(try period())
    }

    // MARK: - Filters

    private mutating func filterList() throws(Diagnostic) -> [FilterSyntax] {
        var filters = [try filter()]
        while accept(keyword: "and") != nil { filters.append(try filter()) }
        return filters
    }

    private mutating func filter() throws(Diagnostic) -> FilterSyntax {
        let field = try name(.metric, orDimension: true)
        let opStart = current.span
        if accept(keyword: "not") != nil {
            let inToken = try expect(keyword: "in")
            return FilterSyntax(
                field: field, op: .notIn, opSpan: opStart.lowerBound..<inToken.span.upperBound, values: try valueList())
        }
        if accept(keyword: "in") != nil {
            return FilterSyntax(field: field, op: .in, opSpan: opStart, values: try valueList())
        }
        if current.kind == .symbol, let op = FilterOperator(rawValue: current.text), op != .in, op != .notIn {
            _ = advance()
            return FilterSyntax(field: field, op: op, opSpan: opStart, values: [try value()])
        }
        throw unexpected([.symbol("="), .symbol("!="), .symbol("<"), .symbol(">"), .keyword("in"), .keyword("not")])
    }

    private mutating func valueList() throws(Diagnostic) -> [ValueSyntax] {
        guard accept(symbol: "(") != nil else { return [try value()] }
        var values = [try value()]
        while accept(symbol: ",") != nil { values.append(try value()) }
        _ = try expect(symbol: ")")
        return values
    }

    private mutating func value() throws(Diagnostic) -> ValueSyntax {
        let token = current
        switch token.kind {
        case .word, .string, .periodLiteral:
            _ = advance()
            return ValueSyntax(kind: .text(token.text), span: token.span, raw: token.text)
        case .number(let number):
            _ = advance()
            return ValueSyntax(kind: .number(number), span: token.span, raw: token.text)
        case .symbol where token.text == "-":
            if case .number(let number) = following.kind {
                _ = advance()
                let digits = advance()
                return ValueSyntax(
                    kind: .number(-number), span: token.span.lowerBound..<digits.span.upperBound, raw: "-" + digits.text
                )
            }
            throw unexpected([.value])
        default:
            throw unexpected([.value])
        }
    }

    // MARK: - Periods

    private static let units: [String: CalendarUnit] = [
        "day": .day, "days": .day, "week": .week, "weeks": .week, "month": .month, "months": .month,
        "quarter": .quarter, "quarters": .quarter, "year": .year, "years": .year,
    ]

    private static let monthNames: [String: Int] = {
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()

    private static let periodStarts = ["this", "last", "next", "ytd", "same", "first", "second"]

    private mutating func period() throws(Diagnostic) -> PeriodSyntax {
        let start = current.span.lowerBound
        func finish(_ spec: PeriodSpec) -> PeriodSyntax {
            PeriodSyntax(spec: spec, span: start..<tokens[index - 1].span.upperBound)
        }
        let token = current
        switch token.kind {
        case .periodLiteral:
            _ = advance()
            let spec = try literalPeriod(token)
            if accept(symbol: "..") != nil {
                let endToken = current
                guard endToken.kind == .periodLiteral else { throw unexpected([.period]) }
                _ = advance()
                guard case .day(let first) = spec, case .day(let last) = try literalPeriod(endToken) else {
                    throw Diagnostic(
                        span: start..<endToken.span.upperBound,
                        reason: .invalidPeriod(token.text + ".." + endToken.text))
                }
                guard first <= last else {
                    throw Diagnostic(
                        span: start..<endToken.span.upperBound,
                        reason: .rangeBackwards(token.text + ".." + endToken.text))
                }
                return finish(.range(first, last))
            }
            return finish(spec)
        case .number(let value) where token.text.count == 4 && value == value.rounded():
            _ = advance()
            return finish(.year(Int(value)))
        case .chineseMonth(let month):
            _ = advance()
            guard (1...12).contains(month) else {
                throw Diagnostic(span: token.span, reason: .invalidPeriod(token.text))
            }
            return finish(.monthName(month))
        case .word:
            let word = token.text.lowercased()
            if let month = Parser.monthNames[word] {
                _ = advance()
                return finish(.monthName(month))
            }
            switch word {
            case "ytd":
                _ = advance()
                return finish(.yearToDate)
            case "this":
                _ = advance()
                return finish(.this(try unit(plural: false)))
            case "last", "next":
                _ = advance()
                if case .number = current.kind {
                    let countToken = current
                    let count = try integer(maximum: Int.max / 2)
                    let unit = try self.unit(plural: true)
                    let maximum = word == "next" ? unit.longestAhead : unit.longestCount
                    guard count <= maximum else {
                        throw Diagnostic(span: countToken.span, reason: .numberTooLarge(countToken.text, maximum: maximum))
                    }
                    return finish(word == "last" ? .lastN(count, unit) : .next(count, unit))
                }
                let unit = try self.unit(plural: false)
                return finish(word == "last" ? .last(unit) : .next(1, unit))
            case "same":
                _ = advance()
                _ = try expect(keyword: "period")
                _ = try expect(keyword: "last")
                _ = try expect(keyword: "year")
                return finish(.samePeriodLastYear)
            case "first", "second":
                _ = advance()
                _ = try expect(keyword: "half")
                var year: Int? = nil
                if case .number(let value) = current.kind, current.text.count == 4 {
                    _ = advance()
                    year = Int(value)
                }
                return finish(.half(year: year, half: word == "first" ? 1 : 2))
            default:
                break
            }
        default:
            break
        }
        var diagnostic = unexpected([.period])
        if let word = current.keyword {
            diagnostic.suggestions = closeNames(to: word, among: Parser.periodStarts + Array(Parser.monthNames.keys))
        }
        throw diagnostic
    }

    private mutating func unit(plural: Bool) throws(Diagnostic) -> CalendarUnit {
        if let word = current.keyword, let unit = Parser.units[word] {
            _ = advance()
            return unit
        }
        let names = plural ? ["days", "weeks", "months", "quarters", "years"] : ["week", "month", "quarter", "year"]
        throw unexpected(names.map { .keyword($0) })
    }

    /// 2026-10, 2026-Q3, 2026-W05, 2026-H1, 2026-10-05.
    private func literalPeriod(_ token: Token) throws(Diagnostic) -> PeriodSpec {
        let parts = token.text.split(separator: "-").map(String.init)
        let invalid = Diagnostic(span: token.span, reason: .invalidPeriod(token.text))
        guard parts.count >= 2, let year = Int(parts[0]) else { throw invalid }
        let second = parts[1]
        if parts.count == 3 {
            guard second.count == 2, parts[2].count == 2, let day = Day(iso: token.text) else { throw invalid }
            return .day(day)
        }
        switch second.first?.uppercased() {
        case "Q":
            guard let quarter = Int(second.dropFirst()), (1...4).contains(quarter) else { throw invalid }
            return .quarter(year: year, quarter: quarter)
        case "W":
            guard let week = Int(second.dropFirst()), Day.isoWeekStart(year: year, week: week) != nil else {
                throw invalid
            }
            return .week(year: year, week: week)
        case "H":
            guard let half = Int(second.dropFirst()), half == 1 || half == 2 else { throw invalid }
            return .half(year: year, half: half)
        default:
            guard second.count == 2, let month = Int(second), (1...12).contains(month) else { throw invalid }
            return .month(year: year, month: month)
        }
    }

    // MARK: - Names and numbers

    private mutating func name(_ expectation: Expectation, orDimension: Bool = false) throws(Diagnostic) -> Name {
        let token = current
        switch token.kind {
        case .word:
            _ = advance()
            return Name(text: token.text, span: token.span)
        case .string:
            _ = advance()
            return Name(text: token.text, span: token.span, quoted: true)
        default:
            throw unexpected(orDimension ? [.metric, .dimension] : [expectation])
        }
    }

    private mutating func nameList(_ expectation: Expectation, orKeywords keywords: [String] = []) throws(Diagnostic)
        -> [Name]
    {
        guard current.kind == .word || current.kind == .string else {
            throw unexpected([expectation] + keywords.map { .keyword($0) })
        }
        var names = [try name(expectation)]
        while accept(symbol: ",") != nil { names.append(try name(expectation)) }
        return names
    }

    /// A count: a whole number from 1 up to `maximum` (a larger one is said to be too large, and
    /// 0 to count nothing, not read as something else).
    private mutating func integer(maximum: Int = Parser.largestCount) throws(Diagnostic) -> Int {
        let token = current
        guard case .number(let value) = token.kind, value == value.rounded(), value >= 0,
            token.text.allSatisfy(\.isNumber)
        else { throw unexpected([.number]) }
        guard value <= Double(maximum) else {
            throw Diagnostic(span: token.span, reason: .numberTooLarge(token.text, maximum: maximum))
        }
        guard value >= 1 else { throw Diagnostic(span: token.span, reason: .countOfNothing(token.text)) }
        _ = advance()
        return Int(value)
    }

    /// The most rows `top N` and `limit N` ask for.
    static let largestCount = 1_000_000

    private mutating func number() throws(Diagnostic) -> Double {
        guard case .number(let value) = current.kind else { throw unexpected([.number]) }
        _ = advance()
        return value
    }

    // MARK: - Expressions (define metric): precedence climbing

    private mutating func expression(minimumPrecedence: Int) throws(Diagnostic) -> ExpressionSyntax {
        var left = try primary()
        while current.kind == .symbol, let op = ArithmeticOperator(rawValue: current.text),
            op.precedence >= minimumPrecedence
        {
            _ = advance()
            let right = try expression(minimumPrecedence: op.precedence + 1)
            left = .binary(op, left, right)
        }
        return left
    }

    private mutating func primary() throws(Diagnostic) -> ExpressionSyntax {
        let token = current
        switch token.kind {
        case .word, .string:
            return .metric(try name(.metric))
        case .number(let value):
            _ = advance()
            return .number(value, span: token.span)
        case .symbol where token.text == "(":
            _ = advance()
            let inner = try expression(minimumPrecedence: 1)
            _ = try expect(symbol: ")")
            return inner
        default:
            throw unexpected([.metric, .number, .symbol("(")])
        }
    }
}
