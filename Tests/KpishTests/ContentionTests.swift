import Foundation
import GRDB
import TestSupport
import Testing

/// Issue 17, items 12, 13 and 17, through the kpish binary: what is not a file is refused without
/// being opened, two processes writing at once take turns, and the rejects file is the owner's.
@Suite struct ContentionTests {
    static func workspace() throws -> String {
        let path = Fixtures.temporaryDirectory() + "/w.db"
        let made = try KpishProcess.run(["demo", "--orders", "2000", "--seed", "3", "--db", path])
        #expect(made.status == 0, "\(made.stderr)")
        return path
    }

    /// A FIFO used to block the import forever (opening it waits for a writer); /dev/zero was
    /// "the file is empty". Both are "not a regular file", at once, and the workspace is untouched.
    @Test func whatIsNotARegularFileIsRefusedUnopened() throws {
        let path = try Self.workspace()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let fifo = Fixtures.temporaryDirectory() + "/orders.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        for source in [fifo, "/dev/zero"] {
            let started = Date()
            let result = try KpishProcess.run(["import", source, "--db", path, "--lang", "en"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("not a regular file"), "\(result.stderr)")
            #expect(Date().timeIntervalSince(started) < 20)
            let chinese = try KpishProcess.run(["import", source, "--db", path, "--lang", "zh"])
            #expect(chinese.stderr.contains("不是普通文件"), "\(chinese.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Two processes setting 40 targets each at the same time: every write lands (SQLite error 5,
    /// "database is locked", lost 14 of 120 before the busy timeout), and nothing is misreported.
    @Test func twoProcessesWritingAtOnceTakeTurns() throws {
        let path = try Self.workspace()
        let directory = Fixtures.temporaryDirectory()
        var processes: [(Process, Pipe)] = []
        for writer in 0..<2 {
            let script = directory + "/targets\(writer).kpi"
            // Each its own months (2027-01 … 2030-04), so that no write replaces another.
            let lines = (0..<40).map { index in
                let month = writer * 40 + index
                let text = "set target revenue \(1_000_000 + month) in \(2027 + month / 12)-\(String(format: "%02d", month % 12 + 1))"
                return text
            }
            try lines.joined(separator: "\n").write(toFile: script, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: KpishProcess.executable)
            process.arguments = ["--db", path, "--as-of", "2026-11-22", "--lang", "en", "-f", script]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            processes.append((process, errors))
        }
        for (process, _) in processes { try process.run() }
        for (process, errors) in processes {
            process.waitUntilExit()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(!text.contains("locked") && !text.contains("not SQLite") && !text.contains("不是 SQLite"), "\(text)")
        }
        let queue = try DatabaseQueue(path: path)
        let count = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM targets WHERE scope = 'company' AND period_start >= '2027-01-01'")
        }
        #expect(count == 80)
    }

    /// The rejects file holds whole sales rows: 0600 whatever the umask (it followed it, 0666
    /// under umask 000).
    @Test func theRejectsFileIsTheOwnersOnly() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/sales.csv"
        try "date,customer,amount\n2026-10-01,甲,100\nnot a date,乙,200\n".write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "umask 000 && exec \"$0\" \"$@\"", KpishProcess.executable, "import", file, "--db", directory + "/w.db",
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/sales.rejects.csv")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
