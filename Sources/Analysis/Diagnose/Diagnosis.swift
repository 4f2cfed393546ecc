import Engine
import Model

/// `diagnose METRIC in P vs Q`: the change of a metric between two periods split by region,
/// team, rep, product and channel (or the plan's dimensions), the largest drivers first.
///
/// Within each dimension the members' contributions add up to the total change:
/// - a sum or count: each member's own change;
/// - a ratio r = N / D (win rate, attainment, average order value, csat …): with member shares
///   s = D_member / D and member rates r_i, the change R₁ − R₀ = Σ (s₁r₁ − s₀r₀), and each term
///   splits exactly into a rate effect s̄·Δr (the member's own rate moved) and a mix effect
///   (r̄ − R̄)·Δs (its weight moved; bars are the two periods' averages) — the mix effects of
///   all members add to 0 unless the overall weight shifted toward high- or low-rate members;
/// - a distinct count (active customers) counts a customer in every member it bought from, so
///   what the members' changes leave over is shown as its own row (∩, the overlap).
/// A member without the denominator in one period takes its other period's rate (no rate effect).
struct Diagnosis {
    let engine: MetricEngine
    let asOf: Day

    static let defaultDimensions = ["region", "team", "rep", "product", "channel"]
    /// Members shown per dimension before the rest are summed into one row.
    static let membersShown = 5
    /// Member cells for the rows that are not members.
    static let othersMark = "…"
    static let overlapMark = "∩"

    /// Whether a row's member cell marks the others or the overlap rather than a member.
    static func isMark(_ member: Cell) -> Bool {
        guard let text = member.text else { return false }
        return text == overlapMark || text.hasPrefix(othersMark + "(")
    }

    /// One member's values in both periods and its contribution to the change.
    struct Driver {
        var member: Cell
        var previous: Double
        var current: Double
        var contribution: Double
        var rateEffect: Double = .nan
        var mixEffect: Double = .nan
    }

    func answer(_ plan: Plan) throws -> Answer {
        guard let name = plan.metrics.first else {
            throw AnalysisError.incomplete(Localized(zh: "请指定要归因的指标。", en: "name the metric to diagnose."))
        }
        let metric = engine.metricID(name) ?? name
        let (period, previous) = Period.laterFirst(
            plan.period ?? Self.lastMonth(asOf), plan.compareTo ?? Self.previous(plan.period ?? Self.lastMonth(asOf)))
        // One rep or team: her process against her peers, not a split of her own change.
        if let member = MemberDiagnosis.member(of: plan) {
            return try MemberDiagnosis(engine: engine, asOf: asOf).answer(
                plan, member: member, period: period, previous: previous)
        }
        let named = plan.dimensions.filter { TimeGrain(rawValue: $0) == nil }
        let dimensions = named.isEmpty ? Self.defaultDimensions.filter { engine.allows(metric, by: $0) } : named

        let totals = try totalParts(metric, filters: plan.filters, periods: (previous, period))
        let isRatio = totals.ratio != nil
        var groups: [(dimension: String, drivers: [Driver])] = []
        for dimension in dimensions {
            var drivers =
                isRatio
                ? try ratioDrivers(
                    metric, by: dimension, filters: plan.filters, periods: (previous, period), totals: totals)
                : try sumDrivers(metric, by: dimension, filters: plan.filters, periods: (previous, period))
            let residual = (totals.current - totals.previous) - drivers.reduce(0) { $0 + $1.contribution }
            if abs(residual) > 1e-9 * max(abs(totals.current), abs(totals.previous), 1) {
                drivers.append(
                    Driver(member: .text(Self.overlapMark), previous: .nan, current: .nan, contribution: residual))
            }
            groups.append((dimension, summarized(drivers, limit: plan.limit ?? Self.membersShown, isRatio: isRatio)))
        }
        // The dimension whose top member explains most leads.
        let lead: ([Driver]) -> Double = { drivers in
            drivers.filter { !Self.isMark($0.member) }.map { abs($0.contribution) }.max() ?? 0
        }
        groups.sort { lead($0.drivers) > lead($1.drivers) }

        var columns = ["dimension", "member", metric + "_prev", metric, "contribution"]
        if isRatio { columns += ["rate_effect", "mix_effect"] }
        func cell(_ value: Double) -> Cell { value.isFinite ? .number(value) : .null }
        var rows: [[Cell]] = []
        var total: [Cell] = [
            .text("total"), .null, cell(totals.previous), cell(totals.current), cell(totals.current - totals.previous),
        ]
        if isRatio { total += [.null, .null] }
        rows.append(total)
        for (dimension, drivers) in groups {
            for driver in drivers {
                var row: [Cell] = [
                    .text(dimension), driver.member, cell(driver.previous), cell(driver.current),
                    cell(driver.contribution),
                ]
                if isRatio { row += [cell(driver.rateEffect), cell(driver.mixEffect)] }
                rows.append(row)
            }
        }
        let metricName = Names.metric(metric)
        let (now, before) = (Names.period(period), Names.period(previous))
        return Answer(
            plan: plan,
            title: Localized(
                zh: "\(now.zh) 对比 \(before.zh) \(metricName.zh)变化归因",
                en: "Why \(metricName.en) changed, \(now.en) vs \(before.en)"),
            columns: columns, rows: rows,
            notes: notes(metric, totals: totals, groups: groups, isRatio: isRatio, periods: (previous, period)))
    }

