/// The names a recogniser resolves: metrics and dimensions (ids, Chinese and English names),
/// aliases, user-defined metrics, scorecard plans and the data values of each dimension.
/// Engine builds it from its catalog and the workspace; Language and Ask only read it.
public struct Vocabulary: Sendable {
    public struct Entry: Equatable, Sendable {
        public var id: String
        public var zh: String
        public var en: String

        public init(id: String, zh: String, en: String) {
            self.id = id
            self.zh = zh
            self.en = en
        }
    }

    public var metrics: [Entry]
    public var dimensions: [Entry]
    /// Another name → the metric or dimension id it stands for.
    public var aliases: [String: String]
    /// Dimension id → its known values (regions, teams, reps, …).
    public var values: [String: [String]]
    /// Scorecard plan names.
    public var plans: [String]

    public init(
        metrics: [Entry], dimensions: [Entry], aliases: [String: String] = [:], values: [String: [String]] = [:],
        plans: [String] = []
    ) {
        self.metrics = metrics
        self.dimensions = dimensions
        self.aliases = aliases
        self.values = values
        self.plans = plans
        metricIndex = Self.index(metrics)
        dimensionIndex = Self.index(dimensions)
    }

    private var metricIndex: [String: String]
    private var dimensionIndex: [String: String]

    private static func index(_ entries: [Entry]) -> [String: String] {
        var index: [String: String] = [:]
        for entry in entries {
            for name in [entry.id, entry.zh, entry.en] where !name.isEmpty {
                index[name.lowercased()] = index[name.lowercased()] ?? entry.id
            }
        }
        return index
    }

    /// The metric id a name stands for: an id, a Chinese or English name, or an alias.
    public func metric(named name: String) -> String? {
        let key = name.lowercased()
        if let id = metricIndex[key] { return id }
        if let target = aliases[name] ?? aliases[key], let id = metricIndex[target.lowercased()] { return id }
        return nil
    }

    /// The dimension id a name stands for.
    public func dimension(named name: String) -> String? {
        let key = name.lowercased()
        if let id = dimensionIndex[key] { return id }
        if let target = aliases[name] ?? aliases[key], let id = dimensionIndex[target.lowercased()] { return id }
        return nil
    }

    public func metricEntry(_ id: String) -> Entry? { metrics.first { $0.id == id } }
    public func dimensionEntry(_ id: String) -> Entry? { dimensions.first { $0.id == id } }

    /// Every name a metric can be written as, for suggestions.
    public var metricNames: [String] {
        metrics.flatMap { [$0.id, $0.zh] } + aliases.keys.filter { metric(named: $0) != nil }
    }
    public var dimensionNames: [String] {
        dimensions.flatMap { [$0.id, $0.zh] } + aliases.keys.filter { dimension(named: $0) != nil }
    }
}
