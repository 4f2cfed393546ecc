import Model

extension Evaluation {
    /// Opportunities closed in P (a slice: they are sorted by closed date), grouped by the cell
    /// of their closed date.
    private func closedScan(_ filters: [Filter]) -> Scan {
        scan(
            columns.opportunities, named: "opportunities.closed", sortedDates: columns.opportunities.closed,
            filters: filters)
    }

    /// won / (won + lost), opportunities closed in P.
    func winRate(_ filters: [Filter]) -> MetricColumn { ratio(winRateParts(filters)) }

    /// Deals won, and deals won or lost, closed in P.
    func winRateParts(_ filters: [Filter]) -> RatioColumns {
        let scan = closedScan(filters)
        var won = [Int32](repeating: 0, count: space.count)
        var lost = [Int32](repeating: 0, count: space.count)
        let stages = columns.opportunities.stage
        let (wonCode, lostCode) = (columns.pipeline.won, columns.pipeline.lost)
        for (index, id) in scan.ids.enumerated() where id >= 0 {
            let stage = stages[scan.rows.lowerBound + index]
            if stage == wonCode { won[Int(id)] += 1 }
            if stage == lostCode { lost[Int(id)] += 1 }
        }
        return counts(won.map(Double.init), over: won.indices.map { won[$0] + lost[$0] })
    }

    /// AVG(closed_date − created_date) in days, won opportunities closed in P.
    func averageSalesCycle(_ filters: [Filter]) -> MetricColumn { ratio(averageSalesCycleParts(filters)) }

    /// Days from creation to close summed, and the won deals, closed in P.
    func averageSalesCycleParts(_ filters: [Filter]) -> RatioColumns {
        let scan = closedScan(filters)
        let deals = columns.opportunities
        let (stages, created, closed, won) = (deals.stage, deals.created, deals.closed, columns.pipeline.won)
        var days = [Double](repeating: 0, count: space.count)
        var count = [Int32](repeating: 0, count: space.count)
        for (index, id) in scan.ids.enumerated() where id >= 0 {
            let row = scan.rows.lowerBound + index
            guard stages[row] == won, created[row] != OpportunityTable.noDate else {
                continue
            }
            days[Int(id)] += Double(closed[row] - created[row])
            count[Int(id)] += 1
        }
        return counts(days, over: count)
    }

    /// SUM(amount) of opportunities open at the end of each cell: created by then and not closed
    /// by then (a deal closed after the as-of date was open at it).
    func pipelineValue(_ filters: [Filter]) -> MetricColumn {
        let deals = columns.opportunities
        let (created, closedDays, stages, amounts) = (deals.created, deals.closed, deals.stage, deals.amount)
        var result = MetricColumn(count: space.count, empty: 0)
        // Deals are sorted by closed date (open ones last): the deals still open at a day are
        // those after the last one closed by then.
        guard let firstEnd = cells.cells.map(\.end.number).min() else { return result }
        let low = closedDays.firstPosition(notBelow: firstEnd + 1)
        let keys = attributeKeys(deals, rows: low..<deals.count, filters: filters)
        let attributeCount = layout.attributeCount
        let won = columns.pipeline.won
        for cell in cells.cells {
            let end = cell.end.number
            let base = cell.timeKey * attributeCount
            for row in closedDays.firstPosition(notBelow: end + 1)..<deals.count {
                let key = keys[row - low]
                guard key >= 0 && created[row] <= end else { continue }
                let closed = closedDays[row]
                let open = closed == OpportunityTable.noDate ? stages[row] < won : closed > end
                guard open else { continue }
                result.add(Int(space.id(for: base + key)), amounts[row])
            }
        }
        return result
    }

    /// How many opportunities created in P reached each funnel stage (the first open one … won),
    /// per group.
    ///
    /// A deal's furthest stage is its stage when open; every stage for a won deal; `lost_stage`
    /// for a lost one (lead when unrecorded). As of a date before a deal closed it was still
    /// open: a deal won after the as-of date counts up to negotiation.
    func stageReach(_ filters: [Filter]) -> [[Int32]] {
        let deals = columns.opportunities
        let scan = scan(deals, named: "opportunities.created", unsortedDates: deals.created, filters: filters)
        let pipeline = columns.pipeline
        let (stages, closed, lostStages) = (deals.stage, deals.closed, deals.lostStage)
        var reached = [[Int32]](
            repeating: [Int32](repeating: 0, count: pipeline.funnel.count), count: space.count)
        for (row, id) in scan.ids.enumerated() where id >= 0 {
            let stage = stages[scan.rows.lowerBound + row]
            let furthest: Int8
            switch stage {
            case pipeline.won:
                furthest = closed[scan.rows.lowerBound + row] <= asOf.number ? pipeline.won : pipeline.lastOpen
            case pipeline.lost: furthest = max(0, lostStages[scan.rows.lowerBound + row])
            default: furthest = stage
            }
            for stage in 0...Int(furthest) { reached[Int(id)][stage] += 1 }
        }
        return reached
    }
}
