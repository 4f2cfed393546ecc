import Foundation
import Language
import Model
import Testing

/// Every core statement of DESIGN.md parses to the plan written out by hand here.
@Suite struct StatementTests {
    let vocabulary = LanguageFixtures.vocabulary
    let asOf = LanguageFixtures.asOf

    private func plan(_ text: String) throws -> Plan {
        try parse(text, vocabulary: vocabulary, asOf: asOf).meaning
    }

    private func day(_ text: String) -> Day { Day(iso: text)! }
    private func period(_ start: String, _ end: String, _ label: String) -> Period {
        Period(start: day(start), end: day(end), label: label)
    }
    private let october = Period(start: Day(iso: "2026-10-01")!, end: Day(iso: "2026-10-31")!, label: "2026-10")
    private let lastMonth = Period(start: Day(iso: "2026-10-01")!, end: Day(iso: "2026-10-31")!, label: "last month")

    @Test func valueDefaultsToTheLastFullMonth() throws {
        #expect(try plan("revenue") == Plan(intent: .value, metrics: ["revenue"], period: lastMonth))
    }

    /// Found by `make fuzz`: `vs last 1 year` printed as `vs last year`, which compares with the
    /// same span a year earlier instead of the whole previous year.
    @Test func lastOneYearInAComparisonKeepsItsMeaningInPrint() throws {
        let printed = try #require(try parse("revenue in 2026-10 vs last 1 year", vocabulary: vocabulary, asOf: asOf).canonical)
        let reread = try plan(printed)
        #expect(reread.compareTo?.start == day("2025-01-01") && reread.compareTo?.end == day("2025-12-31"), "\(printed)")
        #expect(try plan("revenue in 2026-10 vs last year").compareTo?.start == day("2025-10-01"))
    }

    /// Found by `make fuzz`: `forecast … by 月` kept the month as a breakdown, where `by month` is
    /// refused (a forecast's steps are months already), so its canonical text did not parse.
    @Test func aForecastByATimeGrainIsRefusedByAnyOfItsNames() {
        for text in ["forecast revenue by month, region", "forecast revenue by 月, region", "forecast revenue by region, 月"] {
            #expect(throws: Diagnostic.self, "\(text)") { try plan(text) }
        }
    }