    // MARK: - Totals

    struct Totals {
        var previous: Double
        var current: Double
        /// For a ratio: (numerator, denominator) in each period.
        var ratio: (previous: (Double, Double), current: (Double, Double))?
    }

    private func totalParts(_ metric: String, filters: [Filter], periods: (Period, Period)) throws -> Totals {
        func value(_ period: Period) throws -> Double {
            let answer = try engine.execute(
                Plan(intent: .value, metrics: [metric], filters: filters, period: period), asOf: asOf)
            return answer.rows.first?.first?.number ?? .nan
        }
        func parts(_ period: Period) throws -> (Double, Double)? {
            let plan = Plan(intent: .breakdown, metrics: [metric], filters: filters, period: period)
            guard let answer = try engine.ratioParts(plan, asOf: asOf) else { return nil }
            let row = answer.rows.first
            return (row?[0].number ?? 0, row?[1].number ?? 0)
        }
        var totals = Totals(previous: try value(periods.0), current: try value(periods.1))
        if let before = try parts(periods.0), let now = try parts(periods.1) { totals.ratio = (before, now) }
        return totals
    }

    // MARK: - Drivers

    /// Sums, counts and distinct counts: each member's own change.
    private func sumDrivers(_ metric: String, by dimension: String, filters: [Filter], periods: (Period, Period)) throws
        -> [Driver]
    {
        let plan = Plan(
            intent: .compare, metrics: [metric], dimensions: [dimension], filters: filters, period: periods.1,
            compareTo: periods.0)
        let answer = try engine.execute(plan, asOf: asOf)
        return answer.rows.map { row in
            let current = row[1].number ?? .nan
            let previous = row[2].number ?? .nan
            return Driver(
                member: row[0], previous: previous, current: current,
                contribution: (current.isNaN ? 0 : current) - (previous.isNaN ? 0 : previous))
        }
    }

    /// Ratios: the rate and mix effects of each member (see the type's comment).
    private func ratioDrivers(
        _ metric: String, by dimension: String, filters: [Filter], periods: (Period, Period), totals: Totals
    ) throws -> [Driver] {
        guard let ratio = totals.ratio else { return [] }
        func parts(_ period: Period) throws -> [Cell: (Double, Double)] {
            let plan = Plan(
                intent: .breakdown, metrics: [metric], dimensions: [dimension], filters: filters, period: period)
            var result: [Cell: (Double, Double)] = [:]
            for row in try engine.ratioParts(plan, asOf: asOf)?.rows ?? [] {
                result[row[0]] = (row[1].number ?? 0, row[2].number ?? 0)
            }
            return result
        }
        let before = try parts(periods.0)
        let now = try parts(periods.1)
        let (totalBefore, totalNow) = (ratio.previous.1, ratio.current.1)
        let overall =
            ((ratio.previous.1 > 0 ? ratio.previous.0 / ratio.previous.1 : 0)
                + (ratio.current.1 > 0 ? ratio.current.0 / ratio.current.1 : 0)) / 2
        var members = Array(before.keys) + now.keys.filter { before[$0] == nil }
        members.sort { $0.description < $1.description }
        return members.map { member in
            let (n0, d0) = before[member] ?? (0, 0)
            let (n1, d1) = now[member] ?? (0, 0)
            let share0 = totalBefore > 0 ? d0 / totalBefore : 0
            let share1 = totalNow > 0 ? d1 / totalNow : 0
            var rate0 = d0 > 0 ? n0 / d0 : Double.nan
            var rate1 = d1 > 0 ? n1 / d1 : Double.nan
            let shown = (rate0, rate1)
            if rate0.isNaN { rate0 = rate1.isNaN ? 0 : rate1 }
            if rate1.isNaN { rate1 = rate0 }
            let rateEffect = (share0 + share1) / 2 * (rate1 - rate0)
            let mixEffect = ((rate0 + rate1) / 2 - overall) * (share1 - share0)
            return Driver(
                member: member, previous: shown.0, current: shown.1, contribution: rateEffect + mixEffect,
                rateEffect: rateEffect, mixEffect: mixEffect)
        }
    }

