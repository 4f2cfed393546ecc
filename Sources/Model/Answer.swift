/// What executing a plan gives: a table of raw values, with the plan it answers, a title naming
/// the period, recommendations that cite their numbers, and notes. Rendering for people
/// (万/亿, %, colour) happens only in Render.
public struct Answer: Equatable, Sendable {
    public var plan: Plan
    public var title: Localized
    /// Metric and dimension ids (`region`, `revenue`, `revenue_prev`, `revenue_change`).
    public var columns: [String]
    public var rows: [[Cell]]
    public var recommendations: [Recommendation]
    public var notes: [Localized]

    public init(
        plan: Plan, title: Localized, columns: [String], rows: [[Cell]],
        recommendations: [Recommendation] = [], notes: [Localized] = []
    ) {
        self.plan = plan
        self.title = title
        self.columns = columns
        self.rows = rows
        self.recommendations = recommendations
        self.notes = notes
    }

    /// The values of one column, by id.
    public func column(_ id: String) -> [Cell]? {
        columns.firstIndex(of: id).map { index in rows.map { $0[index] } }
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
public struct Recommendation: Equatable, Sendable {
    public var text: Localized
    public var evidence: [Localized]

    public init(text: Localized, evidence: [Localized]) {
        self.text = text
        self.evidence = evidence
    }
}
