import Ask
import Engine
import Model
import TestSupport
import Testing

/// Questions about the target under way (这个月能完成目标吗, 本月目标还差多少, 今年目标完成得怎么样)
/// are answered with pace against target, not with the target alone.
@Suite struct ProgressQuestionTests {
    static let metrics = [
        "revenue", "target", "attainment", "time_progress", "pace", "target_gap", "needed_per_day", "projected_end",
    ]

    struct Case: Sendable, CustomStringConvertible {
        let question: String
        let dimensions: [String]
        let region: String?
        let start: String
        let end: String
        var description: String { question }
    }

    static let cases: [Case] = [
        Case(question: "这个月能完成目标吗", dimensions: [], region: nil, start: "2026-11-01", end: "2026-11-22"),
        Case(question: "本月目标还差多少", dimensions: [], region: nil, start: "2026-11-01", end: "2026-11-22"),
        Case(question: "今年目标完成得怎么样", dimensions: [], region: nil, start: "2026-01-01", end: "2026-11-22"),
        Case(question: "华南这个月能完成目标吗", dimensions: [], region: "华南", start: "2026-11-01", end: "2026-11-22"),
        Case(question: "各区域本月目标还差多少", dimensions: ["region"], region: nil, start: "2026-11-01", end: "2026-11-22"),
        Case(
            question: "are we on track to hit target this month", dimensions: [], region: nil, start: "2026-11-01",
            end: "2026-11-22"),
        Case(
            question: "which teams will make their quota this month", dimensions: ["team"], region: nil,
            start: "2026-11-01", end: "2026-11-22"),
    ]

    @Test(arguments: cases)
    func paceAgainstTarget(_ item: Case) throws {
        let plan = try CorpusTests.matcher.match(item.question, asOf: Fixtures.asOf).plan
        #expect(plan.metrics == Self.metrics)
        #expect(plan.dimensions == item.dimensions)
        #expect(plan.period?.start.iso == item.start && plan.period?.end.iso == item.end)
        #expect(plan.filters.first?.values.first?.description == item.region)
    }
}

/// 同比和环比 asks for both comparisons, not only the year before.
@Suite struct BothComparisonsTests {
    @Test(arguments: ["各区域销售额同比和环比", "销售额环比和同比"])
    func theMonthBeforeAndTheYearBefore(_ question: String) throws {
        let plan = try CorpusTests.matcher.match(question, asOf: Fixtures.asOf).plan
        #expect(plan.intent == .compare)
        #expect(plan.period?.start.iso == "2026-10-01")
        #expect(plan.compareTo?.start.iso == "2026-09-01" && plan.compareTo?.end.iso == "2026-09-30")
        #expect(plan.compareAlso?.start.iso == "2025-10-01" && plan.compareAlso?.end.iso == "2025-10-31")
    }
}
