import Dispatch
import Engine
import Foundation
import Model

/// `forecast METRIC next N months [by …]`: the metric's history read through the engine one
/// month (or week) at a time, one series per member of the plan's dimensions, each forecast by
/// `Forecaster`, with the targets of the forecast months beside it where there are any.
struct MetricForecast {
    let engine: MetricEngine
    let asOf: Day

    /// One member's history: its dimension cells and its values from its first span with facts.
    struct History {
        var key: [Cell]
        var start: Day
        var values: [Double]
    }

    /// The histories of a metric by the dimensions, through the last whole span before as-of.
    struct Histories {
        var series: [History]
        /// The last day fitted: the end of the last whole span.
        var end: Day
        /// The span as-of falls in when it is not over yet (left out of fitting), else nil.
        var partial: Period?
    }

    // MARK: - History

    /// Reads the history. Spans without facts inside a member's history are 0 (the metric is a
    /// sum); spans before the member's first facts are not part of its history.
    func histories(_ metric: String, dimensions: [String], filters: [Filter], grain: TimeGrain) throws -> Histories {
        let current = grain.start(of: asOf)
        let next = Self.advance(current, grain: grain, by: 1)
        let complete = asOf == next - 1
        let end = complete ? asOf : current - 1
        let partial = complete ? nil : Period(start: current, end: asOf, label: grain.label(of: asOf))
        guard let first = try engine.firstDay(of: metric), first <= end else {
            return Histories(series: [], end: end, partial: partial)
        }
        let starts = Self.spans(grain, from: first, through: end)
        let index = Dictionary(starts.enumerated().map { (grain.label(of: $0.element), $0.offset) }) { first, _ in first
        }
        let plan = Plan(
            intent: .breakdown, metrics: [metric], dimensions: dimensions + [grain.rawValue], filters: filters,
            period: Period(start: starts[0], end: end, label: ""))
        let answer = try engine.execute(plan, asOf: asOf)
        var values: [[Cell]: [Double]] = [:]
        var order: [[Cell]] = []
        let timeColumn = dimensions.count
        for row in answer.rows {
            let key = Array(row[..<timeColumn])
            guard let label = row[timeColumn].text, let position = index[label] else { continue }
            if values[key] == nil {
                values[key] = [Double](repeating: .nan, count: starts.count)
                order.append(key)
            }
            values[key]![position] = row[timeColumn + 1].number ?? .nan
        }
        if dimensions.isEmpty && order.isEmpty {
            order = [[]]
            values[[]] = [Double](repeating: .nan, count: starts.count)
        }
        let series = order.compactMap { key -> History? in
            let all = values[key]!
            guard let firstValue = all.firstIndex(where: { !$0.isNaN }) else {
                return dimensions.isEmpty ? History(key: key, start: starts[0], values: []) : nil
            }
            return History(key: key, start: starts[firstValue], values: all[firstValue...].map { $0.isNaN ? 0 : $0 })
        }
        return Histories(series: series, end: end, partial: partial)
    }

    /// The first days of the spans of a grain from the one holding `first` through `last`.
    static func spans(_ grain: TimeGrain, from first: Day, through last: Day) -> [Day] {
        var starts: [Day] = []
        var start = grain.start(of: first)
        while start <= last {
            starts.append(start)
            start = advance(start, grain: grain, by: 1)
        }
        return starts
    }

    static func advance(_ start: Day, grain: TimeGrain, by count: Int) -> Day {
        grain == .week ? start + 7 * count : start.firstOfMonth(adding: count)
    }

    // MARK: - Answer

    /// The most members forecast one by one in an answer.
    static let mostSeries = 100

