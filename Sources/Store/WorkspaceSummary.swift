import GRDB
import Model

/// What a workspace holds, at a glance: rows per table, the period its orders cover and
/// revenue by region (largest first).
public struct WorkspaceSummary: Equatable, Sendable {
    public var rowCounts: [(table: String, rows: Int)]
    public var firstOrder: Day?
    public var lastOrder: Day?
    public var revenueByRegion: [(region: String, revenue: Double)]

    public var isEmpty: Bool { rowCounts.allSatisfy { $0.rows == 0 } }

    public static func == (lhs: WorkspaceSummary, rhs: WorkspaceSummary) -> Bool {
        lhs.rowCounts.elementsEqual(rhs.rowCounts, by: ==) && lhs.firstOrder == rhs.firstOrder
            && lhs.lastOrder == rhs.lastOrder
            && lhs.revenueByRegion.elementsEqual(rhs.revenueByRegion, by: ==)
    }
}

extension Workspace {
    /// Counts and totals over the whole workspace (no as-of clipping: this describes the file).
    public func summary() throws -> WorkspaceSummary {
        try database.read { db in
            let counts = try Schema.dataTables.map { table in
                (table, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0)
            }
            let span = try Row.fetchOne(db, sql: "SELECT MIN(date), MAX(date) FROM orders")
            let regions = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(region, ''), SUM(amount) AS revenue FROM orders
                    GROUP BY 1 ORDER BY revenue DESC, 1
                    """
            ).map { row in (row[0] as String, row[1] as Double? ?? 0) }
            return WorkspaceSummary(
                rowCounts: counts,
                firstOrder: (span?[0] as String?).flatMap { Day(iso: $0) },
                lastOrder: (span?[1] as String?).flatMap { Day(iso: $0) },
                revenueByRegion: regions)
        }
    }
}
