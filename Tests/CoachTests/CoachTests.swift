import Analysis
import Coach
import Engine
import Foundation
import Model
import Store
import TestSupport
import Testing

@Suite struct CoachTests {
    @Test func unknownFlowIsAnError() throws {
        let bench = try CoachBench()
        #expect(throws: CoachError.unknownFlow("plan")) { try bench.run("plan", []) }
    }

    @Test func reviewsListingIsEmptyAtFirst() throws {
        let bench = try CoachBench()
        let coach = Coach(
            analyst: bench.analyst, store: bench.workspace, asOf: .init(year: 2026, month: 11, day: 22), lang: .en,
            io: ScriptedIO([]))
        #expect(try coach.reviews() == "No reviews yet. Run coach review to start one.")
    }
}

@Suite struct EmptyWorkspaceTests {
    @Test func aWorkspaceWithoutDataHasNothingToCoach() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        let analyst = Analyst(engine: try MetricEngine(workspace: workspace), scorecards: workspace)
        let coach = Coach(analyst: analyst, store: workspace, asOf: Fixtures.asOf, lang: .en, io: ScriptedIO(["", "", ""]))
        #expect(throws: CoachError.noData) { try coach.run("smart") }
        #expect(try workspace.coachProgress(flow: "smart") == nil)
    }
}

@Suite struct StepCommandTests {
    @Test func chineseWordsWorkAtEveryStep() throws {
        let bench = try CoachBench()
        // 返回 from the metric step to the aim, 帮助 at the aim, then 退出 at the scope step.
        let (outcome, io) = try bench.run("smart", ["", "返回", "帮助", "3", "", "退出"])
        #expect(outcome == .quit)
        #expect(io.text.contains("back/返回 回到上一步"))
        #expect(
            try bench.rows("SELECT step, answers FROM coach_progress WHERE flow = 'smart'") == [
                #"2|["activity","visits"]"#
            ])
        // 返回 at the first step stays there.
        let (_, first) = try bench.run("review", ["返回", "quit"])
        #expect(first.text.contains("已是第一步。"))
    }
}

@Suite struct QuitAtTheStartTests {
    @Test func quittingBeforeAnyAnswerLeavesNothingToContinue() throws {
        let bench = try CoachBench()
        let (outcome, _) = try bench.run("balance", ["quit"])
        #expect(outcome == .quit)
        #expect(try bench.rows("SELECT * FROM coach_progress").isEmpty)
        // So `coach` offers the first flow, not a continuation.
        let (_, io) = try bench.run(nil, ["quit"], lang: .en)
        #expect(io.text.contains("What shall we do? [1] > "))
        #expect(!io.text.contains("(continue)"))
    }
}