    func answer(_ plan: Plan) throws -> Answer {
        guard let metric = plan.metrics.first.flatMap(engine.metricID) ?? plan.metrics.first else {
            throw AnalysisError.incomplete(Localized(zh: "请指定要预测的指标。", en: "name the metric to forecast."))
        }
        guard engine.isAdditive(metric) else { throw AnalysisError.notForecastable(metric: metric) }
        let grain: TimeGrain = plan.grain == .week ? .week : .month
        let dimensions = plan.dimensions.filter { TimeGrain(rawValue: $0) == nil }
        let window =
            plan.period ?? PeriodSpec.next(plan.horizon ?? 1, grain == .week ? .week : .month)
            .resolve(asOf: asOf)!
        var histories = try histories(metric, dimensions: dimensions, filters: plan.filters, grain: grain)
        // Each member's forecast is a model fitted to its history: for 100k customers that took
        // minutes. The largest members by their history's total are forecast, the rest said.
        let members = histories.series.count
        if members > Self.mostSeries {
            let totals = histories.series.map { $0.values.reduce(0, +) }
            let largest = histories.series.indices.sorted { totals[$0] > totals[$1] }.prefix(Self.mostSeries)
            histories.series = largest.map { histories.series[$0] }
        }
        let steps = Self.spans(grain, from: histories.end + 1, through: window.end)
        let shown = steps.indices.filter { steps[$0] >= grain.start(of: window.start) }
        let forecaster = Forecaster(seasonLength: grain == .week ? 52 : 12)

        var forecasts = zip(histories.series, Self.forecast(histories.series.map(\.values), steps.count, forecaster))
            .map { ($0, $1) }
        let total: (ForecastResult) -> Double = { result in shown.reduce(0) { $0 + result.mean[$1] } }
        forecasts.sort { total($0.1) > total($1.1) }

        let targets = try self.targets(
            metric, dimensions: dimensions, filters: plan.filters, grain: grain, window: window)
        var columns = dimensions + ["period", metric, "low", "high", "low80", "high80", "method", "backtest_error"]
        if targets != nil { columns += ["target", "gap"] }
        var rows: [[Cell]] = []
        // The window's targets against the forecasts of the same months, for the note.
        var reach = (target: 0.0, forecast: 0.0, spread: 0.0)
        for (history, result) in forecasts {
            for step in shown {
                let label = grain.label(of: steps[step])
                var row = history.key + [.text(label)]
                row += [
                    result.mean[step], result.low95[step], result.high95[step], result.low80[step], result.high80[step],
                ]
                .map(Cell.number)
                row += [.text(result.method), result.backtestError.map(Cell.number) ?? .null]
                if let targets {
                    if let target = targets[history.key + [.text(label)]] {
                        row += [.number(target), .number(target - result.mean[step])]
                        reach.target += target
                        reach.forecast += result.mean[step]
                        reach.spread += result.standardDeviation[step]
                    } else {
                        row += [.null, .null]
                    }
                }
                rows.append(row)
            }
            if let total = Self.totalRow(
                history, result, shown: shown, window: window, grain: grain, targets: targets, steps: steps)
            {
                rows.append(total)
            }
        }
        let byText = dimensions.map(Names.dimension)
        let title = Localized(
            zh: "\(Names.period(window).zh) \(byText.map { "各" + $0.zh }.joined())\(Names.metric(metric).zh)预测",
            en: "\(Names.metric(metric).en.capitalizedFirst) forecast"
                + (byText.isEmpty ? "" : " by " + byText.map(\.en).joined(separator: " and "))
                + ", \(Names.period(window).en)")
        var notes = self.notes(histories, forecasts.map(\.1), grain: grain)
        if members > Self.mostSeries {
            let names = dimensions.map(Names.dimension)
            let zhName = names.map(\.zh).joined(separator: "×")
            let enName = names.map(\.en).joined(separator: " × ")
            notes.insert(
                Localized(
                    zh: "只预测了历史\(Names.metric(metric).zh)最大的 \(Self.mostSeries) 个\(zhName)（共 \(grouped(members)) 个）；"
                        + "要看其他的，用 where 指定，或先问 top \(Self.mostSeries) \(dimensions.joined(separator: ", ")) by \(metric)。",
                    en: "only the \(Self.mostSeries) largest of \(grouped(members)) (\(enName)) by \(metric) so far are forecast; "
                        + "for another, name it with where, or ask top \(Self.mostSeries) \(dimensions.joined(separator: ", ")) by \(metric) first."),
                at: 0)
        }
        if plan.metrics.count > 1 {
            notes.insert(
                Localized(
                    zh: "一次预测一个指标：这里预测的是\(Names.metric(metric).zh)。",
                    en: "one metric is forecast at a time: this is \(metric)."), at: 0)
        }
        if reach.target > 0 {
            notes.append(targetNote(target: reach.target, forecast: reach.forecast, spread: reach.spread))
        }
        // The chart continues the actual values (one series: the forecast of a single member).
        var history: [SeriesPoint] = []
        if forecasts.count == 1, let series = forecasts.first?.0 {
            let spans = Self.spans(grain, from: series.start, through: histories.end)
            history = zip(spans, series.values).map { SeriesPoint(label: grain.label(of: $0), value: $1) }
        }
        return Answer(plan: plan, title: title, columns: columns, rows: rows, notes: notes, history: history)
    }

