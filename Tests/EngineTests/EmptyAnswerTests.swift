import Engine
import Foundation
import Model
import Store
import TestSupport
import Testing

/// An answer with nothing to show says why and what to do: a period the data does not reach
/// gives the span it covers (and an as-of date to try); no targets, or no facts of a kind at
/// all, say how to add them.
@Suite struct EmptyAnswerTests {
    var demo: MetricEngine { get throws { try MetricOracleTests.engine.get() } }

    func notes(_ engine: MetricEngine, _ plan: Plan, asOf: Day = Fixtures.asOf) throws -> [String] {
        try engine.execute(plan, asOf: asOf).notes.map(\.en)
    }

    @Test func aPeriodBeforeTheDataGivesTheSpanItCovers() throws {
        let first = try #require(
            try Fixtures.demo.database.read { try String.fetchOne($0, sql: "SELECT MIN(date) FROM orders") })
        let january = Period(
            start: Day(year: 2020, month: 1, day: 1), end: Day(year: 2020, month: 1, day: 31), label: "2020-01")
        let found = try notes(
            try demo, Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: january))
        #expect(found.contains("no orders in 2020-01; the data covers \(first)..2026-11-22."), "\(found)")
    }

    /// A workspace whose data ends in 2017, asked about this month: try --as-of the last day.
    @Test func dataThatEndsEarlierSuggestsAnAsOfDate() throws {
        let engine = try CRMImportTests.engine.get()
        let november = Period(start: Day(year: 2026, month: 11, day: 1), end: Fixtures.asOf, label: "this month")
        let last = try #require(
            try CRMImportTests.imported.get().workspace.database.read {
                try String.fetchOne($0, sql: "SELECT MAX(closed_date) FROM opportunities")
            })
        let found = try notes(engine, Plan(intent: .value, metrics: ["win_rate"], period: november))
        #expect(
            found.contains {
                $0.hasPrefix("no closed opportunities in this month; the data covers")
                    && $0.hasSuffix("(try --as-of \(last)).")
            }, "\(found)")
        // No orders and no targets at all: how to add them.
        let attainment = try notes(engine, Plan(intent: .value, metrics: ["attainment"], period: november))
        #expect(
            attainment.contains {
                $0.hasPrefix("no targets yet: set target, kpish coach smart, or import a target sheet")
            })
        #expect(attainment.contains { $0.hasPrefix("the workspace has no orders yet") })
    }

    @Test func anAnswerWithDataSaysNothingOfTheSort() throws {
        let october = Period(
            start: Day(year: 2026, month: 10, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "2026-10")
        let found = try notes(
            try demo,
            Plan(
                intent: .breakdown, metrics: ["revenue", "attainment", "win_rate"], dimensions: ["region"],
                period: october))
        #expect(found.isEmpty, "\(found)")
    }
}
