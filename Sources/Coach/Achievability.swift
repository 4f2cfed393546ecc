import Analysis
import Engine
import Foundation
import Model

/// How reachable a proposed value is: the metric's monthly history, its trend, and the forecast
/// distribution of the period (normal, mean and standard deviation).
///
///     let check = try Achievability.check("revenue", filters: filters, period: december, analyst: analyst, asOf: asOf)
///     check.probability(of: 1_200_000)   // 0.34
///
/// An additive metric's period value is the sum of its months: means add up and so do standard
/// deviations (as in `TargetAdvice`, which this uses for revenue). Any other metric's is the
/// average month.
public struct Achievability: Equatable, Sendable {
    /// Full months before the as-of month, oldest first.
    public var history: [Double]
    public var expected: Double
    public var standardDeviation: Double
    /// Whether more is better (complaints, cycle days: less is).
    public var upIsGood: Bool

    public init(history: [Double], expected: Double, standardDeviation: Double, upIsGood: Bool = true) {
        self.history = history
        self.expected = expected
        self.standardDeviation = standardDeviation
        self.upIsGood = upIsGood
    }

    /// The chance of reaching `target`: P(X ≥ target), or P(X ≤ target) when less is better.
    public func probability(of target: Double) -> Double {
        guard standardDeviation > 0 else {
            return upIsGood ? (expected >= target ? 1 : 0) : (expected <= target ? 1 : 0)
        }
        let z = (target - expected) / standardDeviation
        let below = 0.5 * erfc(-z / 2.0.squareRoot())
        return upIsGood ? 1 - below : below
    }

    /// The last three months against the three before them (nil with fewer than six months).
    public var trend: Double? {
        guard history.count >= 6 else { return nil }
        let recent = history.suffix(3).reduce(0, +)
        let before = history.dropLast(3).suffix(3).reduce(0, +)
        return before > 0 ? recent / before - 1 : nil
    }

    /// The forecast of the months of `period`, from a monthly history ending the month before
    /// `firstForecastMonth`: the steps that fall in the period, added up (additive) or averaged.
    public static func forecast(
        history: [Double], firstForecastMonth: Day, period: Period, additive: Bool, upIsGood: Bool = true
    ) -> Achievability {
        var months: [Day] = []
        var month = firstForecastMonth
        while month <= period.end {
            months.append(month)
            month = month.firstOfMonth(adding: 1)
        }
        guard !history.isEmpty, !months.isEmpty else {
            return Achievability(history: history, expected: 0, standardDeviation: 0, upIsGood: upIsGood)
        }
        let result = Forecaster().forecast(history, horizon: months.count)
        let steps = months.indices.filter { months[$0] >= period.start.firstOfMonth }
        var mean = steps.reduce(0) { $0 + result.mean[$1] }
        var spread = steps.reduce(0) { $0 + result.standardDeviation[$1] }
        if !additive, !steps.isEmpty {
            mean /= Double(steps.count)
            spread /= Double(steps.count)
        }
        return Achievability(history: history, expected: mean, standardDeviation: spread, upIsGood: upIsGood)
    }

    /// The check for a metric under filters over a future period, on the workspace's data: the
    /// twelve full months before the as-of month as history; revenue through the target advice.
    public static func check(_ metric: String, filters: [Filter], period: Period, analyst: Analyst, asOf: Day) throws
        -> Achievability
    {
        let engine = analyst.engine
        let first = asOf.firstOfMonth(adding: -12)
        let last = asOf.firstOfMonth - 1
        let plan = Plan(
            intent: .trend, metrics: [metric], dimensions: ["month"], filters: filters,
            period: Period(start: first, end: last, label: ""), grain: .month)
        let answer = try engine.execute(plan, asOf: asOf)
        let history = answer.rows.compactMap { $0.count > 1 ? $0[1].number : nil }
        let upIsGood = engine.baseMetric(of: metric)?.upIsGood ?? true
        if metric == "revenue",
            let advice = try analyst.targetAdvice(for: period, filters: filters, target: 1, asOf: asOf)
        {
            return Achievability(
                history: history, expected: advice.expected, standardDeviation: advice.standardDeviation)
        }
        return forecast(
            history: history, firstForecastMonth: asOf.firstOfMonth, period: period,
            additive: engine.isAdditive(metric), upIsGood: upIsGood)
    }
}
