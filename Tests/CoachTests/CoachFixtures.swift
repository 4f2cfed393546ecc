import Analysis
import Coach
import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport

/// A small demo company of its own per test (the coach writes targets, progress and reviews).
struct CoachBench {
    let workspace: Workspace
    let analyst: Analyst

    init() throws {
        workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.generateDemo(DemoOptions(orderLines: 3000, seed: 1, asOf: Fixtures.asOf))
        analyst = Analyst(engine: try MetricEngine(workspace: workspace), scorecards: workspace)
    }

    /// Runs a flow on scripted answers in a language.
    @discardableResult
    func run(_ flow: String?, _ answers: [String], lang: Lang = .zh) throws -> (CoachOutcome, ScriptedIO) {
        let io = ScriptedIO(answers)
        let outcome = try Coach(analyst: analyst, store: workspace, asOf: Fixtures.asOf, lang: lang, io: io).run(flow)
        return (outcome, io)
    }

    /// Rows of a query, each row's columns joined with `|` (NULL as `-`).
    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try workspace.database.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                row.databaseValues.map(Self.text).joined(separator: "|")
            }
        }
    }

    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "-"
        case .int64(let number): "\(number)"
        case .double(let number): "\(number)"
        case .string(let text): text
        case .blob: "blob"
        }
    }

    func scalar<T: DatabaseValueConvertible>(_ sql: String, _ arguments: StatementArguments = []) throws -> T? {
        try workspace.database.read { try T.fetchOne($0, sql: sql, arguments: arguments) }
    }

    /// The teams in the order the coach lists them.
    var teams: [String] { analyst.engine.members(of: "team") }

    /// Team names of reps, from the reps table.
    func reps(ofTeam team: String) throws -> Set<String> {
        Set(
            try workspace.database.read {
                try String.fetchAll($0, sql: "SELECT name FROM reps WHERE team = ?", arguments: [team])
            })
    }
}
