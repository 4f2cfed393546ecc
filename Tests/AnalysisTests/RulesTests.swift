import Engine
import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// Fixed numbers for the rules to look up: values keyed by metric and period start, breakdowns
/// by metric, dimension and period start.
struct StubFacts: Facts {
    var asOf = Fixtures.asOf
    var scalars: [String: Double] = [:]
    var breakdowns: [String: [String: Double]] = [:]
    var targetAdvice: TargetAdvice? = nil
    var sampleCounts: [String: [String: Double]] = [:]

    func samples(_ metric: String, by dimension: String, filters: [Filter], period: Period) -> [String: Double] {
        sampleCounts["\(metric)|\(dimension)|\(period.start.iso)"] ?? [:]
    }

    func value(_ metric: String, filters: [Filter], period: Period) -> Double? {
        scalars["\(metric)|\(period.start.iso)"]
    }

    func values(_ metric: String, by dimension: String, filters: [Filter], period: Period) -> [String: Double] {
        breakdowns["\(metric)|\(dimension)|\(period.start.iso)"] ?? [:]
    }

    func advice(filters: [Filter], period: Period) -> TargetAdvice? { targetAdvice }
}

/// Each recommendation rule: an answer where it fires, with the numbers it cites, and one where
/// it does not.
@Suite struct RulesTests {
    let october = AnalysisFixtures.month(2026, 10)

    // MARK: - Forecast below target

    func forecast(_ means: [Double], targets: [Double]) -> Answer {
        let window = Period(
            start: Day(year: 2026, month: 12, day: 1), end: Day(year: 2027, month: 1, day: 31), label: "next 2 months")
        let labels = ["2026-12", "2027-01"]
        let rows: [[Cell]] = means.indices.map { index in
            [
                .text(labels[index]), .number(means[index]), .number(0), .number(1e9), .number(0), .number(1e9),
                .text("ETS(A,N,A)"), .number(0.1), .number(targets[index]), .number(targets[index] - means[index]),
            ]
        }
        return Answer(
            plan: Plan(intent: .forecast, metrics: ["revenue"], period: window, grain: .month, horizon: 2),
            title: Localized(zh: "", en: ""),
            columns: [
                "period", "revenue", "low", "high", "low80", "high80", "method", "backtest_error", "target", "gap",
            ],
            rows: rows)
    }

    var adviceFacts: StubFacts {
        var facts = StubFacts()
        facts.scalars["pipeline_value|2026-11-01"] = 500_000
        let rates = ActivityRates(revenuePerWin: 10_000, winsPerDemo: 0.5, winsPerVisit: 0.2, reps: 2)
        facts.targetAdvice = TargetAdvice(
            target: 2_000_000, period: october, asOf: Fixtures.asOf, actual: 0, forecast: 1_700_000,
            standardDeviation: 300_000, rates: rates)
        return facts
    }

    @Test func forecastBelowTargetGivesTheGapThePipelineAndTheDemosNeeded() throws {
        let answer = forecast([800_000, 900_000], targets: [1_000_000, 1_000_000])
        let recommendation = try #require(Rules.forecastBelowTarget(answer, adviceFacts))
        // Gap 300,000 = 30 wins at 10,000 = 60 demos at one win in two, over 2 reps: 30 each.
        #expect(recommendation.text.zh == "预测比目标少 30万：优先推进在手商机中临近成交的部分，并让每位销售多做约 30 次演示。")
        #expect(recommendation.text.en.contains("falls 300,000 short"))
        let evidence = recommendation.evidence.map(\.zh)
        #expect(evidence[0] == "目标 200万，预测 170万，缺口 30万")
        // The probability is the answer's note's alone.
        #expect(!evidence.contains { $0.contains("概率") })
        #expect(evidence.contains("在手商机 50万（缺口的 1.7 倍）"))
        #expect(evidence.contains("演示→赢单 50.0%，每单 1万，2 位销售"))
    }

    @Test func forecastAtOrAboveTargetGivesNothing() {
        let answer = forecast([1_100_000, 1_000_000], targets: [1_000_000, 1_000_000])
        #expect(Rules.forecastBelowTarget(answer, adviceFacts) == nil)
        var plain = answer
        plain.columns.removeLast(2)
        plain.rows = plain.rows.map { Array($0.dropLast(2)) }
        #expect(Rules.forecastBelowTarget(plain, adviceFacts) == nil)
    }

    // MARK: - Coaching

    func attainment(_ values: [String: Double]) -> Answer {
        Answer(
            plan: Plan(intent: .breakdown, metrics: ["attainment"], dimensions: ["rep"], period: october),
            title: Localized(zh: "", en: ""), columns: ["rep", "attainment"],
            rows: values.sorted { $0.key < $1.key }.map { [.text($0.key), .number($0.value)] })
    }

