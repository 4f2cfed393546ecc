import Foundation
import Model
import Store

/// The metric core: the workspace in memory as columns, executing plans into answers.
///
///     let engine = try MetricEngine(store: workspace)
///     let answer = try engine.execute(plan, asOf: Day(year: 2026, month: 11, day: 22))
///     answer.columns   // ["region", "revenue"]
///
/// Facts are loaded once (mapped from a column snapshot beside the workspace when it is
/// current); definitions, aliases and targets are re-read after the engine changes them.
/// Queries may run concurrently: the columns and the small user state are read under a lock,
/// and the columns are only replaced when the snapshot proves damaged.
public final class MetricEngine: @unchecked Sendable {
    let store: any WorkspaceStore
    private var loadedColumns: Columns
    private let lock = NSLock()
    private var state: UserState
    let ranks = MemberRanks()
    private let answers = KnownAnswers()

    /// Opens the engine on a store, loading its columns.
    public init(store: any WorkspaceStore) throws {
        self.store = store
        loadedColumns = try ColumnSnapshot.columns(of: store)
        state = try UserState.load(from: store)
    }

    /// Opens the engine on a SQLite workspace.
    public convenience init(workspace: Workspace) throws {
        try self.init(store: workspace)
    }

    var columns: Columns {
        lock.lock()
        defer { lock.unlock() }
        return loadedColumns
    }

    /// Computes an answer from the columns, and again from the workspace itself when a column
    /// of the snapshot failed its checksum meanwhile (the first answer read zeros there).
    func fromIntactColumns<Result>(_ compute: () throws -> Result) throws -> Result {
        let result = try compute()
        guard columns.isDamaged else { return result }
        let fresh = try ColumnSnapshot.rebuild(for: store)
        lock.lock()
        loadedColumns = fresh
        lock.unlock()
        answers.forget()
        return try compute()
    }

    /// The names the recognisers resolve: the catalog, defined metrics, aliases and the data's
    /// values of each dimension.
    public func vocabulary() -> Vocabulary {
        let state = currentState()
        let columns = columns
        var values: [String: [String]] = [:]
        for attribute in Attribute.allCases where attribute != .customer {
            values[attribute.rawValue] = columns.members(attribute)
        }
        var vocabulary = Catalog.vocabulary(
            definedMetrics: state.definitions.map(\.name), aliases: state.aliases, values: values)
        vocabulary.setValues(of: Attribute.customer.rawValue, deferred: { columns.members(.customer) })
        return vocabulary
    }

    /// Executes a plan as of a date: facts dated after `asOf` are invisible. The answer's
    /// columns are described (`Answer.schema`).
    ///
    /// Answers of questions (not of statements) are kept until the workspace's state or columns
    /// change: the recommendation rules, target advice and forecasts ask the same plans again.
    public func execute(_ plan: Plan, asOf: Day) throws -> Answer {
        if let known = answers.answer(plan, asOf: asOf) { return known }
        var answer = try undescribed(plan, asOf: asOf)
        describe(&answer)
        if Self.isQuestion(plan.intent) { answers.keep(answer, for: plan, asOf: asOf) }
        return answer
    }

    private static func isQuestion(_ intent: Intent) -> Bool {
        [.value, .breakdown, .rank, .trend, .compare, .funnel].contains(intent)
    }

    private func undescribed(_ plan: Plan, asOf: Day) throws -> Answer {
        switch plan.intent {
        case .value, .breakdown, .rank, .trend, .compare:
            return try fromIntactColumns {
                try Query(columns: columns, state: currentState(), asOf: asOf, ranks: ranks).answer(plan)
            }
        case .funnel:
            return try fromIntactColumns {
                try Query(columns: columns, state: currentState(), asOf: asOf, ranks: ranks).funnel(plan)
            }
        case .show where plan.show?.lowercased() == "reviews":
            return try fromIntactColumns { try reviewListing(plan) }
        case .show:
            return try fromIntactColumns { try Listing(columns: columns, state: currentState()).answer(plan) }
        case .define:
            return try define(plan)
        case .alias:
            return try alias(plan)
        case .target:
            return try setTarget(plan)
        case .forecast, .diagnose, .scorecard:
            throw EngineError.notAvailableYet(plan.intent)
        }
    }

    // MARK: - User state

    func currentState() -> UserState {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Re-reads definitions, aliases and targets after a change.
    func reloadState() throws {
        let fresh = try UserState.load(from: store)
        lock.lock()
        state = fresh
        lock.unlock()
        answers.forget()
    }
}

/// The answers given so far, by plan and as-of date: the last few dozen, each of a bounded size
/// (a list of every customer is computed again rather than kept).
private final class KnownAnswers: @unchecked Sendable {
    private static let capacity = 64
    private static let largestKept = 5_000
    private let lock = NSLock()
    private var entries: [(plan: Plan, asOf: Day, answer: Answer)] = []

    func answer(_ plan: Plan, asOf: Day) -> Answer? {
        lock.lock()
        defer { lock.unlock() }
        return entries.last { $0.asOf == asOf && $0.plan == plan }?.answer
    }

    func keep(_ answer: Answer, for plan: Plan, asOf: Day) {
        guard answer.rows.count <= Self.largestKept else { return }
        lock.lock()
        defer { lock.unlock() }
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append((plan, asOf, answer))
    }

    func forget() {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll()
    }
}

/// What users add to the workspace beside the facts: defined metrics, aliases, targets.
struct UserState: Sendable {
    var definitions: [MetricDefinition]
    var aliases: [String: String]
    var targets: StoredTargets

    var expressions: [String: MetricExpression] {
        Dictionary(definitions.map { ($0.name, $0.expression) }, uniquingKeysWith: { _, last in last })
    }

    static func load(from store: any WorkspaceStore) throws -> UserState {
        UserState(
            definitions: try store.definedMetrics(), aliases: try store.aliases(), targets: StoredTargets(store: store))
    }

    /// The metric id a name stands for: a built-in or defined id, or an alias of one.
    func metricID(_ name: String) -> String? {
        if Catalog.metric(name) != nil || definitions.contains(where: { $0.name == name }) { return name }
        if let target = aliases[name], target != name { return metricID(target) }
        return nil
    }

    /// The dimension id a name stands for: an id or an alias of one.
    func dimensionID(_ name: String) -> String? {
        if Catalog.dimension(name) != nil { return name }
        if let target = aliases[name], Catalog.dimension(target) != nil { return target }
        return nil
    }
}

/// The workspace's targets, read the first time an answer needs them: most answers never do,
/// and the monthly targets of a few hundred reps take milliseconds to read from SQLite.
final class StoredTargets: @unchecked Sendable {
    private let store: any FactSource
    private let lock = NSLock()
    private var read: Result<[TargetRow], any Error>?

    init(store: any FactSource) {
        self.store = store
    }

    /// Every target, as stored; a failed read fails every answer that needs targets.
    func rows() throws -> [TargetRow] {
        lock.lock()
        defer { lock.unlock() }
        if read == nil { read = Result { try ColumnLoader.loadTargets(from: store) } }
        return try read!.get()
    }
}
