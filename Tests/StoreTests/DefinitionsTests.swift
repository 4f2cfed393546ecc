import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// Defined metrics, aliases and targets as the store keeps them.
@Suite struct DefinitionsTests {
    @Test func definitionsRoundTripAsJSON() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        #expect(try workspace.definedMetrics().isEmpty)
        let online = MetricDefinition(
            name: "online_revenue",
            expression: .metric("revenue", filters: [Filter(field: "channel", op: .equal, values: [.text("线上")])]))
        let ratio = MetricDefinition(
            name: "margin_per_order",
            expression: .binary(.divide, .metric("gross_profit", filters: []), .metric("orders", filters: [])))
        try workspace.save(online)
        try workspace.save(ratio)
        #expect(try workspace.definedMetrics() == [ratio, online])
        // Saving again replaces.
        let replaced = MetricDefinition(name: "online_revenue", expression: .number(1))
        try workspace.save(replaced)
        #expect(try workspace.definedMetrics() == [ratio, replaced])
        // The stored text is the expression's JSON, readable in any SQLite tool.
        let json = try workspace.database.read {
            try String.fetchOne($0, sql: "SELECT definition FROM metric_definitions WHERE name = 'margin_per_order'")
        }
        #expect(
            json
                == #"{"left":{"filters":[],"metric":"gross_profit"},"op":"/","right":{"filters":[],"metric":"orders"}}"#
        )
    }

    @Test func aliasesRoundTrip() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.saveAlias(AliasDefinition(name: "业绩", target: "revenue"))
        try workspace.saveAlias(AliasDefinition(name: "业绩", target: "gross_profit"))
        try workspace.saveAlias(AliasDefinition(name: "片区", target: "region"))
        #expect(try workspace.aliases() == ["业绩": "gross_profit", "片区": "region"])
    }

    @Test func setTargetReplacesTheSameScopeAndPeriod() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        let december = Period(
            start: Day(year: 2026, month: 12, day: 1), end: Day(year: 2026, month: 12, day: 31), label: "2026-12")
        try workspace.setTarget(metric: "revenue", scope: .team, scopeValue: "华东一组", period: december, value: 1_000_000)
        try workspace.setTarget(metric: "revenue", scope: .team, scopeValue: "华东一组", period: december, value: 1_200_000)
        try workspace.setTarget(
            metric: "revenue", scope: .company, scopeValue: "ignored", period: december, value: 9_000_000)
        let rows = try workspace.database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT scope, scope_value, period_start, period_end, value FROM targets ORDER BY id"
            )
            .map {
                "\($0[0] as String)|\(($0[1] as String?) ?? "-")|\($0[2] as String)|\($0[3] as String)|\($0[4] as Double)"
            }
        }
        #expect(rows == ["team|华东一组|2026-12-01|2026-12-31|1200000.0", "company|-|2026-12-01|2026-12-31|9000000.0"])
    }

    @Test func schemaVersionIsSix() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        #expect(Workspace.schemaVersion == 6)
        #expect(try workspace.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 6)
    }
}
