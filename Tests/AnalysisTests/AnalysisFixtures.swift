import Analysis
import Engine
import Foundation
import GRDB
import Model
import TestSupport

/// Shared pieces of the analysis tests: one analyst over the demo company, SQL helpers, a
/// seeded noise source for constructed series.
enum AnalysisFixtures {
    static let analyst = Result { Analyst(engine: try MetricEngine(workspace: Fixtures.demo), scorecards: Fixtures.demo) }

    static func month(_ year: Int, _ month: Int) -> Period {
        let first = Day(year: year, month: month, day: 1)
        return Period(start: first, end: first.lastOfMonth, label: String(first.iso.prefix(7)))
    }

    /// Rows of a SQL query over the demo company: the first column as text, the second as a number.
    static func sql(_ query: String) throws -> [String: Double] {
        try Fixtures.demo.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: query) {
                let key: String = row[0] ?? "∅"
                result[key] = row[1] as Double? ?? .nan
            }
            return result
        }
    }

    /// One number from SQL.
    static func scalar(_ query: String) throws -> Double {
        try Fixtures.demo.database.read { db in try Double.fetchOne(db, sql: query) ?? .nan }
    }

    static func close(_ actual: Double?, _ expected: Double?, relative: Double = 1e-9) -> Bool {
        guard let actual, let expected else { return actual == nil && expected == nil }
        return actual == expected || abs(actual - expected) <= relative * max(abs(actual), abs(expected), 1)
    }
}

/// A fixed-seed stream of standard normal numbers (an LCG through Box–Muller): noise for
/// constructed series that is the same on every run.
struct Noise {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }

    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
