import Engine
import Foundation
import Model
import Render
import Shell
import Store
import TestSupport
import Testing

/// Lines fed to the loop as if typed, with Ctrl-C where a line is nil-marked.
struct ScriptedReader: LineReader {
    var lines: [String]
    var interrupts: Set<Int> = []
    var index = 0
    var pendingInterrupt = false

    mutating func readLine(prompt: String) -> String? {
        guard index < lines.count else { return nil }
        defer { index += 1 }
        if interrupts.contains(index) { pendingInterrupt = true }
        return lines[index]
    }

    mutating func takeInterrupt() -> Bool {
        defer { pendingInterrupt = false }
        return pendingInterrupt
    }
}

@Suite(.serialized) struct InputLoopTests {
    final class Output: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    private func loop(_ output: Output, lang: Lang = .en) -> InputLoop {
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: lang)
        return InputLoop(
            session: session, format: .csv, write: { output.out.append($0) }, writeError: { output.err.append($0) })
    }

    @Test func metaCommandsByUniquePrefixAndStatementsOverLines() {
        let output = Output()
        let loop = loop(output)
        var reader = ScriptedReader(lines: [
            "form csv", "revenue by region where", "  region in (华东,", "华南)", "h", "quit", "revenue",
        ])
        loop.run(&reader, interactive: false)
        #expect(output.out.first == "format csv")
        #expect(output.out.contains { $0.hasPrefix("region,revenue\n华东,") && $0.split(separator: "\n").count == 3 })
        #expect(output.err.contains { $0.contains("help") && $0.contains("history") }, "an ambiguous prefix names both")
        // quit stops before the last line.
        #expect(loop.session.lang == .en)
        #expect(output.out.filter { $0.hasPrefix("revenue") }.isEmpty)
    }

    @Test func ctrlCDropsTheStatementBegunOnEarlierLines() {
        let output = Output()
        let loop = loop(output)
        var reader = ScriptedReader(lines: ["revenue by region where", "orders"], interrupts: [1])
        loop.run(&reader, interactive: false)
        #expect(output.err.isEmpty)
        #expect(output.out == ["orders\n" + output.out[0].split(separator: "\n")[1]])
    }

    @Test func saveWritesTheSuccessfulInputsAsAScriptThatRunsAgain() throws {
        let directory = Fixtures.temporaryDirectory()
        let output = Output()
        let loop = loop(output)
        var reader = ScriptedReader(lines: [
            "revenue in 2026-10", "revenu by region", "top 3 region by orders", "save \(directory)/weekly",
        ])
        loop.run(&reader, interactive: false)
        let saved = try String(contentsOfFile: directory + "/weekly.kpi", encoding: .utf8)
        #expect(
            saved.split(separator: "\n").filter { !$0.hasPrefix("#") } == [
                "revenue in 2026-10", "top 3 region by orders",
            ])
        let rerun = Output()
        #expect(self.loop(rerun).runFile(directory + "/weekly.kpi", parameters: [:], keepGoing: false) == 0)
        #expect(rerun.out == output.out.filter { !$0.hasPrefix("saved") })
    }

    /// `save FILE 3-5` and `save FILE last N` keep the answered inputs picked by history's
    /// numbers; a follow-up whose question is left out is saved as the query it stood for, so the
    /// saved script answers exactly what the session answered for those lines.
    @Test func saveKeepsThePickedAnsweredInputsAndAFollowUpStandsAlone() throws {
        let directory = Fixtures.temporaryDirectory()
        let output = Output()
        let loop = loop(output)
        var reader = ScriptedReader(lines: [
            "revenue in 2026-10",  // 1
            "revenu by region",  // 2: not answered
            "上个月各区域销售额",  // 3
            "按团队拆开看",  // 4: a follow-up of 3
            "orders by region in 2026-09",  // 5
            "history",  // 6: a command
            "save \(directory)/middle 2-4",
            "save \(directory)/followup 4",
            "save \(directory)/tail last 2",
            "save \(directory)/bad 3-99",
            "save \(directory)/nothing 2",
        ])
        loop.run(&reader, interactive: false)
        let answers = output.out.filter { !$0.hasPrefix("saved") && !$0.contains("(command)") }
        #expect(answers.count == 4, "four inputs were answered")
        let listing = try #require(output.out.first { $0.contains("(command)") })
        #expect(listing.split(separator: "\n").map(String.init) == [
            "1  revenue in 2026-10", "2  revenu by region  (not answered)", "3  上个月各区域销售额", "4  按团队拆开看",
            "5  orders by region in 2026-09", "6  history  (command)",
        ])
        func script(_ name: String) throws -> [String] {
            try String(contentsOfFile: "\(directory)/\(name).kpi", encoding: .utf8).split(separator: "\n")
                .map(String.init).filter { !$0.hasPrefix("#") }
        }
        func rerun(_ name: String) -> [String] {
            let again = Output()
            #expect(self.loop(again).runFile("\(directory)/\(name).kpi", parameters: [:], keepGoing: false) == 0)
            return again.out
        }
        // 2-4: the unanswered 2 is left out; 4 follows 3, which is kept, so it keeps its words.
        #expect(try script("middle") == ["上个月各区域销售额", "按团队拆开看"])
        #expect(rerun("middle") == Array(answers[1...2]))
        // 4 alone: its question is not in the script, so it is written as a query of its own.
        let alone = try script("followup")
        #expect(alone.count == 1 && alone[0] != "按团队拆开看" && alone[0].contains("region") && alone[0].contains("team"))
        #expect(rerun("followup") == [answers[2]])
        // last 2: the last two answered, 4 (after 3, left out: standalone) and 5.
        #expect(try script("tail") == [alone[0], "orders by region in 2026-09"])
        #expect(rerun("tail") == Array(answers[2...3]))
        #expect(output.err.contains { $0.hasPrefix("usage: save NAME") }, "99 is beyond the history")
        #expect(output.err.contains { $0.contains("none of the inputs picked was answered") })
        #expect(!FileManager.default.fileExists(atPath: directory + "/bad.kpi"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/nothing.kpi"))
    }

    /// `run FILE name=value` (and `--param name=value`) in the REPL gives a script's parameters.
    @Test func runInTheShellTakesParameters() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/monthly.kpi"
        try "# param month = 2026-10\nrevenue by region in $month\n".write(toFile: file, atomically: true, encoding: .utf8)
        let output = Output()
        var reader = ScriptedReader(lines: [
            "run \(file) month=2026-09", "run \(file) --param month=2026-08", "run \(file)", "run \(file) month",
            "revenue by region in 2026-09", "revenue by region in 2026-08", "revenue by region in 2026-10",
        ])
        loop(output).run(&reader, interactive: false)
        #expect(output.out.count == 6)
        #expect(Array(output.out[0..<3]) == Array(output.out[3..<6]))
        #expect(Set(output.out).count == 3)
        #expect(output.err == ["usage: run FILE [name=value…]"])
    }

    @Test func aScriptErrorReportsFileLineColumnAndStops() throws {
        let directory = Fixtures.temporaryDirectory()
        let file = directory + "/report.kpi"
        try "# report\nrevenue by region in $month\ntop 3 region by revenu\norders\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let output = Output()
        #expect(loop(output).runFile(file, parameters: ["month": "2026-10"], keepGoing: false) == 1)
        #expect(output.err.count == 1)
        #expect(output.err[0].hasPrefix("\(file):3:17: error: unknown metric “revenu”"))
        #expect(output.out.count == 1, "the line before ran; the one after did not")

        let goingOn = Output()
        #expect(loop(goingOn).runFile(file, parameters: ["month": "2026-10"], keepGoing: true) == 1)
        #expect(goingOn.out.count == 2, "--keep-going runs the rest")
    }

    @Test func helpListsEveryCommandInBothLanguages() {
        for lang in [Lang.zh, .en] {
            let output = Output()
            var reader = ScriptedReader(lines: ["help"])
            loop(output, lang: lang).run(&reader, interactive: false)
            for name in [
                "help", "examples", "format", "lang", "timing", "as-of", "history", "save", "run", "open", "quit",
            ] {
                #expect(output.out[0].contains(name), "\(lang) \(name)")
            }
            #expect(output.out[0].contains(lang == .zh ? "输入查询" : "Type a query"))
        }
    }
}

