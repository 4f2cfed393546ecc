/// What an input asks for, whichever way it was typed: the one value every recogniser produces
/// and the engine executes. Its JSON (`kpish explain --json`) is DESIGN.md's plan.
///
///     // top 3 region by revenue in 2026-10
///     Plan(intent: .rank, metrics: ["revenue"], dimensions: ["region"], period: october,
///          order: .descending, orderBy: "revenue", limit: 3)
public struct Plan: Equatable, Sendable {
    public var intent: Intent
    public var metrics: [String]
    public var dimensions: [String]
    public var filters: [Filter]
    public var period: Period?
    public var compareTo: Period?
    /// A second comparison beside the first (同比和环比: `vs previous and last year`).
    public var compareAlso: Period?
    /// The finest time dimension among `dimensions` (or the forecast's step), else nil.
    public var grain: TimeGrain?
    /// Forecast steps (months or weeks) after the as-of month.
    public var horizon: Int?
    public var order: SortOrder?
    /// The metric or dimension the rows are sorted by.
    public var orderBy: String?
    public var limit: Int?
    /// `scorecard … using PLAN`.
    public var using: String?
    /// `set target METRIC VALUE …`.
    public var value: Double?
    /// `define metric NAME = …`.
    public var definition: MetricDefinition?
    /// `alias NAME = NAME`.
    public var alias: AliasDefinition?
    /// `show WHAT`.
    public var show: String?
    /// The shortest query that parses to this plan.
    public var canonical: String?
    public var source: Source
    /// How sure the recogniser is (1 for the query language).
    public var confidence: Double?

    public init(
        intent: Intent, metrics: [String] = [], dimensions: [String] = [], filters: [Filter] = [],
        period: Period? = nil, compareTo: Period? = nil, grain: TimeGrain? = nil, horizon: Int? = nil,
        order: SortOrder? = nil, orderBy: String? = nil, limit: Int? = nil, using: String? = nil,
        value: Double? = nil, definition: MetricDefinition? = nil, alias: AliasDefinition? = nil,
        show: String? = nil, canonical: String? = nil, source: Source = .query, confidence: Double? = nil,
        compareAlso: Period? = nil
    ) {
        self.compareAlso = compareAlso
        self.intent = intent
        self.metrics = metrics
        self.dimensions = dimensions
        self.filters = filters
        self.period = period
        self.compareTo = compareTo
        self.grain = grain
        self.horizon = horizon
        self.order = order
        self.orderBy = orderBy
        self.limit = limit
        self.using = using
        self.value = value
        self.definition = definition
        self.alias = alias
        self.show = show
        self.canonical = canonical
        self.source = source
        self.confidence = confidence
    }

    /// The plan without how it was typed (canonical text, source, confidence): two inputs mean
    /// the same thing when their meanings are equal.
    public var meaning: Plan {
        var plan = self
        plan.canonical = nil
        plan.source = .query
        plan.confidence = nil
        return plan
    }

    /// What the plan's answer holds, however it is spelled: its meaning with the periods' labels
    /// left out, since only their days decide the numbers (`first half` and
    /// `2026-01-01..2026-06-30` ask the same), and the filters, a conjunction, in one order.
    public var answerKey: Plan {
        var plan = meaning
        plan.period?.label = ""
        plan.compareTo?.label = ""
        plan.compareAlso?.label = ""
        plan.filters.sort { "\($0.field)\($0.op.rawValue)\($0.values)" < "\($1.field)\($1.op.rawValue)\($1.values)" }
        return plan
    }
}

public enum Intent: String, Codable, Sendable, CaseIterable {
    case value, breakdown, rank, trend, compare, forecast, diagnose, funnel, scorecard, target, define, alias, show
}

public enum Source: String, Codable, Sendable {
    case query, question
}

public enum SortOrder: String, Codable, Sendable {
    case ascending = "asc"
    case descending = "desc"
}

/// The time dimensions, finest first.
public enum TimeGrain: String, Codable, Sendable, CaseIterable, Comparable {
    case day, week, month, quarter, year

    public static func < (lhs: TimeGrain, rhs: TimeGrain) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The label of the span of this grain containing `day`: 2026-01-05, 2026-W02, 2026-01, 2026-Q1, 2026.
    public func label(of day: Day) -> String {
        let (year, month, _) = day.components
        switch self {
        case .day: return day.iso
        case .week:
            let (weekYear, week) = day.isoWeek
            return "\(Day.yearText(weekYear))-W" + (week < 10 ? "0\(week)" : "\(week)")
        case .month: return String(day.iso.prefix(7))
        case .quarter: return "\(Day.yearText(year))-Q\((month - 1) / 3 + 1)"
        case .year: return Day.yearText(year)
        }
    }

    /// The first day of the span of this grain containing `day`.
    public func start(of day: Day) -> Day {
        let (year, month, _) = day.components
        switch self {
        case .day: return day
        case .week: return day - (day.weekday - 1)
        case .month: return day.firstOfMonth
        case .quarter: return Day(year: year, month: (month - 1) / 3 * 3 + 1, day: 1)
        case .year: return Day(year: year, month: 1, day: 1)
        }
    }
}

