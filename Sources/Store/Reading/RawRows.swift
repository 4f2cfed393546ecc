import GRDB
import GRDBSQLite

/// Reads whole tables through SQLite's C API, for building in-memory columns: GRDB's `Row`
/// decodes every value into a Swift value, which costs more than SQLite's own work at a
/// million rows.
///
///     try workspace.readRaw { reader in
///         try reader.scan("SELECT date, amount FROM orders") { row in
///             dates.append(row.text(0)); amounts.append(row.double(1))
///         }
///     }
///
/// Store's own: other modules read tables through `FactSource`.
struct RawReader {
    let db: Database

    /// Runs `sql` and calls `body` with each row; the row is valid only during the call.
    func scan(_ sql: String, _ body: (RawRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try body(RawRow(handle: handle))
        }
    }

    /// One value of the first row of `sql`, as an integer (0 when there is none).
    func integer(_ sql: String) throws -> Int {
        var value = 0
        try scan(sql) { value = $0.int(0) }
        return value
    }
}

/// The current row of a `RawReader.scan`, read column by column (0-based).
struct RawRow {
    fileprivate let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The value as an integer; 0 when NULL.
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    /// The value as a double; 0 when NULL.
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    /// The UTF-8 bytes of a text value, valid until the next row; nil when NULL.
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }
}

extension Workspace {
    /// Runs `body` in one read transaction, so every table it scans shows the same moment.
    func readRaw<T>(_ body: (RawReader) throws -> T) throws -> T {
        try database.read { db in try body(RawReader(db: db)) }
    }
}

extension Workspace {
    /// Runs `body` in a read transaction on a read-only connection of its own, so that a second
    /// core can read other tables while `readRaw` runs. The two transactions may see different
    /// moments if another process writes meanwhile; callers that need one moment check for that.
    func readRawOnOwnConnection<T>(_ body: (RawReader) throws -> T) throws -> T {
        var configuration = Workspace.configuration()
        configuration.readonly = true
        let connection = try DatabaseQueue(path: connectionPath, configuration: configuration)
        return try connection.read { db in try body(RawReader(db: db)) }
    }
}
