import Coach
import Foundation
import Model
import Testing

@Suite struct SmartFlowTests {
    static let december = "2026-12-01|2026-12-31"

    @Test func scriptedAnswersSaveTheTargetTheyName() throws {
        let bench = try CoachBench()
        let team = bench.teams[1]
        // aim: grow revenue; metric: default (revenue); scope: team; the second team; next
        // month; 750000; no split; save.
        let (outcome, io) = try bench.run("smart", ["1", "", "3", "2", "1", "750000", "2", ""])
        #expect(outcome == .finished)
        #expect(
            try bench.rows(
                "SELECT metric, scope, scope_value, period_start, period_end, value FROM targets WHERE period_start = '2026-12-01' AND period_end = '2026-12-31' AND scope = 'team' AND scope_value = ?",
                [team]) == ["revenue|team|\(team)|\(Self.december)|750000.0"])
        #expect(io.text.contains("attainment where team = \(team) in 2026-12"))
        #expect(try bench.rows("SELECT * FROM coach_progress").isEmpty)
    }

    @Test func enterThroughSavesATeamTargetSplitAcrossItsReps() throws {
        let bench = try CoachBench()
        let team = bench.teams[0]
        let before: Int? = try bench.scalar("SELECT COUNT(*) FROM targets")
        let (outcome, io) = try bench.run("smart", Array(repeating: "", count: 12))
        #expect(outcome == .finished)
        let value: Double? = try bench.scalar(
            "SELECT value FROM targets WHERE scope = 'team' AND scope_value = ? AND period_start = '2026-12-01' AND period_end = '2026-12-31'",
            [team])
        let teamValue = try #require(value)
        #expect(teamValue > 0)
        // The suggested value is the forecast + 5%, rounded to thousands.
        #expect(teamValue.truncatingRemainder(dividingBy: 1000) == 0)
        // The split replaced the December targets of the team's reps (no new rows were added
        // for the team, which had one), and the shares add up to the team's target.
        let split = try bench.rows(
            "SELECT scope_value, value FROM targets WHERE scope = 'rep' AND period_start = '2026-12-01' AND period_end = '2026-12-31' AND scope_value IN (SELECT name FROM reps WHERE team = ?)",
            [team])
        #expect(!split.isEmpty)
        let sum = split.compactMap { Double($0.split(separator: "|")[1]) }.reduce(0, +)
        #expect(abs(sum - teamValue) <= 500 * Double(split.count))
        let after: Int? = try bench.scalar("SELECT COUNT(*) FROM targets")
        #expect(after == before)
        #expect(io.text.contains("跟踪查询：attainment where team = \(team) in 2026-12"))
        #expect(io.text.contains("达成概率"))
    }

    @Test func backReturnsToTheStepBeforeAndItsAnswerCanChange() throws {
        let bench = try CoachBench()
        // Aim "grow" then back: choose "win more deals", whose suggested metric is the win rate.
        let (outcome, _) = try bench.run("smart", ["", "back", "2", "", "1", "", "0.6", ""])
        #expect(outcome == .finished)
        #expect(
            try bench.rows("SELECT metric, scope, scope_value, value FROM targets WHERE metric = 'win_rate'")
                == ["win_rate|company|-|0.6"])
    }

    @Test func backPassesOverAStepThatWasSkipped() throws {
        let bench = try CoachBench()
        let team = bench.teams[0]
        // Company scope skips the member step; back at the period goes to the scope again.
        let (outcome, io) = try bench.run("smart", ["", "", "1", "back", "3", "", "", "700000", "2", ""])
        #expect(outcome == .finished)
        #expect(
            try bench.rows(
                "SELECT scope, scope_value, value FROM targets WHERE period_start = '2026-12-01' AND period_end = '2026-12-31' AND value = 700000"
            ) == ["team|\(team)|700000.0"])
        #expect(io.transcript.filter { $0.hasPrefix("【第 3/8 步】") }.count == 2)
    }

    @Test func quitSavesTheStepAndTheFlowResumesThere() throws {
        let bench = try CoachBench()
        let team = bench.teams[1]
        let (first, io) = try bench.run("smart", ["", "", "3", "2", "quit"])
        #expect(first == .quit)
        #expect(io.text.contains("已保存进度（第 5 步）"))
        #expect(
            try bench.rows("SELECT flow, step, answers FROM coach_progress")
                == [#"smart|4|["grow","revenue","team","\#(team)"]"#])

        // Continue (the default) → the period step, then the value.
        let (second, resumed) = try bench.run("smart", ["", "", "800000", "no", ""])
        #expect(second == .finished)
        #expect(resumed.transcript.first { $0.hasPrefix("【第") }?.hasPrefix("【第 5/8 步】") == true)
        #expect(
            try bench.rows(
                "SELECT scope_value, value FROM targets WHERE scope = 'team' AND value = 800000 AND period_start = '2026-12-01'"
            ) == ["\(team)|800000.0"])
        #expect(try bench.rows("SELECT * FROM coach_progress").isEmpty)
    }

    @Test func coachWithoutAFlowOffersTheUnfinishedOne() throws {
        let bench = try CoachBench()
        try bench.run("smart", ["", "", "1", "quit"])
        // The end of input quits too, and keeps the step.
        try bench.run("smart", ["", "", "2"])
        #expect(try bench.rows("SELECT flow, step FROM coach_progress") == ["smart|3"])
        // `coach`: the menu's default is the unfinished flow; continuing resumes at the period.
        let (outcome, io) = try bench.run(nil, ["", "", "", "650000", ""])
        #expect(outcome == .finished)
        #expect(io.text.contains("smart — 设一个 SMART 目标（继续）"))
        #expect(
            try bench.rows("SELECT metric, scope, value FROM targets WHERE value = 650000") == ["revenue|company|650000.0"])
    }

    @Test func startingOverForgetsTheEarlierAnswers() throws {
        let bench = try CoachBench()
        try bench.run("smart", ["", "", "1", "quit"])
        let (outcome, _) = try bench.run("smart", ["2", "", "", "", "", "", "", "", ""])
        #expect(outcome == .finished)
        // Started over at the aim: the defaults give the first team's target, not the company's.
        #expect(
            try bench.rows(
                "SELECT scope_value FROM targets WHERE scope = 'team' AND period_start = '2026-12-01' AND period_end = '2026-12-31' AND scope_value = ?",
                [bench.teams[0]]).count == 1)
        #expect(try bench.rows("SELECT * FROM coach_progress").isEmpty)
    }

    @Test func helpAndUnknownAnswersAskTheSameStepAgain() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run("smart", ["帮助", "9", "", "", "1", "", "590000", ""], lang: .zh)
        #expect(outcome == .finished)
        #expect(io.text.contains("目的是你为什么要设这个目标"))
        #expect(io.text.contains("没有看懂“9”"))
        #expect(io.transcript.filter { $0.hasPrefix("目的 [1] >") }.count == 3)
        #expect(try bench.rows("SELECT scope, value FROM targets WHERE value = 590000") == ["company|590000.0"])
    }

    @Test func speaksEnglish() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run("smart", ["my own aim: get new reps selling", "", "4", "", "", "", "", ""], lang: .en)
        #expect(outcome == .finished)
        #expect(io.text.contains("Specific: which metric measures it?"))
        #expect(io.text.contains("Achievable: how much?"))
        #expect(io.text.contains("  R my own aim: get new reps selling"))
        #expect(io.text.contains("Track it with: attainment where rep = "))
        #expect(!io.text.contains("目标"))
    }
}
