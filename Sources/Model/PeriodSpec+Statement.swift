/// Why a period named in a statement gives no span.
public enum PeriodProblem: Error, Equatable, Sendable {
    /// No such span, or a future span where only forecasts and targets take one.
    case invalid
    /// The span starts after the as-of date: there is no data yet.
    case afterAsOf(Period)
}

extension PeriodSpec {
    /// The span this names as the period of a statement of `intent`, the rules both recognisers
    /// share: futures only for forecasts and targets, targets not clipped at as-of, `same period
    /// last year` shifting the statement's default.
    public func period(for intent: Intent, default fallback: PeriodSpec, asOf: Day) -> Result<Period, PeriodProblem> {
        if isFuture && intent != .forecast && intent != .target { return .failure(.invalid) }
        if self == .samePeriodLastYear {
            guard let base = fallback.resolve(asOf: asOf) else { return .failure(.invalid) }
            return .success(base.shifted(back: .months(12), label: label))
        }
        guard let period = resolve(asOf: asOf, clip: intent != .target) else { return .failure(.invalid) }
        if intent != .target && intent != .forecast && period.start > asOf { return .failure(.afterAsOf(period)) }
        return .success(period)
    }

    /// `vs previous`: the span of the same kind just before `base`.
    public func previous(of base: Period) -> Period {
        base.shifted(back: step, label: "previous")
    }

    /// `vs last year`: the same span a year earlier; weeks step back 52 weeks so Monday stays Monday.
    public func lastYear(of base: Period) -> Period {
        let weekly: Bool
        switch self {
        case .week, .this(.week), .last(.week), .lastN(_, .week): weekly = true
        default: weekly = false
        }
        return base.shifted(back: weekly ? .days(364) : .months(12), label: "last year")
    }

    /// A forecast's window, its steps and their grain: months, or weeks for `next N weeks`.
    /// A span named outright that starts after as-of (明年一季度, 2027-01) is a window too.
    public func forecastWindow(asOf: Day) -> (period: Period, horizon: Int, grain: TimeGrain)? {
        guard isFuture(asOf: asOf), let window = resolve(asOf: asOf, clip: false) else { return nil }
        switch self {
        case .next(let count, .week): return count <= Self.forecastWeeks ? (window, count, .week) : nil
        case .next(_, .day): return nil
        default:
            let months = (window.end.year - window.start.year) * 12 + window.end.month - window.start.month + 1
            guard months <= Self.forecastMonths else { return nil }
            return (window, months, .month)
        }
    }

    /// Whether this names a time after as-of: a future form (next 3 months), or a span named
    /// outright that starts after it (2027-Q1 on 2026-11-22).
    public func isFuture(asOf: Day) -> Bool {
        if isFuture { return true }
        guard let span = resolve(asOf: asOf, clip: false) else { return false }
        return span.start > asOf
    }
}
