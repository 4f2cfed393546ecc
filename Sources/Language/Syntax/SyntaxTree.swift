import Model

/// A parsed statement: what was written, with spans, before any name is resolved.
struct Statement: Equatable, Sendable {
    var head: Head
    var clauses: Clauses
    var span: Range<Int>
}

/// A word or quoted string as written.
struct Name: Equatable, Sendable {
    var text: String
    var span: Range<Int>
    /// Written in quotes: never a keyword.
    var quoted: Bool = false
}

enum Head: Equatable, Sendable {
    /// `revenue, orders …` or `trend revenue …`
    case metrics([Name], trend: Bool)
    /// `top 3 region by revenue …`
    case rank(descending: Bool, count: Int?, dimensions: [Name], metrics: [Name])
    /// `forecast revenue next 3 months …`
    case forecast([Name])
    case diagnose(Name)
    case funnel
    case scorecard(Name?)
    /// `set target revenue 1200000 for team 华东一组 in 2026-12`
    case setTarget(metric: Name, value: Double, scope: Scope?)
    case define(name: Name, expression: ExpressionSyntax, filters: [FilterSyntax])
    case alias(name: Name, target: Name)
    case show(Name)

    var statementName: String {
        switch self {
        case .metrics(_, let trend): return trend ? "trend" : "query"
        case .rank(let descending, _, _, _): return descending ? "top" : "bottom"
        case .forecast: return "forecast"
        case .diagnose: return "diagnose"
        case .funnel: return "funnel"
        case .scorecard: return "scorecard"
        case .setTarget: return "set target"
        case .define: return "define metric"
        case .alias: return "alias"
        case .show: return "show"
        }
    }
}

struct Scope: Equatable, Sendable {
    /// nil: `for company`.
    var dimension: Name?
    var value: ValueSyntax?
}

indirect enum ExpressionSyntax: Equatable, Sendable {
    case metric(Name)
    case number(Double, span: Range<Int>)
    case binary(ArithmeticOperator, ExpressionSyntax, ExpressionSyntax)
}

struct FilterSyntax: Equatable, Sendable {
    var field: Name
    var op: FilterOperator
    var opSpan: Range<Int>
    var values: [ValueSyntax]
}

struct ValueSyntax: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case text(String)
        case number(Double)
    }

    var kind: Kind
    var span: Range<Int>
    /// The source text (a number used as a dimension value keeps its digits).
    var raw: String
}

struct PeriodSyntax: Equatable, Sendable {
    var spec: PeriodSpec
    var span: Range<Int>
}

enum CompareSyntax: Equatable, Sendable {
    case previous(span: Range<Int>)
    case lastYear(span: Range<Int>)
    case period(PeriodSyntax)
}

/// The clauses after a statement's head; each appears at most once, in any order.
struct Clauses: Equatable, Sendable {
    var by: [Name] = []
    var filters: [FilterSyntax] = []
    var period: PeriodSyntax?
    var compare: CompareSyntax?
    /// `vs previous and last year`: the second comparison.
    var compareAlso: CompareSyntax?
    var orderBy: (name: Name, descending: Bool)?
    var limit: (value: Int, span: Range<Int>)?
    var using: Name?

    static func == (lhs: Clauses, rhs: Clauses) -> Bool {
        lhs.by == rhs.by && lhs.filters == rhs.filters && lhs.period == rhs.period && lhs.compare == rhs.compare
            && lhs.orderBy?.name == rhs.orderBy?.name && lhs.orderBy?.descending == rhs.orderBy?.descending
            && lhs.limit?.value == rhs.limit?.value && lhs.using == rhs.using
    }
}
