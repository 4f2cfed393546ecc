import Foundation
import TestSupport
import Testing

/// Issue 17 item 14, through the binary: a workspace kpish may only read answers (and leaves no
/// byte behind), a write to it is refused in words; a full disk is said in words, rolls the write
/// back, and leaves a workspace the next run opens.
@Suite(.serialized) struct ReadOnlyAndFullDiskTests {
    static let asOf = "2026-11-22"

    /// A small demo company in a folder of its own, written by the binary.
    static func company(orders: Int = 1_500) throws -> (folder: String, workspace: String) {
        let folder = Fixtures.temporaryDirectory()
        let workspace = folder + "/team.db"
        let made = try KpishProcess.run([
            "demo", "--orders", "\(orders)", "--seed", "5", "--as-of", asOf, "--db", workspace, "--lang", "en",
        ])
        try #require(made.status == 0, "\(made.stderr)")
        return (folder, workspace)
    }

    /// Every file of the folder and its bytes.
    static func contents(of folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }

    /// Permissions bind everyone but root: as root the binary runs as nobody (setpriv), as a
    /// user without write access would.
    static func asReader(_ arguments: [String]) throws -> KpishProcess.Result {
        guard getuid() == 0 else { return try KpishProcess.run(arguments) }
        return try KpishProcess.run(
            arguments, launcher: ["/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"])
    }

    @Test func aWorkspaceInAReadOnlyFolderAnswersAndRefusesWritesInWords() throws {
        let (folder, workspace) = try Self.company()
        // What SQLite makes beside the file goes: the folder holds the workspace alone.
        for suffix in ["-wal", "-shm", "-columns"] { unlink(workspace + suffix) }
        let october = try Fixtures.sqlDouble(
            workspace, "SELECT SUM(amount) FROM orders WHERE region = '华东' AND date BETWEEN '2026-10-01' AND '2026-10-31'")
        chmod(workspace, 0o444)
        chmod(folder, 0o555)
        defer { chmod(folder, 0o755) }
        let before = try Self.contents(of: folder)

        let answer = try Self.asReader([
            "--db", workspace, "--as-of", Self.asOf, "--lang", "en", "--format", "csv", "-c",
            #"revenue where region = "华东" in 2026-10"#,
        ])
        #expect(answer.status == 0, "\(answer.stderr)")
        let figure = answer.stdout.split(separator: "\n").last.flatMap { Double($0) }
        #expect(figure.map { abs($0 - october) < 0.005 } == true, "\(answer.stdout) against SQL's \(october)")

        for lang in ["zh", "en"] {
            let write = try Self.asReader([
                "--db", workspace, "--as-of", Self.asOf, "--lang", lang, "-c", "set target revenue 1000000 in 2026-12",
            ])
            #expect(write.status == 1)
            #expect(write.stderr.contains(lang == "zh" ? "只读" : "read-only"), "\(write.stderr)")
            #expect(!write.stderr.contains("readonly database") && !write.stderr.contains("SQLite"), "\(write.stderr)")
        }
        #expect(try Self.contents(of: folder) == before, "no file made, none changed")
    }

    @Test func aReadOnlyFileInAWritableFolderAnswersToo() throws {
        let (_, workspace) = try Self.company()
        chmod(workspace, 0o444)
        let answer = try Self.asReader([
            "--db", workspace, "--as-of", Self.asOf, "--lang", "zh", "--format", "csv", "-c", "orders in 2026-10",
        ])
        #expect(answer.status == 0, "\(answer.stderr)")
        let orders = try Fixtures.sqlDouble(
            workspace, "SELECT COUNT(DISTINCT order_no) FROM orders WHERE date BETWEEN '2026-10-01' AND '2026-10-31'")
        #expect(answer.stdout.split(separator: "\n").last.flatMap { Double($0) } == orders, "\(answer.stdout)")
    }

    /// Runs `script` (sh) in a mount namespace of its own, with a tmpfs of `size` at $DISK and the
    /// binary as $KPISH: nothing outside sees the mount, and it goes when the script ends.
    static func onASmallDisk(_ size: String, _ script: String, environment: [String: String] = [:]) throws -> String {
        let disk = Fixtures.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["-rm", "sh", "-c", "mount -t tmpfs -o size=\(size) tmpfs \"$DISK\" && " + script]
        var env = ProcessInfo.processInfo.environment
        env["KPISH_DB"] = nil
        env["KPISH_LANG"] = nil
        env["DISK"] = disk
        env["KPISH"] = KpishProcess.executable
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The output of each step, by the name its `== NAME STATUS` line gives, with the status.
    static func steps(_ output: String) -> [String: (status: Int, text: String)] {
        var steps: [String: (Int, String)] = [:]
        var text = ""
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(separator: " ")
            if words.count == 3, words[0] == "==", let status = Int(words[2]) {
                steps[String(words[1])] = (status, text)
                text = ""
            } else {
                text += line + "\n"
            }
        }
        return steps
    }

