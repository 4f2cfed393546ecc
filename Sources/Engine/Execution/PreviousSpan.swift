import Model

extension Period {
    /// METRICS.md's "vs previous": the span of the same kind just before — the month, quarter or
    /// year before a whole one, the same days of last month for part of a month, else as many
    /// days just before.
    var previousSpan: Period {
        let period = self
        let start = period.start
        // Whole months, quarters or years step back by their own length.
        let months = [12, 3, 1].first { count in
            let grain: TimeGrain = count == 12 ? .year : count == 3 ? .quarter : .month
            return grain.start(of: start) == start && period.end == start.firstOfMonth(adding: count) - 1
        }
        var earlier: Period
        if let months {
            earlier = Period(start: start.firstOfMonth(adding: -months), end: start - 1, label: "")
        } else if start == start.firstOfMonth && period.end <= start.lastOfMonth {
            let first = start.firstOfMonth(adding: -1)
            earlier = Period(start: first, end: min(first + (period.end - start), first.lastOfMonth), label: "")
        } else {
            earlier = Period(start: start - period.days, end: start - 1, label: "")
        }
        earlier.label = Titles.spanName(earlier)
        return earlier
    }
}
