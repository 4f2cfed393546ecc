import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

@Suite struct WorkspaceTests {
    /// METRICS.md's schema, column for column, plus the columns kpish adds.
    static let expectedColumns: [String: [String]] = [
        "reps": ["id", "name", "team", "region", "hire_date", "left_date"],
        "customers": ["id", "name", "region", "segment", "industry", "created_date"],
        "products": ["id", "name", "category", "unit_price"],
        "orders": [
            "id", "order_no", "date", "customer_id", "rep_id", "product_id", "region", "channel", "quantity",
            "amount", "cost", "opportunity_id", "import_id", "fingerprint",
        ],
        "opportunities": [
            "id", "customer_id", "rep_id", "product_id", "stage", "created_date", "closed_date", "amount",
            "lost_stage", "external_id", "import_id", "import_key",
        ],
        "activities": ["id", "date", "rep_id", "customer_id", "type", "import_id", "import_key"],
        "surveys": ["id", "date", "customer_id", "rep_id", "score", "complaint", "import_id", "import_key"],
        "reviews": ["id", "period", "rep_id", "reviewer_id", "kind", "score", "import_id", "import_key"],
        "targets": [
            "id", "metric", "scope", "scope_value", "period_start", "period_end", "value", "import_id", "import_key",
        ],
        "pipeline_stages": ["position", "name"],
        "imports": [
            "id", "file", "target_table", "encoding", "mapping", "rows_read", "rows_imported", "started_at",
            "finished_at", "status", "message", "rows_duplicate", "rows_existing", "rows_rejected", "date_order",
        ],
        "metric_definitions": ["name", "definition", "created_at"],
        "aliases": ["name", "target"],
        "scorecard_plans": ["name", "items", "individual_weight", "team_weight", "created_at"],
        "coach_progress": ["flow", "step", "answers", "updated_at"],
        "coach_reviews": ["id", "team", "period", "kind", "summary", "notes", "created_at"],
    ]

    /// Tables keyed by something other than an integer id.
    static let namedKeys: [String: String] = [
        "metric_definitions": "name", "aliases": "name", "scorecard_plans": "name", "coach_progress": "flow",
        "pipeline_stages": "position",
    ]

    @Test func schemaMatchesMetricsColumnForColumn() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.database.read { db in
            let tables = try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' AND name NOT LIKE 'sqlite%'"
            )
            #expect(Set(tables) == Set(Self.expectedColumns.keys))
            for (table, columns) in Self.expectedColumns {
                let actual = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                #expect(actual == columns, "table \(table)")
            }
            // Primary keys are the integer ids, except for the tables keyed by name.
            for table in Self.expectedColumns.keys {
                let keys = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").filter { ($0["pk"] as Int) > 0 }
                #expect(keys.map { $0["name"] as String } == [Self.namedKeys[table] ?? "id"], "table \(table)")
            }
        }
    }

    @Test func newWorkspaceIsPrivateAndUsesWAL() throws {
        let path = Fixtures.newWorkspacePath()
        let workspace = try Workspace.open(at: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        let journal = try workspace.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let foreignKeys = try workspace.database.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
    }

    @Test func demoWorkspaceStaysPrivate() throws {
        let path = Fixtures.demo.path
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as! Int
            #expect(mode == 0o600, "\(file)")
        }
    }

    @Test func reopeningKeepsTheData() throws {
        let path = Fixtures.newWorkspacePath()
        do {
            let workspace = try Workspace.open(at: path)
            try workspace.database.write { try $0.execute(sql: "INSERT INTO products(name) VALUES ('打印纸')") }
        }
        let again = try Workspace.open(at: path)
        #expect(try again.database.read { try String.fetchOne($0, sql: "SELECT name FROM products") } == "打印纸")
    }

    @Test func textFileIsNotAWorkspaceAndIsLeftUntouched() throws {
        let path = Fixtures.temporaryDirectory() + "/notes.db"
        let content = Data("区域,销售额\n华东,100\n".utf8)
        try content.write(to: URL(fileURLWithPath: path))
        let before = try snapshot(path)
        #expect(throws: WorkspaceError.notAWorkspace(path: path, reason: .notSQLite)) {
            try Workspace.open(at: path)
        }
        #expect(try snapshot(path) == before)
    }

    @Test func otherProgramsDatabaseIsNotAWorkspaceAndIsLeftUntouched() throws {
        let path = Fixtures.temporaryDirectory() + "/other.sqlite"
        do {
            let other = try DatabaseQueue(path: path)
            try other.write { try $0.execute(sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)") }
        }
        let before = try snapshot(path)
        #expect(throws: WorkspaceError.notAWorkspace(path: path, reason: .foreignDatabase)) {
            try Workspace.open(at: path)
        }
        #expect(try snapshot(path) == before)
    }

    @Test func newerSchemaIsRefusedAndLeftUntouched() throws {
        let path = Fixtures.newWorkspacePath()
        do {
            let workspace = try Workspace.open(at: path)
            try workspace.database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        }
        let before = try snapshot(path)
        #expect(throws: WorkspaceError.newerSchema(path: path, found: 99, supported: Workspace.schemaVersion)) {
            try Workspace.open(at: path)
        }
        #expect(try snapshot(path) == before)
    }

    @Test func emptyFileBecomesAWorkspace() throws {
        let path = Fixtures.temporaryDirectory() + "/empty.db"
        FileManager.default.createFile(atPath: path, contents: Data())
        let workspace = try Workspace.open(at: path)
        #expect(try workspace.summary().isEmpty)
    }

    @Test(
        arguments: [
            (flag: "a.db", env: "b.db", expected: "a.db"),
            (flag: nil, env: "b.db", expected: "b.db"),
            (flag: nil, env: nil, expected: "kpish.db"),
        ] as [(flag: String?, env: String?, expected: String)])
    func locationPrefersFlagThenEnvironment(_ testCase: (flag: String?, env: String?, expected: String)) {
        var environment: [String: String] = [:]
        environment["KPISH_DB"] = testCase.env
        #expect(Workspace.location(flag: testCase.flag, environment: environment) == testCase.expected)
    }

    private struct FileState: Equatable {
        let bytes: Data
        let modified: Date
        let sidecars: [Bool]
    }

    /// The file's bytes and modification time, and whether SQLite's sidecar files exist.
    private func snapshot(_ path: String) throws -> FileState {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return FileState(
            bytes: try Data(contentsOf: URL(fileURLWithPath: path)),
            modified: attributes[.modificationDate] as! Date,
            sidecars: ["-wal", "-shm", "-journal"].map { FileManager.default.fileExists(atPath: path + $0) })
    }
}
