import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// A ratio metric's numerator and denominator per group, against SQL.
@Suite struct RatioPartsTests {
    var engine: MetricEngine { get throws { try MetricOracleTests.engine.get() } }
    let asOf = Fixtures.asOf
    let october = QueryTests.month(2026, 10)

    func parts(_ metric: String, by dimensions: [String]) throws -> [String: (Double, Double)] {
        let plan = Plan(intent: .breakdown, metrics: [metric], dimensions: dimensions, period: october)
        let answer = try #require(try engine.ratioParts(plan, asOf: asOf))
        #expect(answer.columns == dimensions + ["numerator", "denominator"])
        var result: [String: (Double, Double)] = [:]
        for row in answer.rows { result[row[0].text ?? "∅"] = (row[1].number!, row[2].number!) }
        return result
    }

    func sql(_ query: String) throws -> [String: (Double, Double)] {
        try Fixtures.demo.database.read { db in
            var result: [String: (Double, Double)] = [:]
            for row in try Row.fetchAll(db, sql: query) {
                result[row[0] as String? ?? "∅"] = (row[1] as Double, row[2] as Double)
            }
            return result
        }
    }

    func expectEqual(_ actual: [String: (Double, Double)], _ expected: [String: (Double, Double)]) {
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, value) in expected {
            #expect(MetricOracleTests.close(actual[key]?.0, value.0), "\(key)")
            #expect(MetricOracleTests.close(actual[key]?.1, value.1), "\(key)")
        }
    }

    @Test func winRateIsWonOverClosed() throws {
        expectEqual(
            try parts("win_rate", by: ["region"]),
            try sql(
                """
                SELECT COALESCE(r.region, c.region), SUM(x.stage = 'won'), COUNT(*) FROM opportunities x
                LEFT JOIN reps r ON r.id = x.rep_id LEFT JOIN customers c ON c.id = x.customer_id
                WHERE x.closed_date LIKE '2026-10-%' AND x.stage IN ('won', 'lost') GROUP BY 1
                """))
    }

    @Test func satisfactionAndAverageOrderValue() throws {
        expectEqual(
            try parts("csat", by: ["team"]),
            try sql(
                """
                SELECT r.team, SUM(s.score), COUNT(s.score) FROM surveys s JOIN reps r ON r.id = s.rep_id
                WHERE s.date LIKE '2026-10-%' GROUP BY 1
                """))
        expectEqual(
            try parts("avg_order_value", by: ["channel"]),
            try sql(
                "SELECT channel, SUM(amount), COUNT(DISTINCT order_no) FROM orders WHERE date LIKE '2026-10-%' GROUP BY 1"
            ))
    }

    @Test func sumsHaveNoParts() throws {
        let plan = Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: october)
        #expect(try engine.ratioParts(plan, asOf: asOf) == nil)
    }
}
