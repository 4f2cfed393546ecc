import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// Plans as the parser produces them: breakdowns, rank, trend, compare, filters, order and
/// limit, titles and errors, checked against SQL over the demo company.
@Suite struct QueryTests {
    var engine: MetricEngine { get throws { try MetricOracleTests.engine.get() } }
    let asOf = Fixtures.asOf

    static func month(_ year: Int, _ month: Int) -> Period {
        let first = Day(year: year, month: month, day: 1)
        return Period(start: first, end: first.lastOfMonth, label: String(first.iso.prefix(7)))
    }

    /// Values of a one-value-per-key SQL query.
    func sql(_ query: String) throws -> [String: Double] {
        try Fixtures.demo.database.read { db in
            var result: [String: Double] = [:]
            for row in try Row.fetchAll(db, sql: query) { result[row[0] as String] = row[1] as Double }
            return result
        }
    }

    func close(_ a: Double?, _ b: Double?) -> Bool { MetricOracleTests.close(a, b) }

    // MARK: - Targets ahead

    /// Targets are set ahead (METRICS.md): December's, asked in November, is the sum of the
    /// targets overlapping December (by region: each region's own), not a forecast and not empty.
    @Test func aTargetOfAPeriodNotBegunIsTheTargetSet() throws {
        let december = Self.month(2026, 12)
        let expected = try sql(
            """
            SELECT scope_value, SUM(value) FROM targets WHERE metric = 'revenue' AND scope = 'region'
            AND period_start <= '2026-12-31' AND period_end >= '2026-12-01' GROUP BY scope_value
            """)
        #expect(expected.count == 7)
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: ["target"], dimensions: ["region"], period: december), asOf: asOf)
        #expect(answer.rows.count == expected.count)
        for row in answer.rows { #expect(close(row[1].number, expected[row[0].text!]), "\(row)") }
    }

    // MARK: - The direction of a change

    /// 各销售员上个月和本月销售额 names October first: the change still runs from October to
    /// November, so a fall from 16.5万 to 8,000 is −95%, never +1,956%.
    @Test func aChangeRunsFromTheEarlierPeriodToTheLater() throws {
        let november = Period(start: Day(year: 2026, month: 11, day: 1), end: asOf, label: "this month")
        let plan = Plan(
            intent: .compare, metrics: ["revenue"], dimensions: ["region"], period: Self.month(2026, 10),
            compareTo: november)
        let answer = try engine.execute(plan, asOf: asOf)
        let now = try sql(
            "SELECT region, SUM(amount) FROM orders WHERE date BETWEEN '2026-11-01' AND '2026-11-22' GROUP BY region")
        let then = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2026-10-%' GROUP BY region")
        #expect(answer.columns == ["region", "revenue", "revenue_prev", "revenue_change"])
        for row in answer.rows {
            let region = row[0].text ?? ""
            #expect(close(row[1].number, now[region]))
            #expect(close(row[2].number, then[region]))
            #expect(close(row[3].number, now[region]! / then[region]! - 1))
        }
    }

    /// 同比和环比: the month before and the year before, side by side.
    @Test func bothComparisonsSideBySide() throws {
        let plan = Plan(
            intent: .compare, metrics: ["revenue"], dimensions: ["region"], period: Self.month(2026, 10),
            compareTo: Self.month(2026, 9), compareAlso: Self.month(2025, 10))
        let answer = try engine.execute(plan, asOf: asOf)
        #expect(
            answer.columns == [
                "region", "revenue", "revenue_prev", "revenue_change", "revenue_prev2", "revenue_change2",
            ])
        let now = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2026-10-%' GROUP BY region")
        let month = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2026-09-%' GROUP BY region")
        let year = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2025-10-%' GROUP BY region")
        for row in answer.rows {
            let region = row[0].text ?? ""
            #expect(close(row[2].number, month[region]) && close(row[4].number, year[region]))
            #expect(close(row[3].number, now[region]! / month[region]! - 1))
            #expect(close(row[5].number, now[region]! / year[region]! - 1))
        }
    }

    /// `which rep has the lowest win rate`: the rate beside how many closed deals it rests on,
    /// and among equal rates the larger sample first (0 of 6 before 0 of 1).
    @Test func aRankedRateShowsItsSampleAndPutsTheLargerFirst() throws {
        let plan = Plan(
            intent: .rank, metrics: ["win_rate"], dimensions: ["rep"], period: Self.month(2026, 10), order: .ascending)
        let answer = try engine.execute(plan, asOf: asOf)
        #expect(answer.columns == ["rep", "win_rate", "win_rate_sample"])
        let closed = try sql(
            """
            SELECT r.name, COUNT(*) * 1.0 FROM opportunities o JOIN reps r ON r.id = o.rep_id
            WHERE o.stage IN ('won', 'lost') AND o.closed_date LIKE '2026-10-%' GROUP BY r.name
            """)
        for row in answer.rows where row[1].number != nil {
            #expect(row[2].number == closed[row[0].text ?? ""], "\(row[0])")
        }
        let rated = answer.rows.filter { $0[1].number != nil }
        for (a, b) in zip(rated, rated.dropFirst()) where a[1].number == b[1].number {
            #expect(a[2].number! >= b[2].number!, "\(a[0]) before \(b[0])")
        }
    }

    // MARK: - Breakdowns

    @Test func breakdownHasDimensionsThenMetricsLargestFirst() throws {
        let plan = Plan(
            intent: .breakdown, metrics: ["revenue", "orders"], dimensions: ["region"], period: Self.month(2026, 10))
        let answer = try engine.execute(plan, asOf: asOf)
        #expect(answer.columns == ["region", "revenue", "orders"])
        #expect(answer.title == Localized(zh: "2026-10 各区域销售额、订单数", en: "Revenue and orders by region, 2026-10"))
        let revenue = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2026-10-%' GROUP BY region")
        let orders = try sql(
            "SELECT region, COUNT(DISTINCT order_no) FROM orders WHERE date LIKE '2026-10-%' GROUP BY region")
        #expect(answer.rows.count == 7)
        for row in answer.rows {
            let region = try #require(row[0].text)
            #expect(close(row[1].number, revenue[region]))
            #expect(row[2].number == orders[region])
        }
        let values = answer.rows.map { $0[1].number! }
        #expect(values == values.sorted(by: >))
        #expect(answer.plan == plan)
    }

    @Test func valueDefaultsToTheLastFullMonth() throws {
        let answer = try engine.execute(Plan(intent: .value, metrics: ["revenue"]), asOf: asOf)
        #expect(answer.columns == ["revenue"])
        let october = try sql("SELECT 'all', SUM(amount) FROM orders WHERE date BETWEEN '2026-10-01' AND '2026-10-31'")
        #expect(answer.rows.count == 1)
        #expect(close(answer.rows[0][0].number, october["all"]))
        #expect(answer.title.zh.hasPrefix("上月（2026-10）"))
    }

    @Test func twoDimensionsIncludingTimeAreChronological() throws {
        let period = Period(
            start: Day(year: 2026, month: 5, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "last 6 months")
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region", "month"], period: period), asOf: asOf)
        #expect(answer.columns == ["region", "month", "revenue"])
        #expect(answer.rows.count == 42)
        let months = answer.rows.map { $0[1].text! }
        #expect(months == months.sorted())
        // Within a month, largest region first.
        let may = answer.rows.prefix(7).map { $0[2].number! }
        #expect(may == may.sorted(by: >))
        let expected = try sql(
            """
            SELECT region || '|' || substr(date, 1, 7), SUM(amount) FROM orders
            WHERE date BETWEEN '2026-05-01' AND '2026-10-31' GROUP BY 1
            """)
        for row in answer.rows { #expect(close(row[2].number, expected[row[0].text! + "|" + row[1].text!])) }
    }

    @Test func dimensionFiltersApplyToFacts() throws {
        let quarter = Period(
            start: Day(year: 2026, month: 7, day: 1), end: Day(year: 2026, month: 9, day: 30), label: "2026-Q3")
        let answer = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"],
                filters: [
                    Filter(field: "team", op: .equal, values: [.text("华东一组")]),
                    Filter(field: "channel", op: .in, values: [.text("直销"), .text("渠道")]),
                ], period: quarter), asOf: asOf)
        let expected = try sql(
            """
            SELECT r.name, SUM(o.amount) FROM orders o JOIN reps r ON r.id = o.rep_id
            WHERE r.team = '华东一组' AND o.channel IN ('直销', '渠道') AND o.date BETWEEN '2026-07-01' AND '2026-09-30'
            GROUP BY r.name
            """)
        #expect(answer.rows.count == expected.count)
        #expect(expected.count >= 8)
        for row in answer.rows { #expect(close(row[1].number, expected[row[0].text!])) }
        // The title keeps the filters.
        #expect(answer.title.zh == "华东一组 · 直销、渠道 · 2026-Q3 各销售员销售额")

        let excluded = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["region"],
                filters: [Filter(field: "region", op: .notIn, values: [.text("华东"), .text("华南")])], period: quarter),
            asOf: asOf)
        #expect(Set(excluded.rows.map { $0[0].text! }) == ["华北", "华中", "西南", "西北", "东北"])

        // A metric's bound is titled with the metric (订单数 = 0), not as if 0 were a member's name.
        let none = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["orders"], dimensions: ["rep"],
                filters: [Filter(field: "orders", op: .equal, values: [.number(0)])], period: quarter),
            asOf: asOf)
        #expect(none.title.zh.hasPrefix("订单数 = 0 · "))
        #expect(none.title.en.hasPrefix("Orders = 0 · "))
    }

    // MARK: - Rank, order, limit

    @Test func topAndBottomN() throws {
        let period = Period(
            start: Day(year: 2026, month: 8, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "last 3 months")
        let revenue = try sql(
            "SELECT p.name, SUM(o.amount) FROM orders o JOIN products p ON p.id = o.product_id WHERE o.date BETWEEN '2026-08-01' AND '2026-10-31' GROUP BY p.name"
        )
        let ranked = revenue.sorted { $0.value > $1.value }.map(\.key)
        let top = try engine.execute(
            Plan(
                intent: .rank, metrics: ["revenue"], dimensions: ["product"], period: period, order: .descending,
                orderBy: "revenue", limit: 3), asOf: asOf)
        #expect(top.rows.map { $0[0].text! } == Array(ranked.prefix(3)))
        #expect(
            top.title
                == Localized(
                    zh: "近 3 个月（2026-08-01..2026-10-31） 销售额前 3 的产品",
                    en: "Top 3 products by revenue, last 3 months (2026-08-01..2026-10-31)"))
        let bottom = try engine.execute(
            Plan(
                intent: .rank, metrics: ["revenue"], dimensions: ["product"], period: period, order: .ascending,
                orderBy: "revenue", limit: 2), asOf: asOf)
        #expect(bottom.rows.map { $0[0].text! } == Array(ranked.reversed().prefix(2)))
    }

    @Test func orderByADimensionOrAnotherMetricAndLimit() throws {
        let october = Self.month(2026, 10)
        let byName = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: october, orderBy: "region",
                limit: 3), asOf: asOf)
        #expect(byName.rows.map { $0[0].text! } == ["东北", "华东", "华中"].sorted())
        let byOrders = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue", "orders"], dimensions: ["region"], period: october,
                order: .ascending, orderBy: "orders"), asOf: asOf)
        let orders = byOrders.rows.map { $0[2].number! }
        #expect(orders == orders.sorted())
        let descendingNames = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: october, order: .descending,
                orderBy: "region"),
            asOf: asOf)
        #expect(descendingNames.rows.map { $0[0].text! } == descendingNames.rows.map { $0[0].text! }.sorted(by: >))
    }

    // MARK: - Trend and compare

    @Test func trendAddsGrowthAgainstThePreviousBucketOfTheSameSeries() throws {
        let period = Period(
            start: Day(year: 2025, month: 11, day: 1), end: Day(year: 2026, month: 10, day: 31), label: "last 12 months"
        )
        let answer = try engine.execute(
            Plan(intent: .trend, metrics: ["revenue"], dimensions: ["month"], period: period, grain: .month), asOf: asOf
        )
        #expect(answer.columns == ["month", "revenue", "revenue_change"])
        #expect(answer.rows.count == 12)
        #expect(answer.rows[0][2] == .null)
        let monthly = try sql(
            "SELECT substr(date, 1, 7), SUM(amount) FROM orders WHERE date BETWEEN '2025-11-01' AND '2026-10-31' GROUP BY 1"
        )
        for (previous, row) in zip(answer.rows, answer.rows.dropFirst()) {
            let expected = monthly[row[0].text!]! / monthly[previous[0].text!]! - 1
            #expect(close(row[2].number, expected))
        }
        #expect(answer.title.en == "Revenue trend by month, last 12 months (2025-11-01..2026-10-31)")

        // By region too: growth within each region's series; a rate changes by its difference.
        let byRegion = try engine.execute(
            Plan(
                intent: .trend, metrics: ["win_rate"], dimensions: ["month", "region"], period: period, grain: .month),
            asOf: asOf)
        var last: [String: Double] = [:]
        for row in byRegion.rows {
            let region = row[1].text!
            let value = row[2].number!
            if let before = last[region] {
                #expect(close(row[3].number, value - before))
            } else {
                #expect(row[3] == .null)
            }
            last[region] = value
        }
    }

    @Test func compareHasPreviousAndChangeColumns() throws {
        let answer = try engine.execute(
            Plan(
                intent: .compare, metrics: ["revenue", "win_rate"], dimensions: ["region"],
                period: Self.month(2026, 10),
                compareTo: Self.month(2025, 10)), asOf: asOf)
        #expect(
            answer.columns == [
                "region", "revenue", "revenue_prev", "revenue_change", "win_rate", "win_rate_prev", "win_rate_change",
            ])
        #expect(answer.title.en == "Revenue and win rate by region, 2026-10 vs 2025-10")
        let now = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2026-10-%' GROUP BY region")
        let then = try sql("SELECT region, SUM(amount) FROM orders WHERE date LIKE '2025-10-%' GROUP BY region")
        #expect(answer.rows.count == 7)
        for row in answer.rows {
            let region = row[0].text!
            #expect(close(row[1].number, now[region]))
            #expect(close(row[2].number, then[region]))
            #expect(close(row[3].number, now[region]! / then[region]! - 1))
            #expect(close(row[6].number, row[4].number! - row[5].number!))
        }

        // The reps on the books in the period appear, and any with facts in either period: reps
        // hired since have no revenue a year before.
        let reps = try engine.execute(
            Plan(
                intent: .compare, metrics: ["revenue"], dimensions: ["rep"], period: Self.month(2026, 10),
                compareTo: Self.month(2024, 1)), asOf: asOf)
        let either = try sql(
            """
            SELECT 'n', COUNT(*) FROM reps
            WHERE ((hire_date IS NULL OR hire_date <= '2026-10-31') AND (left_date IS NULL OR left_date >= '2026-10-01'))
                OR id IN (SELECT rep_id FROM orders WHERE date LIKE '2026-10-%' OR date LIKE '2024-01-%')
            """)
        #expect(Double(reps.rows.count) == either.values.first)
        #expect(reps.rows.contains { $0[2] == .number(0) && $0[3] == .null })
    }

    @Test(arguments: [
        ("2026-10-01", "2026-10-31", "2026-09-01", "2026-09-30"),
        ("2026-07-01", "2026-09-30", "2026-04-01", "2026-06-30"),
        ("2025-01-01", "2025-12-31", "2024-01-01", "2024-12-31"),
        ("2026-11-01", "2026-11-22", "2026-10-01", "2026-10-22"),
        ("2026-10-10", "2026-10-16", "2026-10-03", "2026-10-09"),
    ])
    func compareWithoutAPeriodComparesWithThePreviousSpan(_ spans: (String, String, String, String)) throws {
        let period = Period(start: Day(iso: spans.0)!, end: Day(iso: spans.1)!, label: "")
        let answer = try engine.execute(Plan(intent: .compare, metrics: ["revenue"], period: period), asOf: asOf)
        let previous = try sql(
            "SELECT 'all', SUM(amount) FROM orders WHERE date BETWEEN '\(spans.2)' AND '\(spans.3)'")
        #expect(close(answer.rows[0][1].number, previous["all"]))
    }

    @Test func metricFiltersApplyAfterAggregation() throws {
        let october = Self.month(2026, 10)
        let answer = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"],
                filters: [Filter(field: "attainment", op: .less, values: [.number(0.8)])], period: october), asOf: asOf)
        let attainment = try sql(
            """
            SELECT r.name, (SELECT COALESCE(SUM(o.amount), 0) FROM orders o WHERE o.rep_id = r.id AND o.date LIKE '2026-10-%')
                / t.value
            FROM reps r JOIN targets t ON t.scope = 'rep' AND t.scope_value = r.name AND t.period_start = '2026-10-01'
            """)
        let below = Set(attainment.filter { $0.value < 0.8 }.keys)
        #expect(!below.isEmpty)
        #expect(Set(answer.rows.map { $0[0].text! }) == below)
        #expect(answer.columns == ["rep", "revenue"])
    }

    // MARK: - Errors

    @Test func aCutTheFactsDoNotCarryIsAnErrorSayingWhy() throws {
        let october = Self.month(2026, 10)
        let error = #expect(throws: EngineError.self) {
            try engine.execute(
                Plan(intent: .breakdown, metrics: ["csat"], dimensions: ["product"], period: october), asOf: asOf)
        }
        guard case .cannotCut(let metric, let dimension, _)? = error else {
            Issue.record("expected cannotCut, got \(String(describing: error))")
            return
        }
        #expect(metric == "csat" && dimension == "product")
        #expect(error?.message.zh == "客户满意度不能按产品拆分：满意度调查不含产品")
        #expect(error?.message.en == "customer satisfaction (csat) cannot be cut by product: surveys carry no product")

        // A filter needs the dimension as much as a breakdown does.
        #expect(throws: EngineError.self) {
            try engine.execute(
                Plan(
                    intent: .value, metrics: ["calls"],
                    filters: [Filter(field: "channel", op: .equal, values: [.text("线上")])],
                    period: october), asOf: asOf)
        }
        // Reviews are monthly.
        let weekly = #expect(throws: EngineError.self) {
            try engine.execute(
                Plan(intent: .breakdown, metrics: ["collaboration_score"], dimensions: ["week"], period: october),
                asOf: asOf)
        }
        #expect(weekly?.message.en.contains("cannot be cut by week") == true)
    }

    @Test func otherErrors() throws {
        let october = Self.month(2026, 10)
        #expect(throws: EngineError.unknownMetric("revenu")) {
            try engine.execute(Plan(intent: .value, metrics: ["revenu"], period: october), asOf: asOf)
        }
        #expect(throws: EngineError.unknownDimension("regoin")) {
            try engine.execute(
                Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["regoin"], period: october), asOf: asOf)
        }
        for intent in [Intent.forecast, .diagnose, .scorecard] {
            #expect(throws: EngineError.notAvailableYet(intent)) {
                try engine.execute(Plan(intent: intent, metrics: ["revenue"]), asOf: asOf)
            }
        }
        #expect(throws: EngineError.stageConversionNeedsItsOwnAnswer) {
            try engine.execute(
                Plan(intent: .value, metrics: ["revenue", "stage_conversion"], period: october), asOf: asOf)
        }
        #expect(throws: EngineError.unsupportedFilter(field: "region", op: "<")) {
            try engine.execute(
                Plan(
                    intent: .value, metrics: ["revenue"],
                    filters: [Filter(field: "region", op: .less, values: [.text("华东")])]),
                asOf: asOf)
        }
        #expect(EngineError.notAvailableYet(.forecast).message.zh.contains("暂不可用"))
    }

    // MARK: - Funnel, show, vocabulary

    @Test func funnelCountsOpportunitiesReachingEachStage() throws {
        let quarter = Period(
            start: Day(year: 2026, month: 7, day: 1), end: Day(year: 2026, month: 9, day: 30), label: "2026-Q3")
        let answer = try engine.execute(Plan(intent: .funnel, dimensions: ["team"], period: quarter), asOf: asOf)
        #expect(answer.columns == ["team", "stage", "opportunities", "conversion"])
        #expect(answer.title == Localized(zh: "2026-Q3 各团队销售漏斗", en: "Sales funnel by team, 2026-Q3"))
        let created = try sql(
            """
            SELECT r.team, COUNT(*) FROM opportunities x JOIN reps r ON r.id = x.rep_id
            WHERE x.created_date BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY r.team
            """)
        #expect(answer.rows.count == created.count * 5)
        for group in stride(from: 0, to: answer.rows.count, by: 5) {
            let rows = Array(answer.rows[group..<group + 5])
            #expect(rows.map { $0[1].text! } == ["lead", "qualified", "proposal", "negotiation", "won"])
            #expect(rows[0][2].number == created[rows[0][0].text!])
            let counts = rows.map { $0[2].number! }
            #expect(counts == counts.sorted(by: >=))
            #expect(close(rows[1][3].number, counts[2] / counts[1]))
            #expect(rows[4][3] == .null)
        }
    }

    @Test func showListsTheCatalogAndTheData() throws {
        let metrics = try engine.execute(Plan(intent: .show, show: "metrics"), asOf: asOf)
        #expect(metrics.rows.map { $0[0].text! }.prefix(Catalog.metrics.count) == Catalog.metrics.map(\.id)[...])
        let regions = try engine.execute(Plan(intent: .show, show: "regions"), asOf: asOf)
        #expect(Set(regions.rows.map { $0[0].text! }) == ["华东", "华南", "华北", "华中", "西南", "西北", "东北"])
        let reps = try engine.execute(Plan(intent: .show, show: "reps"), asOf: asOf)
        #expect(reps.columns == ["rep", "team", "region"])
        let repCount = try sql("SELECT 'n', COUNT(*) FROM reps")["n"]
        #expect(Double(reps.rows.count) == repCount)
        let dimensions = try engine.execute(Plan(intent: .show, show: "dimensions"), asOf: asOf)
        #expect(dimensions.rows.count == Catalog.dimensions.count)
        let targets = try engine.execute(Plan(intent: .show, period: Self.month(2026, 10), show: "targets"), asOf: asOf)
        #expect(targets.rows.first?[0] == .text("company"))
        #expect(targets.rows.allSatisfy { $0[2] == .text("2026-10-01") })
        #expect(throws: EngineError.unknownShow("weather")) {
            try engine.execute(Plan(intent: .show, show: "weather"), asOf: asOf)
        }
    }

    @Test func vocabularyCarriesTheDataValues() throws {
        let vocabulary = try engine.vocabulary()
        #expect(vocabulary.metric(named: "销售额") == "revenue")
        #expect(vocabulary.dimension(named: "区域") == "region")
        #expect(vocabulary.values(of: "region")?.count == 7)
        #expect(vocabulary.values(of: "team")?.contains("华东一组") == true)
        #expect(vocabulary.values(of: "channel").map(Set.init) == ["直销", "渠道", "线上"])
        #expect(vocabulary.values(of: "segment").map(Set.init) == ["大客户", "中型客户", "小微客户"])
        let customers = try sql("SELECT 'n', COUNT(DISTINCT name) FROM customers")["n"]
        #expect(Double(vocabulary.values(of: "customer")?.count ?? 0) == customers)
    }
}
