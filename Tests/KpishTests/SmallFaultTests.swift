import Foundation
import TestSupport
import Testing

/// Issue 17, item 15 (part), through the binary: a script that is not text says where, and a dry
/// run leaves no workspace behind.
@Suite struct SmallFaultTests {
    @Test func aScriptWithANulByteOrBadBytesSaysWhere() throws {
        let directory = Fixtures.temporaryDirectory()
        let workspace = directory + "/w.db"
        #expect(try KpishProcess.run(["demo", "--orders", "500", "--seed", "2", "--db", workspace]).status == 0)
        let nul = directory + "/nul.kpi"
        try Data("revenue\nrevenue by region\u{0}\n".utf8).write(to: URL(fileURLWithPath: nul))
        let english = try KpishProcess.run(["--db", workspace, "--lang", "en", "-f", nul])
        #expect(english.status == 1)
        #expect(english.stderr.contains("nul.kpi:2:18: the script holds a NUL byte"), "\(english.stderr)")
        #expect(english.stdout.isEmpty)
        let bad = directory + "/bad.kpi"
        try Data([0x72, 0x65, 0x76, 0x0A, 0xFF, 0xFE, 0x20, 0x0A]).write(to: URL(fileURLWithPath: bad))
        let chinese = try KpishProcess.run(["--db", workspace, "--lang", "zh", "-f", bad])
        #expect(chinese.status == 1)
        #expect(chinese.stderr.contains("bad.kpi:2:1: 脚本不是 UTF-8 文本"), "\(chinese.stderr)")
    }

    @Test func aDryRunLeavesNoWorkspaceWhereThereWasNone() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/sales.csv"
        try "date,customer,amount\n2026-10-01,甲,100\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try KpishProcess.run(["import", file, "--db", directory + "/new.db", "--dry-run", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nothing was written"))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("new.db") }
        #expect(left.isEmpty, "\(left)")
    }

    /// Answers and errors into one pipe (`2>&1`): each error comes out where it happened, between
    /// whole answers, never inside or before the CSV rows of answers before it.
    @Test func anErrorLandsBetweenAnswersInOnePipe() throws {
        let directory = Fixtures.temporaryDirectory()
        let workspace = directory + "/w.db"
        #expect(try KpishProcess.run(["demo", "--orders", "3000", "--seed", "2", "--db", workspace]).status == 0)
        let script = directory + "/answers.kpi"
        try "revenue by customer in 2026\nrevenue by nothing\nrevenue by channel in 2026\n"
            .write(toFile: script, atomically: true, encoding: .utf8)
        let base = ["--db", workspace, "--lang", "en", "--as-of", "2026-11-22", "--format", "csv"]
        let first = try KpishProcess.run(base + ["-c", "revenue by customer in 2026"])
        let third = try KpishProcess.run(base + ["-c", "revenue by channel in 2026"])
        let apart = try KpishProcess.run(base + ["--keep-going", "-f", script])
        #expect(first.status == 0 && third.status == 0 && !apart.stderr.isEmpty)
        // Enough rows that an unflushed first answer would outlast a pipe buffer's worth.
        #expect(first.stdout.utf8.count > 8192, "\(first.stdout.utf8.count)")
        let merged = try KpishProcess.run(base + ["--keep-going", "-f", script], mergingStreams: true)
        // Apart, the script's output starts with the first answer; merged, the error follows it.
        #expect(apart.stdout.hasPrefix(first.stdout) && apart.stdout.hasSuffix(third.stdout))
        let rest = apart.stdout.dropFirst(first.stdout.count)
        #expect(merged.stdout == first.stdout + apart.stderr + rest)
    }
}
