import Foundation
import GRDB
import Model
import Shell
import Store
import TestSupport
import Testing

/// Issue 17, item 5: a session that stays open (the REPL, a script) answers from the workspace
/// as it is now. It kept the old revenue after another SQLite client's insert and the old target
/// after another kpish set one.
@Suite struct OutsideWriteTests {
    /// The answer's one number, from CSV.
    static func number(_ session: Session, _ line: String) throws -> Double {
        let output = try session.answer(line, format: .csv)
        #expect(output.status == 0, "\(output.error)")
        return try #require(Double(output.output.split(separator: "\n").last ?? ""))
    }

    @Test func anInsertByAnotherClientIsSeenByTheNextAnswer() throws {
        let workspace = try Fixtures.demoWorkspace(orderLines: 1500, seed: 6)
        let session = Session(workspace: workspace, asOf: Fixtures.asOf, lang: .en)
        let before = try Self.number(session, "revenue in 2026-10")
        // Another client, on a connection of its own.
        let other = try DatabaseQueue(path: workspace.path)
        try other.write { db in
            try db.execute(sql: "INSERT INTO orders (date, amount, region) VALUES ('2026-10-15', 1234.5, '华东')")
        }
        let expected = try other.read { db in
            try Double.fetchOne(db, sql: "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2026-10-01' AND '2026-10-31'")
        }
        let after = try Self.number(session, "revenue in 2026-10")
        #expect(abs(after - before - 1234.5) < 1e-6)
        #expect(abs(after - (expected ?? 0)) < 1e-6)
    }

    @Test func aTargetSetByAnotherSessionIsSeenByTheNextAnswer() throws {
        let workspace = try Fixtures.demoWorkspace(orderLines: 1500, seed: 6)
        let session = Session(workspace: workspace, asOf: Fixtures.asOf, lang: .en)
        _ = try session.answer("target in 2026-12", format: .csv)
        // Another kpish on the same file.
        let elsewhere = Session(workspace: try Workspace.open(at: workspace.path), asOf: Fixtures.asOf, lang: .en)
        #expect(try elsewhere.answer("set target revenue 7654321 in 2026-12", format: .csv).status == 0)
        #expect(try Self.number(session, "target in 2026-12") == 7_654_321)
    }
}
