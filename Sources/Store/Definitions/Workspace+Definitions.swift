import Foundation
import GRDB
import Model

/// The scope a target is set for (METRICS.md: `targets.scope`).
public enum TargetScope: String, Codable, Sendable, CaseIterable {
    case company, region, team, rep
}

/// One target to set: replacing one set for the same metric, scope and period.
public struct TargetSetting: Equatable, Sendable {
    public var metric: String
    public var scope: TargetScope
    /// The region, team or rep; nil for the company.
    public var scopeValue: String?
    public var period: Period
    public var value: Double

    public init(metric: String, scope: TargetScope, scopeValue: String?, period: Period, value: Double) {
        self.metric = metric
        self.scope = scope
        self.scopeValue = scopeValue
        self.period = period
        self.value = value
    }
}

extension Workspace {
    // MARK: - Defined metrics

    /// The metrics users added with `define metric`, by name.
    ///
    ///     try workspace.definedMetrics().map(\.name)   // ["online_revenue", "margin_per_order"]
    public func definedMetrics() throws -> [MetricDefinition] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, definition FROM metric_definitions ORDER BY name").map { row in
                let name: String = row[0]
                let json: String = row[1]
                let expression = try JSONDecoder().decode(MetricExpression.self, from: Data(json.utf8))
                return MetricDefinition(name: name, expression: expression)
            }
        }
    }

    /// Stores a metric definition, replacing one of the same name.
    public func save(_ definition: MetricDefinition) throws {
        let json = try Self.json(definition.expression)
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO metric_definitions(name, definition, created_at) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET definition = excluded.definition, created_at = excluded.created_at
                    """,
                arguments: [definition.name, json, Self.timestamp()])
        }
    }

    // MARK: - Aliases

    /// Another name → the metric or dimension it stands for.
    public func aliases() throws -> [String: String] {
        try database.read { db in
            var aliases: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, target FROM aliases") {
                aliases[row[0]] = row[1] as String
            }
            return aliases
        }
    }

    /// Stores an alias, replacing one of the same name.
    public func saveAlias(_ alias: AliasDefinition) throws {
        try database.write { db in
            try db.execute(
                sql:
                    "INSERT INTO aliases(name, target) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET target = excluded.target",
                arguments: [alias.name, alias.target])
        }
    }

    // MARK: - Targets

    /// Sets the target of `metric` for a scope over `period`: a target already set for the same
    /// metric, scope and period is replaced, so setting twice does not add up.
    ///
    ///     try workspace.setTarget(metric: "revenue", scope: .team, scopeValue: "华东一组",
    ///                             period: december, value: 1_200_000)
    public func setTarget(metric: String, scope: TargetScope, scopeValue: String?, period: Period, value: Double)
        throws
    {
        try setTargets([
            TargetSetting(metric: metric, scope: scope, scopeValue: scopeValue, period: period, value: value)
        ])
    }

    /// Sets several targets in one transaction: a team's target and its reps' shares are saved
    /// together or not at all.
    public func setTargets(_ settings: [TargetSetting]) throws {
        try database.write { db in try Self.write(settings, in: db) }
    }

    /// A review and the targets it set, in one transaction; returns the review's id.
    public func save(_ review: CoachReview, settingTargets settings: [TargetSetting]) throws -> Int {
        try database.write { db in
            try Self.write(settings, in: db)
            return try Self.insert(review, in: db)
        }
    }

    static func write(_ settings: [TargetSetting], in db: Database) throws {
        for setting in settings {
            let scopeValue = setting.scope == .company ? nil : setting.scopeValue
            let (start, end) = (setting.period.start.iso, setting.period.end.iso)
            try db.execute(
                sql: """
                    DELETE FROM targets WHERE metric = ? AND scope = ? AND scope_value IS ?
                        AND period_start = ? AND period_end = ?
                    """,
                arguments: [setting.metric, setting.scope.rawValue, scopeValue, start, end])
            try db.execute(
                sql: """
                    INSERT INTO targets(metric, scope, scope_value, period_start, period_end, value)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [setting.metric, setting.scope.rawValue, scopeValue, start, end, setting.value])
        }
    }

    /// A value as the JSON stored in the workspace: keys sorted, slashes as they are.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
