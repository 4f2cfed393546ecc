import Engine
import Model
import Store

/// The analysing executor: forecast, diagnose and scorecard plans are answered here, every
/// other plan by the engine, and every answer gets the recommendations whose rules fire.
///
///     let analyst = Analyst(engine: try MetricEngine(store: workspace), scorecards: workspace)
///     let answer = try analyst.execute(plan, asOf: Day(year: 2026, month: 11, day: 22))
///     answer.recommendations.first?.text(.zh)
public final class Analyst: Sendable {
    public let engine: MetricEngine
    /// Where scorecard plans are kept.
    let scorecards: any ScorecardStore

    public init(engine: MetricEngine, scorecards: any ScorecardStore) {
        self.engine = engine
        self.scorecards = scorecards
    }

    /// The engine's vocabulary with the scorecard plans' names (the default plan's included).
    public func vocabulary() -> Vocabulary {
        var vocabulary = engine.vocabulary()
        vocabulary.plans = Scorecard.defaultNames + ((try? scorecards.scorecardPlans().map(\.name)) ?? [])
        return vocabulary
    }

    /// Executes a plan as of a date, with recommendations.
    public func execute(_ plan: Plan, asOf: Day) throws -> Answer {
        var answer: Answer
        switch plan.intent {
        case .forecast:
            answer = try MetricForecast(engine: engine, asOf: asOf).answer(plan)
        case .diagnose:
            answer = try Diagnosis(engine: engine, asOf: asOf).answer(plan)
        case .scorecard:
            answer = try Scorecard(engine: engine, saved: scorecards, asOf: asOf).answer(plan)
        case .show where plan.show?.lowercased() == "plans":
            answer = try Scorecard(engine: engine, saved: scorecards, asOf: asOf).listing(plan)
        default:
            answer = try engine.execute(plan, asOf: asOf)
            try Progress.addChance(to: &answer, engine: engine, asOf: asOf)
        }
        engine.describe(&answer)
        answer.recommendations = recommendations(for: answer, asOf: asOf)
        return answer
    }

    /// The recommendations rules give for an answer (at most three; see `Rules`).
    public func recommendations(for answer: Answer, asOf: Day) -> [Recommendation] {
        Rules.recommendations(for: answer, facts: EngineFacts(analyst: self, asOf: asOf))
    }

    // MARK: - Scorecard plans

    /// The default plan, then the plans saved in the workspace.
    public func scorecardPlans() throws -> [ScorecardPlan] {
        try Scorecard(engine: engine, saved: scorecards, asOf: Day(number: 0)).plans()
    }

    /// Checks a plan (a name of its own, known metrics, positive weights) and saves it.
    public func save(_ plan: ScorecardPlan) throws {
        try scorecards.save(Scorecard(engine: engine, saved: scorecards, asOf: Day(number: 0)).validate(plan))
    }

    // MARK: - Target advice

    /// How likely the revenue target of a period is to be reached, and what closing the gap
    /// takes, for the company or the scope the filters name (a region, team or rep). `target`
    /// defaults to the targets set for the period; nil when there are none.
    ///
    /// What was sold so far in the period is known; the rest is the monthly revenue forecast,
    /// the month as-of falls in counted for its working days still to come. Rates (revenue per
    /// won deal, wins per demo and per visit, reps with orders) are the last three full months'.
    public func targetAdvice(for period: Period, filters: [Filter] = [], target: Double? = nil, asOf: Day) throws
        -> TargetAdvice?
    {
        guard let goal = try target ?? setTarget(for: period, filters: filters), goal > 0 else { return nil }
        let sold =
            period.start <= asOf
            ? try value(
                "revenue", filters: filters,
                period: Period(
                    start: period.start, end: min(period.end, asOf), label: "")) ?? 0 : 0
        let (forecast, spread) = try forecastRest(of: period, filters: filters, asOf: asOf)
        return TargetAdvice(
            target: goal, period: period, asOf: asOf, actual: sold, forecast: forecast, standardDeviation: spread,
            rates: try rates(filters: filters, asOf: asOf))
    }

    /// The revenue targets set for the period and scope.
    private func setTarget(for period: Period, filters: [Filter]) throws -> Double? {
        let plan = Plan(intent: .value, metrics: ["target"], filters: filters, period: period)
        // Targets are set ahead of time: read as of the period's end (the target metric reads
        // no facts).
        return try engine.execute(plan, asOf: max(period.end, period.start)).rows.first?.first?.number
    }

    /// The forecast of revenue after as-of within the period: its mean and (added up) standard
    /// deviation.
    private func forecastRest(of period: Period, filters: [Filter], asOf: Day) throws -> (Double, Double) {
        guard period.end > asOf else { return (0, 0) }
        let reader = MetricForecast(engine: engine, asOf: asOf)
        let histories = try reader.histories("revenue", dimensions: [], filters: filters, grain: .month)
        let months = MetricForecast.spans(.month, from: histories.end + 1, through: period.end)
        guard let history = histories.series.first, !months.isEmpty else { return (0, 0) }
        let result = Forecaster().forecast(history.values, horizon: months.count)
        var mean = 0.0
        var spread = 0.0
        for (step, start) in months.enumerated() {
            let end = start.lastOfMonth
            // The share of the month's working days that lie in the period and after as-of.
            let counted = TargetAdvice.workingDays(
                from: max(start, period.start, asOf + 1), through: min(end, period.end))
            let all = TargetAdvice.workingDays(from: start, through: end)
            guard counted > 0, all > 0 else { continue }
            let share = Double(counted) / Double(all)
            mean += result.mean[step] * share
            spread += result.standardDeviation[step] * share
        }
        return (mean, spread)
    }

    /// The last three full months' conversion rates under the filters.
    private func rates(filters: [Filter], asOf: Day) throws -> ActivityRates {
        let recent = Period(start: asOf.firstOfMonth(adding: -3), end: asOf.firstOfMonth - 1, label: "")
        let revenue = try value("revenue", filters: filters, period: recent)
        let wins = try engine.ratioParts(
            Plan(intent: .breakdown, metrics: ["win_rate"], filters: filters, period: recent), asOf: asOf)?
            .rows.first?.first?.number
        let demos = try value("demos", filters: filters, period: recent)
        let visits = try value("visits", filters: filters, period: recent)
        let reps = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["rep"], filters: filters, period: recent),
            asOf: asOf
        ).rows.filter { $0[0] != .null }.count
        func per(_ top: Double?, _ bottom: Double?) -> Double? {
            guard let top, let bottom, bottom > 0 else { return nil }
            return top / bottom
        }
        return ActivityRates(
            revenuePerWin: per(revenue, wins), winsPerDemo: per(wins, demos), winsPerVisit: per(wins, visits),
            reps: reps)
    }

    private func value(_ metric: String, filters: [Filter], period: Period) throws -> Double? {
        try engine.execute(Plan(intent: .value, metrics: [metric], filters: filters, period: period), asOf: period.end)
            .rows.first?.first?.number
    }
}
