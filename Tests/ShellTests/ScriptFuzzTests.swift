import Foundation
import Model
import Shell
import Store
import TestSupport
import Testing

/// Mutated scripts through the script runner and the same lines through the REPL's loop, against
/// a small demo company they may write to: no crash, no script over a second, every line answered
/// or refused, and every refusal a message. `make fuzz` runs more (FUZZ_COUNT; scripts take a
/// thousandth of it, each running every statement it holds).
@Suite struct ScriptFuzzTests {
    static let count = max(40, (Int(ProcessInfo.processInfo.environment["FUZZ_COUNT"] ?? "") ?? 100_000) / 1_000)

    /// A second for a script in release (`make fuzz`); a debug build (`make test`) runs about
    /// ten times slower, and there the bound only catches a hang.
    #if DEBUG
    static let bound: TimeInterval = 10
    #else
    static let bound: TimeInterval = 1
    #endif

    /// Lines a manager's script holds: queries, questions and follow-ups, parameters, statements
    /// that write, meta-commands, continuation lines, comments. None names a file: a mutation
    /// would write or read elsewhere.
    static let lines: [String] = [
        "# param month = 2026-10", "# weekly review", "revenue by region in $month", "top 3 rep by gross_profit in last 3 months",
        "revenue by rep where region = \"华东\" and channel in (\"直销\", \"渠道\") in 2026-Q3", "revenue by region where",
        "  region in (华东,", "华南)", "  order by revenue desc", "  limit 2", "trend revenue by month in last 12 months",
        "funnel in last quarter", "forecast revenue next 3 months", "forecast revenue next month by region",
        "diagnose revenue in 2026-10 vs 2026-09", "compare revenue by region in 2026-10 vs 2026-09", "scorecard in 2026-10",
        "set target revenue 1000000 in 2026-12", "set target orders 300 for region 华东 in 2026-12", "target in 2026-12",
        "define metric big_deal = revenue * 2", "alias 东区 = region", "show targets", "哪个区域需求大", "那华南呢",
        "下个月销售额预测", "上个月各团队毛利", "哪个销售员赢单率最低", "what about last month", "format csv", "format json",
        "format table", "lang zh", "lang en", "explain revenue by region", "metrics", "dimensions", "periods", "history",
        "help", "revenue in last 70556009 months", "top 99999999999999999999 rep by revenue", "\u{1b}[31mrevenue",
    ]

    static let pieces: [String] =
        Array("abcdefghijklmnopqrstuvwxyz0123456789 _-.,;()=<>!%\"'#$\t\\").map(String.init) + [
            "$month", "$x", "# param x = ", "\n", "\r\n", "\n  order by revenue", "\nwhere ", "华东", "上个月", "，", "（", "\u{3000}",
            "😀", "\u{202E}", "9223372036854775807", "1e309", " in ", " by ", " vs ",
        ]

    /// Four chunks with their own seeds and their own workspace, so the two cores share the work.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedScriptsAreAnsweredOrRefused(chunk: UInt64) throws {
        let workspace = try Fixtures.demoWorkspace(orderLines: 2_000, seed: chunk)
        let directory = Fixtures.temporaryDirectory()
        var random = TestRandom(state: 2027 &* chunk)
        var refusals = 0
        for index in 0..<(Self.count / 4) {
            let script = mutated(&random)
            let out = Output()
            let lang: Lang = random.below(2) == 0 ? .zh : .en
            // The script runner, as `kpish -f` runs it, then the same lines as typed at the REPL.
            let file = directory + "/fuzz-\(index % 8).kpi"
            try script.write(toFile: file, atomically: false, encoding: .utf8)
            var started = Date()
            let status = loop(workspace, lang, out).runFile(file, parameters: [:], keepGoing: random.below(2) == 0)
            if Date().timeIntervalSince(started) > Self.bound {
                Issue.record("\(Date().timeIntervalSince(started)) s as a script: \(script.debugDescription)")
            }
            var reader = ScriptedReader(lines: script.components(separatedBy: "\n"))
            started = Date()
            loop(workspace, lang, out).run(&reader, interactive: false)
            if Date().timeIntervalSince(started) > Self.bound {
                Issue.record("\(Date().timeIntervalSince(started)) s at the REPL: \(script.debugDescription)")
            }
            if status != 0 {
                refusals += 1
                if out.err.isEmpty { Issue.record("refused without a message: \(script.debugDescription)") }
            }
            if out.err.contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                Issue.record("an empty message: \(script.debugDescription)")
            }
        }
        // The mutations leave some scripts whole and break others.
        #expect(refusals > 0 && refusals < Self.count / 4)
    }

    final class Output: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    private func loop(_ workspace: Workspace, _ lang: Lang, _ output: Output) -> InputLoop {
        InputLoop(
            session: Session(workspace: workspace, asOf: Fixtures.asOf, lang: lang), format: .table,
            write: { output.out.append($0) }, writeError: { output.err.append($0) })
    }

    /// Two to six lines of the list, then a few characters inserted, deleted or replaced, lines
    /// cut short or swapped.
    private func mutated(_ random: inout TestRandom) -> String {
        var lines = (0..<(2 + random.below(5))).map { _ in random.pick(Self.lines) }
        for _ in 0..<random.below(4) {
            let row = random.below(lines.count)
            var characters = Array(lines[row])
            let position = characters.isEmpty ? 0 : random.below(characters.count)
            switch random.below(5) {
            case 0 where !characters.isEmpty: characters.remove(at: position)
            case 1: characters.insert(contentsOf: Array(random.pick(Self.pieces)), at: position)
            case 2 where !characters.isEmpty:
                characters.replaceSubrange(position...position, with: Array(random.pick(Self.pieces)))
            case 3: characters = Array(characters.prefix(position))
            default:
                lines.swapAt(row, random.below(lines.count))
                continue
            }
            lines[row] = String(characters)
        }
        return lines.joined(separator: "\n")
    }
}
