import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// Pace against target for the month under way (as of Sunday 2026-11-22: 22 of 30 days gone,
/// six working days left — 23 to 27 and 30 November), against SQL and figures worked by hand.
@Suite struct PaceTests {
    var engine: MetricEngine { get throws { try MetricOracleTests.engine.get() } }
    static let metrics = [
        "revenue", "target", "attainment", "time_progress", "pace", "target_gap", "needed_per_day", "projected_end",
    ]
    static let thisMonth = Period(start: Day(year: 2026, month: 11, day: 1), end: Fixtures.asOf, label: "this month")

    func sql(_ query: String) throws -> [String: Double] {
        try Fixtures.demo.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: query) { result[row[0] as String] = row[1] as Double }
            return result
        }
    }

    func expectPace(_ row: [Cell], revenue: Double, target: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        let progress = 22.0 / 30.0
        let values = row.suffix(8).map { $0.number ?? .nan }
        let expected = [
            revenue, target, revenue / target, progress, revenue / target / progress, target - revenue,
            max(target - revenue, 0) / 6, revenue / progress,
        ]
        for (name, (got, want)) in zip(Self.metrics, zip(values, expected)) {
            #expect(
                abs(got - want) <= 1e-9 * max(1, abs(want)), "\(name): \(got) vs \(want)",
                sourceLocation: sourceLocation)
        }
    }

    @Test func theCompanyThisMonth() throws {
        let answer = try engine.execute(
            Plan(intent: .value, metrics: Self.metrics, period: Self.thisMonth), asOf: Fixtures.asOf)
        let revenue = try sql("SELECT 'all', SUM(amount) FROM orders WHERE date BETWEEN '2026-11-01' AND '2026-11-22'")
        let target = try sql(
            "SELECT 'all', SUM(value) FROM targets WHERE scope = 'rep' AND period_start = '2026-11-01'")
        expectPace(try #require(answer.rows.first), revenue: revenue["all"]!, target: target["all"]!)
    }

    @Test func eachRegionThisMonth() throws {
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: Self.metrics, dimensions: ["region"], period: Self.thisMonth),
            asOf: Fixtures.asOf)
        let revenue = try sql(
            "SELECT region, SUM(amount) FROM orders WHERE date BETWEEN '2026-11-01' AND '2026-11-22' GROUP BY region")
        let target = try sql(
            """
            SELECT r.region, SUM(t.value) FROM targets t JOIN reps r ON r.name = t.scope_value
            WHERE t.scope = 'rep' AND t.period_start = '2026-11-01' GROUP BY r.region
            """)
        #expect(answer.rows.count == target.count)
        for row in answer.rows {
            let region = row[0].text ?? ""
            expectPace(row, revenue: revenue[region] ?? 0, target: target[region]!)
        }
    }

    /// A month already over has passed whole: time progress 1, pace = attainment, nothing left.
    @Test func aPastMonthHasPassedWhole() throws {
        let october = Period(
            start: Day(year: 2026, month: 10, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "2026-10")
        let row = try #require(
            try engine.execute(Plan(intent: .value, metrics: Self.metrics, period: october), asOf: Fixtures.asOf).rows
                .first)
        #expect(row[3].number == 1)
        #expect(row[4].number == row[2].number)
        #expect(row[6] == .null)
    }
}
