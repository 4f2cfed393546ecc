import GRDB
import GRDBSQLite

/// A prepared INSERT bound column by column through SQLite's C API, for generating and
/// importing rows by the million: GRDB's `StatementArguments` box every value, which costs
/// more than SQLite's own work at this volume.
///
///     var insert = try BulkInsert(db, "INSERT INTO products(name, unit_price) VALUES (?, ?)")
///     try insert.row { $0.text("打印纸"); $0.double(120) }
struct BulkInsert {
    private let statement: Statement
    private let handle: OpaquePointer

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Binds one row's values in column order, then inserts it.
    mutating func row(_ bind: (inout Binder) -> Void) throws {
        var binder = Binder(handle: handle)
        bind(&binder)
        try Self.step(handle)
    }

    /// Runs a bound statement once and resets it.
    private static func step(_ handle: OpaquePointer) throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
        }
    }

    /// Inserts `count` rows into `table` through statements of `rowsPerStatement` rows each
    /// (`INSERT … VALUES (…), (…), …`), so that SQLite's per-statement work — a third of a
    /// million-row import when paid per row — is paid once per batch. `bind` binds row `index`'s
    /// values in column order.
    ///
    ///     try BulkInsert.rows(db, into: "products", columns: ["name"], count: names.count) { $1.text(names[$0]) }
    static func rows(
        _ db: Database, into table: String, columns: [String], count: Int, rowsPerStatement: Int = 64,
        progress: ((_ written: Int) -> Void)? = nil, bind: (_ index: Int, inout Binder) throws -> Void
    ) throws {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        func statement(rows: Int) throws -> Statement {
            try db.makeStatement(
                sql: "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
                    + Array(repeating: tuple, count: rows).joined(separator: ", "))
        }
        let batch = try statement(rows: min(rowsPerStatement, max(count, 1)))
        var start = 0
        while start < count {
            let rows = min(rowsPerStatement, count - start)
            let current = rows == rowsPerStatement || rows == count ? batch : try statement(rows: rows)
            let handle = current.sqliteStatement
            var binder = Binder(handle: handle)
            for index in start..<start + rows { try bind(index, &binder) }
            try step(handle)
            // About every 16k rows (a whole number of statements).
            if let progress, (start + rows) / 16_384 != start / 16_384 { progress(start + rows) }
            start += rows
        }
    }

    struct Binder {
        fileprivate let handle: OpaquePointer
        private var index: Int32 = 1

        fileprivate init(handle: OpaquePointer) { self.handle = handle }

        mutating func int(_ value: Int) {
            sqlite3_bind_int64(handle, index, Int64(value))
            index += 1
        }

        mutating func double(_ value: Double) {
            sqlite3_bind_double(handle, index, value)
            index += 1
        }

        mutating func text(_ value: String) {
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            var value = value
            value.withUTF8 { bytes in
                _ = bytes.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), transient)
                }
            }
            index += 1
        }

        /// UTF-8 bytes, copied by SQLite during the call.
        mutating func text(bytes: UnsafeBufferPointer<UInt8>) {
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            let empty: StaticString = ""
            let start = bytes.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(empty.utf8Start)
            sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            index += 1
        }

        mutating func null() {
            sqlite3_bind_null(handle, index)
            index += 1
        }

        mutating func int(_ value: Int?) { if let value { int(value) } else { null() } }
        mutating func text(_ value: String?) { if let value { text(value) } else { null() } }
    }
}
