import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// Every metric of METRICS.md against SQL written from its definition (`Oracle`), over the demo
/// company: breakdowns by several dimensions and time grains, the partial current month, and
/// earlier as-of dates (rows after them must be invisible).
@Suite struct MetricOracleTests {
    static let engine = Result { try MetricEngine(workspace: Fixtures.demo) }

    struct Case: CustomStringConvertible, Sendable {
        var dimensions: [String]
        var start: Day
        var end: Day
        var asOf: Day
        var description: String { "by \(dimensions) \(start)..\(end) as of \(asOf)" }
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Day { Day(year: year, month: month, day: day) }

    static let cases: [Case] = [
        Case(dimensions: ["region"], start: day(2026, 10, 1), end: day(2026, 10, 31), asOf: Fixtures.asOf),
        Case(dimensions: ["team", "month"], start: day(2026, 6, 1), end: day(2026, 10, 31), asOf: Fixtures.asOf),
        // The current month so far.
        Case(dimensions: ["rep"], start: day(2026, 11, 1), end: day(2026, 11, 22), asOf: Fixtures.asOf),
        // An earlier as-of date inside the period: the period ends there.
        Case(dimensions: [], start: day(2026, 6, 1), end: day(2026, 6, 30), asOf: day(2026, 6, 15)),
        Case(dimensions: ["region", "quarter"], start: day(2025, 7, 1), end: day(2026, 9, 30), asOf: day(2026, 8, 20)),
        Case(dimensions: ["segment", "month"], start: day(2026, 1, 1), end: day(2026, 3, 31), asOf: Fixtures.asOf),
        Case(dimensions: ["product"], start: day(2026, 9, 1), end: day(2026, 9, 30), asOf: Fixtures.asOf),
    ]

    /// Metrics whose value for a group without facts is 0 rather than NULL (sums and counts:
    /// METRICS.md, "Members without facts are not dropped").
    static let zeroWhenEmpty: Set<String> = [
        "revenue", "orders", "quantity", "gross_profit", "active_customers", "new_customers", "pipeline_value", "calls",
        "visits",
        "demos", "follow_ups",
    ]

    /// Every metric with an SQL definition in `Oracle`: stage conversion has its own tests, and
    /// share and the pace metrics theirs (ShareTests, PaceTests), from figures written out there.
    static let metrics = Catalog.metrics.map(\.id).filter {
        $0 != "stage_conversion" && !CatalogTests.additions.contains($0)
    }

    @Test(arguments: metrics)
    func metricMatchesItsSQLDefinition(_ metric: String) throws {
        let engine = try Self.engine.get()
        let entry = try #require(Catalog.metric(metric))
        var checked: [Case] = []
        for testCase in Self.cases where testCase.dimensions.allSatisfy(entry.allows) {
            let plan = Plan(
                intent: testCase.dimensions.isEmpty ? .value : .breakdown, metrics: [metric],
                dimensions: testCase.dimensions,
                period: Period(start: testCase.start, end: testCase.end, label: ""))
            let answer = try engine.execute(plan, asOf: testCase.asOf)
            let actual = Oracle.table(of: answer, metric: metric)
            let expected = try Oracle.table(
                metric, dimensions: testCase.dimensions, start: testCase.start, end: testCase.end, asOf: testCase.asOf,
                in: Fixtures.demo)
            Self.expectSame(
                actual, expected, zeroWhenEmpty: Self.zeroWhenEmpty.contains(metric), "\(metric) \(testCase)")
            checked.append(testCase)
        }
        // At least two kinds of breakdown, the partial month or an earlier as-of, and a grand total.
        #expect(checked.filter { !$0.dimensions.isEmpty }.count >= 2, "\(metric)")
        #expect(checked.contains { $0.asOf != Fixtures.asOf || $0.end == Fixtures.asOf }, "\(metric)")
    }

