@testable import Engine
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

    /// Revenue, orders and lines by region in October, as SQL computes them from the workspace.
    func expectedFromSQL(_ workspace: Workspace) throws -> [String: [Double]] {
        try DatabaseQueue(path: workspace.path).read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT region, SUM(amount) AS revenue,
                        COUNT(DISTINCT order_no) + SUM(order_no IS NULL) AS orders FROM orders
                    WHERE date BETWEEN '2026-10-01' AND '2026-10-31' AND region IS NOT NULL GROUP BY region
                    """)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["region"] as String, [$0["revenue"], $0["orders"]]) })
        }
    }

    /// The answer's revenue and orders by region.
    func figures(_ answer: Answer) -> [String: [Double]] {
        Dictionary(
            uniqueKeysWithValues: answer.rows.compactMap { row -> (String, [Double])? in
                guard case .text(let region) = row[0], let revenue = row[1].number, let orders = row[2].number else {
                    return nil
                }
                return (region, [revenue, orders])
            })
    }

    func expectAgree(_ answer: Answer, _ expected: [String: [Double]]) {
        let figures = figures(answer)
        #expect(Set(figures.keys) == Set(expected.keys))
        for (region, values) in expected {
            let got = figures[region] ?? []
            #expect(got.count == 2 && abs(got[0] - values[0]) < 1e-6 && got[1] == values[1], "\(region)")
        }
    }

    @Test func aWriteByAnotherSQLiteClientIsSeen() throws {
        let workspace = try StatementTests.workspace()
        _ = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        try DatabaseQueue(path: workspace.path).write { db in
            try db.execute(sql: "UPDATE orders SET amount = amount * 2 WHERE region = '华南'")
            try db.execute(sql: "DELETE FROM orders WHERE region = '西南' AND date >= '2026-10-15'")
        }
        expectAgree(try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf), try expectedFromSQL(workspace))
    }

    @Test(arguments: [0.02, 0.5, 0.99])
    func aTruncatedSnapshotIsRebuilt(keeping share: Double) throws {
        let workspace = try StatementTests.workspace()
        _ = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        let snapshot = URL(fileURLWithPath: workspace.path + "-columns")
        let bytes = try Data(contentsOf: snapshot)
        try bytes.prefix(Int(Double(bytes.count) * share)).write(to: snapshot)
        expectAgree(try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf), try expectedFromSQL(workspace))
        #expect(try Data(contentsOf: snapshot).count == bytes.count)
    }

    @Test func aSnapshotOfGarbageIsRebuilt() throws {
        let workspace = try StatementTests.workspace()
        _ = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        let snapshot = URL(fileURLWithPath: workspace.path + "-columns")
        let size = try Data(contentsOf: snapshot).count
        var generator = SystemRandomNumberGenerator()
        // Garbage throughout, then garbage after a header that is right.
        let header = try Data(contentsOf: snapshot).prefix(48)
        for garbage in [Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }),
            header + Data((48..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })]
        {
            try garbage.write(to: snapshot)
            expectAgree(
                try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf), try expectedFromSQL(workspace))
        }
    }

    /// Damage inside a column (the header intact) is found by the column's checksum when a
    /// query reads it: the answer is computed again from SQLite, and the snapshot rewritten.
    /// Each column is damaged in turn; those the plan reads must be found, and none may change
    /// the answer.
    @Test func flippedBytesInAColumnAreFoundAndRepaired() throws {
        let workspace = try StatementTests.workspace()
        let expected = try expectedFromSQL(workspace)
        _ = try MetricEngine(workspace: workspace).execute(plan, asOf: Fixtures.asOf)
        let snapshot = URL(fileURLWithPath: workspace.path + "-columns")
        let intact = try Data(contentsOf: snapshot)
        let token = try #require(workspace.changeToken())
        let ranges = ColumnSnapshot.columnRanges(snapshot.path, token: token).filter { $0.count >= 4 }
        #expect(ranges.count > 40)
        var generator = SystemRandomNumberGenerator()
        var repaired = 0
        for range in ranges {
            var damaged = intact
            let at = Int.random(in: range.lowerBound...(range.upperBound - 4), using: &generator)
            for offset in 0..<4 { damaged[at + offset] ^= UInt8.random(in: 1...255, using: &generator) }
            // Written in place: the workspace's key is the database's size and time, so only the
            // checksums can tell.
            try damaged.write(to: snapshot)
            let engine = try MetricEngine(workspace: workspace)
            expectAgree(try engine.execute(plan, asOf: Fixtures.asOf), expected)
            // A second query on the same engine reads the repaired columns.
            expectAgree(try engine.execute(plan, asOf: Fixtures.asOf), expected)
            if try Data(contentsOf: snapshot) == intact { repaired += 1 }
            try intact.write(to: snapshot)
        }
        // The plan reads at least the orders' dates, regions, amounts and order numbers and the
        // surveys' dates, regions and scores.
        #expect(repaired >= 7)
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
