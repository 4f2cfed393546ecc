import Coach
import Foundation
import Model
import TestSupport
import Testing

@Suite struct ReviewFlowTests {
    /// Reps of a team with their revenue and revenue targets over a period, from SQL.
    static func attainment(_ bench: CoachBench, team: String, from start: String, through end: String) throws
        -> [(rep: String, revenue: Double, target: Double)]
    {
        try bench.rows(
            """
            SELECT r.name,
                (SELECT COALESCE(SUM(o.amount), 0) FROM orders o WHERE o.rep_id = r.id AND o.date BETWEEN ?1 AND ?2),
                (SELECT COALESCE(SUM(t.value), 0) FROM targets t WHERE t.metric = 'revenue' AND t.scope = 'rep'
                    AND t.scope_value = r.name AND t.period_start <= ?2 AND t.period_end >= ?1)
            FROM reps r WHERE r.team = ?3 ORDER BY r.name
            """, [start, end, team]
        ).map { line in
            let parts = line.split(separator: "|").map(String.init)
            return (parts[0], Double(parts[1])!, Double(parts[2])!)
        }
    }

    static func thousands(_ value: Double) -> Double { (value / 1000).rounded() * 1000 }

    @Test func quarterlyReviewSavesNotesAndTheSuggestedTargets() throws {
        let bench = try CoachBench()
        let team = bench.teams[1]
        let expected = try Self.attainment(bench, team: team, from: "2026-07-01", through: "2026-09-30")
        let behind = expected.filter { $0.target > 0 && $0.revenue < $0.target }
        #expect(!behind.isEmpty)
        // Q4 is under way on 2026-11-22 (53 of its 92 days): a rep on pace in it keeps her targets.
        let soFar = try Self.attainment(bench, team: team, from: "2026-10-01", through: "2026-11-22")
        let quarterTargets = try Self.attainment(bench, team: team, from: "2026-10-01", through: "2026-12-31")
        let onPace = Set(
            behind.map(\.rep).filter { rep in
                guard let sold = soFar.first(where: { $0.rep == rep })?.revenue,
                    let goal = quarterTargets.first(where: { $0.rep == rep })?.target, goal > 0
                else { return false }
                return sold / goal / (53.0 / 92.0) >= 1
            })
        let before = try bench.rows(
            "SELECT scope_value || '|' || period_start || '|' || value FROM targets WHERE scope = 'rep' AND period_start >= '2026-10-01'"
        )

        let (outcome, io) = try bench.run("review", ["2", "2", "2", "跟进落后的人，每周复盘"])
        #expect(outcome == .finished)
        let reviews = try bench.rows("SELECT team, period, kind, notes FROM coach_reviews")
        #expect(reviews == ["\(team)|2026-Q3|quarter|跟进落后的人，每周复盘"])
        let summary: String? = try bench.scalar("SELECT summary FROM coach_reviews")
        for rep in behind { #expect(summary?.contains(rep.rep) == true, "\(rep.rep)") }
        for rep in expected where !behind.contains(where: { $0.rep == rep.rep }) {
            #expect(summary?.contains(rep.rep) == false, "\(rep.rep)")
        }
        // On pace: the targets as they were.
        let after = try bench.rows(
            "SELECT scope_value || '|' || period_start || '|' || value FROM targets WHERE scope = 'rep' AND period_start >= '2026-10-01'"
        )
        for rep in onPace {
            #expect(after.filter { $0.hasPrefix(rep + "|") } == before.filter { $0.hasPrefix(rep + "|") }, "\(rep)")
        }
        // Each lagging rep behind pace too: Q4 halfway between Q3's target and actual, a third a month.
        for rep in behind where !onPace.contains(rep.rep) {
            let monthly = Self.thousands(Self.thousands((rep.revenue + rep.target) / 2) / 3)
            for (start, end) in [
                ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30"), ("2026-12-01", "2026-12-31"),
            ] {
                let stored: [String] = try bench.rows(
                    "SELECT value FROM targets WHERE scope = 'rep' AND scope_value = ? AND period_start = ? AND period_end = ?",
                    [rep.rep, start, end])
                #expect(stored == ["\(monthly)"], "\(rep.rep) \(start)")
            }
        }
        #expect(io.text.contains("落后（达成率 < 100%）："))
        #expect(io.text.contains("拜访数"))
        #expect(try bench.rows("SELECT * FROM coach_progress").isEmpty)
    }

    @Test func enterThroughReviewsLastMonthAndKeepsTheTargets() throws {
        let bench = try CoachBench()
        let targets = try bench.rows("SELECT * FROM targets ORDER BY id")
        let (outcome, _) = try bench.run("review", ["", "", "", ""])
        #expect(outcome == .finished)
        #expect(
            try bench.rows("SELECT team, period, kind, notes FROM coach_reviews") == [
                "\(bench.teams[0])|2026-10|month|"
            ])
        #expect(try bench.rows("SELECT * FROM targets ORDER BY id") == targets)
    }

    @Test func backAndQuitThenResume() throws {
        let bench = try CoachBench()
        // Quarterly, back, monthly (default), then quit at the team.
        let (first, _) = try bench.run("review", ["2", "back", "", "quit"])
        #expect(first == .quit)
        #expect(try bench.rows("SELECT flow, step, answers FROM coach_progress") == [#"review|1|["month"]"#])
        let (second, io) = try bench.run("review", ["", "3", "", "notes after resuming"], lang: .en)
        #expect(second == .finished)
        #expect(io.text.contains("[Step 2/4] Which team?"))
        #expect(!io.text.contains("[Step 1/4]"))
        #expect(
            try bench.rows("SELECT team, period, kind, notes FROM coach_reviews")
                == ["\(bench.teams[2])|2026-10|month|notes after resuming"])
        let coach = Coach(
            analyst: bench.analyst, store: bench.workspace, asOf: Fixtures.asOf, lang: .en, io: ScriptedIO([]))
        let listing = try coach.reviews()
        #expect(listing.contains(bench.teams[2]))
        #expect(listing.contains("notes after resuming"))
    }

    /// A region, or the whole company, is reviewed like a team: every rep under it.
    @Test(arguments: ["华东", "全公司"])
    func aRegionOrTheCompany(_ scope: String) throws {
        let bench = try CoachBench()
        let (outcome, _) = try bench.run("review", ["1", scope, "1", ""])
        #expect(outcome == .finished)
        #expect(try bench.rows("SELECT team, period FROM coach_reviews") == ["\(scope)|2026-10"])
        let summary: String? = try bench.scalar("SELECT summary FROM coach_reviews")
        let region = scope == "全公司" ? "%" : scope
        let behind: [String] = try bench.rows(
            """
            SELECT r.name FROM reps r WHERE r.region LIKE ?1
                AND (SELECT COALESCE(SUM(value), 0) FROM targets t WHERE t.scope = 'rep' AND t.scope_value = r.name
                     AND t.period_start = '2026-10-01') >
                    (SELECT COALESCE(SUM(amount), 0) FROM orders o WHERE o.rep_id = r.id AND o.date LIKE '2026-10-%')
            """, [region])
        #expect(!behind.isEmpty)
        for rep in behind { #expect(summary?.contains(rep) == true, "\(rep)") }
    }
}
