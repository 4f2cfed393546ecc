import Engine
import Foundation
import GRDB
import Model
import TestSupport
import Testing

@testable import Analysis

/// 彭霞为什么业绩不好: one rep's process and pipeline against her team's median and her own
/// previous month, the furthest behind first; medians worked again from SQL over the team.
@Suite struct MemberDiagnosisTests {
    var analyst: Analyst { get throws { try AnalysisFixtures.analyst.get() } }
    let october = AnalysisFixtures.month(2026, 10)

    @Test func aRepAgainstHerTeam() throws {
        // The rep with the fewest demos in October, and her team.
        let pick = try #require(
            try AnalysisFixtures.analyst.get().engine.execute(
                Plan(
                    intent: .rank, metrics: ["demos"], dimensions: ["rep"], period: october, order: .ascending, limit: 1
                ),
                asOf: Fixtures.asOf
            ).rows.first?[0].text)
        let plan = Plan(
            intent: .diagnose, metrics: ["revenue"], filters: [Filter(field: "rep", op: .equal, values: [.text(pick)])],
            period: october, compareTo: AnalysisFixtures.month(2026, 9))
        let answer = try analyst.execute(plan, asOf: Fixtures.asOf)
        #expect(answer.columns == ["metric", "value", "peers_median", "previous", "vs_peers"])
        #expect(Set(answer.rows.compactMap { $0[0].text }) == Set(MemberDiagnosis.drivers))
        // Demos: hers and her team-mates' median, all of them on the books (0 counts).
        let team = try #require(
            try Fixtures.demo.database.read {
                try String.fetchOne($0, sql: "SELECT team FROM reps WHERE name = ?", arguments: [pick])
            })
        let counts = try Fixtures.demo.database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name, COUNT(a.id) * 1.0 FROM reps r
                    LEFT JOIN activities a ON a.rep_id = r.id AND a.type = 'demo' AND a.date LIKE '2026-10-%'
                    WHERE r.team = ? GROUP BY r.id
                    """, arguments: [team]
            ).map { ($0[0] as String, $0[1] as Double) }
        }
        let others = counts.filter { $0.0 != pick }.map(\.1).sorted()
        let median =
            others.count % 2 == 1
            ? others[others.count / 2] : (others[others.count / 2 - 1] + others[others.count / 2]) / 2
        let demos = try #require(answer.rows.first { $0[0].text == "demos" })
        #expect(demos[1].number == counts.first { $0.0 == pick }?.1)
        #expect(demos[2].number == median)
        // The furthest behind first.
        let gaps = answer.rows.compactMap { $0[4].number }
        #expect(gaps == gaps.sorted())
    }
}

/// The peers a rule compares a rep with are every rep on the books: a median of demos counts
/// the reps who did none.
@Suite struct PeerMedianTests {
    @Test func theMedianCountsTheRepsWithNone() throws {
        let analyst = try AnalysisFixtures.analyst.get()
        let facts = EngineFacts(analyst: analyst, asOf: Fixtures.asOf)
        let demos = facts.values("demos", by: "rep", filters: [], period: AnalysisFixtures.month(2026, 10))
        let expected = try Fixtures.demo.database.read { db in
            try Double.fetchAll(
                db,
                sql: """
                    SELECT COUNT(a.id) * 1.0 FROM reps r
                    LEFT JOIN activities a ON a.rep_id = r.id AND a.type = 'demo' AND a.date LIKE '2026-10-%'
                    WHERE r.hire_date IS NULL OR r.hire_date <= '2026-10-31' GROUP BY r.id ORDER BY 1
                    """)
        }
        #expect(demos.count == expected.count)
        #expect(expected.contains(0))
        let median =
            expected.count % 2 == 1
            ? expected[expected.count / 2] : (expected[expected.count / 2 - 1] + expected[expected.count / 2]) / 2
        #expect(Statistics.median(Array(demos.values)) == median)
    }
}