    @Test func theOracleSeesData() throws {
        // Guards the comparisons above against passing on empty tables.
        for metric in Self.metrics {
            let table = try Oracle.table(
                metric, dimensions: ["region"], start: Self.day(2026, 7, 1), end: Self.day(2026, 9, 30),
                asOf: Fixtures.asOf, in: Fixtures.demo)
            #expect(table.values.contains { ($0 ?? 0) != 0 }, "\(metric)")
        }
    }

    @Test func stageConversionMatchesItsSQLDefinition() throws {
        let engine = try Self.engine.get()
        for (dimensions, asOf) in [
            ([String](), Fixtures.asOf), (["team"], Fixtures.asOf), (["region"], Self.day(2026, 8, 31)),
        ] {
            let period = Period(start: Self.day(2026, 4, 1), end: Self.day(2026, 9, 30), label: "")
            let answer = try engine.execute(
                Plan(intent: .breakdown, metrics: ["stage_conversion"], dimensions: dimensions, period: period),
                asOf: asOf)
            #expect(answer.columns == dimensions + ["stage", "stage_conversion"])
            let end = min(period.end, asOf)
            let keys = dimensions.map { Oracle.Fact.opportunities.dimension($0) + ", " }.joined()
            let group =
                dimensions.isEmpty
                ? "" : "GROUP BY " + dimensions.map { Oracle.Fact.opportunities.dimension($0) }.joined(separator: ", ")
            // The furthest stage reached: a won deal every stage, unless it was won after the
            // as-of date (then it was still open, at negotiation at most); a lost deal its
            // lost_stage; an open deal its stage.
            let reach = """
                CASE x.stage WHEN 'won' THEN (CASE WHEN x.closed_date <= '\(asOf.iso)' THEN 4 ELSE 3 END)
                WHEN 'lost' THEN COALESCE(CASE x.lost_stage WHEN 'lead' THEN 0 WHEN 'qualified' THEN 1
                    WHEN 'proposal' THEN 2 WHEN 'negotiation' THEN 3 END, 0)
                WHEN 'lead' THEN 0 WHEN 'qualified' THEN 1 WHEN 'proposal' THEN 2 ELSE 3 END
                """
            let sql = """
                SELECT \(keys)SUM(r >= 0), SUM(r >= 1), SUM(r >= 2), SUM(r >= 3), SUM(r >= 4) FROM (
                    SELECT x.*, \(reach) AS r FROM opportunities x) x
                LEFT JOIN reps r ON r.id = x.rep_id LEFT JOIN customers c ON c.id = x.customer_id
                WHERE x.created_date BETWEEN '\(period.start.iso)' AND '\(end.iso)' \(group)
                """
            let expected = try Fixtures.demo.database.read { db in
                try Row.fetchAll(db, sql: sql).flatMap { row -> [[Cell]] in
                    let labels = dimensions.indices.map { Cell.text(row[$0] as String) }
                    let reached = (0..<5).map { row[dimensions.count + $0] as Double }
                    return ["lead", "qualified", "proposal", "negotiation"].enumerated().map { index, stage in
                        labels + [.text(stage), .number(reached[index + 1] / reached[index])]
                    }
                }
            }
            #expect(expected.count >= 4)
            let sortedActual = answer.rows.sorted { $0.description < $1.description }
            let sortedExpected = expected.sorted { $0.description < $1.description }
            #expect(sortedActual.count == sortedExpected.count)
            for (actual, wanted) in zip(sortedActual, sortedExpected) {
                #expect(actual.dropLast() == wanted.dropLast())
                #expect(Self.close(actual.last?.number, wanted.last?.number), "\(actual) vs \(wanted)")
            }
        }
    }