    func activities(demos: [String: Double]) -> StubFacts {
        var facts = StubFacts()
        facts.breakdowns["demos|rep|2026-10-01"] = demos
        facts.breakdowns["visits|rep|2026-10-01"] = ["张伟": 10, "李娜": 11, "王芳": 9]
        facts.breakdowns["calls|rep|2026-10-01"] = ["张伟": 30, "李娜": 28, "王芳": 31]
        return facts
    }

    @Test func lowAttainmentWithFewDemosIsCoachingOnDemos() throws {
        let answer = attainment(["张伟": 0.55, "李娜": 0.95, "王芳": 1.1])
        let facts = activities(demos: ["张伟": 2, "李娜": 8, "王芳": 10])
        let recommendation = try #require(Rules.coachingOnActivity(answer, facts))
        #expect(recommendation.text.zh.hasPrefix("针对演示辅导张伟"))
        #expect(recommendation.text.en.hasPrefix("Coach 张伟 on demos"))
        #expect(recommendation.evidence.map(\.zh) == ["张伟 达成率 55.0%", "演示 2 次（销售员中位数 8 次）"])
    }

    /// "另有 N 位" counts every rep under 70%, not the rows a bottom 3 shows.
    @Test func theOthersBehindAreCountedOverEveryRep() throws {
        let shown = attainment(["张伟": 0.55, "李娜": 0.6])
        var facts = activities(demos: ["张伟": 2, "李娜": 8, "王芳": 10, "赵强": 9, "钱多": 9])
        facts.breakdowns["attainment|rep|2026-10-01"] = ["张伟": 0.55, "李娜": 0.6, "王芳": 0.5, "赵强": 0.69, "钱多": 1.2]
        let recommendation = try #require(Rules.coachingOnActivity(shown, facts))
        // 李娜, 王芳 and 赵强 are under 70% besides 张伟: 3 of the 5, where the rows show one.
        #expect(recommendation.evidence.map(\.zh).contains("另有 3 位销售达成率低于 70%（共 5 位）"))
        #expect(recommendation.evidence.map(\.en).contains("3 more reps under 70% attainment (of 5)"))
    }

    @Test func lowAttainmentWithUsualActivityOrNoLowAttainmentGivesNothing() {
        // 张伟 is behind but demos as much as the others.
        let usual = activities(demos: ["张伟": 7, "李娜": 8, "王芳": 10])
        #expect(Rules.coachingOnActivity(attainment(["张伟": 0.55, "李娜": 0.95, "王芳": 1.1]), usual) == nil)
        // Nobody is under 70%.
        let few = activities(demos: ["张伟": 2, "李娜": 8, "王芳": 10])
        #expect(Rules.coachingOnActivity(attainment(["张伟": 0.75, "李娜": 0.95, "王芳": 1.1]), few) == nil)
    }

    // MARK: - Capacity

