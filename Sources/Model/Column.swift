/// What one column of an answer holds: its id (the JSON keeps it), what kind of value it is,
/// which way is better, and its title in both languages. Every renderer — table, chart, csv with
/// headers, workbook, report — reads these, so none guesses from the id.
///
///     Column(id: "revenue", kind: .money, better: .higher, title: Localized(zh: "销售额", en: "Revenue"))
public struct Column: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Names: regions, reps, stages, methods.
        case label
        /// Time labels: 2026-10, 2026-W02, 2026-Q3.
        case time
        case money, count, rate, score, days
        /// A plain number with decimals (a user-defined ratio of counts).
        case number
        /// A relative change: 0.084 is +8.4%.
        case change
        /// The change of a rate, in percentage points: 0.021 is +2.1 pp.
        case points

        /// Whether the column holds numbers (aligned right, charted).
        public var isNumeric: Bool { self != .label && self != .time }
    }

    /// Which way a value is good: revenue higher, churn lower, names neither.
    public enum Better: String, Codable, Sendable {
        case higher, lower, neither
    }

    public var id: String
    public var kind: Kind
    public var better: Better
    public var title: Localized
    /// People's names for the values of a label column that are ids (lead → 线索, total → 合计).
    public var valueNames: [String: Localized]

    public init(
        id: String, kind: Kind, better: Better = .neither, title: Localized, valueNames: [String: Localized] = [:]
    ) {
        self.id = id
        self.kind = kind
        self.better = better
        self.title = title
        self.valueNames = valueNames
    }

    /// A label column titled by its id, for answers nothing describes (a test's hand-made answer).
    public static func plain(_ id: String) -> Column {
        Column(id: id, kind: .label, title: Localized(zh: id, en: id))
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, better, title
        case valueNames = "value_names"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(Kind.self, forKey: .kind)
        better = try container.decodeIfPresent(Better.self, forKey: .better) ?? .neither
        title = try container.decode(Localized.self, forKey: .title)
        valueNames = try container.decodeIfPresent([String: Localized].self, forKey: .valueNames) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(better, forKey: .better)
        try container.encode(title, forKey: .title)
        if !valueNames.isEmpty { try container.encode(valueNames, forKey: .valueNames) }
    }
}
