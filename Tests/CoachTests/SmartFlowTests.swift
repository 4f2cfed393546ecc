import Foundation
import Model
import Testing

@testable import Coach

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
        // The split replaced the December targets of the reps it lists (no rows were added:
        // they had December targets), and their shares add up to the team's target.
        let listed = io.transcript.last!.split(separator: "\n").compactMap { line -> (String, Double)? in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: ": ")
            guard line.hasPrefix("  "), parts.count == 2,
                let value = Double(parts[1].replacingOccurrences(of: ",", with: ""))
            else { return nil }
            return (String(parts[0]), value)
        }
        #expect(!listed.isEmpty)
        let members = try bench.reps(ofTeam: team)
        for (rep, value) in listed {
            #expect(members.contains(rep))
            let stored: Double? = try bench.scalar(
                "SELECT value FROM targets WHERE scope = 'rep' AND scope_value = ? AND period_start = '2026-12-01' AND period_end = '2026-12-31'",
                [rep])
            #expect(stored == value, "\(rep)")
        }
        // The reps' targets add up to the team's exactly (each in thousands).
        let sum = listed.map(\.1).reduce(0, +)
        #expect(sum == teamValue)
        #expect(listed.allSatisfy { $0.1.truncatingRemainder(dividingBy: 1000) == 0 })
        let after: Int? = try bench.scalar("SELECT COUNT(*) FROM targets")
        #expect(after == before)
        #expect(io.text.contains("跟踪查询：attainment where team = \(team) in 2026-12"))
        // The history names its months: the six full months before November.
        #expect(io.text.contains("近 6 个月：2026-05 "))
        #expect(io.text.contains(", 2026-10 "))
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
        #expect(try bench.rows("SELECT flow, step FROM coach_progress") == ["smart|4"])
        // The end of input quits too, and keeps the step: continue, the period, then no more.
        try bench.run("smart", ["", ""])
        #expect(try bench.rows("SELECT flow, step FROM coach_progress") == ["smart|5"])
        // `coach`: the menu's default is the unfinished flow; continuing resumes at the value.
        let (outcome, io) = try bench.run(nil, ["", "", "650000", "2", ""])
        #expect(outcome == .finished)
        #expect(io.text.contains("smart — 设一个 SMART 目标（继续）"))
        #expect(
            try bench.rows(
                "SELECT metric, period_start, period_end, value FROM targets WHERE scope = 'company' AND value = 650000"
            )
                == ["revenue|\(Self.december)|650000.0"])
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
                [bench.teams[0]]
            ).count == 1)
        #expect(try bench.rows("SELECT * FROM coach_progress").isEmpty)
    }

    @Test func helpAndUnknownAnswersAskTheSameStepAgain() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run("smart", ["帮助", "", "", "9", "1", "", "590000", "2", ""], lang: .zh)
        #expect(outcome == .finished)
        #expect(io.text.contains("目的是你为什么要设这个目标"))
        #expect(io.text.contains("没有看懂“9”"))
        #expect(io.transcript.filter { $0.hasPrefix("目的 [1] >") }.count == 2)
        #expect(io.transcript.filter { $0.hasPrefix("范围 [3] >") }.count == 2)
        #expect(
            try bench.rows("SELECT scope, period_start, value FROM targets WHERE scope = 'company' AND value = 590000")
                == ["company|2026-12-01|590000.0"])
    }

    @Test func speaksEnglish() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run(
            "smart", ["my own aim: get new reps selling", "", "4", "", "", "", "", ""], lang: .en)
        #expect(outcome == .finished)
        #expect(io.text.contains("Specific: which metric measures it?"))
        #expect(io.text.contains("Achievable: how much?"))
        #expect(io.text.contains("  R my own aim: get new reps selling"))
        #expect(io.text.contains("Track it with: attainment where rep = "))
        #expect(!io.text.contains("目标"))
    }

    /// Proposals that round to the same value are offered once: +5% and +10% of 12 are both 13.
    @Test func proposalsThatRoundAlikeAreOfferedOnce() {
        let values = SmartFlow.proposals(12, upward: 1, unit: .count).map(\.1)
        #expect(values == [13, 12, 14])
        #expect(
            SmartFlow.proposals(1_000_000, upward: 1, unit: .money).map(\.1) == [
                1_050_000, 1_000_000, 1_100_000, 1_200_000,
            ])
    }
}
