import Foundation
import GRDB
import Model

/// A kpish workspace: one SQLite file holding the team's sales data (METRICS.md's schema).
///
///     let workspace = try Workspace.open(at: Workspace.location(flag: nil, environment: env))
///     let summary = try workspace.summary()
///
/// Opening checks the file before SQLite writes a byte: a file that is not a kpish workspace,
/// or that a newer kpish wrote, is reported and left exactly as it was.
public final class Workspace: Sendable {
    public let path: String
    /// The connection. WAL journaling, foreign keys on. Other modules read and write through
    /// the store's methods and `FactSource`; the package's tests query it as their SQL oracle.
    package let database: DatabaseQueue

    private init(path: String, database: DatabaseQueue) {
        self.path = path
        self.database = database
    }

    /// `--db PATH`, else `$KPISH_DB`, else `./kpish.db`.
    public static func location(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["KPISH_DB"], !path.isEmpty { return path }
        return "kpish.db"
    }

    /// Opens the workspace at `path`, creating it (mode 0600) when there is no file.
    public static func open(at path: String) throws -> Workspace {
        var status = stat()
        if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK && stat(path, &status) != 0 {
            throw WorkspaceError.notAWorkspace(path: path, reason: .danglingLink)
        }
        if stat(path, &status) != 0 {
            try createFile(at: path)
        } else if (status.st_mode & S_IFMT) != S_IFREG {
            // /dev/null took writes as "disk I/O error" and, for root, grew a /dev/null-journal.
            throw WorkspaceError.notAWorkspace(path: path, reason: .notAFile)
        } else {
            try checkHeader(at: path)
        }

        var configuration = Workspace.configuration()
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // WAL lets the REPL read while an import writes; it must be set outside a transaction.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            try Schema.migrator.migrate(database)
        } catch let error as DatabaseError {
            throw WorkspaceError.cannotOpen(path: path, detail: error.message ?? "\(error)")
        }
        return Workspace(path: path, database: database)
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { Schema.version }

    // MARK: - Creating and checking the file

    private static func createFile(at path: String) throws {
        // Created here rather than by SQLite so that the mode is 0600 whatever the umask;
        // SQLite gives its -wal and -shm files the database file's mode.
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw WorkspaceError.cannotOpen(path: path, detail: String(cString: strerror(errno)))
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Reads the SQLite header (https://www.sqlite.org/fileformat.html#the_database_header):
    /// the magic string, `user_version` at offset 60 and `application_id` at offset 68.
    private static func checkHeader(at path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WorkspaceError.cannotOpen(path: path, detail: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        if header.isEmpty { return }  // an empty file becomes a new workspace
        let magic = Array("SQLite format 3\0".utf8)
        guard header.count == 100, Array(header[0..<16]) == magic else {
            throw WorkspaceError.notAWorkspace(path: path, reason: .notSQLite)
        }
        func bigEndian(at offset: Int) -> Int32 {
            Int32(bitPattern: header[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) })
        }
        var applicationID = bigEndian(at: 68)
        var userVersion = Int(bigEndian(at: 60))
        // Changes still in the write-ahead log are not in the main file's header yet.
        if let walSize = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int,
            walSize > 0
        {
            (applicationID, userVersion) = try readPragmas(at: path)
        }
        let schemaCookie = bigEndian(at: 40)
        if applicationID != Schema.applicationID {
            // A fresh SQLite file with no schema at all may become a workspace.
            if applicationID == 0 && schemaCookie == 0 { return }
            throw WorkspaceError.notAWorkspace(path: path, reason: .foreignDatabase)
        }
        if userVersion > Schema.version {
            throw WorkspaceError.newerSchema(path: path, found: userVersion, supported: Schema.version)
        }
    }

    private static func readPragmas(at path: String) throws -> (Int32, Int) {
        var configuration = Workspace.configuration()
        configuration.readonly = true
        do {
            let reader = try DatabaseQueue(path: path, configuration: configuration)
            return try reader.read { db in
                (
                    Int32(try Int.fetchOne(db, sql: "PRAGMA application_id") ?? 0),
                    try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                )
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw WorkspaceError.notAWorkspace(path: path, reason: .notSQLite)
        } catch let error as DatabaseError {
            // Busy, locked, unreadable: say so, never that the file is something it is not.
            throw WorkspaceError.cannotOpen(path: path, detail: error.message ?? "\(error)")
        }
    }

    /// How long a connection waits for another process's write to finish before giving up:
    /// two kpish setting targets at once take turns instead of failing.
    static let busyTimeout: TimeInterval = 10

    /// The settings every connection to a workspace starts from.
    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
    }
}
