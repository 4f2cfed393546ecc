import Analysis
import Language
import Model
import TestSupport
import Testing

@testable import Coach

/// The query forms the coach teaches are real queries: each parses to the plan the coach runs.
@Suite struct QueryFormTests {
    @Test func onboardingQueriesParseToThePlansTheTourRuns() throws {
        let bench = try CoachBench()
        let vocabulary = bench.analyst.vocabulary()
        let tour = OnboardFlow(analyst: bench.analyst, asOf: Fixtures.asOf, lang: .zh).tour
        #expect(tour.count >= 6 && tour.count <= 8)
        for stop in tour {
            let parsed = try parse(stop.query, vocabulary: vocabulary, asOf: Fixtures.asOf)
            #expect(parsed.intent == stop.plan.intent, "\(stop.query)")
            #expect(parsed.metrics == stop.plan.metrics, "\(stop.query)")
            #expect(parsed.dimensions == stop.plan.dimensions, "\(stop.query)")
            #expect(parsed.period?.start == stop.plan.period?.start, "\(stop.query)")
            #expect(parsed.period?.end == stop.plan.period?.end, "\(stop.query)")
            #expect(parsed.limit == stop.plan.limit, "\(stop.query)")
        }
    }

    @Test func smartTrackingQueryParses() throws {
        let bench = try CoachBench()
        let flow = SmartFlow(analyst: bench.analyst, asOf: Fixtures.asOf, lang: .en)
        let target = try flow.resolved(["grow", "revenue", "team", bench.teams[0], "2026-12", "700000", "no", "save"])
        #expect(target.query == "attainment where team = \(bench.teams[0]) in 2026-12")
        // Answers once the period has begun (before, it is after the as-of date).
        #expect(throws: Diagnostic.self) {
            try parse(target.query, vocabulary: bench.analyst.vocabulary(), asOf: Fixtures.asOf)
        }
        let plan = try parse(
            target.query, vocabulary: bench.analyst.vocabulary(), asOf: Day(year: 2026, month: 12, day: 15))
        #expect(plan.metrics == ["attainment"])
        #expect(plan.filters == [Filter(field: "team", op: .equal, values: [.text(bench.teams[0])])])
        #expect(plan.period?.start == Day(year: 2026, month: 12, day: 1))
    }
}
