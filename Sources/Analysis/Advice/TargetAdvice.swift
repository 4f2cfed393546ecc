import Model

/// How likely a target is to be reached, and what closing its gap takes: revenue per remaining
/// working day, and extra won deals, demos and visits per rep at the team's current rates.
///
///     let advice = try analyst.targetAdvice(for: december, filters: [], asOf: asOf)
///     advice?.probability         // 0.34
///     advice?.extraDemosPerRep    // 2.8
///
/// The forecast of what is left of the period is taken as normal with the forecast's standard
/// deviations added up month by month (errors of consecutive months move together, so this
/// errs toward a wider spread than adding variances would).
public struct TargetAdvice: Equatable, Sendable {
    public var target: Double
    public var period: Period
    /// Sold in the period up to the as-of date.
    public var actual: Double
    /// `actual` plus the forecast of the rest of the period.
    public var expected: Double
    public var standardDeviation: Double
    /// P(total ≥ target).
    public var probability: Double
    /// target − expected: positive when the forecast falls short.
    public var gap: Double
    /// target − actual: what is still to sell.
    public var remaining: Double
    /// Monday to Friday after the as-of date, within the period (no holiday calendar).
    public var remainingWorkingDays: Int
    /// `remaining` spread over the remaining working days; nil when none are left.
    public var neededPerWorkingDay: Double?
    public var rates: ActivityRates
    /// What would close a positive gap at the current rates; nil when there is no gap or the
    /// rate is unknown.
    public var extraWins: Double?
    public var extraDemosPerRep: Double?
    public var extraVisitsPerRep: Double?

    /// Works the advice out from its inputs: the target, what was sold so far, and the forecast
    /// (mean and standard deviation) of the rest of the period.
    public init(
        target: Double, period: Period, asOf: Day, actual: Double, forecast: Double, standardDeviation: Double,
        rates: ActivityRates
    ) {
        self.target = target
        self.period = period
        self.actual = actual
        self.rates = rates
        expected = actual + forecast
        self.standardDeviation = standardDeviation
        probability = Self.probability(expected: expected, standardDeviation: standardDeviation, target: target)
        gap = target - expected
        remaining = target - actual
        remainingWorkingDays = Self.workingDays(from: max(asOf + 1, period.start), through: period.end)
        neededPerWorkingDay = remainingWorkingDays > 0 ? max(remaining, 0) / Double(remainingWorkingDays) : nil
        if let extra = rates.extra(toClose: gap) {
            extraWins = extra.wins
            extraDemosPerRep = extra.demosPerRep
            extraVisitsPerRep = extra.visitsPerRep
        }
    }

    /// P(X ≥ target) for X normal with this mean and standard deviation (a step at the target
    /// when there is no spread).
    static func probability(expected: Double, standardDeviation: Double, target: Double) -> Double {
        guard standardDeviation > 0 else { return expected >= target ? 1 : 0 }
        return 1 - Statistics.normalCDF((target - expected) / standardDeviation)
    }

    /// Monday to Friday from `first` through `last`.
    static func workingDays(from first: Day, through last: Day) -> Int {
        guard first <= last else { return 0 }
        var count = 0
        var day = first
        while day <= last {
            if day.weekday <= 5 { count += 1 }
            day = day + 1
        }
        return count
    }
}

/// A team's current conversion rates, over the last three full months before the as-of date.
public struct ActivityRates: Equatable, Sendable {
    /// Revenue per won deal (win → revenue).
    public var revenuePerWin: Double?
    /// Won deals per demo (demo → win).
    public var winsPerDemo: Double?
    /// Won deals per visit.
    public var winsPerVisit: Double?
    /// Reps with orders in those months.
    public var reps: Int

    public init(revenuePerWin: Double?, winsPerDemo: Double?, winsPerVisit: Double?, reps: Int) {
        self.revenuePerWin = revenuePerWin
        self.winsPerDemo = winsPerDemo
        self.winsPerVisit = winsPerVisit
        self.reps = reps
    }

    /// The extra won deals, and demos and visits per rep, that would bring in `gap` more revenue
    /// at these rates; nil when there is no gap or no revenue per win.
    public func extra(toClose gap: Double) -> (wins: Double, demosPerRep: Double?, visitsPerRep: Double?)? {
        guard gap > 0, let perWin = revenuePerWin, perWin > 0 else { return nil }
        let wins = gap / perWin
        let reps = Double(max(self.reps, 1))
        return (
            wins, winsPerDemo.flatMap { $0 > 0 ? wins / $0 / reps : nil },
            winsPerVisit.flatMap { $0 > 0 ? wins / $0 / reps : nil }
        )
    }
}
