import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// METRICS.md, "Members without facts are not dropped": breakdowns and ranks by rep, team,
/// region and product list every member on the books in P, by a time grain every cell of P,
/// against SQL that starts from the roster (LEFT JOIN … COALESCE) rather than from the facts.
@Suite struct PopulationTests {
    var engine: MetricEngine { get throws { try MetricOracleTests.engine.get() } }
    let asOf = Fixtures.asOf
    static let october = Period(
        start: Day(year: 2026, month: 10, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "2026-10")

    /// name → value, from SQL.
    func sql(_ query: String, _ arguments: StatementArguments = []) throws -> [String: Double] {
        try Fixtures.demo.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: query, arguments: arguments) {
                result[row[0] as String] = row[1] as Double
            }
            return result
        }
    }

    func answer(_ plan: Plan) throws -> [String: Double?] {
        var result: [String: Double?] = [:]
        for row in try engine.execute(plan, asOf: asOf).rows { result[row[0].text ?? ""] = row.last?.number }
        return result
    }

    /// The reps on the books in October: hired by its end, not gone before its start.
    static let roster = """
        SELECT r.name, COALESCE(SUM(o.amount), 0) FROM reps r
        LEFT JOIN orders o ON o.rep_id = r.id AND o.date BETWEEN '2026-10-01' AND '2026-10-31'
        WHERE (r.hire_date IS NULL OR r.hire_date <= '2026-10-31') AND (r.left_date IS NULL OR r.left_date >= '2026-10-01')
        GROUP BY r.id
        """

    @Test func everyRepOnTheBooksIsListedWithZeros() throws {
        let expected = try sql(Self.roster)
        let actual = try answer(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"], period: Self.october))
        #expect(Set(actual.keys) == Set(expected.keys))
        for (rep, value) in expected { #expect(abs(((actual[rep] ?? nil) ?? -1) - value) < 1e-6, "\(rep)") }
        #expect(expected.values.contains(0), "the demo has reps who sold nothing in October")
    }

    /// `bottom 5 rep by revenue in 2026-10` lists the reps with 0.
    @Test func bottomFiveFindsTheRepsWhoSoldNothing() throws {
        let expected = try sql(Self.roster)
        let plan = Plan(
            intent: .rank, metrics: ["revenue"], dimensions: ["rep"], period: Self.october, order: .ascending, limit: 5)
        let rows = try engine.execute(plan, asOf: asOf).rows
        let zeros = expected.values.filter { $0 == 0 }.count
        #expect(rows.count == 5)
        #expect(rows.prefix(min(5, zeros)).allSatisfy { $0.last?.number == 0 })
        let lowest = expected.values.sorted().prefix(5)
        #expect(rows.compactMap { $0.last?.number } == Array(lowest))
    }

    /// A ratio for a member without facts has no value (shown —), and the member is listed.
    @Test func aRatioWithoutADenominatorIsListedWithoutAValue() throws {
        let actual = try answer(
            Plan(intent: .breakdown, metrics: ["avg_order_value"], dimensions: ["rep"], period: Self.october))
        let zeros = try sql(Self.roster).filter { $0.value == 0 }.map(\.key)
        for rep in zeros {
            #expect(actual.keys.contains(rep), "\(rep)")
            #expect(actual[rep] == .some(nil), "\(rep)")
        }
    }

    /// One rep's calls by month: every month of P, the months without calls at 0.
    @Test func aSeriesHasEveryCellOfThePeriod() throws {
        let rep = try #require(
            try Fixtures.demo.database.read {
                try String.fetchOne($0, sql: "SELECT name FROM reps ORDER BY id LIMIT 1")
            })
        let period = Period(
            start: Day(year: 2025, month: 12, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "")
        let plan = Plan(
            intent: .breakdown, metrics: ["calls"], dimensions: ["month"],
            filters: [Filter(field: "rep", op: .equal, values: [.text(rep)])], period: period)
        let actual = try answer(plan)
        #expect(actual.count == 11)
        let expected = try sql(
            """
            SELECT substr(a.date, 1, 7), COUNT(*) * 1.0 FROM activities a JOIN reps r ON r.id = a.rep_id
            WHERE r.name = ? AND a.type = 'call' AND a.date BETWEEN '2025-12-01' AND '2026-10-31' GROUP BY 1
            """, [rep])
        for (month, value) in actual { #expect((value ?? -1) == (expected[month] ?? 0), "\(month)") }
    }

    /// Teams and regions of the reps on the books; a filter on a rep's region narrows the roster.
    @Test func teamsAndFilteredRosters() throws {
        let teams = try sql(
            "SELECT team, 0.0 FROM reps WHERE hire_date IS NULL OR hire_date <= '2026-10-31' GROUP BY team")
        let actual = try answer(
            Plan(intent: .breakdown, metrics: ["demos"], dimensions: ["team"], period: Self.october))
        #expect(Set(actual.keys) == Set(teams.keys))
        let east = try sql(
            "SELECT name, 0.0 FROM reps WHERE region = '华东' AND (hire_date IS NULL OR hire_date <= '2026-10-31')")
        let filtered = try answer(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"],
                filters: [Filter(field: "region", op: .equal, values: [.text("华东")])], period: Self.october))
        #expect(Set(filtered.keys) == Set(east.keys))
    }

    /// A rep who left before P, or was hired after it, is not on the books in P.
    @Test func repsOffTheBooksAreNotListed() throws {
        let path = Fixtures.newWorkspacePath()
        let workspace = try Workspace.open(at: path)
        try workspace.generateDemo(DemoOptions(orderLines: 3_000, seed: 2, asOf: asOf))
        let (gone, fresh) = try workspace.database.write { db -> (String, String) in
            let names = try String.fetchAll(db, sql: "SELECT name FROM reps ORDER BY id LIMIT 2")
            try db.execute(sql: "UPDATE reps SET left_date = '2026-09-30' WHERE name = ?", arguments: [names[0]])
            try db.execute(sql: "UPDATE reps SET hire_date = '2026-11-05' WHERE name = ?", arguments: [names[1]])
            // Neither sold anything in October, so only the roster could list them.
            try db.execute(
                sql:
                    "DELETE FROM orders WHERE rep_id IN (SELECT id FROM reps WHERE name IN (?, ?)) AND date LIKE '2026-10-%'",
                arguments: [names[0], names[1]])
            return (names[0], names[1])
        }
        let engine = try MetricEngine(workspace: workspace)
        let rows = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"], period: Self.october), asOf: asOf
        ).rows.map { $0[0].text ?? "" }
        #expect(!rows.contains(gone) && !rows.contains(fresh))
        #expect(rows.count > 10)
    }
}