    /// A whole quarter or year forecast by month ends with its total (METRICS.md, "next
    /// quarter"): the months' means added, the interval from their standard deviations added
    /// (errors of consecutive months move together, as the target note assumes), the targets
    /// added when every month has one.
    static func totalRow(
        _ history: History, _ result: ForecastResult, shown: [Int], window: Period, grain: TimeGrain,
        targets: [[Cell]: Double]?, steps: [Day]
    ) -> [Cell]? {
        guard grain == .month, shown.count >= 2 else { return nil }
        let label: String
        if TimeGrain.quarter.start(of: window.start) == window.start,
            window.end == window.start.firstOfMonth(adding: 3) - 1
        {
            label = TimeGrain.quarter.label(of: window.start)
        } else if TimeGrain.year.start(of: window.start) == window.start,
            window.end == window.start.firstOfMonth(adding: 12) - 1
        {
            label = TimeGrain.year.label(of: window.start)
        } else {
            return nil
        }
        let mean = shown.reduce(0) { $0 + result.mean[$1] }
        let spread = shown.reduce(0) { $0 + result.standardDeviation[$1] }
        // z for 80% and 95%, two-sided.
        let (z80, z95) = (1.2815515655446004, 1.959963984540054)
        var row = history.key + [.text(label)]
        row += [
            mean, max(0, mean - z95 * spread), mean + z95 * spread, max(0, mean - z80 * spread), mean + z80 * spread,
        ]
        .map(Cell.number)
        row += [.text(result.method), result.backtestError.map(Cell.number) ?? .null]
        if let targets {
            let months = shown.map { targets[history.key + [.text(grain.label(of: steps[$0]))]] }
            if months.allSatisfy({ $0 != nil }) {
                let target = months.reduce(0) { $0 + $1! }
                row += [.number(target), .number(target - mean)]
            } else {
                row += [.null, .null]
            }
        }
        return row
    }

    /// Forecasts every series, on every core: each series is fitted on its own.
    static func forecast(_ series: [[Double]], _ horizon: Int, _ forecaster: Forecaster) -> [ForecastResult] {
        let results = Results(count: series.count)
        DispatchQueue.concurrentPerform(iterations: series.count) { index in
            results.set(index, forecaster.forecast(series[index], horizon: horizon))
        }
        return results.values.map { $0! }
    }

