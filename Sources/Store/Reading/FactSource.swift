import Foundation
import GRDB
import GRDBSQLite
import Model

/// The tables the engine loads into columns.
public enum FactTable: String, CaseIterable, Sendable {
    case reps, customers, products, orders, opportunities, activities, surveys, reviews, targets
    case pipelineStages = "pipeline_stages"

    /// The order a table's rows are read in: as stored (stages in funnel order).
    fileprivate var order: String { self == .pipelineStages ? "position" : "id" }
}

/// One row of a `FactReader.scan`, its values by position in the columns asked for (0-based).
/// Text comes as UTF-8 bytes, valid only until the next row.
public protocol FactRow {
    func isNull(_ column: Int32) -> Bool
    /// The value as an integer; 0 when NULL.
    func int(_ column: Int32) -> Int
    /// The value as a double; 0 when NULL.
    func double(_ column: Int32) -> Double
    /// The UTF-8 bytes of a text value; nil when NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>?
}

extension FactRow {
    /// The value as text; nil when NULL.
    public func text(_ column: Int32) -> String? {
        bytes(column).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Whole tables, read within one moment of the workspace.
public protocol FactReader {
    associatedtype Row: FactRow
    /// How many rows the table holds.
    func count(_ table: FactTable) throws -> Int
    /// Calls `body` with each row of `table` (the named columns, in that order), in stored order.
    func scan(_ table: FactTable, columns: [String], _ body: (Row) throws -> Void) throws
}

/// What identifies the stored contents of a workspace: any write changes it.
public struct ChangeToken: Equatable, Sendable {
    public var parts: [Int64]

    public init(parts: [Int64]) {
        self.parts = parts
    }
}

/// Where the engine reads facts from: whole tables as rows, and a token that tells whether
/// anything changed since. The store owns the SQL and decides what counts as a change; the
/// engine keeps its columns (and their snapshot) while the token stays the same.
public protocol FactSource: Sendable {
    /// The contents' token now; nil when it cannot be told (then nothing is kept).
    func changeToken() -> ChangeToken?
    /// Where a column snapshot may be saved beside the store; nil when none should be.
    var snapshotPath: String? { get }
    /// Runs `body` in one read transaction: every table it scans shows the same moment.
    func readFacts<T>(_ body: (any FactReader) throws -> T) throws -> T
    /// The same on a connection of its own, so that a second core can read other tables
    /// meanwhile; the two may see different moments if another process writes.
    func readFactsOnOwnConnection<T>(_ body: (any FactReader) throws -> T) throws -> T
}

/// What the engine keeps in a workspace beside facts: defined metrics, aliases and targets
/// (read and written), and the coach's reviews (listed by `show reviews`).
public protocol WorkspaceStore: FactSource {
    func definedMetrics() throws -> [MetricDefinition]
    func aliases() throws -> [String: String]
    func save(_ definition: MetricDefinition) throws
    func saveAlias(_ alias: AliasDefinition) throws
    /// Targets, in one transaction, each replacing one set for its metric, scope and period.
    func setTargets(_ settings: [TargetSetting]) throws
    func coachReviews() throws -> [CoachReview]
}

/// Where the coach keeps how far each guided flow went and the reviews it saved.
public protocol CoachStore: Sendable {
    func coachProgress(flow: String) throws -> CoachProgress?
    func coachProgressFlows() throws -> [String]
    func save(_ progress: CoachProgress) throws
    func clearCoachProgress(flow: String) throws
    @discardableResult func save(_ review: CoachReview) throws -> Int
    /// A review and the targets it set, in one transaction.
    @discardableResult func save(_ review: CoachReview, settingTargets settings: [TargetSetting]) throws -> Int
    func coachReviews() throws -> [CoachReview]
}

/// Where scorecard plans are kept.
public protocol ScorecardStore: Sendable {
    func scorecardPlans() throws -> [ScorecardPlan]
    func save(_ plan: ScorecardPlan) throws
}

// MARK: - The SQLite workspace

extension Workspace: WorkspaceStore, CoachStore, ScorecardStore {
    /// The schema version and the size and modification time of the database file and of its
    /// write-ahead log: every commit changes one of them.
    public func changeToken() -> ChangeToken? {
        guard let main = Self.fileState(path) else { return nil }
        // An empty log holds no changes: SQLite creates and truncates it as connections come and go.
        let log = Self.fileState(path + "-wal").flatMap { $0.size > 0 ? $0 : nil } ?? (size: 0, modified: 0)
        return ChangeToken(parts: [Int64(Schema.version), main.size, main.modified, log.size, log.modified])
    }

    public var snapshotPath: String? { path + "-columns" }

    public func readFacts<T>(_ body: (any FactReader) throws -> T) throws -> T {
        try database.read { db in try body(SQLiteFactReader(reader: RawReader(db: db))) }
    }

    public func readFactsOnOwnConnection<T>(_ body: (any FactReader) throws -> T) throws -> T {
        try readRawOnOwnConnection { reader in try body(SQLiteFactReader(reader: reader)) }
    }

    private static func fileState(_ path: String) -> (size: Int64, modified: Int64)? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
            let modified = status.st_mtimespec
        #else
            let modified = status.st_mtim
        #endif
        return (Int64(status.st_size), Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec))
    }
}

/// Tables read through SQLite's C API (`RawReader`).
private struct SQLiteFactReader: FactReader {
    let reader: RawReader

    func count(_ table: FactTable) throws -> Int {
        try reader.integer("SELECT COUNT(*) FROM \(table.rawValue)")
    }

    func scan(_ table: FactTable, columns: [String], _ body: (RawRow) throws -> Void) throws {
        // The names come from the engine's code, never from input; checked all the same.
        for column in columns where column.isEmpty || !column.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x61...0x7A).contains($0) }) {
            preconditionFailure("not a column name: \(column)")
        }
        try reader.scan(
            "SELECT \(columns.joined(separator: ", ")) FROM \(table.rawValue) ORDER BY \(table.order)", body)
    }
}

extension RawRow: FactRow {}
