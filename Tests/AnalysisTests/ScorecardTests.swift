import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

@testable import Analysis

/// Scorecards: values from SQL, points and scores recomputed by hand from them, plans saved in
/// a workspace of their own.
@Suite struct ScorecardTests {
    var analyst: Analyst { get throws { try AnalysisFixtures.analyst.get() } }
    let asOf = Fixtures.asOf
    let quarter = Period(
        start: Day(year: 2026, month: 7, day: 1), end: Day(year: 2026, month: 9, day: 30), label: "2026-Q3")

    func scorecard(_ dimension: String, using plan: String? = nil) throws -> Answer {
        try analyst.execute(Plan(intent: .scorecard, dimensions: [dimension], period: quarter, using: plan), asOf: asOf)
    }

    @Test func theDefaultPlanScoresRepsAgainstTargetsAndPeerMedians() throws {
        let answer = try scorecard("rep")
        #expect(
            answer.columns == [
                "rep", "team", "attainment", "new_customers", "csat", "collaboration_score", "own_score", "team_score",
                "score",
            ])
        // Values per rep from SQL.
        let revenue = try AnalysisFixtures.sql(
            "SELECT r.name, SUM(o.amount) FROM orders o JOIN reps r ON r.id = o.rep_id WHERE o.date BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY 1"
        )
        let targets = try AnalysisFixtures.sql(
            "SELECT scope_value, SUM(value) FROM targets WHERE scope = 'rep' AND period_start >= '2026-07-01' AND period_end <= '2026-09-30' GROUP BY 1"
        )
        let csat = try AnalysisFixtures.sql(
            "SELECT r.name, AVG(s.score) FROM surveys s JOIN reps r ON r.id = s.rep_id WHERE s.date BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY 1"
        )
        let column = { (id: String) in answer.columns.firstIndex(of: id)! }
        for row in answer.rows {
            let rep = row[0].text!
            if let target = targets[rep] {
                #expect(
                    AnalysisFixtures.close(row[column("attainment")].number, (revenue[rep] ?? 0) / target), "\(rep)")
            }
            #expect(AnalysisFixtures.close(row[column("csat")].number, csat[rep]), "\(rep)")
        }
        // Points by hand: attainment against 100%, the others against the reps' medians.
        func median(_ id: String) -> Double {
            Statistics.median(answer.rows.compactMap { $0[column(id)].number })
        }
        let medians = [
            "new_customers": median("new_customers"), "csat": median("csat"),
            "collaboration_score": median("collaboration_score"),
        ]
        let weights = ["attainment": 0.5, "new_customers": 0.2, "csat": 0.2, "collaboration_score": 0.1]
        for row in answer.rows.prefix(20) {
            var points = 0.0
            var weight = 0.0
            for (metric, share) in weights {
                // A rep without a value did none of it: 0 points at the KPI's full weight.
                weight += share
                guard let value = row[column(metric)].number else { continue }
                let reference = metric == "attainment" ? 1 : medians[metric]!
                points += share * 100 * min(value / reference, 1.5)
            }
            #expect(AnalysisFixtures.close(row[column("own_score")].number, points / weight, relative: 1e-9))
            let team = row[column("team_score")].number!
            #expect(AnalysisFixtures.close(row[column("score")].number, 0.7 * points / weight + 0.3 * team))
        }
        let scores = answer.rows.compactMap { $0.last?.number }
        #expect(scores == scores.sorted(by: >))
        #expect(answer.title.zh == "2026-Q3 销售员绩效评分（默认方案）")
        #expect(
            answer.notes.first?.zh.hasPrefix("方案：默认方案：达成率 50%、新增客户数 20%、客户满意度 20%、团队协作评分 10%；个人 70% + 团队 30%") == true)
    }

    @Test func aRepsTeamScoreIsItsTeamsScoreAmongTeams() throws {
        let reps = try scorecard("rep")
        let teams = try scorecard("team")
        #expect(
            teams.columns == [
                "team", "attainment", "new_customers", "csat", "collaboration_score", "own_score", "score",
            ])
        let teamScore = Dictionary(uniqueKeysWithValues: teams.rows.map { ($0[0].text!, $0[5].number!) })
        for row in reps.rows {
            #expect(AnalysisFixtures.close(row[7].number, teamScore[row[1].text!]))
        }
        // A team's score needs no team weighting: its score is its own.
        for row in teams.rows { #expect(row[5] == row[6]) }
    }

    @Test func pointsInvertWhereLowerIsBetterAndAreCapped() {
        #expect(Scorecard.points(value: 0.8, reference: 1, upIsGood: true) == 80)
        #expect(Scorecard.points(value: 3, reference: 1, upIsGood: true) == 150)
        #expect(Scorecard.points(value: 0.05, reference: 0.04, upIsGood: false) == 80)
        #expect(Scorecard.points(value: 0, reference: 0.04, upIsGood: false) == 150)
        #expect(Scorecard.points(value: 5, reference: 0, upIsGood: true).isNaN)
        #expect(Scorecard.weighted([(100, 0.5), (.nan, 0.3), (50, 0.2)]) == (100 * 0.5 + 50 * 0.2) / 0.7)
    }

    @Test func savedPlansAreUsedListedAndRecognised() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.generateDemo(DemoOptions(orderLines: 3_000, seed: 5, asOf: asOf))
        let analyst = Analyst(engine: try MetricEngine(workspace: workspace), scorecards: workspace)
        let plan = ScorecardPlan(
            name: "新人方案", items: [.init(metric: "demos", weight: 3), .init(metric: "赢单率", weight: 1)],
            individualWeight: 1, teamWeight: 0)
        try analyst.save(plan)
        #expect(try analyst.scorecardPlans().map(\.name) == ["默认方案", "新人方案"])
        #expect(try workspace.scorecardPlans().first?.items.map(\.metric) == ["demos", "win_rate"])
        #expect(analyst.vocabulary().plans == ["默认方案", "default", "新人方案"])

        let answer = try analyst.execute(
            Plan(intent: .scorecard, dimensions: ["rep"], period: quarter, using: "新人方案"), asOf: asOf)
        #expect(answer.columns == ["rep", "team", "demos", "win_rate", "own_score", "score"])
        let demos = answer.rows.compactMap { $0[2].number }
        let median = Statistics.median(demos)
        for row in answer.rows where row[2] != .null && row[3] != .null {
            let winMedian = Statistics.median(answer.rows.compactMap { $0[3].number })
            let expected =
                (3 * 100 * min(row[2].number! / median, 1.5) + 100 * min(row[3].number! / winMedian, 1.5)) / 4
            #expect(AnalysisFixtures.close(row[5].number, expected))
        }

        let listing = try analyst.execute(Plan(intent: .show, show: "plans"), asOf: asOf)
        #expect(listing.columns == ["plan", "items", "individual_weight", "team_weight"])
        #expect(listing.rows.map { $0[0] } == [.text("默认方案"), .text("新人方案")])
        #expect(listing.rows[1][1] == .text("demos 75%, win_rate 25%"))

        #expect(throws: AnalysisError.unknownPlan(name: "老人方案", known: ["默认方案", "新人方案"])) {
            try analyst.execute(
                Plan(intent: .scorecard, dimensions: ["rep"], period: quarter, using: "老人方案"), asOf: asOf)
        }
    }

    @Test func plansThatCannotWorkAreNotSaved() throws {
        let analyst = try self.analyst
        let invalid = [
            ScorecardPlan(name: "默认方案", items: [.init(metric: "revenue", weight: 1)]),
            ScorecardPlan(name: "空", items: []),
            ScorecardPlan(name: "错", items: [.init(metric: "revenu", weight: 1)]),
            ScorecardPlan(name: "负", items: [.init(metric: "revenue", weight: -1)]),
            ScorecardPlan(name: "零", items: [.init(metric: "revenue", weight: 1)], individualWeight: 0, teamWeight: 0),
        ]
        for plan in invalid {
            #expect(throws: AnalysisError.self, "\(plan.name)") { try analyst.save(plan) }
        }
    }

    @Test func onlyRepsTeamsAndRegionsAreScored() throws {
        #expect(throws: AnalysisError.scorecardDimension("product")) { try scorecard("product") }
    }
}
