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
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))))
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

        mutating func null() {
            sqlite3_bind_null(handle, index)
            index += 1
        }

        mutating func int(_ value: Int?) { if let value { int(value) } else { null() } }
        mutating func text(_ value: String?) { if let value { text(value) } else { null() } }
    }
}
