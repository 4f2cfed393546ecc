import Foundation
import GRDB

/// The `imports` log: a row per file or sheet an import reads, started before its rows are
/// written and completed after (a dry run is logged too, writing no rows).
enum ImportLog {
    /// Logs the start of a file's import; the row's id.
    static func start(
        _ db: Database, file: String, table: ImportTable, encoding: SourceEncoding, mapping: [(String, String)],
        startedAt: Date, dryRun: Bool
    ) throws -> Int64 {
        let pairs = mapping.map { "\(json($0.0)): \(json($0.1))" }
        try db.execute(
            sql: """
                INSERT INTO imports(file, target_table, encoding, mapping, started_at, status)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                file, table.rawValue, encoding.rawValue, "{" + pairs.joined(separator: ", ") + "}",
                startedAt.ISO8601Format(), dryRun ? "dry_run" : "ok",
            ])
        return db.lastInsertedRowID
    }

    private static func json(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
