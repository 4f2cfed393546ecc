import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// The column snapshot beside the workspace: written on first open, read on the next, and
/// never trusted once the workspace has changed.
@Suite struct ColumnSnapshotTests {
    let october = QueryTests.month(2026, 10)
    let plan = Plan(
        intent: .breakdown, metrics: ["revenue", "orders", "csat"], dimensions: ["region"],
        period: QueryTests.month(2026, 10))

    @Test func theSnapshotIsWrittenPrivateAndGivesTheSameAnswers() throws {
        let workspace = try StatementTests.workspace()
        let first = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        let snapshot = workspace.path + "-columns"
        #expect(FileManager.default.fileExists(atPath: snapshot))
        let mode = try FileManager.default.attributesOfItem(atPath: snapshot)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let second = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        #expect(second == first)
        #expect(first.rows.count == 7)
    }

    @Test func aWriteToTheWorkspaceInvalidatesTheSnapshot() throws {
        let workspace = try StatementTests.workspace()
        let before = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        try workspace.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO orders(order_no, date, customer_id, rep_id, product_id, region, channel, quantity, amount, cost)
                    VALUES ('NEW-1', '2026-10-15', 1, 1, 1, '华东', '直销', 1, 1000000, 1)
                    """)
        }
        let after = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        let revenue = { (answer: Answer) in
            answer.rows.first { $0[0] == .text("华东") }?[1].number ?? 0
        }
        #expect(abs(revenue(after) - revenue(before) - 1_000_000) < 1e-6)
    }

    @Test func aDamagedSnapshotIsIgnored() throws {
        let workspace = try StatementTests.workspace()
        let expected = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        let snapshot = workspace.path + "-columns"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: snapshot))
        #expect(try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf) == expected)
    }
}
