import Engine
import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// Forecast answers over the demo company, their history checked against SQL.
@Suite struct MetricForecastTests {
    var analyst: Analyst { get throws { try AnalysisFixtures.analyst.get() } }
    let asOf = Fixtures.asOf

    /// `next N months` on the as-of date, as the recognisers resolve it.
    func next(_ months: Int) -> Period { PeriodSpec.next(months, .month).resolve(asOf: asOf)! }

    /// `forecast METRIC next N months` answered as of a date.
    func forecast(_ metric: String, months: Int, asOf: Day) throws -> Answer {
        let window = PeriodSpec.next(months, .month).resolve(asOf: asOf)!
        let plan = Plan(intent: .forecast, metrics: [metric], period: window, grain: .month, horizon: months)
        return try analyst.execute(plan, asOf: asOf)
    }

    /// METRICS.md: next quarter on 2026-11-22 is 2027-Q1; the answer shows its three months
    /// (stepping through December to get there) and the quarter's total.
    @Test func nextQuarterIsTheCalendarQuarterWithItsTotal() throws {
        let window = try #require(PeriodSpec.next(1, .quarter).resolve(asOf: asOf))
        #expect(window.start == Day(year: 2027, month: 1, day: 1) && window.end == Day(year: 2027, month: 3, day: 31))
        let answer = try analyst.execute(
            Plan(intent: .forecast, metrics: ["revenue"], period: window, grain: .month, horizon: 3), asOf: asOf)
        let labels = answer.rows.map { $0[0].text ?? "" }
        #expect(labels == ["2027-01", "2027-02", "2027-03", "2027-Q1"])
        let months = answer.rows.prefix(3).compactMap { $0[1].number }
        let total = try #require(answer.rows.last?[1].number)
        #expect(abs(total - months.reduce(0, +)) < 1e-6 * total)
        // Its 95% interval is wider than any month's and holds the total.
        let (low, high) = (answer.rows.last![2].number!, answer.rows.last![3].number!)
        #expect(low < total && total < high)
        for row in answer.rows.prefix(3) { #expect(high - low > row[3].number! - row[2].number!) }
    }

    @Test func historyIsTheMonthlySumsBeforeThePartialMonth() throws {
        let reader = MetricForecast(engine: try analyst.engine, asOf: asOf)
        let histories = try reader.histories("revenue", dimensions: ["region"], filters: [], grain: .month)
        #expect(histories.end == Day(year: 2026, month: 10, day: 31))
        #expect(histories.partial == Period(start: Day(year: 2026, month: 11, day: 1), end: asOf, label: "2026-11"))
        let sums = try AnalysisFixtures.sql(
            "SELECT region || '|' || substr(date, 1, 7), SUM(amount) FROM orders WHERE date < '2026-11-01' GROUP BY 1")
        #expect(histories.series.count == 7)
        for history in histories.series {
            let region = try #require(history.key.first?.text)
            #expect(history.start == Day(year: 2023, month: 12, day: 1))
            #expect(history.values.count == 35)
            for (offset, value) in history.values.enumerated() {
                let month = String(history.start.firstOfMonth(adding: offset).iso.prefix(7))
                #expect(AnalysisFixtures.close(value, sums["\(region)|\(month)"] ?? 0), "\(region) \(month)")
            }
        }
    }

    @Test func aMonthThatEndsOnTheAsOfDateIsFitted() throws {
        let reader = MetricForecast(engine: try analyst.engine, asOf: Day(year: 2026, month: 10, day: 31))
        let histories = try reader.histories("orders", dimensions: [], filters: [], grain: .month)
        #expect(histories.partial == nil)
        #expect(histories.end == Day(year: 2026, month: 10, day: 31))
    }

    @Test func forecastByRegionHasIntervalsTargetsAndGaps() throws {
        let plan = Plan(
            intent: .forecast, metrics: ["revenue"], dimensions: ["region"], period: next(3), grain: .month, horizon: 3)
        let answer = try analyst.execute(plan, asOf: asOf)
        #expect(
            answer.columns == [
                "region", "period", "revenue", "low", "high", "low80", "high80", "method", "backtest_error", "target",
                "gap",
            ])
        #expect(answer.rows.count == 21)
        #expect(Set(answer.rows.map { $0[1].text! }) == ["2026-12", "2027-01", "2027-02"])
        // Rep targets summed per region and month (the demo sets targets two months past as-of).
        let targets = try AnalysisFixtures.sql(
            """
            SELECT r.region || '|' || substr(t.period_start, 1, 7), SUM(t.value) FROM targets t
            JOIN reps r ON r.name = t.scope_value WHERE t.scope = 'rep' AND t.metric = 'revenue' GROUP BY 1
            """)
        for row in answer.rows {
            let values = row[2...6].map { $0.number! }
            #expect(
                values[1] <= values[3] && values[3] <= values[0] && values[0] <= values[4] && values[4] <= values[2])
            #expect(values.allSatisfy { $0 >= 0 })
            #expect(row[7].text != nil)
            let key = row[0].text! + "|" + row[1].text!
            if let target = targets[key] {
                #expect(AnalysisFixtures.close(row[9].number, target))
                #expect(AnalysisFixtures.close(row[10].number, target - values[0]))
            } else {
                #expect(row[9] == .null && row[10] == .null)
            }
        }
        #expect(answer.rows.filter { $0[9] != .null }.count == 14)
        // Largest region first, each region's months in order.
        #expect(answer.rows.first?[0] == .text("华东"))
        #expect(answer.rows.prefix(3).map { $0[1].text! } == ["2026-12", "2027-01", "2027-02"])
        #expect(answer.notes.contains { $0.zh.contains("2026-11 截至 2026-11-22 尚未结束") })
        #expect(answer.notes.contains { $0.en.contains("likely to be reached") })
        #expect(
            answer.title
                == Localized(
                    zh: "未来 3 个月（2026-12-01..2027-02-28） 各区域销售额预测",
                    en: "Revenue forecast by region, next 3 months (2026-12-01..2027-02-28)"))
    }

    @Test func theForecastIsTheForecasterOnTheSQLHistory() throws {
        // Back-testing as a user would: as of 2026-06-30 only the first half of 2026 is known.
        let answer = try forecast("orders", months: 2, asOf: Day(year: 2026, month: 6, day: 30))
        let orders = try AnalysisFixtures.sql(
            "SELECT substr(date, 1, 7), COUNT(DISTINCT order_no) FROM orders WHERE date <= '2026-06-30' GROUP BY 1")
        let history = orders.keys.sorted().map { orders[$0]! }
        let expected = Forecaster().forecast(history, horizon: 2)
        #expect(answer.rows.map { $0[0].text! } == ["2026-07", "2026-08"])
        #expect(answer.rows.map { $0[1].number! } == expected.mean)
        #expect(answer.rows.map { $0[2].number! } == expected.low95)
        #expect(answer.rows.map { $0[6].text! } == [expected.method, expected.method])
        #expect(!answer.columns.contains("target"))
        #expect(!answer.notes.contains { $0.zh.contains("尚未结束") })
    }

    @Test func weeksAreForecastFromTheLastWholeWeek() throws {
        // 2026-11-22 is a Sunday: its week is whole, and the next four are W48 to W51.
        let window = PeriodSpec.next(4, .week).resolve(asOf: asOf)!
        let plan = Plan(intent: .forecast, metrics: ["orders"], period: window, grain: .week, horizon: 4)
        let answer = try analyst.execute(plan, asOf: asOf)
        #expect(answer.rows.map { $0[0].text! } == ["2026-W48", "2026-W49", "2026-W50", "2026-W51"])
        #expect(answer.rows.allSatisfy { ($0[1].number ?? -1) > 0 })
        #expect(!answer.notes.contains { $0.zh.contains("尚未结束") })
    }

    @Test func aFilteredForecastReadsOnlyItsFacts() throws {
        let filter = Filter(field: "channel", op: .equal, values: [.text("线上")])
        let reader = MetricForecast(engine: try analyst.engine, asOf: asOf)
        let histories = try reader.histories("revenue", dimensions: [], filters: [filter], grain: .month)
        let sums = try AnalysisFixtures.sql(
            "SELECT substr(date, 1, 7), SUM(amount) FROM orders WHERE channel = '线上' AND date < '2026-11-01' GROUP BY 1"
        )
        #expect(histories.series.count == 1)
        #expect(histories.series[0].values.count == sums.count)
        for (offset, key) in sums.keys.sorted().enumerated() {
            #expect(AnalysisFixtures.close(histories.series[0].values[offset], sums[key]))
        }
    }

    @Test func ratiosCannotBeForecast() throws {
        let plan = Plan(intent: .forecast, metrics: ["win_rate"], period: next(1), grain: .month, horizon: 1)
        #expect(throws: AnalysisError.notForecastable(metric: "win_rate")) { try analyst.execute(plan, asOf: asOf) }
        #expect(AnalysisError.notForecastable(metric: "win_rate").message.en.contains("revenue, orders, quantity"))
    }

    @Test func aShortHistoryIsForecastNaivelyWithAWarning() throws {
        // As of 2024-03-15 the demo company has three whole months of orders.
        let answer = try forecast("revenue", months: 1, asOf: Day(year: 2024, month: 3, day: 15))
        let february = try AnalysisFixtures.scalar(
            "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2024-02-01' AND '2024-02-29'")
        #expect(answer.rows.count == 1)
        #expect(answer.rows[0][0] == .text("2024-04"))
        #expect(AnalysisFixtures.close(answer.rows[0][1].number, february))
        #expect(answer.rows[0][6] == .text("Naive"))
        #expect(answer.notes.contains { $0.en.contains("warning: under 6 months of history") })
        #expect(answer.notes.contains { $0.zh.contains("未考虑季节性") } == false)
    }
}
