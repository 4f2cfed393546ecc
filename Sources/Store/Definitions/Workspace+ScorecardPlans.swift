import Foundation
import GRDB
import Model

extension Workspace {
    /// The scorecard plans saved in the workspace, by name.
    ///
    ///     try workspace.scorecardPlans().map(\.name)   // ["新人方案"]
    public func scorecardPlans() throws -> [ScorecardPlan] {
        try database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT name, items, individual_weight, team_weight FROM scorecard_plans ORDER BY name"
            ).map { row in
                let json: String = row[1]
                let items = try JSONDecoder().decode([ScorecardPlan.Item].self, from: Data(json.utf8))
                return ScorecardPlan(name: row[0], items: items, individualWeight: row[2], teamWeight: row[3])
            }
        }
    }

    /// Saves a scorecard plan, replacing one of the same name.
    public func save(_ plan: ScorecardPlan) throws {
        let json = try Self.json(plan.items)
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO scorecard_plans(name, items, individual_weight, team_weight, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET items = excluded.items,
                        individual_weight = excluded.individual_weight, team_weight = excluded.team_weight,
                        created_at = excluded.created_at
                    """,
                arguments: [plan.name, json, plan.individualWeight, plan.teamWeight, Self.timestamp()])
        }
    }
}
