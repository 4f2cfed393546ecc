/// What executing a plan gives: a table of raw values, with the plan it answers, a title naming
/// the period, recommendations that cite their numbers, and notes. Each column says what it holds
/// (`schema`), so rendering for people (万/亿, %, colour, charts) happens only in Render and never
/// guesses from an id.
public struct Answer: Codable, Equatable, Sendable {
    public var plan: Plan
    public var title: Localized
    /// Metric and dimension ids (`region`, `revenue`, `revenue_prev`, `revenue_change`).
    public var columns: [String]
    public var rows: [[Cell]]
    public var recommendations: [Recommendation]
    public var notes: [Localized]
    /// One description a column, in the order of `columns` (filled in where the answer is made).
    public var schema: [Column]
    /// The actual values a forecast continues, oldest first, for its chart.
    public var history: [SeriesPoint]

    public init(
        plan: Plan, title: Localized, columns: [String], rows: [[Cell]],
        recommendations: [Recommendation] = [], notes: [Localized] = [], schema: [Column] = [],
        history: [SeriesPoint] = []
    ) {
        self.plan = plan
        self.title = title
        self.columns = columns
        self.rows = rows
        self.recommendations = recommendations
        self.notes = notes
        self.schema = schema
        self.history = history
    }

    /// The values of one column, by id.
    public func column(_ id: String) -> [Cell]? {
        columns.firstIndex(of: id).map { index in rows.map { $0[index] } }
    }

    /// What the column at `index` holds (a plain label when nothing described it).
    public func described(_ index: Int) -> Column {
        if index < schema.count, schema[index].id == columns[index] { return schema[index] }
        return schema.first { $0.id == columns[index] } ?? .plain(columns[index])
    }
}

/// One value in an answer: money in the data's unit, rates as fractions, time labels as text.
public enum Cell: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case number(Double)
    case null

    public var number: Double? { if case .number(let value) = self { value } else { nil } }
    public var text: String? { if case .text(let value) = self { value } else { nil } }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
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
        case .null: try container.encodeNil()
        }
    }

    public var description: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return formatNumber(number)
        case .null: return "null"
        }
    }
}

/// Advice drawn from an answer, with the numbers it rests on.
public struct Recommendation: Codable, Equatable, Sendable {
    public var text: Localized
    public var evidence: [Localized]

    public init(text: Localized, evidence: [Localized]) {
        self.text = text
        self.evidence = evidence
    }
}

/// One labelled value of a series (a month's actual revenue before a forecast).
public struct SeriesPoint: Codable, Equatable, Sendable {
    public var label: String
    public var value: Double?

    public init(label: String, value: Double?) {
        self.label = label
        self.value = value
    }
}