/// An inclusive span of days with the text that named it (`2026-10`, `last 3 months`).
public struct Period: Codable, Equatable, Hashable, Sendable {
    public var start: Day
    public var end: Day
    public var label: String

    public init(start: Day, end: Day, label: String) {
        self.start = start
        self.end = end
        self.label = label
    }

    public var days: Int { end - start + 1 }

    /// The calendar span a period is part of: the month, quarter or year that starts where it
    /// starts and holds its end (this month so far → the whole month), else the period itself.
    ///
    ///     Period(start: 2026-11-01, end: 2026-11-22).calendarEnd   // 2026-11-30
    public var calendarEnd: Day {
        for grain in [TimeGrain.month, .quarter, .year] where grain.start(of: start) == start {
            let months = grain == .month ? 1 : grain == .quarter ? 3 : 12
            let last = start.firstOfMonth(adding: months) - 1
            if end <= last { return last }
        }
        return end
    }

    /// Two periods of a comparison as (later, earlier): a change runs from the earlier to the
    /// later, however a question named them (上个月和本月).
    ///
    ///     Period.laterFirst(october, november)   // (november, october)
    public static func laterFirst(_ period: Period, _ other: Period) -> (later: Period, earlier: Period) {
        other.start > period.start ? (other, period) : (period, other)
    }

    public func contains(_ day: Day) -> Bool { start <= day && day <= end }
}

/// `field op values`: a dimension filter (applied to facts) or a metric filter (applied after
/// aggregation, like SQL's HAVING).
public struct Filter: Codable, Equatable, Hashable, Sendable {
    public var field: String
    public var op: FilterOperator
    public var values: [FilterValue]

    public init(field: String, op: FilterOperator, values: [FilterValue]) {
        self.field = field
        self.op = op
        self.values = values
    }
}

public enum FilterOperator: String, Codable, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case `in` = "in"
    case notIn = "not in"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether the operator compares order (only numbers and metrics).
    public var isComparison: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
}

/// A filter value: text (a region, a team) or a number (percent literals are fractions: 80% is 0.8).
public enum FilterValue: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case number(Double)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        }
    }

    public var description: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return formatNumber(number)
        }
    }
}

/// A user metric: a filtered built-in (`revenue where channel = 线上`) or an arithmetic of metrics.
public struct MetricDefinition: Codable, Equatable, Hashable, Sendable {
    public var name: String
    public var expression: MetricExpression

    public init(name: String, expression: MetricExpression) {
        self.name = name
        self.expression = expression
    }
}

public indirect enum MetricExpression: Codable, Equatable, Hashable, Sendable {
    case metric(String, filters: [Filter])
    case number(Double)
    case binary(ArithmeticOperator, MetricExpression, MetricExpression)

    private enum CodingKeys: String, CodingKey { case metric, filters, number, op, left, right }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let name = try container.decodeIfPresent(String.self, forKey: .metric) {
            self = .metric(name, filters: try container.decodeIfPresent([Filter].self, forKey: .filters) ?? [])
        } else if let number = try container.decodeIfPresent(Double.self, forKey: .number) {
            self = .number(number)
        } else {
            self = .binary(
                try container.decode(ArithmeticOperator.self, forKey: .op),
                try container.decode(MetricExpression.self, forKey: .left),
                try container.decode(MetricExpression.self, forKey: .right))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .metric(let name, let filters):
            try container.encode(name, forKey: .metric)
            try container.encode(filters, forKey: .filters)
        case .number(let number):
            try container.encode(number, forKey: .number)
        case .binary(let op, let left, let right):
            try container.encode(op, forKey: .op)
            try container.encode(left, forKey: .left)
            try container.encode(right, forKey: .right)
        }
    }

    /// The metrics the expression reads.
    public var metrics: [String] {
        switch self {
        case .metric(let name, _): return [name]
        case .number: return []
        case .binary(_, let left, let right): return left.metrics + right.metrics
        }
    }
}

public enum ArithmeticOperator: String, Codable, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// Binding strength for precedence climbing: * and / bind tighter than + and -.
    public var precedence: Int { self == .add || self == .subtract ? 1 : 2 }
}

/// `alias NAME = TARGET`: another name for a metric or dimension.
public struct AliasDefinition: Codable, Equatable, Hashable, Sendable {
    public var name: String
    public var target: String

    public init(name: String, target: String) {
        self.name = name
        self.target = target
    }
}

/// A number as the shortest text that reads back to it: 3, 0.8, 1200000, 1.5e-7.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

extension Day {
    /// ISO 8601 week-numbering year and week (weeks start on Monday; week 1 holds January 4th).
    public var isoWeek: (year: Int, week: Int) {
        let thursday = self + (4 - weekday)
        let year = thursday.year
        let week = (thursday - Day(year: year, month: 1, day: 1)) / 7 + 1
        return (year, week)
    }

    /// Monday of ISO week `week` of `year`; nil when the year has no such week.
    public static func isoWeekStart(year: Int, week: Int) -> Day? {
        guard week >= 1 else { return nil }
        let january4 = Day(year: year, month: 1, day: 4)
        let monday = january4 - (january4.weekday - 1) + 7 * (week - 1)
        return monday.isoWeek == (year, week) ? monday : nil
    }
}
