import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// retention_rate for a month is against the month before (September against August, not the
/// 31 days before), for a quarter against the quarter before: SQL with the spans written out.
@Suite struct RetentionSpanTests {
    func retention(_ start: String, _ end: String, base: (String, String)) throws -> Double {
        try Fixtures.demo.database.read { db in
            try Double.fetchOne(
                db,
                sql: """
                    WITH prev AS (SELECT DISTINCT customer_id AS id FROM orders
                                  WHERE date BETWEEN ? AND ? AND customer_id IS NOT NULL),
                         cur AS (SELECT DISTINCT customer_id AS id FROM orders
                                 WHERE date BETWEEN ? AND ? AND customer_id IS NOT NULL)
                    SELECT COUNT(cur.id) * 1.0 / COUNT(*) FROM prev LEFT JOIN cur ON cur.id = prev.id
                    """, arguments: [base.0, base.1, start, end]) ?? .nan
        }
    }

    func engine(_ start: Day, _ end: Day) throws -> Double? {
        let plan = Plan(intent: .value, metrics: ["retention_rate"], period: Period(start: start, end: end, label: ""))
        return try MetricOracleTests.engine.get().execute(plan, asOf: Fixtures.asOf).rows.first?.last?.number
    }

    @Test func aMonthAgainstTheMonthBefore() throws {
        let september = try engine(Day(year: 2026, month: 9, day: 1), Day(year: 2026, month: 9, day: 30))
        let expected = try retention("2026-09-01", "2026-09-30", base: ("2026-08-01", "2026-08-31"))
        #expect(abs((september ?? -1) - expected) < 1e-12)
        let window = try retention("2026-09-01", "2026-09-30", base: ("2026-08-02", "2026-08-31"))
        #expect(expected != window, "the fixture tells a month from 30 days")
    }

    @Test func aQuarterAgainstTheQuarterBefore() throws {
        let third = try engine(Day(year: 2026, month: 7, day: 1), Day(year: 2026, month: 9, day: 30))
        let expected = try retention("2026-07-01", "2026-09-30", base: ("2026-04-01", "2026-06-30"))
        #expect(abs((third ?? -1) - expected) < 1e-12)
    }
}
