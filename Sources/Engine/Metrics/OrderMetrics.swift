import Model

// METRICS.md's order metrics: revenue, orders, quantity, average order value, gross profit and
// margin, active and new customers, repeat rate and revenue per rep. Retention is in
// RetentionMetrics.swift.
extension Evaluation {
    /// The order lines dated in the period, grouped.
    func orderScan(_ filters: [Filter]) -> Scan {
        scan(columns.orders, named: "orders", sortedDates: columns.orders.date, filters: filters)
    }

    /// SUM(amount).
    func revenue(_ filters: [Filter]) -> MetricColumn {
        let scan = orderScan(filters)
        let (sums, _) = sums(columns.orders.amount, over: scan)
        return column(over: scan, empty: 0) { sums[$0] }
    }

    /// SUM(quantity).
    func quantity(_ filters: [Filter]) -> MetricColumn {
        let scan = orderScan(filters)
        let (sums, _) = sums(columns.orders.quantity, over: scan)
        return column(over: scan, empty: 0) { sums[$0] }
    }

    /// COUNT(DISTINCT order_no); a line without one is an order of its own (numbered apart on load).
    func orderCount(_ filters: [Filter]) -> MetricColumn {
        let scan = orderScan(filters)
        let counts = distinctCounts(columns.orders.order, over: scan, zeroIsNull: false)
        return column(over: scan, empty: 0) { Double(counts[$0]) }
    }

    /// revenue / orders.
    func averageOrderValue(_ filters: [Filter]) throws -> MetricColumn {
        ratio(
            RatioColumns(
                numerator: try column("revenue", filters: filters), denominator: try column("orders", filters: filters))
        )
    }

    /// SUM(amount − cost) and SUM(amount) over the lines that have a cost, with their count.
    private func profitSums(_ filters: [Filter]) -> (profit: [Double], revenue: [Double], lines: [Int32]) {
        let scan = orderScan(filters)
        var profit = [Double](repeating: 0, count: space.count)
        var revenue = [Double](repeating: 0, count: space.count)
        var lines = [Int32](repeating: 0, count: space.count)
        let low = scan.rows.lowerBound
        let amounts = columns.orders.amount
        let costs = columns.orders.cost
        for (index, id) in scan.ids.enumerated() where id >= 0 {
            let cost = costs[low + index]
            guard !cost.isNaN else { continue }
            let amount = amounts[low + index]
            profit[Int(id)] += amount - cost
            revenue[Int(id)] += amount
            lines[Int(id)] += 1
        }
        return (profit, revenue, lines)
    }

    /// SUM(amount − cost) over orders with cost; NULL for a group with no such line.
    func grossProfit(_ filters: [Filter]) -> MetricColumn {
        let (profit, _, lines) = profitSums(filters)
        return column(over: orderScan(filters), empty: 0) { lines[$0] > 0 ? profit[$0] : .nan }
    }

    /// gross profit / revenue of the same orders.
    func grossMargin(_ filters: [Filter]) -> MetricColumn { ratio(grossMarginParts(filters)) }

    /// Gross profit and the revenue of the lines with a cost.
    func grossMarginParts(_ filters: [Filter]) -> RatioColumns {
        let (profit, revenue, _) = profitSums(filters)
        let scan = orderScan(filters)
        return RatioColumns(
            numerator: column(over: scan, empty: 0) { profit[$0] },
            denominator: column(over: scan, empty: 0) { revenue[$0] })
    }

    /// COUNT(DISTINCT customer_id); lines without a customer count toward revenue only.
    func activeCustomers(_ filters: [Filter]) -> MetricColumn {
        let scan = orderScan(filters)
        let counts = distinctCounts(columns.orders.customer, over: scan, zeroIsNull: true)
        return column(over: scan, empty: 0) { Double(counts[$0]) }
    }

    /// Customers whose first order ever (up to as-of) is in P, counted in the groups of the
    /// lines of that first order day. The first day is the same whatever the as-of once it is
    /// not after it, and a later one is outside P anyway.
    func newCustomers(_ filters: [Filter]) -> MetricColumn {
        let scan = orderScan(filters)
        let first = columns.orders.firstOrderDay
        let counts = distinctCounts(columns.orders.customer, over: scan, zeroIsNull: true) { first[$0] == 1 }
        return column(over: scan, empty: 0) { Double(counts[$0]) }
    }

    /// Share of active customers with two or more distinct orders in P (in the same group).
    func repeatRate(_ filters: [Filter]) -> MetricColumn { ratio(repeatRateParts(filters)) }

    /// Customers with two or more orders, and active customers.
    func repeatRateParts(_ filters: [Filter]) -> RatioColumns {
        let scan = orderScan(filters)
        let (orderNumbers, customers) = (columns.orders.order, columns.orders.customer)
        let customerCount = columns.customers.count
        let low = scan.rows.lowerBound
        var first = Int32.max
        var last = Int32.min
        for index in scan.ids.indices where scan.ids[index] >= 0 {
            first = min(first, orderNumbers[low + index])
            last = max(last, orderNumbers[low + index])
        }
        var active = [Int32](repeating: 0, count: space.count)
        var repeating = [Int32](repeating: 0, count: space.count)
        if first <= last {
            let width = Int(last - first) + 1
            let seenOrders = KeySet(keySpace: space.count * width, expected: scan.ids.count)
            let ordersPerCustomer = KeyCounts(keySpace: space.count * customerCount, expected: scan.ids.count)
            for (index, id) in scan.ids.enumerated() where id >= 0 {
                let customer = Int(customers[low + index])
                guard customer > 0 else { continue }
                let order = Int(orderNumbers[low + index] - first)
                guard seenOrders.insert(Int(id) * width + order) else { continue }
                let key = Int(id) * customerCount + customer
                let count = ordersPerCustomer[key] + 1
                ordersPerCustomer[key] = count
                if count == 1 { active[Int(id)] += 1 } else if count == 2 { repeating[Int(id)] += 1 }
            }
        }
        return RatioColumns(
            numerator: column(over: scan, empty: 0) { Double(repeating[$0]) },
            denominator: column(over: scan, empty: 0) { Double(active[$0]) })
    }

    /// revenue / COUNT(DISTINCT rep_id) of orders in P.
    func revenuePerRep(_ filters: [Filter]) throws -> MetricColumn { ratio(try revenuePerRepParts(filters)) }

    /// Revenue, and the reps with orders.
    func revenuePerRepParts(_ filters: [Filter]) throws -> RatioColumns {
        let revenue = try column("revenue", filters: filters)
        let scan = orderScan(filters)
        let reps = distinctCounts(columns.orders.rep, over: scan, zeroIsNull: true)
        return RatioColumns(numerator: revenue, denominator: column(over: scan, empty: 0) { Double(reps[$0]) })
    }
}