    /// Whether this machine lets a process make a mount namespace with a tmpfs in it (a
    /// container may forbid it; this one, and CI's, allow it).
    static let smallDisksCanBeMade: Bool = {
        (try? onASmallDisk("64k", "echo made")) == "made\n"
    }()

    @Test(.enabled(if: smallDisksCanBeMade, "needs unshare -rm and a tmpfs mount for a small disk"))
    func aDemoOnAFullDiskIsSaidInWordsAndLeavesAWorkspaceTheNextRunOpens() throws {
        let output = try Self.onASmallDisk(
            "1m",
            """
            "$KPISH" demo --orders 30000 --seed 1 --as-of \(Self.asOf) --db "$DISK/w.db" --lang zh; echo "== demo $?"
            "$KPISH" demo --orders 30000 --seed 1 --as-of \(Self.asOf) --db "$DISK/v.db" --lang en; echo "== demo-en $?"
            "$KPISH" --db "$DISK/w.db" --as-of \(Self.asOf) --lang en --format csv -c revenue; echo "== after $?"
            """)
        let steps = Self.steps(output)
        try #require(steps.count == 3, "the steps ran: \(output)")
        #expect(steps["demo"]?.status == 1)
        #expect(steps["demo"]?.text.contains("磁盘已满") == true, "\(output)")
        #expect(steps["demo-en"]?.text.contains("the disk is full") == true, "\(output)")
        #expect(!output.contains("database or disk is full"), "no raw SQLite text: \(output)")
        // The company was rolled back whole: the workspace is there, empty, and answers.
        #expect(steps["after"]?.status == 0, "\(output)")
        #expect(steps["after"]?.text.hasPrefix("revenue\n0") == true, "\(output)")
        #expect(!output.contains("not a kpish workspace"))
    }

    @Test(.enabled(if: smallDisksCanBeMade, "needs unshare -rm and a tmpfs mount for a small disk"))
    func anImportAndATargetOnAFullDiskChangeNothing() throws {
        let csv = Fixtures.temporaryDirectory() + "/orders.csv"
        try SalesCSV.write(rows: 20_000, to: csv)
        // A small company, then a file that takes the disk's last bytes.
        let output = try Self.onASmallDisk(
            "4m",
            """
            "$KPISH" demo --orders 800 --seed 2 --as-of \(Self.asOf) --db "$DISK/w.db" --lang en > /dev/null; echo "== demo $?"
            "$KPISH" --db "$DISK/w.db" --as-of \(Self.asOf) --lang en -c revenue > /dev/null; echo "== warm $?"
            dd if=/dev/zero of="$DISK/fill" bs=4096 2> /dev/null; echo "== fill 0"
            sqlite3 "$DISK/w.db" .dump | md5sum; echo "== before 0"
            "$KPISH" import "$CSV" --db "$DISK/w.db" --as-of \(Self.asOf) --lang zh; echo "== import $?"
            "$KPISH" --db "$DISK/w.db" --as-of \(Self.asOf) --lang en -c "set target revenue 1000000 in 2026-12"; echo "== target $?"
            sqlite3 "$DISK/w.db" .dump | md5sum; echo "== after 0"
            """, environment: ["CSV": csv])
        let steps = Self.steps(output)
        try #require(steps.count == 7, "the steps ran: \(output)")
        #expect(steps["demo"]?.status == 0 && steps["warm"]?.status == 0, "\(output)")
        #expect(steps["import"]?.status == 1)
        #expect(steps["import"]?.text.contains("磁盘已满") == true, "\(output)")
        #expect(steps["target"]?.status == 1)
        #expect(steps["target"]?.text.contains("the disk is full") == true, "\(output)")
        #expect(!output.contains("database or disk is full") && !output.contains("SQLite"), "no raw SQLite text: \(output)")
        #expect(steps["before"]?.text == steps["after"]?.text, "the workspace is as it was")
    }
}
