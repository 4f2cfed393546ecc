import Engine
import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// The chance beside pace against target: P(month end ≥ target) for the run rate, with the
/// spread of the last six months' revenue, worked again here from SQL.
@Suite struct ProgressTests {
    var analyst: Analyst { get throws { try AnalysisFixtures.analyst.get() } }
    static let metrics = [
        "revenue", "target", "attainment", "time_progress", "pace", "target_gap", "needed_per_day", "projected_end",
    ]

    @Test func theCompanysChanceThisMonth() throws {
        let thisMonth = Period(start: Day(year: 2026, month: 11, day: 1), end: Fixtures.asOf, label: "this month")
        let answer = try analyst.execute(
            Plan(intent: .value, metrics: Self.metrics, period: thisMonth), asOf: Fixtures.asOf)
        #expect(answer.columns.last == "chance")
        let row = try #require(answer.rows.first)
        let monthly = try AnalysisFixtures.sql(
            "SELECT substr(date, 1, 7), SUM(amount) FROM orders WHERE date BETWEEN '2026-05-01' AND '2026-10-31' GROUP BY 1"
        )
        #expect(monthly.count == 6)
        let values = Array(monthly.values)
        let mean = values.reduce(0, +) / 6
        let sigma = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 5).squareRoot()
        let (target, projected) = (row[1].number!, row[7].number!)
        let deviation = sigma * (1 - 22.0 / 30.0)
        let expected = 1 - 0.5 * erfc(-((target - projected) / deviation) / 2.0.squareRoot())
        #expect(abs((row.last?.number ?? -1) - expected) < 1e-9)
        #expect(answer.notes.contains { $0.en.hasPrefix("projected = revenue so far / time progress") })
    }

    @Test func everyRegionHasItsChance() throws {
        let thisMonth = Period(start: Day(year: 2026, month: 11, day: 1), end: Fixtures.asOf, label: "this month")
        let answer = try analyst.execute(
            Plan(intent: .breakdown, metrics: Self.metrics, dimensions: ["region"], period: thisMonth),
            asOf: Fixtures.asOf)
        #expect(answer.rows.count == 7)
        for row in answer.rows {
            let chance = try #require(row.last?.number)
            #expect(chance >= 0 && chance <= 1)
        }
        // A region already past its target is at least even odds (its run rate is above it).
        for row in answer.rows where (row[1].number ?? 0) >= (row[2].number ?? .infinity) {
            #expect(row.last?.number ?? 0 >= 0.5)
        }
    }
}
