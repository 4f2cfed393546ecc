import Model

// Pace against target (issue 13; definitions for METRICS.md in the catalog): a period under way
// is judged by how much of it has passed. For a period P = [start, end] seen on the as-of date A
// (each cell of a time grain is its own P):
//   time_progress   = days of P up to A / days of P                 (22 of 30 days = 73%)
//   pace            = revenue / T / time_progress                   (1 = on pace; 0.9 = behind)
//   target_gap      = T − revenue                                   (what is still to sell)
// where T is the target of P's whole calendar span (this quarter so far: the quarter's three
// months), the span time_progress measures.
//   needed_per_day  = max(target_gap, 0) / working days of P after A (Monday to Friday)
//   projected_end   = revenue / time_progress                       (the run rate to P's end)
extension Evaluation {
    /// The span each cell stands for: a grain's whole bucket, or the period as named (not
    /// clipped at the as-of date), so that the part already passed can be measured.
    func fullEnd(of cell: TimeCells.Cell) -> Day {
        guard let grain = layout.grains.last else {
            return max(Period(start: cell.start, end: max(cell.end, periodEnd), label: "").calendarEnd, cell.end)
        }
        let start = grain.start(of: cell.start)
        let end: Day
        switch grain {
        case .day: end = start
        case .week: end = start + 6
        case .month: end = start.firstOfMonth(adding: 1) - 1
        case .quarter: end = start.firstOfMonth(adding: 3) - 1
        case .year: end = start.firstOfMonth(adding: 12) - 1
        }
        return min(end, max(cell.end, periodEnd))
    }

    /// A value per cell of the period, set on every group of that cell.
    private func perCell(_ value: (TimeCells.Cell, Day) -> Double) -> MetricColumn {
        let values = cells.cells.map { value($0, fullEnd(of: $0)) }
        var result = MetricColumn(count: space.count, empty: values.first ?? .nan)
        guard cells.cells.count > 1 else { return result }
        var byTimeKey: [Int: Double] = [:]
        for (cell, value) in zip(cells.cells, values) { byTimeKey[cell.timeKey] = value }
        for id in 0..<space.count {
            let timeKey = space.split(space.key(of: id)).timeKey
            if let value = byTimeKey[timeKey] { result.values[id] = value }
        }
        return result
    }

    /// Days of P up to the as-of date over days of P.
    func timeProgress() -> MetricColumn {
        perCell { cell, end in
            let passed = min(asOf, end) - cell.start + 1
            return Double(max(0, passed)) / Double(end - cell.start + 1)
        }
    }

    /// Working days (Monday to Friday) of P after the as-of date.
    func remainingWorkingDays() -> MetricColumn {
        perCell { _, end in
            var count = 0
            var day = asOf + 1
            while day <= end {
                if day.weekday <= 5 { count += 1 }
                day = day + 1
            }
            return Double(count)
        }
    }

    /// revenue / T / time_progress.
    func pace(_ filters: [Filter]) throws -> MetricColumn {
        try combine(againstTarget(filters) { revenue, goal in revenue / goal }, timeProgress()) { $1 > 0 ? $0 / $1 : .nan }
    }

    /// T − revenue where there is a target.
    func targetGap(_ filters: [Filter]) throws -> MetricColumn {
        try againstTarget(filters) { revenue, goal in goal - revenue }
    }

    /// Revenue set against the target of the whole span, for the cells with a positive target.
    private func againstTarget(_ filters: [Filter], _ value: (_ revenue: Double, _ goal: Double) -> Double) throws
        -> MetricColumn
    {
        let target = try target(filters, wholeSpan: true)
        let revenue = try column("revenue", filters: filters)
        var result = MetricColumn(count: space.count, empty: .nan)
        for id in 0..<space.count where target.isPresent(id) {
            let goal = target.value(id)
            if !goal.isNaN && goal > 0 { result.set(id, value(revenue.value(id), goal)) }
        }
        return result
    }

    /// What is still to sell per working day left; no value when none is left.
    func neededPerDay(_ filters: [Filter]) throws -> MetricColumn {
        try combine(try targetGap(filters), remainingWorkingDays()) { $1 > 0 ? max($0, 0) / $1 : .nan }
    }

    /// revenue / time_progress.
    func projected(_ filters: [Filter]) throws -> MetricColumn {
        try combine(try column("revenue", filters: filters), timeProgress()) { $1 > 0 ? $0 / $1 : .nan }
    }

    /// `operation` of two columns group by group, present where the first is.
    private func combine(_ first: MetricColumn, _ second: MetricColumn, _ operation: (Double, Double) -> Double)
        throws -> MetricColumn
    {
        var result = MetricColumn(count: space.count, empty: .nan)
        for id in 0..<max(first.values.count, space.count) where first.isPresent(id) {
            let (a, b) = (first.value(id), second.value(id))
            result.set(id, a.isNaN || b.isNaN ? .nan : operation(a, b))
        }
        return result
    }
}
