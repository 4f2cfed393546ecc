import Coach
import Foundation
import Model
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