    /// The largest drivers by size of contribution, the rest summed into one row (its values
    /// only for sums; the overlap row stays last).
    private func summarized(_ drivers: [Driver], limit: Int, isRatio: Bool) -> [Driver] {
        let overlap = drivers.filter { $0.member.text == Self.overlapMark }
        let members = drivers.filter { $0.member.text != Self.overlapMark }
            .sorted { abs($0.contribution) > abs($1.contribution) }
        guard members.count > limit + 1 else { return members + overlap }
        let rest = members[limit...]
        let additive = !isRatio
        func sum(_ values: [Double]) -> Double { values.reduce(0) { $0 + ($1.isNaN ? 0 : $1) } }
        var others = Driver(
            member: .text("\(Self.othersMark)(\(rest.count))"),
            previous: additive ? sum(rest.map(\.previous)) : .nan, current: additive ? sum(rest.map(\.current)) : .nan,
            contribution: sum(rest.map(\.contribution)))
        if isRatio {
            others.rateEffect = sum(rest.map(\.rateEffect))
            others.mixEffect = sum(rest.map(\.mixEffect))
        }
        return Array(members[..<limit]) + [others] + overlap
    }

    // MARK: - Notes

    private func notes(
        _ metric: String, totals: Totals, groups: [(dimension: String, drivers: [Driver])], isRatio: Bool,
        periods: (Period, Period)
    ) -> [Localized] {
        let unit = engine.baseMetric(of: metric)?.unit
        let change = totals.current - totals.previous
        var notes: [Localized] = []
        let name = Names.metric(metric)
        let from = Numbers.value(totals.previous, unit: unit)
        let to = Numbers.value(totals.current, unit: unit)
        let delta = signed(change, unit: unit)
        notes.append(
            Localized(
                zh: "\(name.zh)从 \(from.zh) 变为 \(to.zh)（\(delta.zh)）；每个维度内各成员的 contribution 之和等于总变化。",
                en:
                    "\(name.en) went from \(from.en) to \(to.en) (\(delta.en)); within each dimension the members' contributions add up to the change."
            ))
        if let (dimension, drivers) = groups.first, let top = drivers.first(where: { !Self.isMark($0.member) }),
            change != 0, let member = top.member.text
        {
            let share = top.contribution / change
            let dimensionName = Names.dimension(dimension)
            notes.append(
                Localized(
                    zh:
                        "最大驱动：\(dimensionName.zh) \(member)（\(signed(top.contribution, unit: unit).zh)，占变化的 \(Numbers.percent(share, decimals: 0).zh)）。",
                    en:
                        "largest driver: \(dimensionName.en) \(member) (\(signed(top.contribution, unit: unit).en), \(Numbers.percent(share, decimals: 0).en) of the change)."
                ))
        }
        if isRatio {
            notes.append(
                Localized(
                    zh:
                        "比率指标：rate_effect = 平均占比 × 成员自身比率的变化；mix_effect = (成员平均比率 − 整体平均比率) × 占比的变化；两者之和为 contribution。",
                    en:
                        "a ratio: rate_effect = average share × the change of the member's own rate; mix_effect = (the member's average rate − the overall average rate) × the change of its share; together they are the contribution."
                ))
        }
        let marks = groups.flatMap(\.drivers).compactMap(\.member.text)
        if marks.contains(where: { $0.hasPrefix(Self.othersMark) }) {
            notes.append(
                Localized(
                    zh: "“\(Self.othersMark)(N)”为其余 N 个成员的合计。", en: "“\(Self.othersMark)(N)” sums the other N members.")
            )
        }
        if marks.contains(Self.overlapMark) {
            notes.append(
                Localized(
                    zh: "“\(Self.overlapMark)”为成员间的重叠（同一对象在多个成员中都计数），使各维度之和等于总变化。",
                    en:
                        "“\(Self.overlapMark)” is the overlap between members (one element counted in several), so that each dimension adds up to the change."
                ))
        }
        return notes
    }

    private func signed(_ value: Double, unit: Catalog.Unit?) -> Localized {
        if unit == .rate {
            let points = grouped(value * 100, decimals: 1)
            let sign = value > 0 ? "+" : ""
            return Localized(zh: "\(sign)\(points) 个百分点", en: "\(sign)\(points) pp")
        }
        let text = Numbers.value(value, unit: unit)
        return value > 0 ? Localized(zh: "+", en: "+") + text : text
    }

    // MARK: - Periods

    static func lastMonth(_ asOf: Day) -> Period {
        let start = asOf.firstOfMonth(adding: -1)
        return Period(start: start, end: asOf.firstOfMonth - 1, label: "last month")
    }

    /// The span of the same length just before: whole months step back by their count, other
    /// spans by their days.
    static func previous(_ period: Period) -> Period {
        let start = period.start
        if start == start.firstOfMonth && period.end == period.end.lastOfMonth {
            let months = (period.end.year - start.year) * 12 + period.end.month - start.month + 1
            return period.shifted(back: .months(months), label: "previous")
        }
        return period.shifted(back: .days(period.days), label: "previous")
    }
}
