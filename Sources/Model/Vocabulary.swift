import Synchronization

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
    /// Dimension id → its known values (regions, teams, reps, …), read by `values(of:)`.
    private var listedValues: [String: [String]]
    /// Values made only when first asked for: a hundred thousand customers' names are not read
    /// for a question that names none.
    private var deferredValues: [String: DeferredValues] = [:]
    /// Scorecard plan names.
    public var plans: [String]

    public init(
        metrics: [Entry], dimensions: [Entry], aliases: [String: String] = [:], values: [String: [String]] = [:],
        plans: [String] = []
    ) {
        self.metrics = metrics
        self.dimensions = dimensions
        self.aliases = aliases
        listedValues = values
        self.plans = plans
        metricIndex = Self.index(metrics)
        dimensionIndex = Self.index(dimensions)
    }

    /// The known values of a dimension; nil when it has none listed.
    public func values(of dimension: String) -> [String]? {
        listedValues[dimension] ?? deferredValues[dimension]?.values
    }

    /// The dimensions with values, those made on demand included.
    public var dimensionsWithValues: [String] { Array(listedValues.keys) + Array(deferredValues.keys) }

    /// The values listed now, without those made on demand.
    public var listedDimensionValues: [String: [String]] { listedValues }

    /// Forgets every dimension's values (names are then taken as written).
    public mutating func removeValues() {
        listedValues = [:]
        deferredValues = [:]
    }

    /// Values of `dimension` made by `make` the first time they are asked for.
    public mutating func setValues(of dimension: String, deferred make: @escaping @Sendable () -> [String]) {
        listedValues[dimension] = nil
        deferredValues[dimension] = DeferredValues(make)
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

/// A dimension's values, made once when first read (from any thread).
final class DeferredValues: Sendable {
    private let make: @Sendable () -> [String]
    private let made = Mutex<[String]?>(nil)

    init(_ make: @escaping @Sendable () -> [String]) { self.make = make }

    var values: [String] {
        made.withLock { made in
            if let made { return made }
            let values = make()
            made = values
            return values
        }
    }
}
