import Model

// Stage conversion and the funnel: both count opportunities created in P by the furthest
// stage they reached, so both answers have a stage column.
extension Query {
    /// `funnel in P [by …]`: per group and stage (the pipeline's open stages, then won), the opportunities that reached
    /// the stage and the share of them that reached the next.
    func funnel(_ plan: Plan) throws -> Answer {
        let resolved = try resolve(plan)
        try Cuts.check(
            "stage_conversion", by: resolved.dimensions + resolved.dimensionFilters.map(\.field), definitions: [:])
        let (frame, reached, ids) = stageCounts(resolved)
        let funnel = columns.pipeline.funnel
        var rows: [[Cell]] = []
        for id in ids {
            let labels = frame.labels(ofKey: frame.space.key(of: id))
            for (index, stage) in funnel.enumerated() {
                let count = reached[id][index]
                let next = index + 1 < funnel.count ? reached[id][index + 1] : nil
                let conversion: Cell = next.map { count > 0 ? .number(Double($0) / Double(count)) : .null } ?? .null
                rows.append(labels + [.text(stage), .number(Double(count)), conversion])
            }
        }
        return Answer(
            plan: plan, title: Titles.funnel(resolved),
            columns: resolved.dimensions + ["stage", "opportunities", "conversion"], rows: rows)
    }

    /// `stage_conversion`: per group and open stage, the share of opportunities that reached the
    /// stage and went beyond it.
    func stageConversion(_ plan: Plan, _ resolved: ResolvedPlan) throws -> Answer {
        try Cuts.check(
            "stage_conversion", by: resolved.dimensions + resolved.dimensionFilters.map(\.field),
            definitions: definitions)
        let (frame, reached, ids) = stageCounts(resolved)
        let funnel = columns.pipeline.funnel
        var rows: [[Cell]] = []
        for id in ids {
            let labels = frame.labels(ofKey: frame.space.key(of: id))
            for index in 0..<(funnel.count - 1) {
                let count = reached[id][index]
                let rate: Cell = count > 0 ? .number(Double(reached[id][index + 1]) / Double(count)) : .null
                rows.append(labels + [.text(funnel[index]), rate])
            }
        }
        return Answer(
            plan: plan, title: Titles.query(resolved, state: state),
            columns: resolved.dimensions + ["stage", "stage_conversion"], rows: rows)
    }

    /// Reach counts per group id, and the groups with any opportunity, in answer order
    /// (chronological, then by member names).
    private func stageCounts(_ plan: ResolvedPlan) -> (Frame, [[Int32]], [Int]) {
        let frame = Frame(columns: columns, plan: plan, ranks: ranks)
        let evaluation = frame.evaluation(frame.current, state: state, asOf: asOf)
        let reached = evaluation.stageReach(plan.dimensionFilters)
        var ordering = plan
        ordering.orderBy = nil
        ordering.order = nil
        let sorted = Ordering.sort(
            reached.indices.filter { reached[$0][0] > 0 }, plan: ordering, frame: frame, sortValues: nil)
        return (frame, reached, sorted)
    }
}
