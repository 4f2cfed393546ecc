import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

@Suite struct ScorecardPlanTests {
    @Test func plansRoundTripAndReplaceByName() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        #expect(try workspace.scorecardPlans().isEmpty)
        let plan = ScorecardPlan(
            name: "新人方案", items: [.init(metric: "demos", weight: 0.6), .init(metric: "attainment", weight: 0.4)],
            individualWeight: 0.8, teamWeight: 0.2)
        try workspace.save(plan)
        try workspace.save(ScorecardPlan(name: "A", items: [.init(metric: "revenue", weight: 1)]))
        #expect(
            try workspace.scorecardPlans() == [
                ScorecardPlan(name: "A", items: [.init(metric: "revenue", weight: 1)]), plan,
            ])
        var changed = plan
        changed.teamWeight = 0.5
        try workspace.save(changed)
        #expect(try workspace.scorecardPlans().last == changed)
        // The weights are readable in any SQLite tool.
        let items = try workspace.database.read {
            try String.fetchOne($0, sql: "SELECT items FROM scorecard_plans WHERE name = '新人方案'")
        }
        #expect(items == #"[{"metric":"demos","weight":0.6},{"metric":"attainment","weight":0.4}]"#)
        #expect(
            try workspace.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == Workspace.schemaVersion)
    }
}
