import Model

// Activities, surveys, revisits and reviews.
extension Evaluation {
    private func activityScan(_ filters: [Filter]) -> Scan {
        scan(columns.activities, named: "activities", sortedDates: columns.activities.date, filters: filters)
    }

    /// COUNT(activities of the type) in P.
    func activityCount(_ type: ActivityType, _ filters: [Filter]) -> MetricColumn {
        let scan = activityScan(filters)
        let types = columns.activities.type
        var counts = [Int32](repeating: 0, count: space.count)
        let low = scan.rows.lowerBound
        for (index, id) in scan.ids.enumerated() where id >= 0 && types[low + index] == type.rawValue {
            counts[Int(id)] += 1
        }
        var result = MetricColumn(count: space.count, empty: 0)
        for id in 0..<space.count where counts[id] > 0 { result.set(id, Double(counts[id])) }
        return result
    }

    private func surveyScan(_ filters: [Filter]) -> Scan {
        scan(columns.surveys, named: "surveys", sortedDates: columns.surveys.date, filters: filters)
    }

    /// AVG(surveys.score) in P.
    func satisfaction(_ filters: [Filter]) -> MetricColumn { ratio(satisfactionParts(filters)) }

    /// Scores summed, and surveys with a score.
    func satisfactionParts(_ filters: [Filter]) -> RatioColumns {
        let scan = surveyScan(filters)
        let (sums, counts) = sums(columns.surveys.score, over: scan, skippingNaN: true)
        return RatioColumns(
            numerator: column(over: scan, empty: 0) { sums[$0] },
            denominator: column(over: scan, empty: 0) { Double(counts[$0]) })
    }

    /// SUM(complaint) / COUNT(surveys) in P.
    func complaintRate(_ filters: [Filter]) -> MetricColumn { ratio(complaintRateParts(filters)) }

    /// Complaints, and surveys.
    func complaintRateParts(_ filters: [Filter]) -> RatioColumns {
        let scan = surveyScan(filters)
        let (complaints, _) = sums(columns.surveys.complaint, over: scan, skippingNaN: true)
        return RatioColumns(
            numerator: column(over: scan, empty: 0) { complaints[$0] },
            denominator: column(over: scan, empty: 0) { Double(scan.rowCounts[$0]) })
    }

    /// Active customers in P with a follow-up or visit in P (in the same group) / active customers.
    func revisitRate(_ filters: [Filter]) -> MetricColumn { ratio(revisitRateParts(filters)) }

    /// Active customers revisited, and active customers.
    func revisitRateParts(_ filters: [Filter]) -> RatioColumns {
        let orderRows = orderScan(filters)
        let activityRows = activityScan(filters)
        let customerCount = columns.customers.count
        let activities = columns.activities
        let (types, activityCustomers, orderCustomers) = (activities.type, activities.customer, columns.orders.customer)
        let visited = KeySet(keySpace: space.count * customerCount, expected: activityRows.ids.count)
        let activityLow = activityRows.rows.lowerBound
        for (index, id) in activityRows.ids.enumerated() where id >= 0 {
            let type = types[activityLow + index]
            let customer = Int(activityCustomers[activityLow + index])
            guard customer > 0, type == ActivityType.visit.rawValue || type == ActivityType.followUp.rawValue
            else { continue }
            _ = visited.insert(Int(id) * customerCount + customer)
        }
        let active = KeySet(keySpace: space.count * customerCount, expected: orderRows.ids.count)
        var activeCount = [Int32](repeating: 0, count: space.count)
        var revisited = [Int32](repeating: 0, count: space.count)
        let orderLow = orderRows.rows.lowerBound
        for (index, id) in orderRows.ids.enumerated() where id >= 0 {
            let customer = Int(orderCustomers[orderLow + index])
            guard customer > 0 else { continue }
            let key = Int(id) * customerCount + customer
            guard active.insert(key) else { continue }
            activeCount[Int(id)] += 1
            if visited.contains(key) { revisited[Int(id)] += 1 }
        }
        return RatioColumns(
            numerator: column(over: orderRows, empty: 0) { id in id < revisited.count ? Double(revisited[id]) : 0 },
            denominator: column(over: orderRows, empty: 0) { id in id < activeCount.count ? Double(activeCount[id]) : 0
            }
        )
    }

    /// AVG(reviews.score) of the kind, over reviews whose month lies in P (within one cell).
    func reviewScore(_ kind: ReviewKind, _ filters: [Filter]) -> MetricColumn { ratio(reviewScoreParts(kind, filters)) }

    /// Scores of the kind summed, and their number.
    func reviewScoreParts(_ kind: ReviewKind, _ filters: [Filter]) -> RatioColumns {
        let reviews = columns.reviews
        let (monthStart, monthEnd, kinds, scores) = (reviews.monthStart, reviews.monthEnd, reviews.kind, reviews.score)
        let scan = cachedScan(ScanKey(fact: "reviews", filters: filters)) {
            self.scan(reviews, rows: 0..<reviews.count, filters: filters) { row in
                guard let first = cells.cell(of: monthStart[row]),
                    let last = cells.cell(of: monthEnd[row]), first == last
                else { return -1 }
                return cells.cells[first].timeKey
            }
        }
        var sums = [Double](repeating: 0, count: space.count)
        var counts = [Int32](repeating: 0, count: space.count)
        for (row, id) in scan.ids.enumerated() where id >= 0 && kinds[row] == kind.rawValue {
            let score = scores[row]
            guard !score.isNaN else { continue }
            sums[Int(id)] += score
            counts[Int(id)] += 1
        }
        return self.counts(sums, over: counts)
    }
}
