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

    @Test func schemaVersionIsSeven() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        #expect(Workspace.schemaVersion == 7)
        #expect(try workspace.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 7)
    }

    /// Migration 7 rebuilds `activities` with its check as comparisons: the rows of a version 6
    /// workspace survive it, and a type outside METRICS.md's list is still refused.
    @Test func activityTypesStayCheckedAfterTheRebuild() throws {
        let path = Fixtures.newWorkspacePath()
        // A version 6 workspace: its activities table as version 6 made it, with rows in it.
        try Workspace.open(at: path).database.writeWithoutTransaction { db in
            try db.execute(sql: """
                DROP TABLE activities;
                CREATE TABLE activities (
                    id INTEGER PRIMARY KEY,
                    date TEXT NOT NULL,
                    rep_id INTEGER REFERENCES reps(id),
                    customer_id INTEGER REFERENCES customers(id),
                    type TEXT NOT NULL CHECK (type IN ('call', 'visit', 'demo', 'follow_up', 'email')),
                    import_id INTEGER REFERENCES imports(id),
                    import_key TEXT);
                INSERT INTO reps(id, name, team, region, hire_date) VALUES (1, '张伟', '华东一组', '华东', '2024-01-01');
                INSERT INTO activities(id, date, rep_id, type, import_key) VALUES
                    (1, '2026-10-01', 1, 'visit', 'a'), (2, '2026-10-02', 1, 'follow_up', NULL);
                DELETE FROM grdb_migrations WHERE identifier LIKE 'v7%';
                PRAGMA user_version = 6;
                """)
        }
        let workspace = try Workspace.open(at: path)
        let rows = try workspace.database.read {
            try Row.fetchAll($0, sql: "SELECT id, date, rep_id, type, import_key FROM activities ORDER BY id")
                .map { "\($0[0] as Int)|\($0[1] as String)|\($0[2] as Int)|\($0[3] as String)|\(($0[4] as String?) ?? "-")" }
        }
        #expect(rows == ["1|2026-10-01|1|visit|a", "2|2026-10-02|1|follow_up|-"])
        #expect(try workspace.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 7)
        for good in ["call", "visit", "demo", "follow_up", "email"] {
            try workspace.database.write { db in
                try db.execute(sql: "INSERT INTO activities(date, rep_id, type) VALUES ('2026-10-03', 1, ?)", arguments: [good])
            }
        }
        for bad in ["meeting", "Call", "", "call "] {
            #expect(throws: DatabaseError.self) {
                try workspace.database.write { db in
                    try db.execute(sql: "INSERT INTO activities(date, rep_id, type) VALUES ('2026-10-03', 1, ?)", arguments: [bad])
                }
            }
        }
    }
}