    @Test func breakdown() throws {
        #expect(
            try plan("revenue, orders by region in 2026-10")
                == Plan(intent: .breakdown, metrics: ["revenue", "orders"], dimensions: ["region"], period: october))
    }

    @Test func twoDimensionsWithATimeGrain() throws {
        #expect(
            try plan("revenue by region, month in last 6 months")
                == Plan(
                    intent: .breakdown, metrics: ["revenue"], dimensions: ["region", "month"],
                    period: period("2026-05-01", "2026-10-31", "last 6 months"), grain: .month))
    }

    @Test func dimensionFiltersJoinedByAnd() throws {
        #expect(
            try plan(#"revenue by rep where team = "华东一组" and channel in ("直销", "渠道") in 2026-Q3"#)
                == Plan(
                    intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"],
                    filters: [
                        Filter(field: "team", op: .equal, values: [.text("华东一组")]),
                        Filter(field: "channel", op: .in, values: [.text("直销"), .text("渠道")]),
                    ],
                    period: period("2026-07-01", "2026-09-30", "2026-Q3")))
    }

    @Test func chineseNamesAndBareChineseValues() throws {
        #expect(
            try plan("销售额 by 区域 where 区域 = 华东")
                == Plan(
                    intent: .breakdown, metrics: ["revenue"], dimensions: ["region"],
                    filters: [Filter(field: "region", op: .equal, values: [.text("华东")])], period: lastMonth))
    }

    @Test func metricFilterWithAPercentLiteral() throws {
        #expect(
            try plan("revenue by rep where attainment < 80%")
                == Plan(
                    intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"],
                    filters: [Filter(field: "attainment", op: .less, values: [.number(0.8)])], period: lastMonth))
    }

    @Test func topAndBottom() throws {
        #expect(
            try plan("top 3 region by revenue in last 3 months")
                == Plan(
                    intent: .rank, metrics: ["revenue"], dimensions: ["region"],
                    period: period("2026-08-01", "2026-10-31", "last 3 months"), order: .descending,
                    orderBy: "revenue", limit: 3))
        #expect(
            try plan("bottom 5 rep by attainment")
                == Plan(
                    intent: .rank, metrics: ["attainment"], dimensions: ["rep"], period: lastMonth, order: .ascending,
                    orderBy: "attainment", limit: 5))
    }

    @Test func trend() throws {
        #expect(
            try plan("trend revenue by month in last 12 months")
                == Plan(
                    intent: .trend, metrics: ["revenue"], dimensions: ["month"],
                    period: period("2025-11-01", "2026-10-31", "last 12 months"), grain: .month))
    }

    @Test func compareTwoPeriods() throws {
        #expect(
            try plan("revenue by region in 2026-10 vs 2025-10")
                == Plan(
                    intent: .compare, metrics: ["revenue"], dimensions: ["region"], period: october,
                    compareTo: period("2025-10-01", "2025-10-31", "2025-10")))
        #expect(try plan("revenue in 2026-10 vs previous").compareTo == period("2026-09-01", "2026-09-30", "previous"))
        #expect(
            try plan("revenue in 2026-10 vs last year").compareTo == period("2025-10-01", "2025-10-31", "last year"))
    }

    @Test func forecast() throws {
        #expect(
            try plan("forecast revenue next 3 months by region")
                == Plan(
                    intent: .forecast, metrics: ["revenue"], dimensions: ["region"],
                    period: period("2026-12-01", "2027-02-28", "next 3 months"), grain: .month, horizon: 3))
        #expect(
            try plan("forecast revenue")
                == Plan(
                    intent: .forecast, metrics: ["revenue"], period: period("2026-12-01", "2026-12-31", "next month"),
                    grain: .month, horizon: 1))
    }

    @Test func diagnose() throws {
        #expect(
            try plan("diagnose revenue in 2026-10 vs 2026-09")
                == Plan(
                    intent: .diagnose, metrics: ["revenue"], period: october,
                    compareTo: period("2026-09-01", "2026-09-30", "2026-09")))
        #expect(try plan("diagnose revenue").compareTo == period("2026-09-01", "2026-09-30", "previous"))
    }

    @Test func funnel() throws {
        #expect(
            try plan("funnel in 2026-Q3 by team")
                == Plan(intent: .funnel, dimensions: ["team"], period: period("2026-07-01", "2026-09-30", "2026-Q3")))
    }

    @Test func scorecard() throws {
        #expect(
            try plan("scorecard rep in 2026-Q3 using 新人方案")
                == Plan(
                    intent: .scorecard, dimensions: ["rep"], period: period("2026-07-01", "2026-09-30", "2026-Q3"),
                    using: "新人方案"))
    }

    @Test func setTarget() throws {
        #expect(
            try plan(#"set target revenue 1200000 for team "华东一组" in 2026-12"#)
                == Plan(
                    intent: .target, metrics: ["revenue"],
                    filters: [Filter(field: "team", op: .equal, values: [.text("华东一组")])],
                    period: period("2026-12-01", "2026-12-31", "2026-12"), value: 1_200_000))
        #expect(try plan("set target revenue 3亿 in 2027").filters.isEmpty)
        #expect(try plan("set target revenue 3亿 in 2027").value == 300_000_000)
    }

    @Test func defineFilteredAndArithmeticMetrics() throws {
        #expect(
            try plan(#"define metric online_rev = revenue where channel = "线上""#)
                == Plan(
                    intent: .define,
                    definition: MetricDefinition(
                        name: "online_rev",
                        expression: .metric(
                            "revenue", filters: [Filter(field: "channel", op: .equal, values: [.text("线上")])]))))
        #expect(
            try plan("define metric margin_per_order = gross_profit / orders")
                == Plan(
                    intent: .define,
                    definition: MetricDefinition(
                        name: "margin_per_order",
                        expression: .binary(
                            .divide, .metric("gross_profit", filters: []), .metric("orders", filters: [])))))
    }

    @Test func alias() throws {
        #expect(
            try plan("alias 营收 = revenue")
                == Plan(intent: .alias, alias: AliasDefinition(name: "营收", target: "revenue")))
        #expect(try plan("alias 片区 = 区域").alias == AliasDefinition(name: "片区", target: "region"))
    }

    /// Targets are set ahead, so `show targets` does not clip its period at the as-of date.
    @Test func show() throws {
        for topic in ["metrics", "dimensions", "regions"] {
            #expect(try plan("show \(topic)") == Plan(intent: .show, show: topic))
        }
        #expect(
            try plan("show targets in 2026-Q4")
                == Plan(intent: .show, period: period("2026-10-01", "2026-12-31", "2026-Q4"), show: "targets"))
    }

    @Test func orderByAndLimit() throws {
        #expect(
            try plan("revenue by rep order by revenue desc limit 10")
                == Plan(
                    intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"], period: lastMonth,
                    order: .descending,
                    orderBy: "revenue", limit: 10))
    }

    @Test func userMetricsAndAliasesResolveLikeBuiltIns() throws {
        #expect(try plan("online_revenue by region").metrics == ["online_revenue"])
        #expect(try plan("业绩 by 大区").metrics == ["revenue"])
        #expect(try plan("业绩 by 大区").dimensions == ["region"])
    }

    @Test func keywordsAreCaseInsensitiveAndClausesComeInAnyOrder() throws {
        let canonical = try plan("revenue by region where channel = 直销 in 2026-10")
        #expect(try plan("REVENUE IN 2026-10 WHERE channel = 直销 BY region") == canonical)
        #expect(try plan("revenue by region where channel in (直销) in 2026-10;") == canonical)
    }

    /// DESIGN.md's plan JSON: every field present, null where it does not apply, [] for lists.
    @Test func planJSONHasEveryField() throws {
        let plan = try parse("top 3 region by revenue in 2026-10", vocabulary: vocabulary, asOf: asOf)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as! [String: Any]
        let designFields = [
            "intent", "metrics", "dimensions", "filters", "period", "compare_to", "grain", "horizon", "order", "limit",
            "canonical", "source", "confidence",
        ]
        for field in designFields { #expect(object.keys.contains(field), "\(field)") }
        #expect(object["intent"] as? String == "rank")
        #expect(object["order"] as? String == "desc")
        #expect(object["limit"] as? Int == 3)
        #expect(object["compare_to"] is NSNull)
        #expect(object["horizon"] is NSNull)
        #expect((object["filters"] as? [Any])?.isEmpty == true)
        #expect(object["canonical"] as? String == "top 3 region by revenue in 2026-10")
        #expect(object["source"] as? String == "query")
        let period = object["period"] as! [String: String]
        #expect(period == ["start": "2026-10-01", "end": "2026-10-31", "label": "2026-10"])
        let decoded = try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan))
        #expect(decoded == plan)
    }
}
