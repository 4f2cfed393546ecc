import Engine
import Model

/// The chance beside a pace answer (这个月能完成目标吗): P(the period ends at or above target)
/// for each row, the period's end taken as normal around the projected revenue (the run rate)
/// with the spread of the member's own monthly revenue over the last six full months, once for
/// each month still ahead (errors of consecutive months move together, as in `TargetAdvice`).
/// One method for every row, the company's and each member's, so the rows compare.
enum Progress {
    /// The months of history the spread is measured on.
    static let historyMonths = 6

    /// Adds a `chance` column to an answer that shows `revenue`, `projected`, `target_gap` and
    /// `time_progress`.
    static func addChance(to answer: inout Answer, engine: MetricEngine, asOf: Day) throws {
        guard let projected = answer.columns.firstIndex(of: "projected_end"),
            let gap = answer.columns.firstIndex(of: "target_gap"),
            let revenue = answer.columns.firstIndex(of: "revenue"),
            let progress = answer.columns.firstIndex(of: "time_progress"), let period = answer.plan.period
        else { return }
        let members = answer.plan.dimensions.filter { TimeGrain(rawValue: $0) == nil }
        guard members.count <= 1, answer.plan.dimensions.count == members.count else { return }
        let spread = try monthlySpread(by: members.first, filters: answer.plan.filters, engine: engine, asOf: asOf)
        let end = period.calendarEnd
        let months = Double((end.year - period.start.year) * 12 + end.month - period.start.month + 1)
        answer.columns.append("chance")
        for index in answer.rows.indices {
            let row = answer.rows[index]
            let key = members.isEmpty ? "" : (row[0].text ?? "")
            // The whole period's target: what is left plus what is sold.
            guard let left = row[gap].number, let sold = row[revenue].number, left + sold > 0,
                let expected = row[projected].number,
                let passed = row[progress].number, let sigma = spread[key]
            else {
                answer.rows[index].append(.null)
                continue
            }
            let goal = left + sold
            let deviation = sigma * months * (1 - passed)
            let chance =
                deviation > 0 ? 1 - Statistics.normalCDF((goal - expected) / deviation) : (expected >= goal ? 1 : 0)
            answer.rows[index].append(.number(chance))
        }
        answer.notes.append(
            Localized(
                zh: "预计期末 = 至今销售额 ÷ 时间进度；达成概率按近 \(historyMonths) 个月月度销售额的波动估算（每个剩余月份计一次）。",
                en:
                    "projected = revenue so far / time progress; the chance uses the spread of the last \(historyMonths) months' revenue (once for each month still ahead)."
            ))
    }

    /// The standard deviation of monthly revenue over the last full months, by member ("" for
    /// the whole scope).
    static func monthlySpread(by dimension: String?, filters: [Filter], engine: MetricEngine, asOf: Day) throws
        -> [String: Double]
    {
        let start = asOf.firstOfMonth(adding: -historyMonths)
        let history = Period(start: start, end: asOf.firstOfMonth - 1, label: "")
        let plan = Plan(
            intent: .breakdown, metrics: ["revenue"], dimensions: (dimension.map { [$0] } ?? []) + ["month"],
            filters: filters, period: history)
        var series: [String: [Double]] = [:]
        for row in try engine.execute(plan, asOf: asOf).rows {
            let key = dimension == nil ? "" : (row[0].text ?? "")
            series[key, default: []].append(row.last?.number ?? 0)
        }
        return series.mapValues { values in
            let mean = values.reduce(0, +) / Double(max(values.count, 1))
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count - 1, 1))
            return variance.squareRoot()
        }
    }
}