    /// Slots the parallel forecasts are written into.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [ForecastResult?]

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: ForecastResult) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }
    }

    /// Revenue targets per (member cells…, month label) over the window, when the metric is
    /// revenue by month and the plan's dimensions and filters are scopes targets are set for.
    private func targets(
        _ metric: String, dimensions: [String], filters: [Filter], grain: TimeGrain, window: Period
    ) throws -> [[Cell]: Double]? {
        let scopes: Set<String> = ["region", "team", "rep"]
        guard metric == "revenue", grain == .month, Set(dimensions).isSubset(of: scopes),
            Set(filters.map(\.field)).isSubset(of: scopes)
        else { return nil }
        let plan = Plan(
            intent: .breakdown, metrics: ["target"], dimensions: dimensions + ["month"], filters: filters,
            period: window)
        // Targets are set ahead: read them as of the window's end (the target metric reads no
        // facts, so nothing after the real as-of date leaks in).
        let answer = try engine.execute(plan, asOf: window.end)
        var targets: [[Cell]: Double] = [:]
        for row in answer.rows {
            guard let value = row.last?.number else { continue }
            targets[Array(row.dropLast())] = value
        }
        return targets.isEmpty ? nil : targets
    }

    // MARK: - Notes

    private func notes(_ histories: Histories, _ results: [ForecastResult], grain: TimeGrain) -> [Localized] {
        var notes: [Localized] = []
        let spanZh = grain == .week ? "周" : "月"
        let spanEn = grain == .week ? "week" : "month"
        if let partial = histories.partial {
            notes.append(
                Localized(
                    zh: "\(partial.label) 截至 \(asOf.iso) 尚未结束，未计入拟合；预测从该\(spanZh)起算。",
                    en:
                        "\(partial.label) is not over on \(asOf.iso): it is left out of fitting, and forecasting starts with it."
                ))
        }
        notes.append(
            Localized(
                zh:
                    "下限/上限（95%）为 95% 预测区间，（80%）为 80% 区间：实际值约有 95% 或 80% 的可能落在其中。方法由滚动回测选出（季节朴素、指数平滑、Theta），回测误差是用过去数据检验时预测偏离实际的平均幅度（sMAPE）。",
                en:
                    "Low/High (95%) is the 95% prediction interval and (80%) the 80% one: the actual value falls inside with about that chance. Each method (seasonal naive, exponential smoothing or Theta) won a rolling back-test over the past, and the backtest error is how far its forecasts then missed, on average (sMAPE)."
            ))
        let caveats = results.reduce(into: Set<ForecastCaveat>()) { $0.formUnion($1.caveats) }
        if caveats.contains(.noHistory) {
            notes.append(Localized(zh: "没有历史数据，预测为 0。", en: "there is no history: the forecast is 0."))
        } else if caveats.contains(.shortSeries) {
            notes.append(
                Localized(
                    zh: "注意：历史不足 \(Forecaster.minimumForModels) 个\(spanZh)，预测取最近一期的值，区间很宽，仅供参考。",
                    en:
                        "warning: under \(Forecaster.minimumForModels) \(spanEn)s of history; the forecast is the last value, with a wide interval."
                ))
        }
        if caveats.contains(.noSeasonality) {
            let seasons = grain == .week ? "104 周" : "24 个月"
            notes.append(
                Localized(
                    zh: "历史不足 \(seasons)，未考虑季节性。",
                    en:
                        "under two years of history (\(grain == .week ? "104 weeks" : "24 months")): no seasonality is modelled."
                ))
        }
        return notes
    }

    /// The window's targets against the forecast, with the chance of reaching them (the steps'
    /// standard deviations added up: errors of consecutive months move together, so this errs
    /// toward a wider spread).
    private func targetNote(target: Double, forecast: Double, spread: Double) -> Localized {
        let probability = TargetAdvice.probability(expected: forecast, standardDeviation: spread, target: target)
        return Localized(
            zh:
                "目标合计 \(Numbers.money(target).zh)，预测 \(Numbers.money(forecast).zh)，达成概率约 \(Numbers.percent(probability, decimals: 0).zh)。",
            en:
                "targets total \(Numbers.money(target).en) against a forecast of \(Numbers.money(forecast).en): about \(Numbers.percent(probability, decimals: 0).en) likely to be reached."
        )
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
