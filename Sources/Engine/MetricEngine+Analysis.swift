import Model

// What the analysis module (forecast, diagnose, scorecard, advice) reads beside answers: names
// resolved, a metric's nature, its first day, ratio parts, targets and scorecard plans.
extension MetricEngine {
    /// The metric id a name stands for (built-in, defined, or an alias of either); nil when unknown.
    public func metricID(_ name: String) -> String? { currentState().metricID(name) }

    /// A user-defined metric's expression; nil for built-ins and unknown names.
    public func definition(of metric: String) -> MetricExpression? { currentState().expressions[metric] }

    /// The built-in metric a metric reads at bottom: itself, or the one a filtered definition
    /// filters (`online_revenue` → `revenue`); nil for arithmetic of metrics.
    public func baseMetric(of metric: String) -> Catalog.Metric? {
        if let entry = Catalog.metric(metric) { return entry }
        if case .metric(let base, _) = definition(of: metric) { return baseMetric(of: base) }
        return nil
    }

    /// Whether values over disjoint periods and members add up: the catalog's additive metrics
    /// and definitions that filter one, add or subtract them.
    public func isAdditive(_ metric: String) -> Bool {
        if let entry = Catalog.metric(metric) { return entry.additive }
        switch definition(of: metric) {
        case .metric(let base, _)?: return isAdditive(base)
        case .binary(let op, .metric(let left, _), .metric(let right, _))? where op == .add || op == .subtract:
            return isAdditive(left) && isAdditive(right)
        default: return false
        }
    }

    /// Whether a metric (built-in or defined) can be cut by a dimension.
    public func allows(_ metric: String, by dimension: String) -> Bool {
        (try? Cuts.check(metric, by: [dimension], definitions: currentState().expressions)) != nil
    }

    /// The first day of the facts a metric is computed from; nil when there are none.
    public func firstDay(of metric: String) throws -> Day? {
        let fact = baseMetric(of: metric)?.fact ?? .orders
        let first: Int32?
        switch fact {
        case .orders, .mixed: first = columns.orders.date.first
        case .activities: first = columns.activities.date.first
        case .surveys: first = columns.surveys.date.first
        case .reviews: first = columns.reviews.monthStart.min()
        case .opportunities: first = columns.opportunities.created.filter { $0 != OpportunityTable.noDate }.min()
        case .targets: return try currentState().targets.rows().filter { $0.metric == "revenue" }.map(\.start).min()
        }
        return first.map { Day(number: $0) }
    }

    /// A ratio metric's numerator and denominator per group of a breakdown plan (win rate: deals
    /// won and deals closed): the plan's dimensions, then `numerator` and `denominator`. Nil for a
    /// metric that is not a ratio (sums, counts, distinct counts).
    ///
    ///     try engine.ratioParts(Plan(intent: .breakdown, metrics: ["win_rate"], dimensions: ["region"],
    ///                                period: october), asOf: asOf)?.columns
    ///     // ["region", "numerator", "denominator"]
    public func ratioParts(_ plan: Plan, asOf: Day) throws -> Answer? {
        try fromIntactColumns { try Query(columns: columns, state: currentState(), asOf: asOf, ranks: ranks).parts(plan) }
    }

    /// Targets set for a metric at one scope level (`rep`, `team`, `region`, `company`) whose
    /// span overlaps the period, summed per member (the company's under ""). Only targets set
    /// for that level count: the roll-up of reps' revenue targets is the `target` metric's.
    public func targets(metric: String, scope: String, overlapping period: Period) throws -> [String: Double] {
        var sums: [String: Double] = [:]
        for row in try currentState().targets.rows()
        where row.metric == metric && row.scope == scope && row.start <= period.end && row.end >= period.start {
            sums[row.scopeValue ?? "", default: 0] += row.value
        }
        return sums
    }

}

extension Query {
    /// Numerator and denominator per group, in the order of a breakdown without a sort.
    func parts(_ plan: Plan) throws -> Answer? {
        var resolved = try resolve(plan)
        guard let metric = resolved.metrics.first else {
            throw EngineError.incompletePlan(Localized(zh: "请指定一个指标。", en: "name a metric."))
        }
        try Cuts.check(
            metric, by: resolved.dimensions + resolved.dimensionFilters.map(\.field), definitions: definitions)
        resolved.orderBy = nil
        resolved.order = nil
        resolved.limit = nil
        let frame = Frame(columns: columns, plan: resolved, ranks: ranks)
        let evaluation = frame.evaluation(frame.current, state: state, asOf: asOf)
        guard let parts = try evaluation.parts(metric, filters: resolved.dimensionFilters) else { return nil }
        let space = frame.space
        var ids = (0..<space.count).filter { parts.numerator.isPresent($0) || parts.denominator.isPresent($0) }
        ids = Ordering.sort(ids, plan: resolved, frame: frame, sortValues: nil)
        let labels = frame.labelColumns(ofKeys: ids.map { space.key(of: $0) })
        let rows = ids.indices.map { index -> [Cell] in
            labels.map { $0[index] } + [
                Self.cell(parts.numerator.value(ids[index])), Self.cell(parts.denominator.value(ids[index])),
            ]
        }
        return Answer(
            plan: plan, title: Titles.query(resolved, state: state),
            columns: resolved.dimensions + ["numerator", "denominator"], rows: rows)
    }
}
