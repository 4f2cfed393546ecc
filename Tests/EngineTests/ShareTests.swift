import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// 各品类销售额占比: `share` is the metric before it over the total of every member, against SQL.
@Suite struct ShareTests {
    var engine: MetricEngine { get throws { try MetricOracleTests.engine.get() } }
    static let october = Period(
        start: Day(year: 2026, month: 10, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "2026-10")

    func sql(_ query: String) throws -> [String: Double] {
        try Fixtures.demo.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: query) { result[row[0] as String] = row[1] as Double }
            return result
        }
    }

    @Test func eachCategorysShareOfRevenue() throws {
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue", "share"], dimensions: ["category"], period: Self.october),
            asOf: Fixtures.asOf)
        #expect(answer.columns == ["category", "revenue", "share"])
        let shares = try sql(
            """
            SELECT p.category, SUM(o.amount) / (SELECT SUM(amount) FROM orders WHERE date LIKE '2026-10-%')
            FROM orders o JOIN products p ON p.id = o.product_id WHERE o.date LIKE '2026-10-%' GROUP BY p.category
            """)
        for row in answer.rows {
            #expect(abs((row[2].number ?? -1) - shares[row[0].text ?? ""]!) < 1e-12)
        }
        #expect(abs(answer.rows.compactMap { $0[2].number }.reduce(0, +) - 1) < 1e-12)
    }

    /// By region and month: each month's shares add to 1; a filter narrows the total too.
    @Test func sharesWithinEachMonthAndUnderAFilter() throws {
        let period = Period(
            start: Day(year: 2026, month: 9, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "")
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: ["orders", "share"], dimensions: ["region", "month"], period: period),
            asOf: Fixtures.asOf)
        var sums: [String: Double] = [:]
        for row in answer.rows { sums[row[1].text ?? "", default: 0] += row[3].number ?? 0 }
        #expect(sums.keys.sorted() == ["2026-09", "2026-10"])
        for value in sums.values { #expect(abs(value - 1) < 1e-12) }
        let online = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue", "share"], dimensions: ["region"],
                filters: [Filter(field: "channel", op: .equal, values: [.text("线上")])], period: Self.october),
            asOf: Fixtures.asOf)
        let expected = try sql(
            """
            SELECT region, SUM(amount) / (SELECT SUM(amount) FROM orders WHERE date LIKE '2026-10-%' AND channel = '线上')
            FROM orders WHERE date LIKE '2026-10-%' AND channel = '线上' GROUP BY region
            """)
        for row in online.rows { #expect(abs((row[2].number ?? -1) - expected[row[0].text ?? ""]!) < 1e-12) }
    }

    @Test func aShareOfARateIsRefused() throws {
        #expect(throws: EngineError.shareOfARate("win_rate")) {
            _ = try engine.execute(
                Plan(intent: .breakdown, metrics: ["win_rate", "share"], dimensions: ["region"], period: Self.october),
                asOf: Fixtures.asOf)
        }
    }
}
