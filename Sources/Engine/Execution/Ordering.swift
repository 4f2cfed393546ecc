import Model

/// The order of an answer's rows: by `order by` when the plan names one; else chronological
/// when a time dimension is present, then by the first metric, largest first. Ties fall back to
/// the member names, so the order never depends on how the data is stored; NULLs come last
/// whichever the direction.
enum Ordering {
    static func sort(_ rows: [AnswerRow], plan: ResolvedPlan, frame: Frame, sortValues: MetricColumn?) -> [AnswerRow] {
        let hasTime = !plan.grains.isEmpty
        let dimensionIndex = plan.orderBy.flatMap { plan.dimensions.firstIndex(of: $0) }
        let ascending = plan.order.map { $0 == .ascending } ?? (dimensionIndex != nil)
        return rows.sorted { left, right in
            if let dimensionIndex {
                if let before = precedes(left.labels[dimensionIndex], right.labels[dimensionIndex], ascending) {
                    return before
                }
            } else if plan.orderBy != nil, let sortValues {
                if let before = precedes(sortValues.value(left.id), sortValues.value(right.id), ascending) {
                    return before
                }
            } else {
                if hasTime {
                    let leftTime = frame.timeKey(of: left.key)
                    let rightTime = frame.timeKey(of: right.key)
                    if leftTime != rightTime { return leftTime < rightTime }
                }
                if let sortValues,
                    let before = precedes(sortValues.value(left.id), sortValues.value(right.id), false)
                {
                    return before
                }
            }
            for (a, b) in zip(left.labels, right.labels) {
                if let before = precedes(a, b, true) { return before }
            }
            return false
        }
    }

    /// Whether `left` comes first, nil for a tie; NaN (NULL) after every number.
    private static func precedes(_ left: Double, _ right: Double, _ ascending: Bool) -> Bool? {
        if left.isNaN || right.isNaN { return left.isNaN == right.isNaN ? nil : right.isNaN }
        if left == right { return nil }
        return ascending ? left < right : left > right
    }

    /// Whether `left` comes first, nil for a tie; NULL after every value.
    private static func precedes(_ left: Cell, _ right: Cell, _ ascending: Bool) -> Bool? {
        switch (left, right) {
        case (.null, .null): return nil
        case (.null, _): return false
        case (_, .null): return true
        case (.text(let a), .text(let b)): return a == b ? nil : ascending ? a < b : a > b
        case (.number(let a), .number(let b)): return precedes(a, b, ascending)
        case (.text, .number): return !ascending
        case (.number, .text): return ascending
        }
    }
}
