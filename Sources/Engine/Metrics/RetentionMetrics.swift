import Model

extension Evaluation {
    /// Of the customers active in the previous span of the same kind as P (as 环比 resolves it:
    /// the month before a month, the quarter before a quarter, the N days before N days), the
    /// share active in P, per group and per time cell (each cell is its own P).
    /// A customer counts in a group when it has orders in that group in both periods.
    func retentionRate(_ filters: [Filter]) -> MetricColumn { ratio(retentionRateParts(filters)) }

    /// Customers retained, and customers active in the period before.
    func retentionRateParts(_ filters: [Filter]) -> RatioColumns {
        let orders = columns.orders
        let orderCustomers = orders.customer
        let attributeCount = layout.attributeCount
        let customerCount = columns.customers.count
        var retainedColumn = MetricColumn(count: space.count, empty: 0)
        var baseColumn = MetricColumn(count: space.count, empty: 0)
        let pairSpace = attributeCount * customerCount
        for cell in cells.cells {
            let span = Period(start: cell.start, end: cell.end, label: "").previousSpan
            let previous = dateRange(orders.date, from: span.start, through: span.end)
            let current = dateRange(orders.date, from: cell.start, through: cell.end)
            let previousKeys = attributeKeys(orders, rows: previous, filters: filters)
            let currentKeys = attributeKeys(orders, rows: current, filters: filters)
            // (group, customer) pairs as bits: a region × 100k customers is 100 KB, which stays
            // in cache where a counter per pair did not.
            let before = KeySet(keySpace: pairSpace, expected: previous.count / 4)
            let again = KeySet(keySpace: pairSpace, expected: current.count / 4)
            let base = KeyCounts(keySpace: attributeCount, expected: 64)
            let retained = KeyCounts(keySpace: attributeCount, expected: 64)
            var groups: [Int] = []
            for (index, group) in previousKeys.enumerated() where group >= 0 {
                let customer = Int(orderCustomers[previous.lowerBound + index])
                guard customer > 0, before.insert(group * customerCount + customer) else { continue }
                if base[group] == 0 { groups.append(group) }
                base[group] += 1
            }
            for (index, group) in currentKeys.enumerated() where group >= 0 {
                let customer = Int(orderCustomers[current.lowerBound + index])
                guard customer > 0 else { continue }
                let key = group * customerCount + customer
                guard before.contains(key), again.insert(key) else { continue }
                retained[group] += 1
            }
            for group in groups {
                let id = Int(space.id(for: cell.timeKey * attributeCount + group))
                retainedColumn.set(id, Double(retained[group]))
                baseColumn.set(id, Double(base[group]))
            }
        }
        return RatioColumns(numerator: retainedColumn, denominator: baseColumn)
    }

    /// 1 − retention rate.
    func churnRate(_ filters: [Filter]) throws -> MetricColumn {
        var result = try column("retention_rate", filters: filters)
        for id in result.values.indices where result.present[id] { result.values[id] = 1 - result.values[id] }
        return result
    }
}
