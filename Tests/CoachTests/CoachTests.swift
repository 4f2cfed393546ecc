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
            analyst: bench.analyst, asOf: .init(year: 2026, month: 11, day: 22), lang: .en, io: ScriptedIO([]))
        #expect(try coach.reviews() == "No reviews yet. Run coach review to start one.")
    }
}

@Suite struct EmptyWorkspaceTests {
    @Test func aWorkspaceWithoutDataHasNothingToCoach() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        let analyst = Analyst(engine: try MetricEngine(workspace: workspace))
        let coach = Coach(analyst: analyst, asOf: Fixtures.asOf, lang: .en, io: ScriptedIO(["", "", ""]))
        #expect(throws: CoachError.noData) { try coach.run("smart") }
        #expect(try analyst.engine.coachProgress(flow: "smart") == nil)
    }
}
