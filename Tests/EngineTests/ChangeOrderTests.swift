import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// 哪个区域增长最快: a comparison ordered by the change (`order by revenue_change desc`) ranks
/// members by growth, not by size, against the same growth computed in SQL.
@Suite struct ChangeOrderTests {
    var engine: MetricEngine { get throws { try MetricOracleTests.engine.get() } }

    func revenueByRegion(_ month: String) throws -> [String: Double] {
        try Fixtures.demo.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT region, SUM(amount) FROM orders WHERE date LIKE ? GROUP BY region", arguments: [month + "-%"])
            {
                result[row[0] as String] = row[1] as Double
            }
            return result
        }
    }

    @Test(arguments: [Model.SortOrder.descending, .ascending])
    func membersComeInTheOrderOfTheirGrowth(_ order: Model.SortOrder) throws {
        var plan = Plan(
            intent: .compare, metrics: ["revenue"], dimensions: ["region"],
            period: Period(start: Day(year: 2026, month: 10, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "2026-10"))
        plan.compareTo = Period(
            start: Day(year: 2026, month: 9, day: 1), end: Day(year: 2026, month: 9, day: 30), label: "2026-09")
        plan.orderBy = "revenue_change"
        plan.order = order
        plan.limit = 3
        let answer = try engine.execute(plan, asOf: Fixtures.asOf)
        let october = try revenueByRegion("2026-10")
        let september = try revenueByRegion("2026-09")
        var growth: [(region: String, change: Double)] = october.keys.map { region in
            (region, october[region]! / september[region]! - 1)
        }
        let descending = order == .descending
        growth.sort { descending ? $0.change > $1.change : $0.change < $1.change }
        #expect(answer.rows.map { $0[0].text ?? "" } == growth.prefix(3).map(\.region))
        let change = answer.columns.firstIndex(of: "revenue_change")!
        for (row, expected) in zip(answer.rows, growth) { #expect(abs((row[change].number ?? .nan) - expected.change) < 1e-12) }
        // By size the order differs: growth is not revenue.
        let bySize = october.sorted { $0.value > $1.value }.map(\.key)
        #expect(growth.map(\.region) != bySize)
    }
}
