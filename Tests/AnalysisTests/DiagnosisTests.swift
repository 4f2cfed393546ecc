import Engine
import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// Diagnose against SQL over the demo company: within each dimension the contributions add up
/// to the change, and each member's numbers are the SQL's.
@Suite struct DiagnosisTests {
    var analyst: Analyst { get throws { try AnalysisFixtures.analyst.get() } }
    let asOf = Fixtures.asOf
    let october = AnalysisFixtures.month(2026, 10)
    let september = AnalysisFixtures.month(2026, 9)

    func diagnose(_ metric: String, dimensions: [String] = [], limit: Int? = nil) throws -> Answer {
        try analyst.execute(
            Plan(
                intent: .diagnose, metrics: [metric], dimensions: dimensions, period: october, compareTo: september,
                limit: limit), asOf: asOf)
    }

    /// Rows by dimension (the total row under "total").
    func rows(_ answer: Answer) -> [String: [[Cell]]] {
        Dictionary(grouping: answer.rows, by: { $0[0].text! })
    }

    func sum(_ rows: [[Cell]], column: Int) -> Double { rows.reduce(0) { $0 + ($1[column].number ?? 0) } }

    @Test func revenueContributionsAddUpToTheChangeInEveryDimension() throws {
        let answer = try diagnose("revenue")
        #expect(answer.columns == ["dimension", "member", "revenue_prev", "revenue", "contribution"])
        let before = try AnalysisFixtures.scalar("SELECT SUM(amount) FROM orders WHERE date LIKE '2026-09-%'")
        let after = try AnalysisFixtures.scalar("SELECT SUM(amount) FROM orders WHERE date LIKE '2026-10-%'")
        let groups = rows(answer)
        let total = try #require(groups["total"]?.first)
        #expect(AnalysisFixtures.close(total[2].number, before))
        #expect(AnalysisFixtures.close(total[3].number, after))
        #expect(AnalysisFixtures.close(total[4].number, after - before))
        #expect(Set(groups.keys) == ["total", "region", "team", "rep", "product", "channel"])
        for (dimension, members) in groups where dimension != "total" {
            #expect(AnalysisFixtures.close(sum(members, column: 4), after - before, relative: 1e-9), "\(dimension)")
            #expect(members.count <= 6)
            // The shown members lead by size of contribution.
            let shown = members.filter { !Diagnosis.isMark($0[1]) }.map { abs($0[4].number!) }
            #expect(shown == shown.sorted(by: >), "\(dimension)")
        }
    }

    @Test func membersAreTheSQLsAndTheRestAreSummed() throws {
        let answer = try diagnose("revenue", dimensions: ["product"], limit: 3)
        let before = try AnalysisFixtures.sql(
            "SELECT p.name, SUM(o.amount) FROM orders o JOIN products p ON p.id = o.product_id WHERE o.date LIKE '2026-09-%' GROUP BY 1"
        )
        let after = try AnalysisFixtures.sql(
            "SELECT p.name, SUM(o.amount) FROM orders o JOIN products p ON p.id = o.product_id WHERE o.date LIKE '2026-10-%' GROUP BY 1"
        )
        let members = answer.rows.filter { $0[0] == .text("product") }
        #expect(members.count == 4)
        let changes = Set(before.keys).union(after.keys).map { (after[$0] ?? 0) - (before[$0] ?? 0) }
        let largest = changes.map(abs).sorted(by: >).prefix(3)
        for (row, size) in zip(members.prefix(3), largest) {
            let name = row[1].text!
            #expect(AnalysisFixtures.close(row[2].number, before[name]))
            #expect(AnalysisFixtures.close(row[3].number, after[name]))
            #expect(AnalysisFixtures.close(abs(row[4].number!), size))
        }
        let others = members[3]
        #expect(others[1] == .text("…(\(Set(before.keys).union(after.keys).count - 3))"))
        let shownNames = Set(members.prefix(3).map { $0[1].text! })
        let restBefore = before.filter { !shownNames.contains($0.key) }.values.reduce(0, +)
        #expect(AnalysisFixtures.close(others[2].number, restBefore))
        #expect(answer.notes.contains { $0.en.contains("sums the other") })
    }

