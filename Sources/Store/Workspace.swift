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
    /// Whether the workspace was opened only to read: the file, or the folder SQLite keeps its
    /// journal in, is not writable. Every answer works; a write is refused with a message.
    public let isReadOnly: Bool
    /// What SQLite opens for a connection of its own: the path, or for a workspace that can only
    /// be read a `file:` URI saying so.
    let connectionPath: String

    private init(path: String, database: DatabaseQueue, readOnly: Access.ReadOnly?) {
        self.path = path
        self.database = database
        isReadOnly = readOnly != nil
        connectionPath = readOnly.map { Access.uri(path, $0) } ?? path
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

        if let readOnly = Access.readOnly(path) { return try openToRead(path, readOnly) }
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
            throw WorkspaceError.storage(error) ?? .cannotOpen(path: path, detail: error.message ?? "\(error)")
        }
        return Workspace(path: path, database: database, readOnly: nil)
    }

    /// A workspace kpish may read but not write: no journal mode set, no migration. One written
    /// by an older kpish would need migrating, which is a write: refused as read-only.
    private static func openToRead(_ path: String, _ readOnly: Access.ReadOnly) throws -> Workspace {
        var configuration = Workspace.configuration()
        configuration.readonly = true
        do {
            let database = try DatabaseQueue(path: Access.uri(path, readOnly), configuration: configuration)
            let version = try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            guard version == Schema.version else { throw WorkspaceError.storage(.readOnly) }
            return Workspace(path: path, database: database, readOnly: readOnly)
        } catch let error as DatabaseError {
            throw WorkspaceError.storage(error) ?? .cannotOpen(path: path, detail: error.message ?? "\(error)")
        }
    }

    /// Whether kpish may write a workspace file, decided before SQLite opens it.
    enum Access {
        /// How a workspace that cannot be written is read.
        enum ReadOnly {
            /// SQLite reads it with its own shared-memory and log files, which exist.
            case shared
            /// In a folder kpish cannot write, with no log to read: SQLite cannot make its
            /// shared-memory file, so it reads the file as one nobody changes while it is open.
            case immutable
        }

        /// nil when the file and the journal files SQLite needs can be written (a new file is
        /// created writable); otherwise how to read it.
        static func readOnly(_ path: String) -> ReadOnly? {
            guard access(path, F_OK) == 0 else { return nil }
            let folder = (path as NSString).deletingLastPathComponent
            let folderWritable = access(folder.isEmpty ? "." : folder, W_OK | X_OK) == 0
            let journals = [path + "-wal", path + "-shm"]
            if access(path, W_OK) == 0 && (folderWritable || journals.allSatisfy { access($0, W_OK) == 0 }) {
                return nil
            }
            // Immutable only with no log holding changes: reading so would leave them out (SQLite
            // then refuses the file, and that is reported).
            var status = stat()
            let logHoldsChanges = stat(path + "-wal", &status) == 0 && status.st_size > 0
            if folderWritable || logHoldsChanges || journals.allSatisfy({ access($0, R_OK) == 0 }) { return .shared }
            return .immutable
        }

        /// A `file:` URI for SQLite (https://sqlite.org/uri.html): the path percent-encoded where
        /// a URI needs it, opened read-only.
        static func uri(_ path: String, _ readOnly: ReadOnly) -> String {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            var encoded = ""
            for byte in absolute.utf8 {
                switch byte {
                case UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "%"), 0..<0x21, 0x7F...:
                    encoded += String(format: "%%%02X", byte)
                default: encoded.unicodeScalars.append(Unicode.Scalar(byte))
                }
            }
            return "file:" + encoded + (readOnly == .immutable ? "?mode=ro&immutable=1" : "?mode=ro")
        }
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
