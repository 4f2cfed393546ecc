import Foundation
import GRDB
import TestSupport
import Testing

/// An import killed at random moments leaves a workspace that passes SQLite's integrity check and
/// holds all of the file or none of it; Ctrl-C rolls back and says so. A million rows, through
/// the release binary: `make test` builds it and names it in `KPISH_RELEASE_BIN` (a debug build
/// takes ten times as long per import).
@Suite(.serialized) struct ImportKillTests {
    static let binary = ProcessInfo.processInfo.environment["KPISH_RELEASE_BIN"]
    static let rows = 1_000_000

    /// The million-row file, written once per test run.
    static let file: String = {
        let path = Fixtures.temporaryDirectory() + "/million.csv"
        try! SalesCSV.write(rows: rows, to: path)
        return path
    }()

    /// The same kind of rows as an Excel workbook (fewer: a workbook is read whole, then written
    /// in one transaction, so a quarter million rows give the kills as much time to land).
    static let workbookRows = 250_000
    static let workbook: String = {
        let path = Fixtures.temporaryDirectory() + "/orders.xlsx"
        try! SalesCSV.writeWorkbook(rows: workbookRows, to: path)
        return path
    }()

    /// Starts `kpish import` on the file without waiting for it.
    private func start(_ workspace: String, file: String = ImportKillTests.file, lang: String = "en") throws -> (
        Process, Pipe
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["import", file, "--db", workspace, "--lang", lang]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    /// What the workspace holds: nil when there is no file; else the integrity check's verdict and
    /// the rows of orders, imports and customers.
    private func state(_ path: String) throws -> (integrity: String, orders: Int, imports: Int, customers: Int)? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try DatabaseQueue(path: path).read { db in
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""
            guard try db.tableExists("orders") else { return (integrity, 0, 0, 0) }
            return (
                integrity, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders")!,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM imports")!,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM customers")!
            )
        }
    }

    @Test(.enabled(if: binary != nil, "needs KPISH_RELEASE_BIN (make test sets it)"), arguments: ["csv", "xlsx"])
    func killedImportsHoldAllOrNothing(_ kind: String) throws {
        let directory = Fixtures.temporaryDirectory()
        let (file, rows) = kind == "csv" ? (Self.file, Self.rows) : (Self.workbook, Self.workbookRows)
        // How long a whole import takes, and what "all" is.
        let clock = ContinuousClock()
        let reference = directory + "/reference.db"
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }
        // A workbook is read whole before the workspace is opened: the kills must land in the
        // part of the run after that, when the transaction is open, so the moment the workspace
        // appears is measured too.
        let begun = clock.now
        let (whole, _) = try start(reference, file: file)
        var opened: Double?
        while whole.isRunning {
            if opened == nil && FileManager.default.fileExists(atPath: reference) {
                opened = seconds(clock.now - begun)
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        whole.waitUntilExit()
        let duration = seconds(clock.now - begun)
        #expect(whole.terminationStatus == 0)
        let all = try #require(try state(reference))
        #expect(all.orders == rows && all.imports == 1)
        let earliest = min(opened ?? 0, duration * 0.9)

        var kills = 0
        var outcomes: [String] = []
        var workspace = directory + "/killed-0.db"
        // The reference run may have been slowed by the rest of the suite running beside it: each
        // run that finishes before its kill draws the next moment from a shorter span.
        var scale = 1.0
        for attempt in 1...30 where kills < 12 {
            let delay = Double.random(in: max(0.02 * duration, earliest) * scale...duration * scale)
            let (process, _) = try start(workspace, file: file)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // It had finished: the workspace holds the file, and the next kill needs a fresh one.
            guard process.terminationReason == .uncaughtSignal else {
                scale *= 0.75
                workspace = directory + "/finished-\(attempt).db"
                continue
            }
            kills += 1
            let found = try state(workspace)
            let label = String(format: "kill %d at %.2f s", kills, delay)
            if let found {
                #expect(found.integrity == "ok", "\(label): \(found.integrity)")
                let none = found.orders == 0 && found.imports == 0 && found.customers == 0
                let whole = found.orders == all.orders && found.imports == 1 && found.customers == all.customers
                #expect(none || whole, "\(label): \(found.orders) orders, \(found.imports) imports")
                outcomes.append(whole ? "all" : "none")
                // A workspace holding the file stays so; the next kill needs a fresh one.
                if whole { workspace = directory + "/killed-\(attempt).db" }
            } else {
                outcomes.append("no workspace yet")
            }
        }
        #expect(kills >= 10, "only \(kills) imports were killed before they finished: \(outcomes)")
        #expect(outcomes.contains("none"), "no kill landed inside the transaction: \(outcomes)")
    }

    @Test(.enabled(if: binary != nil, "needs KPISH_RELEASE_BIN (make test sets it)"))
    func controlCRollsBackAndSaysSo() throws {
        let directory = Fixtures.temporaryDirectory()
        let workspace = directory + "/kpish.db"
        let small = try KpishProcess.run(["import", RealData.path("cn_taobao_orders_gbk.csv"), "--db", workspace])
        #expect(small.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: workspace))
        var interrupted = false
        for delay in [0.8, 0.5, 0.3] where !interrupted {
            let (process, errors) = try start(workspace)
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard process.terminationStatus == 1 else { continue }  // finished first, or not yet listening
            interrupted = true
            #expect(message.contains("import interrupted (Ctrl-C); the workspace is unchanged"), "\(message)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: workspace)) == before)
            #expect(!FileManager.default.fileExists(atPath: workspace + "-wal"))
        }
        #expect(interrupted)
    }
}