    @Test func winRateSplitsIntoRateAndMixEffectsThatAddUp() throws {
        let answer = try diagnose("win_rate", dimensions: ["region"], limit: 10)
        #expect(answer.columns.suffix(2) == ["rate_effect", "mix_effect"])
        // Won and closed deals per region (the rep's region, else the customer's) in each month.
        func counts(_ month: String) throws -> (won: [String: Double], closed: [String: Double]) {
            let from = """
                FROM opportunities x LEFT JOIN reps r ON r.id = x.rep_id LEFT JOIN customers c ON c.id = x.customer_id
                WHERE x.closed_date LIKE '\(month)-%' AND x.stage IN ('won', 'lost') GROUP BY 1
                """
            return (
                try AnalysisFixtures.sql(
                    "SELECT COALESCE(r.region, c.region), SUM(x.stage = 'won') \(from)"),
                try AnalysisFixtures.sql("SELECT COALESCE(r.region, c.region), COUNT(*) \(from)")
            )
        }
        let (won0, closed0) = try counts("2026-09")
        let (won1, closed1) = try counts("2026-10")
        let (total0, total1) = (closed0.values.reduce(0, +), closed1.values.reduce(0, +))
        let rate0 = won0.values.reduce(0, +) / total0
        let rate1 = won1.values.reduce(0, +) / total1
        let total = try #require(answer.rows.first)
        #expect(AnalysisFixtures.close(total[2].number, rate0))
        #expect(AnalysisFixtures.close(total[3].number, rate1))
        let members = answer.rows.filter { $0[0] == .text("region") }
        #expect(members.count == 7)
        #expect(AnalysisFixtures.close(sum(members, column: 4), rate1 - rate0))
        let average = (rate0 + rate1) / 2
        for row in members {
            let region = row[1].text!
            let (r0, r1) = (won0[region]! / closed0[region]!, won1[region]! / closed1[region]!)
            let (s0, s1) = (closed0[region]! / total0, closed1[region]! / total1)
            #expect(AnalysisFixtures.close(row[2].number, r0) && AnalysisFixtures.close(row[3].number, r1))
            #expect(AnalysisFixtures.close(row[5].number, (s0 + s1) / 2 * (r1 - r0)))
            #expect(AnalysisFixtures.close(row[6].number, ((r0 + r1) / 2 - average) * (s1 - s0)))
            #expect(AnalysisFixtures.close(row[4].number, row[5].number! + row[6].number!))
        }
    }

    @Test func ratioContributionsAddUpInEveryDefaultDimension() throws {
        for metric in ["avg_order_value", "gross_margin", "csat", "attainment"] {
            let answer = try diagnose(metric)
            let total = try #require(answer.rows.first)
            let change = total[3].number! - total[2].number!
            let groups = rows(answer)
            for (dimension, members) in groups where dimension != "total" {
                #expect(
                    AnalysisFixtures.close(sum(members, column: 4), change, relative: 1e-9), "\(metric) by \(dimension)"
                )
            }
            if metric == "csat" || metric == "attainment" {
                // Surveys and targets carry no product or channel: those cuts are skipped.
                #expect(Set(groups.keys) == ["total", "region", "team", "rep"], "\(metric)")
            }
        }
    }

    @Test func distinctCountsShowTheOverlapSoThatDimensionsAddUp() throws {
        let answer = try diagnose("active_customers", dimensions: ["product"])
        let before = try AnalysisFixtures.scalar(
            "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE date LIKE '2026-09-%'")
        let after = try AnalysisFixtures.scalar(
            "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE date LIKE '2026-10-%'")
        let members = answer.rows.filter { $0[0] == .text("product") }
        #expect(members.last?[1] == .text("∩"))
        #expect(AnalysisFixtures.close(sum(members, column: 4), after - before))
        #expect(answer.notes.contains { $0.zh.contains("重叠") })
    }

    @Test func withoutAComparisonThePreviousSpanIsUsed() throws {
        let quarter = Period(
            start: Day(year: 2026, month: 7, day: 1), end: Day(year: 2026, month: 9, day: 30), label: "2026-Q3")
        let answer = try analyst.execute(
            Plan(intent: .diagnose, metrics: ["orders"], dimensions: ["channel"], period: quarter), asOf: asOf)
        let before = try AnalysisFixtures.scalar(
            "SELECT COUNT(DISTINCT order_no) FROM orders WHERE date BETWEEN '2026-04-01' AND '2026-06-30'")
        #expect(AnalysisFixtures.close(answer.rows[0][2].number, before))
        #expect(answer.title.en == "Why orders changed, 2026-Q3 vs the period before (2026-Q2)")
    }

    @Test func aDimensionTheMetricCannotBeCutByIsAnError() throws {
        #expect(throws: EngineError.self) { try diagnose("csat", dimensions: ["product"]) }
    }
}