@Suite(.serialized) struct AskBackTests {
    @Test func aTieIsAskedBackAndTheChosenReadingAnswered() {
        let output = InputLoopTests.Output()
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .en)
        let loop = InputLoop(
            session: session, format: .csv, write: { output.out.append($0) }, writeError: { output.err.append($0) })
        // 华东组 is close to two teams: the readings tie.
        var reader = ScriptedReader(lines: ["华东组上个月销售额", "2", "华东组上个月销售额", ""])
        loop.run(&reader, interactive: true)
        #expect(output.err.isEmpty)
        let questions = output.out.filter { $0.contains("can be read more than one way") }
        #expect(questions.count == 2)
        #expect(
            questions[0].contains("1) revenue where team = 华东一组") && questions[0].contains("2) revenue where team = 华东二组"))
        // The choice 2 answers for 华东二组; Enter takes the first, 华东一组: the same figures as the queries.
        let answers = output.out.filter { $0.hasPrefix("revenue\n") }
        let expected = ["华东二组", "华东一组"].map { team in
            (try? Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .en).answer(
                "revenue where team = \"\(team)\" in last month", format: .csv).output) ?? ""
        }
        #expect(answers.count == 2)
        #expect(answers == expected)
        #expect(Set(expected).count == 2)
    }
}