    func revenueByRegion() -> Answer {
        Answer(
            plan: Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: october),
            title: Localized(zh: "", en: ""), columns: ["region", "revenue"], rows: [])
    }

    func demand(now: [String: Double], yearBefore: [String: Double]) -> StubFacts {
        var facts = StubFacts()
        facts.breakdowns["revenue|region|2026-10-01"] = now
        facts.breakdowns["revenue|region|2025-10-01"] = yearBefore
        facts.breakdowns["revenue_per_rep|region|2026-10-01"] = ["华东": 300_000]
        facts.scalars["revenue_per_rep|2026-10-01"] = 200_000
        return facts
    }

    @Test func concentratedAndRisingDemandIsCapacity() throws {
        let facts = demand(
            now: ["华东": 400, "华南": 200, "华北": 200, "西南": 200], yearBefore: ["华东": 320, "华南": 200, "华北": 210, "西南": 190])
        let recommendation = try #require(Rules.capacityForDemand(revenueByRegion(), facts))
        #expect(recommendation.text.zh == "华东需求集中且在增长：考虑在华东增加销售人手或渠道覆盖，避免商机无人跟进。")
        #expect(
            recommendation.evidence.map(\.zh) == [
                "华东 占销售额的 40.0%（4 个区域平均 25.0%）", "同比 +25.0%", "人均销售额 30万（全公司 20万）",
            ])
    }

    @Test func aFastRisingRegionIsCapacityToo() throws {
        let facts = demand(
            now: ["华东": 250, "华南": 250, "华北": 250, "西南": 250], yearBefore: ["华东": 250, "华南": 250, "华北": 250, "西南": 200])
        let recommendation = try #require(Rules.capacityForDemand(revenueByRegion(), facts))
        #expect(recommendation.text.en.hasPrefix("Demand is rising fastest in 西南"))
        #expect(recommendation.evidence.map(\.en).contains("+25.0% on a year before"))
    }

    @Test func evenAndFlatDemandGivesNothing() {
        let facts = demand(
            now: ["华东": 250, "华南": 250, "华北": 250, "西南": 250], yearBefore: ["华东": 240, "华南": 250, "华北": 260, "西南": 250])
        #expect(Rules.capacityForDemand(revenueByRegion(), facts) == nil)
        // Not a demand metric.
        var csat = revenueByRegion()
        csat.plan.metrics = ["csat"]
        #expect(Rules.capacityForDemand(csat, demand(now: ["华东": 900, "华南": 100], yearBefore: [:])) == nil)
    }

    // MARK: - Retention

    func customers() -> Answer {
        Answer(
            plan: Plan(intent: .value, metrics: ["active_customers"], period: october),
            title: Localized(zh: "", en: ""),
            columns: ["active_customers"], rows: [[.number(500)]])
    }

    func retention(_ now: Double, _ before: Double, regions: [String: (Double, Double)]) -> StubFacts {
        var facts = StubFacts()
        facts.scalars["retention_rate|2026-10-01"] = now
        facts.scalars["retention_rate|2026-09-01"] = before
        facts.breakdowns["retention_rate|region|2026-10-01"] = regions.mapValues(\.1)
        facts.breakdowns["retention_rate|region|2026-09-01"] = regions.mapValues(\.0)
        return facts
    }

    @Test func fallingRetentionIsKeyAccounts() throws {
        let facts = retention(0.5, 0.6, regions: ["西北": (0.6, 0.4), "华东": (0.6, 0.58)])
        let recommendation = try #require(Rules.keyAccountsWhenRetentionFalls(customers(), facts))
        #expect(recommendation.text.zh.hasPrefix("客户留存在下降（西北最明显）：复盘大客户名单"))
        #expect(recommendation.evidence.map(\.zh) == ["留存率 60.0% → 50.0%", "西北 60.0% → 40.0%"])
    }

    @Test func oneRegionLosingCustomersIsEnough() throws {
        let facts = retention(0.59, 0.6, regions: ["西北": (0.55, 0.48), "华东": (0.6, 0.61)])
        let recommendation = try #require(Rules.keyAccountsWhenRetentionFalls(customers(), facts))
        #expect(recommendation.text.en.hasPrefix("Retention is falling (most in 西北)"))
    }

    @Test func steadyRetentionGivesNothing() {
        let facts = retention(0.6, 0.61, regions: ["西北": (0.6, 0.57), "华东": (0.6, 0.62)])
        #expect(Rules.keyAccountsWhenRetentionFalls(customers(), facts) == nil)
        var revenue = customers()
        revenue.plan.metrics = ["revenue"]
        #expect(Rules.keyAccountsWhenRetentionFalls(revenue, retention(0.3, 0.6, regions: [:])) == nil)
    }

    // MARK: - Stalling stage

    func funnel(_ counts: [Double]) -> Answer {
        let stages = ["lead", "qualified", "proposal", "negotiation", "won"]
        return Answer(
            plan: Plan(intent: .funnel, period: october), title: Localized(zh: "", en: ""),
            columns: ["stage", "opportunities", "conversion"],
            rows: zip(stages, counts).map { [.text($0), .number($1), .null] })
    }

    @Test func aStageWhereDealsStallIsNamed() throws {
        let recommendation = try #require(Rules.stallingStage(funnel([100, 80, 64, 20, 16]), StubFacts()))
        #expect(recommendation.text.zh.hasPrefix("商机卡在方案阶段"))
        // 20 of 64 is 31.25%: half away from zero, as the funnel table shows it.
        #expect(
            recommendation.evidence.map(\.zh) == ["方案阶段转化率 31.3%（其他阶段中位数 80.0%）", "到达方案阶段的商机 64 个"])
    }

    @Test func anEvenFunnelGivesNothing() {
        #expect(Rules.stallingStage(funnel([100, 80, 64, 51, 41]), StubFacts()) == nil)
        #expect(Rules.stallingStage(customers(), StubFacts()) == nil)
    }

    // MARK: - Satisfaction and complaints

    func satisfaction() -> Answer {
        Answer(
            plan: Plan(intent: .breakdown, metrics: ["csat"], dimensions: ["region"], period: october),
            title: Localized(zh: "", en: ""), columns: ["region", "csat"], rows: [])
    }

    func service(csat: [String: Double], complaints: [String: Double], surveys: Double = 40) -> StubFacts {
        var facts = StubFacts()
        facts.breakdowns["csat|region|2026-10-01"] = csat
        facts.sampleCounts["csat|region|2026-10-01"] = csat.mapValues { _ in surveys }
        facts.breakdowns["complaint_rate|region|2026-10-01"] = complaints
        facts.scalars["csat|2026-10-01"] = 4.1
        facts.scalars["complaint_rate|2026-10-01"] = 0.04
        return facts
    }

    @Test func lowSatisfactionInARegionIsNamed() throws {
        let facts = service(csat: ["西北": 3.5, "华东": 4.2], complaints: ["西北": 0.05, "华东": 0.04])
        let recommendation = try #require(Rules.serviceProblemsInRegion(satisfaction(), facts))
        #expect(recommendation.text.zh.hasPrefix("西北客户满意度偏低"))
        #expect(
            recommendation.evidence.map(\.zh) == ["西北 满意度 3.50（全公司 4.10）", "投诉率 5.0%（全公司 4.0%）", "基于 40 份满意度调查"])
    }

    /// Five surveys do not make a region's satisfaction low: the rule waits for enough of them.
    @Test func satisfactionFromAHandfulOfSurveysIsNotCalledLow() {
        let facts = service(csat: ["西北": 3.5, "华东": 4.2], complaints: ["西北": 0.05, "华东": 0.04], surveys: 5)
        #expect(Rules.serviceProblemsInRegion(satisfaction(), facts) == nil)
    }

    @Test func manyComplaintsInARegionAreNamed() throws {
        let facts = service(csat: ["东北": 4.1, "华东": 4.2], complaints: ["东北": 0.1, "华东": 0.03])
        let recommendation = try #require(Rules.serviceProblemsInRegion(satisfaction(), facts))
        #expect(recommendation.text.zh.hasPrefix("东北投诉偏多"))
    }

    @Test func ordinaryServiceGivesNothing() {
        let facts = service(csat: ["西北": 3.9, "华东": 4.2], complaints: ["西北": 0.05, "华东": 0.04])
        #expect(Rules.serviceProblemsInRegion(satisfaction(), facts) == nil)
    }

    // MARK: - All rules

    @Test func atMostThreeRecommendationsInRuleOrder() {
        // An answer every rule could read: reps' attainment with customer and service metrics.
        var answer = attainment(["张伟": 0.55, "李娜": 0.95, "王芳": 1.1])
        answer.plan.metrics = ["attainment", "retention_rate", "csat"]
        var facts = activities(demos: ["张伟": 2, "李娜": 8, "王芳": 10])
        facts.scalars["retention_rate|2026-10-01"] = 0.4
        facts.scalars["retention_rate|2026-09-01"] = 0.6
        facts.breakdowns["csat|region|2026-10-01"] = ["西北": 3.0]
        facts.sampleCounts["csat|region|2026-10-01"] = ["西北": 30]
        facts.scalars["csat|2026-10-01"] = 4.1
        let recommendations = Rules.recommendations(for: answer, facts: facts)
        #expect(recommendations.count == 3)
        #expect(recommendations[0].text.zh.hasPrefix("针对演示辅导张伟"))
        #expect(recommendations[1].text.zh.hasPrefix("客户留存在下降"))
        #expect(recommendations[2].text.zh.hasPrefix("西北客户满意度偏低"))
        #expect(Rules.all.count == 6)
    }
}

/// Found by hand: a six-month forecast with targets for only two of the months said "99% likely"
/// in the recommendation while the note said 17%. Both speak of the months that have targets.
@Suite struct ForecastProbabilityConsistencyTests {
    @Test func recommendationAndNoteGiveTheSameProbability() throws {
        let analyst = try AnalysisFixtures.analyst.get()
        let plan = Plan(
            intent: .forecast, metrics: ["revenue"],
            period: Period(start: Day(iso: "2026-12-01")!, end: Day(iso: "2027-05-31")!, label: "next 6 months"),
            grain: .month, horizon: 6)
        let answer = try analyst.execute(plan, asOf: Fixtures.asOf)
        func percent(_ text: String) -> String? {
            guard let range = text.range(of: #"about (\d+)% likely"#, options: .regularExpression) else { return nil }
            return String(text[range])
        }
        let fromNote = answer.notes.compactMap { percent($0.en) }.first
        let fromAdvice = answer.recommendations.flatMap(\.evidence).compactMap { percent($0.en) }.first
        #expect(fromNote != nil)
        #expect(fromAdvice == nil || fromAdvice == fromNote)
    }
}