    @Test(arguments: [TimeGrain.day, .week, .month, .quarter, .year])
    func timeGrainsLabelTheirBuckets(_ grain: TimeGrain) throws {
        let engine = try Self.engine.get()
        let period = Period(start: Self.day(2025, 12, 15), end: Self.day(2026, 2, 10), label: "")
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: [grain.rawValue], period: period),
            asOf: Fixtures.asOf)
        // ISO weeks in SQL: the week's Thursday decides its year and number.
        let thursday = "date(o.date, printf('%+d days', 3 - (CAST(strftime('%w', o.date) AS INTEGER) + 6) % 7))"
        let label: String
        switch grain {
        case .day: label = "o.date"
        case .week:
            label =
                "strftime('%Y', \(thursday)) || '-W' || printf('%02d', (CAST(strftime('%j', \(thursday)) AS INTEGER) - 1) / 7 + 1)"
        case .month: label = "substr(o.date, 1, 7)"
        case .quarter: label = "substr(o.date, 1, 4) || '-Q' || ((CAST(substr(o.date, 6, 2) AS INTEGER) + 2) / 3)"
        case .year: label = "substr(o.date, 1, 4)"
        }
        let expected = try Oracle.run(
            "SELECT \(label), SUM(o.amount) FROM orders o WHERE o.date BETWEEN '2025-12-15' AND '2026-02-10' GROUP BY 1",
            1, Fixtures.demo)
        Self.expectSame(Oracle.table(of: answer, metric: "revenue"), expected, zeroWhenEmpty: true, "\(grain)")
        // Chronological without an order by.
        let labels = answer.rows.map { $0[0].text ?? "" }
        #expect(labels == labels.sorted())
        #expect(labels.count == expected.count)
    }

    @Test func rowsAfterTheAsOfDateAreInvisible() throws {
        let engine = try Self.engine.get()
        let june = Period(start: Self.day(2026, 6, 1), end: Self.day(2026, 6, 30), label: "2026-06")
        let early = try engine.execute(
            Plan(intent: .value, metrics: ["revenue", "orders"], period: june), asOf: Self.day(2026, 6, 15))
        let late = try engine.execute(
            Plan(intent: .value, metrics: ["revenue", "orders"], period: june), asOf: Fixtures.asOf)
        let firstHalf = try Oracle.run(
            "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2026-06-01' AND '2026-06-15'", 0, Fixtures.demo)
        #expect(Self.close(early.rows[0][0].number, firstHalf[[]] ?? nil))
        #expect(early.rows[0][0].number! < late.rows[0][0].number!)
        #expect(early.title.en == "Revenue and orders, 2026-06 (2026-06-01..2026-06-15)")
        // A deal closed after the as-of date was still open then.
        let pipeline = try engine.execute(
            Plan(intent: .value, metrics: ["pipeline_value"], period: june), asOf: Self.day(2026, 6, 15))
        let open = try Oracle.run(
            """
            SELECT SUM(amount) FROM opportunities WHERE created_date <= '2026-06-15'
              AND ((closed_date IS NULL AND stage NOT IN ('won', 'lost')) OR closed_date > '2026-06-15')
            """, 0, Fixtures.demo)
        #expect(Self.close(pipeline.rows[0][0].number, open[[]] ?? nil))
        let closedLater = try Oracle.run(
            "SELECT COUNT(*) FROM opportunities WHERE created_date <= '2026-06-15' AND closed_date > '2026-06-15'", 0,
            Fixtures.demo)
        #expect((closedLater[[]] ?? 0) ?? 0 > 0)
    }

    // MARK: - Comparing

    static func close(_ actual: Double?, _ expected: Double?) -> Bool {
        switch (actual, expected) {
        case (nil, nil): return true
        case (let a?, let b?): return a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
        default: return false
        }
    }

    static func expectSame(
        _ actual: Oracle.Table, _ expected: Oracle.Table, zeroWhenEmpty: Bool, _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for key in Set(actual.keys).union(expected.keys) {
            var got = actual[key] ?? nil
            var want = expected[key] ?? nil
            if zeroWhenEmpty {
                got = got ?? 0
                want = want ?? 0
            }
            #expect(
                close(got, want),
                "\(context) \(key): engine \(String(describing: got)), SQL \(String(describing: want))",
                sourceLocation: sourceLocation)
        }
    }
}
