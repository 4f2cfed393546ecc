import Foundation
import TestSupport
import Testing

/// kpish in a pseudo-terminal, driven by tmux as a person would type: readline, completion,
/// history, Ctrl-C, statements over two lines.
final class TmuxSession {
    let socket = "kpish-test-" + UUID().uuidString.prefix(8)
    let home: String

    init(workspace: String, home: String) throws {
        self.home = home
        let command =
            "env HOME=\(home) LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm NO_COLOR=1 \(KpishProcess.executable) --db \(workspace) --as-of 2026-11-22 --lang zh"
        try tmux(["new-session", "-d", "-s", "kpish", "-x", "150", "-y", "60", command])
    }

    /// A command line of `binary` on the terminal instead of the REPL; the pane stays once it ends.
    init(binary: String, arguments: [String], home: String) throws {
        self.home = home
        let command =
            "env HOME=\(home) LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm NO_COLOR=1 \(binary) \(arguments.joined(separator: " ")); echo kpish-ended-$?; sleep 60"
        try tmux(["new-session", "-d", "-s", "kpish", "-x", "150", "-y", "60", command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// Runs a tmux command through posix_spawn and waitpid: Foundation's Process did not reap
    /// the tmux client here (it stayed a zombie and waitUntilExit never returned). Output goes
    /// to a file, since the tmux server that new-session starts keeps inherited pipes open.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = false) throws -> String {
        let file = NSTemporaryDirectory() + "kpish-tmux-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: file) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? file : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        // A clean signal mask: the test runner's threads block signals, and the mask is inherited.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw CocoaError(.executableNotLoadable) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return capture ? ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "") : ""
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", "kpish"] + keys) }

    /// Types text literally (no key names).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "kpish", "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "kpish", "-S", "-200"], capture: true) }

    /// Waits until the screen holds `text` (10 s at most) and returns the screen.
    @discardableResult
    func wait(for text: String, timeout: Double = 15) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("timed out waiting for \(text); the screen:\n\(last)")
        return last
    }
}

@Suite(.serialized) struct TerminalTests {
    static let workspace: String = {
        let path = Fixtures.newWorkspacePath()
        _ = try! KpishProcess.run(["demo", "--orders", "3000", "--db", path, "--as-of", "2026-11-22"])
        return path
    }()

    /// Issue 17 item 10: work over a second shows its progress on the terminal's standard error,
    /// and the bar is gone once the work is done. The release binary when `make test` names it.
    @Test func aLongDemoShowsItsProgressAndClearsIt() throws {
        let binary = ProcessInfo.processInfo.environment["KPISH_RELEASE_BIN"] ?? KpishProcess.executable
        let workspace = Fixtures.newWorkspacePath()
        let session = try TmuxSession(
            binary: binary, arguments: ["demo", "--orders", "300000", "--db", workspace, "--as-of", "2026-11-22", "--lang", "zh"],
            home: Fixtures.temporaryDirectory())
        var seen: Set<String> = []
        let deadline = Date().addingTimeInterval(240)
        var screen = ""
        while Date() < deadline {
            screen = try session.screen()
            for phase in ["生成演示公司  [", "写入工作区  ["] where screen.contains(phase) { seen.insert(phase) }
            if screen.contains("kpish-ended-") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(screen.contains("kpish-ended-0"), "\(screen)")
        #expect(!seen.isEmpty, "a progress bar was drawn while the company was made")
        #expect(!screen.contains("] "), "the bar is cleared at the end:\n\(screen)")
    }

    @Test func aChineseQuestionIsAnsweredWithItsTable() throws {
        let session = try TmuxSession(workspace: Self.workspace, home: Fixtures.temporaryDirectory())
        try session.wait(for: "kpish>")
        try session.type("上个月各区域销售额")
        try session.send("Enter")
        let screen = try session.wait(for: "└")
        #expect(screen.contains("理解为：revenue by region"))
        #expect(screen.contains("│ 华东"))
        // Borders line up under Chinese text on the real terminal too.
        let rows = screen.split(separator: "\n").filter { $0.hasPrefix("│") }
        #expect(Set(rows.map { $0.count + $0.unicodeScalars.filter { $0.value >= 0x2E80 }.count }).count == 1)
    }

    @Test func tabCompletesChineseValuesAndMetricNames() throws {
        let session = try TmuxSession(workspace: Self.workspace, home: Fixtures.temporaryDirectory())
        try session.wait(for: "kpish>")
        try session.type("revenue where region = 华")
        try session.send("Tab")
        try session.send("Tab")
        let screen = try session.wait(for: "华南")
        for region in ["华东", "华北", "华中", "华南"] { #expect(screen.contains(region)) }
        try session.send("C-u")
        try session.type("reve")
        try session.send("Tab")
        try session.wait(for: "kpish> revenue")
    }

    @Test func historySurvivesARestart() throws {
        let home = Fixtures.temporaryDirectory()
        do {
            let session = try TmuxSession(workspace: Self.workspace, home: home)
            try session.wait(for: "kpish>")
            try session.type("orders in 2026-10")
            try session.send("Enter")
            try session.wait(for: "└")
            try session.send("C-d")
            Thread.sleep(forTimeInterval: 0.5)
        }
        let mode = try FileManager.default.attributesOfItem(atPath: home + "/.kpish_history")[.posixPermissions] as! Int
        #expect(mode == 0o600)
        let session = try TmuxSession(workspace: Self.workspace, home: home)
        try session.wait(for: "kpish>")
        try session.send("Up")
        try session.wait(for: "kpish> orders in 2026-10")
    }

    @Test func ctrlCDropsAHalfTypedLine() throws {
        let session = try TmuxSession(workspace: Self.workspace, home: Fixtures.temporaryDirectory())
        try session.wait(for: "kpish>")
        try session.type("revenue by reg")
        try session.send("C-c")
        try session.wait(for: "^C")
        try session.type("orders in 2026-10")
        try session.send("Enter")
        let screen = try session.wait(for: "└")
        #expect(screen.contains("订单数"))
        #expect(!screen.contains("错误"))
    }

    @Test func aStatementOverTwoLinesRuns() throws {
        let session = try TmuxSession(workspace: Self.workspace, home: Fixtures.temporaryDirectory())
        try session.wait(for: "kpish>")
        try session.type("top 3 region")
        try session.send("Enter")
        try session.wait(for: "...>")
        try session.type("by revenue in last 3 months")
        try session.send("Enter")
        let screen = try session.wait(for: "└")
        #expect(screen.contains("销售额前 3 的区域"))
        #expect(screen.split(separator: "\n").filter { $0.hasPrefix("│") }.count == 4)
    }
}

/// Follow-ups and asking back, typed at the REPL.
@Suite(.serialized) struct FollowUpTerminalTests {
    @Test func aFollowUpChangesOnlyWhatItNamesAndSaysWhatItKept() throws {
        let session = try TmuxSession(workspace: TerminalTests.workspace, home: Fixtures.temporaryDirectory())
        try session.wait(for: "kpish>")
        try session.type("华南上季度各团队销售额")
        try session.send("Enter")
        try session.wait(for: "理解为：revenue by team where region = 华南 in last quarter")
        try session.type("同比呢")
        try session.send("Enter")
        var screen = try session.wait(for: "理解为：revenue by team where region = 华南 in last quarter vs last year")
        #expect(screen.contains("沿用上一问：销售额、华南、上季度（2026-Q3）、按团队"))
        try session.type("他们合计是多少")
        try session.send("Enter")
        screen = try session.wait(for: "理解为：revenue where region = 华南 in last quarter vs last year")
        #expect(screen.contains("沿用上一问：销售额、华南、上季度（2026-Q3）、同比"))
        // A full question starts afresh: nothing kept.
        try session.type("本月华东毛利")
        try session.send("Enter")
        screen = try session.wait(for: "理解为：gross_profit where region = 华东 in this month")
        let last = screen.components(separatedBy: "理解为：gross_profit where region = 华东 in this month").last ?? ""
        #expect(!last.contains("沿用上一问"))
    }

    @Test func aHalfUnderstoodQuestionIsAskedBackAndANewLineIsANewQuestion() throws {
        let session = try TmuxSession(workspace: TerminalTests.workspace, home: Fixtures.temporaryDirectory())
        try session.wait(for: "kpish>")
        try session.type("上个月各区域销售额的波动性")
        try session.send("Enter")
        var screen = try session.wait(for: "选择 [1]：")
        #expect(screen.contains("“波动性” 没有理解"))
        #expect(screen.contains("1) revenue by region"))
        #expect(screen.contains("2) 都不是——换个说法"))
        #expect(!screen.contains("└"), "nothing is answered before the choice")
        // A line that is no choice is a question of its own.
        try session.type("上个月各区域毛利")
        try session.send("Enter")
        screen = try session.wait(for: "└")
        #expect(screen.contains("理解为：gross_profit by region"))
        // "None of these" answers nothing.
        try session.type("上个月各区域销售额的波动性")
        try session.send("Enter")
        try session.wait(for: "选择 [1]：")
        try session.type("2")
        try session.send("Enter")
        screen = try session.wait(for: "好的，请换个说法再问。")
        #expect(screen.components(separatedBy: "└").count == 2, "only the 毛利 table was drawn")
    }
}
