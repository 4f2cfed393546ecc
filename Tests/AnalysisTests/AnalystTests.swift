import Engine
import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// The analyst as the executor: what it answers itself, what it hands to the engine, and the
/// recommendations it attaches.
@Suite struct AnalystTests {
    var analyst: Analyst { get throws { try AnalysisFixtures.analyst.get() } }
    let asOf = Fixtures.asOf

    @Test func otherPlansAreTheEnginesAnswers() throws {
        let plan = Plan(
            intent: .breakdown, metrics: ["revenue", "orders"], dimensions: ["channel"],
            period: AnalysisFixtures.month(2026, 10))
        var answer = try analyst.execute(plan, asOf: asOf)
        answer.recommendations = []
        #expect(answer == (try analyst.engine.execute(plan, asOf: asOf)))
    }

    @Test func demandConcentratedInARegionIsRecommendedWithItsShare() throws {
        let period = Period(
            start: Day(year: 2026, month: 8, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "last 3 months")
        let answer = try analyst.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: period), asOf: asOf)
        let recommendation = try #require(answer.recommendations.first)
        let east = try AnalysisFixtures.scalar(
            "SELECT SUM(amount) FROM orders WHERE region = '华东' AND date BETWEEN '2026-08-01' AND '2026-10-31'")
        let all = try AnalysisFixtures.scalar(
            "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2026-08-01' AND '2026-10-31'")
        let share = String(format: "%.1f%%", east / all * 100)
        #expect(recommendation.text.zh.hasPrefix("华东需求集中"))
        #expect(recommendation.evidence.first?.zh.contains("华东 占销售额的 \(share)") == true)
        #expect(answer.recommendations.count <= Rules.maximumPerAnswer)
    }

    @Test func aForecastBelowTargetIsRecommendedWithItsGap() throws {
        let window = PeriodSpec.next(1, .month).resolve(asOf: asOf)!
        let answer = try analyst.execute(
            Plan(intent: .forecast, metrics: ["revenue"], period: window, grain: .month, horizon: 1), asOf: asOf)
        let row = try #require(answer.rows.first)
        let (forecast, target) = (row[1].number!, row[8].number!)
        let sqlTarget = try AnalysisFixtures.scalar(
            "SELECT SUM(value) FROM targets WHERE scope = 'rep' AND period_start = '2026-12-01'")
        #expect(AnalysisFixtures.close(target, sqlTarget))
        try #require(forecast < target)
        let recommendation = try #require(answer.recommendations.first)
        #expect(recommendation.text.zh.hasPrefix("预测比目标少"))
        #expect(recommendation.evidence.contains { $0.zh.hasPrefix("在手商机") })
        // One probability in the answer: its note's, none in the recommendation beside it.
        let stated = (answer.notes.map(\.zh) + answer.recommendations.flatMap { $0.evidence.map(\.zh) })
            .filter { $0.contains("达成概率") }
        #expect(stated.count == 1)
        #expect(answer.notes.contains { $0.zh.contains("达成概率约") })
    }

    @Test func showPlansListsTheDefaultPlan() throws {
        let answer = try analyst.execute(Plan(intent: .show, show: "plans"), asOf: asOf)
        #expect(answer.rows.first?[0] == .text("默认方案"))
        #expect(answer.rows.first?[1] == .text("attainment 50%, new_customers 20%, csat 20%, collaboration_score 10%"))
        #expect(try analyst.vocabulary().plans.prefix(2) == ["默认方案", "default"])
        #expect(
            try analyst.execute(Plan(intent: .scorecard, dimensions: ["region"], using: "default"), asOf: asOf)
                .title.en == "Region scorecard, last month (2026-10) (default plan)")
    }
}
