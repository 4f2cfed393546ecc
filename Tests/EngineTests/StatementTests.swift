import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// `define metric`, `alias` and `set target` round trips, each on a fresh small demo workspace
/// (the shared fixture stays read-only).
@Suite struct StatementTests {
    static let asOf = Fixtures.asOf
    static let october = QueryTests.month(2026, 10)

    /// A small demo company of its own.
    static func workspace() throws -> Workspace {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.generateDemo(DemoOptions(orderLines: 3_000, seed: 7, asOf: asOf))
        return workspace
    }

    static func values(_ answer: Answer, _ column: String) -> [String: Double?] {
        let index = answer.columns.firstIndex(of: column)!
        return Dictionary(uniqueKeysWithValues: answer.rows.map { ($0[0].text ?? "", $0[index].number) })
    }

    @Test func aFilteredMetricBehavesLikeItsBaseWithTheFilter() throws {
        let workspace = try Self.workspace()
        let engine = try MetricEngine(workspace: workspace)
        let online = MetricDefinition(
            name: "online_revenue",
            expression: .metric("revenue", filters: [Filter(field: "channel", op: .equal, values: [.text("线上")])]))
        let defined = try engine.execute(Plan(intent: .define, definition: online), asOf: Self.asOf)
        #expect(defined.rows == [[.text("online_revenue"), .text("revenue where channel = \"线上\"")]])

        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: ["online_revenue"], dimensions: ["region"], period: Self.october),
            asOf: Self.asOf)
        let filtered = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["region"],
                filters: [Filter(field: "channel", op: .equal, values: [.text("线上")])], period: Self.october),
            asOf: Self.asOf)
        #expect(Self.values(answer, "online_revenue") == Self.values(filtered, "revenue"))
        #expect(answer.rows.count >= 5)

        // Stored: a new engine on the workspace knows it, and lists it.
        let reopened = try MetricEngine(workspace: try Workspace.open(at: workspace.path))
        #expect(reopened.vocabulary().metric(named: "online_revenue") == "online_revenue")
        let listed = try reopened.execute(Plan(intent: .show, show: "metrics"), asOf: Self.asOf)
        #expect(listed.rows.last?[0] == .text("online_revenue"))
        #expect(listed.rows.last?[3] == .text("money"))
        #expect(try workspace.definedMetrics() == [online])
    }

    @Test func anArithmeticMetricIsComputedPerGroup() throws {
        let workspace = try Self.workspace()
        let engine = try MetricEngine(workspace: workspace)
        let margin = MetricDefinition(
            name: "margin_per_order",
            expression: .binary(.divide, .metric("gross_profit", filters: []), .metric("orders", filters: [])))
        _ = try engine.execute(Plan(intent: .define, definition: margin), asOf: Self.asOf)
        let answer = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["margin_per_order", "gross_profit", "orders"], dimensions: ["region"],
                period: Self.october), asOf: Self.asOf)
        for row in answer.rows {
            #expect(MetricOracleTests.close(row[1].number, row[2].number! / row[3].number!))
        }
        // Defined metrics compare and rank like built-ins; an arithmetic one changes relatively.
        let compared = try engine.execute(
            Plan(
                intent: .compare, metrics: ["margin_per_order"], dimensions: ["region"], period: Self.october,
                compareTo: QueryTests.month(2026, 9)), asOf: Self.asOf)
        for row in compared.rows where row[2].number != nil {
            #expect(MetricOracleTests.close(row[3].number, row[1].number! / row[2].number! - 1))
        }
        // A definition that refers to itself is refused.
        let loop = MetricDefinition(
            name: "margin_per_order", expression: .binary(.add, .metric("margin_per_order", filters: []), .number(1)))
        #expect(throws: EngineError.circularDefinition("margin_per_order")) {
            try engine.execute(Plan(intent: .define, definition: loop), asOf: Self.asOf)
        }
    }

    @Test func definitionsAreCheckedAgainstTheirFacts() throws {
        let engine = try MetricEngine(workspace: try Self.workspace())
        let csatByProduct = MetricDefinition(
            name: "erp_csat",
            expression: .metric("csat", filters: [Filter(field: "product", op: .equal, values: [.text("企业版ERP")])]))
        #expect(throws: EngineError.self) {
            try engine.execute(Plan(intent: .define, definition: csatByProduct), asOf: Self.asOf)
        }
        #expect(throws: EngineError.nameTaken("revenue")) {
            try engine.execute(
                Plan(intent: .define, definition: MetricDefinition(name: "revenue", expression: .number(1))),
                asOf: Self.asOf)
        }
        // Cut by a dimension one operand lacks: an error naming the defined metric.
        let perCall = MetricDefinition(
            name: "revenue_per_call",
            expression: .binary(.divide, .metric("revenue", filters: []), .metric("calls", filters: [])))
        _ = try engine.execute(Plan(intent: .define, definition: perCall), asOf: Self.asOf)
        let error = #expect(throws: EngineError.self) {
            try engine.execute(
                Plan(intent: .breakdown, metrics: ["revenue_per_call"], dimensions: ["product"], period: Self.october),
                asOf: Self.asOf)
        }
        #expect(
            error?.message.en
                == "revenue_per_call (revenue_per_call) cannot be cut by product: activities carry no product")
    }

    @Test func anAliasNamesAMetricOrADimension() throws {
        let workspace = try Self.workspace()
        let engine = try MetricEngine(workspace: workspace)
        let added = try engine.execute(
            Plan(intent: .alias, alias: AliasDefinition(name: "业绩", target: "revenue")), asOf: Self.asOf)
        #expect(added.rows == [[.text("业绩"), .text("revenue")]])
        _ = try engine.execute(
            Plan(intent: .alias, alias: AliasDefinition(name: "片区", target: "region")), asOf: Self.asOf)
        let viaAlias = try engine.execute(
            Plan(intent: .breakdown, metrics: ["业绩"], dimensions: ["片区"], period: Self.october), asOf: Self.asOf)
        let direct = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: Self.october),
            asOf: Self.asOf)
        #expect(viaAlias.rows == direct.rows)
        #expect(engine.vocabulary().metric(named: "业绩") == "revenue")
        #expect(engine.vocabulary().dimension(named: "片区") == "region")
        let listed = try engine.execute(Plan(intent: .show, show: "aliases"), asOf: Self.asOf)
        #expect(
            listed.rows
                == [[.text("业绩"), .text("revenue")], [.text("片区"), .text("region")]].sorted {
                    $0[0].text! < $1[0].text!
                })
        #expect(try workspace.aliases() == ["业绩": "revenue", "片区": "region"])
        #expect(throws: EngineError.unknownMetric("nothing")) {
            try engine.execute(
                Plan(intent: .alias, alias: AliasDefinition(name: "x", target: "nothing")), asOf: Self.asOf)
        }
    }

    @Test func setTargetReplacesTheScopesTargetForThePeriod() throws {
        let workspace = try Self.workspace()
        let engine = try MetricEngine(workspace: workspace)
        let team = "华东一组"
        let plan = Plan(
            intent: .target, metrics: ["revenue"], filters: [Filter(field: "team", op: .equal, values: [.text(team)])],
            period: Self.october, value: 1_200_000)
        let answer = try engine.execute(plan, asOf: Self.asOf)
        #expect(answer.columns == ["metric", "scope", "scope_value", "period_start", "period_end", "value"])
        #expect(
            answer.rows == [
                [
                    .text("revenue"), .text("team"), .text(team), .text("2026-10-01"), .text("2026-10-31"),
                    .number(1_200_000),
                ]
            ])
        // Setting twice does not add up.
        _ = try engine.execute(plan, asOf: Self.asOf)
        let target = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["target", "attainment", "revenue"], dimensions: ["team"],
                period: Self.october),
            asOf: Self.asOf)
        let row = try #require(target.rows.first { $0[0] == .text(team) })
        #expect(row[1] == .number(1_200_000))
        #expect(MetricOracleTests.close(row[2].number, row[3].number! / 1_200_000))
        let shown = try engine.execute(Plan(intent: .show, period: Self.october, show: "targets"), asOf: Self.asOf)
        #expect(shown.rows.filter { $0[1] == .text(team) }.map { $0[5] } == [.number(1_200_000)])

        // A company target, in the future: stored as given.
        let december = QueryTests.month(2026, 12)
        _ = try engine.execute(
            Plan(intent: .target, metrics: ["revenue"], period: december, value: 9_000_000), asOf: Self.asOf)
        let stored = try workspace.database.read {
            try Double.fetchAll(
                $0, sql: "SELECT value FROM targets WHERE scope = 'company' AND period_start = '2026-12-01'")
        }
        #expect(stored == [9_000_000])

        #expect(throws: EngineError.unknownMember(dimension: "team", value: "火星组")) {
            try engine.execute(
                Plan(
                    intent: .target, metrics: ["revenue"],
                    filters: [Filter(field: "team", op: .equal, values: [.text("火星组")])],
                    period: Self.october, value: 1), asOf: Self.asOf)
        }
        #expect(throws: EngineError.self) {
            try engine.execute(Plan(intent: .target, metrics: ["revenue"], period: Self.october), asOf: Self.asOf)
        }
    }

    @Test func withoutItsOwnTargetAScopeSumsItsReps() throws {
        let workspace = try Self.workspace()
        try workspace.database.write { try $0.execute(sql: "DELETE FROM targets WHERE scope <> 'rep'") }
        let engine = try MetricEngine(workspace: workspace)
        let repTargets = try workspace.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.team, SUM(t.value) FROM targets t JOIN reps r ON r.name = t.scope_value
                    WHERE t.period_start = '2026-10-01' GROUP BY r.team
                    """
            ).map { ($0[0] as String, $0[1] as Double) }
        }
        let byTeam = try engine.execute(
            Plan(intent: .breakdown, metrics: ["target"], dimensions: ["team"], period: Self.october), asOf: Self.asOf)
        #expect(
            Dictionary(uniqueKeysWithValues: byTeam.rows.map { ($0[0].text!, $0[1].number!) })
                == Dictionary(uniqueKeysWithValues: repTargets))
        let company = try engine.execute(
            Plan(intent: .value, metrics: ["target"], period: Self.october), asOf: Self.asOf)
        #expect(company.rows[0][0].number == repTargets.map(\.1).reduce(0, +))
    }
}
