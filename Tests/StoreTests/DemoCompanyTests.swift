import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// The demo company checked by SQL over the generated file, against METRICS.md's description.
@Suite struct DemoCompanyTests {
    let demo = Fixtures.demo

    private func read<T>(_ body: (Database) throws -> T) throws -> T { try demo.database.read(body) }

    /// Monthly revenue, keyed by "YYYY-MM".
    private func monthlyRevenue(where condition: String = "1") throws -> [String: Double] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT substr(date, 1, 7) AS month, SUM(amount) FROM orders WHERE \(condition) GROUP BY month"
            )
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Double) })
        }
    }

    private func month(_ year: Int, _ month: Int) -> String {
        Day(year: year, month: month, day: 1).iso.prefix(7).description
    }

    /// Years whose twelve months all lie inside the history.
    private var fullYears: [Int] {
        let first = Fixtures.asOf.firstOfMonth(adding: -35)
        return (first.year...Fixtures.asOf.year).filter { year in
            Day(year: year, month: 1, day: 1) >= first && Day(year: year, month: 12, day: 31) <= Fixtures.asOf
        }
    }

    @Test func historyIsThirtySixMonthsEndingAtAsOf() throws {
        let (first, last, months) = try read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT MIN(date), MAX(date), COUNT(DISTINCT substr(date, 1, 7)) FROM orders")!
            return (row[0] as String, row[1] as String, row[2] as Int)
        }
        #expect(first == "2023-12-01")
        #expect(last == "2026-11-20" || last == "2026-11-21" || last == "2026-11-22")
        #expect(months == 36)
        for table in ["activities", "surveys"] {
            let latest = try read { try String.fetchOne($0, sql: "SELECT MAX(date) FROM \(table)") }!
            #expect(latest <= Fixtures.asOf.iso, "\(table)")
        }
        let latestClose = try read { try String.fetchOne($0, sql: "SELECT MAX(closed_date) FROM opportunities") }!
        #expect(latestClose <= Fixtures.asOf.iso)
    }

    @Test func orderLinesAreExactlyAsRequested() throws {
        #expect(try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders") } == DemoOptions.defaultOrderLines)
        let distinctOrders = try read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT order_no) FROM orders") }!
        #expect(distinctOrders < DemoOptions.defaultOrderLines && distinctOrders > DemoOptions.defaultOrderLines / 2)
    }

    @Test func sevenRegionsWithHuadongLargest() throws {
        let regions = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT region, SUM(amount) AS revenue FROM orders GROUP BY region ORDER BY revenue DESC"
            )
            .map { $0[0] as String }
        }
        #expect(Set(regions) == ["华东", "华南", "华北", "华中", "西南", "西北", "东北"])
        #expect(regions.first == "华东")
        let repRegions = try read { try String.fetchAll($0, sql: "SELECT DISTINCT region FROM reps") }
        #expect(Set(repRegions) == Set(regions))
    }

    @Test func teamsRepsProductsChannelsSegments() throws {
        try read { db in
            let teamsPerRegion = try Int.fetchAll(db, sql: "SELECT COUNT(DISTINCT team) FROM reps GROUP BY region")
            #expect(teamsPerRegion.allSatisfy { (2...3).contains($0) })
            let repsPerTeam = try Int.fetchAll(db, sql: "SELECT COUNT(*) FROM reps GROUP BY team")
            #expect(repsPerTeam.allSatisfy { (8...12).contains($0) })
            let teamNames = try String.fetchAll(db, sql: "SELECT DISTINCT team || '|' || region FROM reps")
            #expect(
                teamNames.allSatisfy { name in
                    let parts = name.split(separator: "|")
                    return parts[0].hasPrefix(parts[1]) && parts[0].hasSuffix("组")
                })
            // Names are unique and Chinese.
            let names = try String.fetchAll(db, sql: "SELECT name FROM reps")
            #expect(Set(names).count == names.count)
            #expect(names.allSatisfy { $0.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) } })
            let products = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products")!
            #expect((25...35).contains(products))
            let categories = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT category) FROM products")!
            #expect((4...6).contains(categories))
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT channel FROM orders")) == ["直销", "渠道", "线上"])
            #expect(
                Set(try String.fetchAll(db, sql: "SELECT DISTINCT segment FROM customers")) == ["大客户", "中型客户", "小微客户"])
        }
    }

    @Test func juneAndNovemberPeakInEveryFullYear() throws {
        let revenue = try monthlyRevenue()
        #expect(!fullYears.isEmpty)
        for year in fullYears {
            for peak in [6, 11] {
                let value = revenue[month(year, peak)]!
                #expect(value > revenue[month(year, peak - 1)]!, "\(year)-\(peak) vs the month before")
                #expect(value > revenue[month(year, peak + 1)]!, "\(year)-\(peak) vs the month after")
            }
        }
    }

    @Test func springFestivalMonthDipsBelowItsNeighbours() throws {
        // 春节 (lunar new year) dates from the published lunar calendar.
        let festivals = [(2024, 2), (2025, 1), (2026, 2)]
        let revenue = try monthlyRevenue()
        for (year, festivalMonth) in festivals {
            let day = Day(year: year, month: festivalMonth, day: 1)
            let before = String(day.firstOfMonth(adding: -1).iso.prefix(7))
            let after = String(day.firstOfMonth(adding: 1).iso.prefix(7))
            let value = revenue[String(day.iso.prefix(7))]!
            #expect(value < revenue[before]!, "\(year)-\(festivalMonth) vs \(before)")
            #expect(value < revenue[after]!, "\(year)-\(festivalMonth) vs \(after)")
        }
    }

    @Test func everyReferenceResolves() throws {
        try read { db in
            let checks = [
                "SELECT COUNT(*) FROM orders o LEFT JOIN reps r ON r.id = o.rep_id WHERE r.id IS NULL",
                "SELECT COUNT(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL",
                "SELECT COUNT(*) FROM orders o LEFT JOIN products p ON p.id = o.product_id WHERE p.id IS NULL",
                "SELECT COUNT(*) FROM opportunities o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL",
                "SELECT COUNT(*) FROM activities a LEFT JOIN reps r ON r.id = a.rep_id WHERE r.id IS NULL",
                "SELECT COUNT(*) FROM surveys s LEFT JOIN customers c ON c.id = s.customer_id WHERE c.id IS NULL",
                "SELECT COUNT(*) FROM reviews v LEFT JOIN reps r ON r.id = v.reviewer_id WHERE r.id IS NULL",
            ]
            for sql in checks { #expect(try Int.fetchOne(db, sql: sql) == 0, "\(sql)") }
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // An order's region is its customer's and its rep's.
            let mismatched = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id JOIN reps r ON r.id = o.rep_id
                    WHERE o.region != c.region OR o.region != r.region
                    """)
            #expect(mismatched == 0)
            // Nobody sells before being hired, and no customer buys before existing.
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM orders o JOIN reps r ON r.id = o.rep_id WHERE o.date < r.hire_date")
                    == 0)
            #expect(
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.date < c.created_date"
                ) == 0)
        }
    }

    @Test func wonOpportunitiesAndOrdersAgree() throws {
        try read { db in
            let won = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM opportunities WHERE stage = 'won'")!
            #expect(won > 1000)
            // Every won deal became exactly one order line with the same customer, rep, product and amount,
            // dated the day the deal closed.
            let matched = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM opportunities p JOIN orders o ON o.opportunity_id = p.id
                    WHERE p.stage = 'won' AND o.customer_id = p.customer_id AND o.rep_id = p.rep_id
                      AND o.product_id = p.product_id AND o.amount = p.amount AND o.date = p.closed_date
                    """)
            #expect(matched == won)
            let linked = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE opportunity_id IS NOT NULL")
            #expect(linked == won)
            let notWon = try Int.fetchOne(
                db,
                sql:
                    "SELECT COUNT(*) FROM orders o JOIN opportunities p ON p.id = o.opportunity_id WHERE p.stage != 'won'"
            )
            #expect(notWon == 0)
            // Closed deals close after they open; open deals have no close date; lost deals record where they stopped.
            #expect(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM opportunities WHERE closed_date < created_date") == 0)
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM opportunities WHERE stage IN ('won','lost') AND closed_date IS NULL")
                    == 0)
            #expect(
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM opportunities WHERE stage NOT IN ('won','lost') AND closed_date IS NOT NULL"
                ) == 0)
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM opportunities WHERE stage = 'lost' AND lost_stage IS NULL") == 0)
            let openStages = try String.fetchAll(
                db, sql: "SELECT DISTINCT stage FROM opportunities WHERE closed_date IS NULL")
            #expect(Set(openStages) == ["lead", "qualified", "proposal", "negotiation"])
        }
    }

    @Test func repTargetsAddUpToTeamRegionAndCompany() throws {
        try read { db in
            let teamMismatch = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM targets t
                    WHERE t.scope = 'team' AND t.value != (
                        SELECT SUM(r.value) FROM targets r JOIN reps ON reps.name = r.scope_value
                        WHERE r.scope = 'rep' AND reps.team = t.scope_value AND r.period_start = t.period_start)
                    """)
            #expect(teamMismatch == 0)
            let regionMismatch = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM targets t
                    WHERE t.scope = 'region' AND t.value != (
                        SELECT SUM(r.value) FROM targets r JOIN reps ON reps.name = r.scope_value
                        WHERE r.scope = 'rep' AND reps.region = t.scope_value AND r.period_start = t.period_start)
                    """)
            #expect(regionMismatch == 0)
            let companyMismatch = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM targets t
                    WHERE t.scope = 'company' AND t.value != (
                        SELECT SUM(r.value) FROM targets r WHERE r.scope = 'rep' AND r.period_start = t.period_start)
                    """)
            #expect(companyMismatch == 0)
            // Monthly, for every month of the history, and in revenue.
            let months = try Int.fetchOne(
                db, sql: "SELECT COUNT(DISTINCT period_start) FROM targets WHERE scope = 'company'")!
            #expect(months >= 36)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM targets WHERE metric != 'revenue'") == 0)
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM targets WHERE scope = 'company' AND scope_value IS NOT NULL") == 0)
        }
    }

    @Test func decliningRegionLosesActiveCustomersYearOverYear() throws {
        func activeCustomers(_ region: String, from: String, to: String) throws -> Int {
            try read {
                try Int.fetchOne(
                    $0,
                    sql: "SELECT COUNT(DISTINCT customer_id) FROM orders WHERE region = ? AND date BETWEEN ? AND ?",
                    arguments: [region, from, to])!
            }
        }
        for year in fullYears.dropFirst() {
            let now = try activeCustomers("东北", from: "\(year)-01-01", to: "\(year)-12-31")
            let before = try activeCustomers("东北", from: "\(year - 1)-01-01", to: "\(year - 1)-12-31")
            #expect(now < before, "东北 \(year)")
        }
        // The last twelve full months against the twelve before them.
        let recent = try activeCustomers("东北", from: "2025-11-01", to: "2026-10-31")
        let earlier = try activeCustomers("东北", from: "2024-11-01", to: "2025-10-31")
        #expect(Double(recent) < 0.9 * Double(earlier))
        // The decline is that region's signal, not the whole company's: 西南 grows.
        let southwestRecent = try activeCustomers("西南", from: "2025-11-01", to: "2026-10-31")
        let southwestEarlier = try activeCustomers("西南", from: "2024-11-01", to: "2025-10-31")
        #expect(southwestRecent > southwestEarlier)
    }

    @Test func strongAndWeakRepsShowInAttainmentAndDemos() throws {
        // Attainment and demos per rep over the last twelve full months, for reps hired before them.
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.name,
                        (SELECT SUM(amount) FROM orders o WHERE o.rep_id = r.id AND o.date BETWEEN '2025-11-01' AND '2026-10-31')
                        / (SELECT SUM(value) FROM targets t WHERE t.scope = 'rep' AND t.scope_value = r.name
                           AND t.period_start BETWEEN '2025-11-01' AND '2026-10-31') AS attainment,
                        (SELECT COUNT(*) FROM activities a WHERE a.rep_id = r.id AND a.type = 'demo'
                           AND a.date BETWEEN '2025-11-01' AND '2026-10-31') AS demos
                    FROM reps r WHERE r.hire_date < '2024-11-01'
                    """)
        }
        let attainment = rows.map { $0["attainment"] as Double }
        let demos = rows.map { Double($0["demos"] as Int) }
        #expect(attainment.filter { $0 >= 1.3 }.count >= 7, "strong reps well over target")
        #expect(attainment.filter { $0 < 0.7 }.count >= 7, "weak reps well under target")
        // Demos go with results: the reps under 70% hold fewer demos than the reps over 130%.
        let weakDemos = zip(attainment, demos).filter { $0.0 < 0.7 }.map(\.1)
        let strongDemos = zip(attainment, demos).filter { $0.0 >= 1.3 }.map(\.1)
        let weakMean: Double = weakDemos.reduce(0, +) / Double(weakDemos.count)
        let strongMean: Double = strongDemos.reduce(0, +) / Double(strongDemos.count)
        #expect(weakMean < 0.6 * strongMean)
        #expect(correlation(attainment, demos) > 0.5)
    }

    @Test func surveysAndReviewsCarrySignal() throws {
        try read { db in
            let byRegion = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.region, AVG(s.score), AVG(s.complaint) FROM surveys s JOIN reps r ON r.id = s.rep_id
                    GROUP BY r.region ORDER BY AVG(s.score)
                    """)
            #expect(byRegion.first?[0] as String? == "西北")
            #expect(byRegion.first.map { $0[2] as Double } ?? 0 > byRegion.last.map { $0[2] as Double } ?? 1)
            // One review of each kind per rep and full month, by someone else.
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reviews WHERE rep_id = reviewer_id") == 0)
            let duplicates = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM (SELECT 1 FROM reviews GROUP BY period, rep_id, kind HAVING COUNT(*) > 1)")
            #expect(duplicates == 0)
            #expect(try String.fetchOne(db, sql: "SELECT MAX(period) FROM reviews") == "2026-10")
        }
    }

    @Test func sameSeedGivesIdenticalContentsAndAnotherSeedDoesNot() throws {
        func generate(seed: UInt64) throws -> [String: [String]] {
            let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
            try workspace.generateDemo(DemoOptions(orderLines: 3000, seed: seed, asOf: Fixtures.asOf))
            return try Fixtures.dump(workspace)
        }
        let first = try generate(seed: 42)
        let second = try generate(seed: 42)
        #expect(first == second)
        #expect(first["orders"]?.count == 3000)
        let other = try generate(seed: 43)
        #expect(first["orders"] != other["orders"])
    }

    @Test func demoRefusesToOverwriteDataUnlessAskedAndLeavesItIntact() throws {
        let workspace = try Workspace.open(at: Fixtures.newWorkspacePath())
        try workspace.generateDemo(DemoOptions(orderLines: 500, seed: 1, asOf: Fixtures.asOf))
        let before = try Fixtures.dump(workspace)
        #expect(throws: WorkspaceError.notEmpty(path: workspace.path)) {
            try workspace.generateDemo(DemoOptions(orderLines: 800, seed: 2, asOf: Fixtures.asOf))
        }
        #expect(try Fixtures.dump(workspace) == before)
        try workspace.generateDemo(DemoOptions(orderLines: 800, seed: 2, asOf: Fixtures.asOf, replace: true))
        #expect(try workspace.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM orders") } == 800)
    }

    private func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        let covariance = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let vx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let vy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        return covariance / (vx * vy).squareRoot()
    }
}
