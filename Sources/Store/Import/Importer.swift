import Foundation
import GRDB
import Model

extension Workspace {
    /// Reads the file at `path` and writes its rows as order lines into the workspace at
    /// `workspacePath`, reading and writing at once (one thread each): the import of a large file
    /// takes about as long as the slower of the two. The workspace is opened only once the file's
    /// header is understood, so a file that cannot be imported never touches it; a workspace this
    /// call created is removed again if the import fails.
    ///
    ///     let report = try Workspace.importFile("1月.csv", into: "kpish.db", options: ImportOptions())
    ///     report.imported   // rows written
    ///
    /// Same result as `SalesFile.read` followed by `importRows(from:options:)`.
    public static func importFile(_ path: String, into workspacePath: String, options: ImportOptions) throws
        -> ImportReport
    {
        let existed = FileManager.default.fileExists(atPath: workspacePath)
        var workspace: Workspace?
        var pipeline: ImportPipeline?
        do {
            let file = try SalesFile.read(path, options: options) { header in
                let opened = try Workspace.open(at: workspacePath)
                workspace = opened
                guard !options.dryRun else { return nil }
                pipeline = try ImportPipeline(workspace: opened, header: header, options: options, fresh: !existed)
                return pipeline
            }
            guard let opened = workspace else {
                preconditionFailure("the header was read without opening the workspace")
            }
            if let running = pipeline {
                // The batches were read with the day/month order the evidence so far implied; when
                // the whole column decided otherwise, everything is written again from the start.
                if file.streamedRowsAreFinal && file.rowsKept > 0 {
                    let rejectsFile = RejectsFile.write(file, options: options, workspacePath: workspacePath)
                    return try running.commit(file, rejectsFile: rejectsFile)
                }
                running.abandon()
                pipeline = nil
            }
            return try opened.importRows(from: file, options: options)
        } catch {
            pipeline?.abandon()
            pipeline = nil
            workspace = nil
            if !existed {
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: workspacePath + suffix)
                }
            }
            throw error
        }
    }

    /// Writes a file's kept rows as order lines, in one transaction: afterwards the workspace holds
    /// all of them or, after any error (Ctrl-C, a full disk), exactly what it held before. Rows
    /// already imported (same fingerprint) are skipped, so importing a file twice adds nothing.
    /// Customers, products and reps named by the rows are created when missing. Rejected rows go
    /// to the rejects file. The run is logged in `imports` (a dry run too, writing no rows).
    ///
    ///     let file = try SalesFile.read("1月.csv", options: options)
    ///     let report = try workspace.importRows(from: file, options: options)
    ///     report.imported   // rows written
    public func importRows(from file: SalesFile, options: ImportOptions) throws -> ImportReport {
        var rejectsFile: String?
        if !options.dryRun {
            rejectsFile = RejectsFile.write(file, options: options, workspacePath: path)
            if file.rowsKept == 0 {
                let top = file.rejectedByReason.first?.reason.message ?? Localized(zh: "", en: "")
                throw ImportError.nothingImportable(rows: file.rowsRead, reason: top, rejectsFile: rejectsFile)
            }
        }
        let startedAt = Date()
        return try importTransaction { db in
            let writer = try OrderWriter(db: db, file: file.header, options: options, startedAt: startedAt)
            options.progress(ImportProgress(phase: .writing, done: 0, total: file.rowsKept))
            try writer.write(RowBatch(file.rows))
            options.progress(ImportProgress(phase: .writing, done: file.rowsKept, total: file.rowsKept))
            return try writer.finish(file, rejectsFile: rejectsFile)
        }
    }

    /// Runs `body` in one write transaction tuned for bulk inserts; database errors become
    /// `ImportError`s. `fresh`: this import created the workspace, which is then written with a
    /// rollback journal and switched back to WAL afterwards (a killed import leaves a hot journal
    /// that SQLite rolls back when the workspace is next opened).
    func importTransaction<T>(fresh: Bool = false, _ body: (Database) throws -> T) throws -> T {
        // A large page cache keeps the transaction from spilling into the WAL early; parents are
        // written before their children, so per-row foreign-key lookups are skipped (as the demo
        // generator does). With WAL, synchronous NORMAL skips the fsync at commit: a killed
        // process still loses nothing (the system has the pages) and a power cut can lose this
        // last import but never corrupt the workspace.
        do {
            try database.writeWithoutTransaction { db in
                try db.execute(
                    sql: "PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL")
                // A workspace this import created has no reader to serve and nothing to keep: a
                // rollback journal writes each page once, where WAL writes it to the log and then
                // again into the file (a quarter of the writing thread's time at a million rows).
                if fresh { try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            }
            defer {
                try? database.writeWithoutTransaction {
                    try $0.execute(
                        sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000; PRAGMA synchronous = FULL")
                    if fresh { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
                }
            }
            return try database.write(body)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_FULL { throw ImportError.diskFull }
            throw ImportError.writeFailed(detail: error.message ?? "\(error.resultCode)")
        }
    }
}

/// Receives kept rows while a file is still being read.
protocol RowBatchSink: AnyObject {
    func accept(_ batch: RowBatch) throws
}

/// The writing half of `Workspace.importFile`: a thread that holds the import's transaction
/// open and writes batches as the reading thread hands them over (at most two waiting, so that
/// memory stays bounded), then commits or rolls back when told.
final class ImportPipeline: RowBatchSink, @unchecked Sendable {
    private enum Message {
        case batch(RowBatch)
        case commit(SalesFile, rejectsFile: String?)
        case abandon
    }

    /// Thrown inside the transaction to roll it back.
    private struct Abandoned: Error {}

    // `condition` guards `messages` and `outcome`.
    private let condition = NSCondition()
    private var messages: [Message] = []
    private var outcome: Result<ImportReport, any Error>?

    /// `fresh`: the import created the workspace (see `importTransaction`).
    init(workspace: Workspace, header: SalesFile.Header, options: ImportOptions, fresh: Bool) throws {
        // The thread lets go of the workspace before it reports, so that once `commit` or
        // `abandon` returns the caller holds the last reference and closing it checkpoints and
        // removes the WAL before the process ends.
        let handOver = HandOver(workspace)
        let thread = Thread { [self] in
            let result = Result {
                try self.write(into: handOver.take(), header: header, options: options, fresh: fresh)
            }
            self.condition.withLock {
                self.outcome = result
                self.condition.broadcast()
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func write(into workspace: Workspace, header: SalesFile.Header, options: ImportOptions, fresh: Bool)
        throws -> ImportReport
    {
        try workspace.importTransaction(fresh: fresh) { db in
            let writer = try OrderWriter(db: db, file: header, options: options, startedAt: Date())
            while true {
                switch next() {
                case .batch(let batch): try writer.write(batch)
                case .commit(let file, let rejectsFile): return try writer.finish(file, rejectsFile: rejectsFile)
                case .abandon: throw Abandoned()
                }
            }
        }
    }

    /// Passes the workspace to the thread, keeping no reference of its own.
    private final class HandOver: @unchecked Sendable {
        private var workspace: Workspace?
        init(_ workspace: Workspace) { self.workspace = workspace }
        func take() -> Workspace {
            defer { workspace = nil }
            return workspace!
        }
    }

    func accept(_ batch: RowBatch) throws {
        try condition.withLock {
            while messages.count >= 2 && outcome == nil { condition.wait() }
            if case .failure(let error)? = outcome { throw error }
            messages.append(.batch(batch))
            condition.broadcast()
        }
    }

    /// Completes the import and waits for the commit.
    func commit(_ file: SalesFile, rejectsFile: String?) throws -> ImportReport {
        try finish(.commit(file, rejectsFile: rejectsFile)).get()
    }

    /// Rolls the transaction back and waits until it is.
    func abandon() { _ = finish(.abandon) }

    private func finish(_ message: Message) -> Result<ImportReport, any Error> {
        condition.withLock {
            if outcome == nil {
                messages.append(message)
                condition.broadcast()
            }
            while outcome == nil { condition.wait() }
            return outcome!
        }
    }

    private func next() -> Message {
        condition.withLock {
            while messages.isEmpty { condition.wait() }
            condition.broadcast()
            return messages.removeFirst()
        }
    }
}