@Suite struct UnknownNameTests {
    /// A question naming a rep the data does not hold is never answered as zero: it fails, says
    /// so, and offers reps of the workspace whose names are close.
    @Test func aRepTheDataDoesNotHoldIsSaidSoWithCloseNames() throws {
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .zh)
        let reps = Set(try MetricEngine(workspace: Fixtures.demo).vocabulary().values(of: "rep") ?? [])
        let name = "张伟"
        #expect(!reps.contains(name))
        let output = try session.answer("\(name)上个月业绩咋样", format: .table)
        #expect(output.status == 1)
        #expect(output.output.isEmpty)
        #expect(output.error.contains("没有叫 “\(name)” 的销售员"))
        // The names offered are reps of the workspace, one edit from the name asked.
        let offered = reps.filter { output.error.contains("“\($0)”") }
        #expect(!offered.isEmpty)
        #expect(offered.allSatisfy { $0.count == 2 && $0.hasSuffix("伟") || $0.hasPrefix("张") })
        // A rep the data holds is answered as the query for that rep is.
        let known = try #require(reps.sorted().first)
        let asked = try session.answer("\(known)上个月的销售额", format: .csv)
        let queried = try session.answer("revenue where rep = \"\(known)\" in last month", format: .csv)
        #expect(asked.status == 0 && asked.output == queried.output)
    }
}

@Suite struct ScriptParameterTests {
    static func run(_ script: String, _ parameters: [String: String] = [:]) -> (status: Int32, out: [String], err: [String]) {
        let path = NSTemporaryDirectory() + "kpish-param-\(UUID().uuidString).kpi"
        try! script.write(toFile: path, atomically: true, encoding: .utf8)
        let output = InputLoopTests.Output()
        let loop = InputLoop(
            session: Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .en), format: .csv,
            write: { output.out.append($0) }, writeError: { output.err.append($0) })
        let status = loop.runFile(path, parameters: parameters, keepGoing: false)
        return (status, output.out, output.err.map { $0.replacingOccurrences(of: path, with: "FILE") })
    }

    @Test func aDeclaredParameterHasItsDefaultAndAGivenOneWins() throws {
        let script = "# param month = 2026-09\nrevenue in $month\n"
        let september = Self.run(script)
        let october = Self.run(script, ["month": "2026-10"])
        #expect(september.status == 0 && october.status == 0)
        #expect(september.out == Self.run("revenue in 2026-09\n").out)
        #expect(october.out == Self.run("revenue in 2026-10\n").out)
        #expect(september.out != october.out)
    }

    @Test func aMissingParameterIsNamedWithWhereAndHow() {
        let result = Self.run("revenue\nrevenue by region in $month\n")
        #expect(result.status == 1)
        #expect(result.err == ["FILE:2:22: missing parameter month (--param month=2026-10, or # param month = DEFAULT in the script)"])
        // The line before it was answered; nothing after it.
        #expect(result.out.count == 1)
    }
}

@Suite struct TargetsAheadTests {
    /// 12月各区域目标 and 下个月的目标, asked in November, are the targets set (a query of them),
    /// not forecasts of a target.
    @Test func aTargetAskedAheadIsTheTargetSet() throws {
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .en)
        let query = try session.answer("target by region in 2026-12", format: .csv)
        #expect(query.status == 0)
        #expect(query.output.split(separator: "\n").count == 8, "a header and seven regions")
        #expect(try session.answer("12月各区域目标是多少", format: .csv).output == query.output)
        let next = try session.answer("下个月的目标", format: .json)
        let plan = try #require(
            (try JSONSerialization.jsonObject(with: Data(next.output.utf8)) as? [String: Any])?["plan"] as? [String: Any])
        #expect(plan["intent"] as? String == "value")
        #expect(plan["canonical"] as? String == "target in next month")
        #expect(try session.answer("target in next month", format: .csv).output == session.answer("target in 2026-12", format: .csv).output)
    }

    /// `show targets` names scopes and metrics for people (全公司, 区域, 销售额) and formats the
    /// values as money; CSV keeps the ids and the raw numbers.
    @Test func theListOfTargetsSpeaksTheSessionsLanguage() throws {
        let zh = try Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .zh).answer(
            "show targets in 2026-12", format: .table)
        #expect(zh.status == 0)
        for id in ["company", "region", "team", "revenue"] { #expect(!zh.output.contains(id), "\(id)") }
        #expect(zh.output.contains("全公司") && zh.output.contains("销售额") && zh.output.contains("亿"))
        let csv = try Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .zh).answer(
            "show targets in 2026-12", format: .csv)
        let first = csv.output.split(separator: "\n").dropFirst().first.map(String.init) ?? ""
        let total = try Fixtures.demo.database.read { db in
            try Double.fetchOne(
                db, sql: "SELECT value FROM targets WHERE scope = 'company' AND period_start = '2026-12-01'")
        }
        let value = Int(try #require(total))
        #expect(first.hasPrefix("company,") && first.hasSuffix(",revenue,\(value)"))
    }
}
