import Model

/// Which dimensions a metric — built-in or defined — can be cut and filtered by, and why not.
enum Cuts {
    /// Throws `cannotCut` for the first dimension `metric` cannot be cut by. A defined metric can
    /// be cut by what all its operands can, and its own filters must fit its base metric.
    static func check(
        _ metric: String, by dimensions: [String], definitions: [String: MetricExpression], named: String? = nil,
        visiting: Set<String> = []
    ) throws {
        let shown = named ?? metric
        if let expression = definitions[metric] {
            guard !visiting.contains(metric) else { throw EngineError.circularDefinition(metric) }
            try check(
                expression, by: dimensions, definitions: definitions, named: shown, visiting: visiting.union([metric]))
            return
        }
        guard let entry = Catalog.metric(metric) else { throw EngineError.unknownMetric(metric) }
        for dimension in dimensions where !entry.allows(dimension) {
            guard Catalog.dimension(dimension) != nil else { throw EngineError.unknownDimension(dimension) }
            throw EngineError.cannotCut(metric: shown, dimension: dimension, reason: reason(entry, dimension))
        }
    }

    private static func check(
        _ expression: MetricExpression, by dimensions: [String], definitions: [String: MetricExpression],
        named: String, visiting: Set<String>
    ) throws {
        switch expression {
        case .metric(let base, let filters):
            try check(
                base, by: dimensions + filters.map(\.field), definitions: definitions, named: named, visiting: visiting)
        case .number:
            return
        case .binary(_, let left, let right):
            try check(left, by: dimensions, definitions: definitions, named: named, visiting: visiting)
            try check(right, by: dimensions, definitions: definitions, named: named, visiting: visiting)
        }
    }

    /// Why a built-in metric cannot be cut by a dimension, in the terms of its facts.
    static func reason(_ metric: Catalog.Metric, _ dimension: String) -> Localized {
        let name = Names.dimension(dimension)
        if let grain = TimeGrain(rawValue: dimension) {
            let finest = Names.dimension(metric.finestGrain.rawValue)
            return Localized(
                zh: "\(metric.zh)按\(finest.zh)记录，不能细分到\(name.zh)",
                en: "\(metric.en) is recorded by \(finest.en), finer than a \(grain.rawValue) it cannot go")
        }
        switch metric.id {
        case "new_customers", "retention_rate", "churn_rate":
            return Localized(
                zh: "客户按整体计入，不属于单一\(name.zh)", en: "customers are counted as a whole, not per \(name.en)")
        case "repeat_rate":
            return Localized(
                zh: "复购率是客户中的占比，单个客户没有占比", en: "repeat rate is a share of customers; one customer has no share")
        case "revenue_per_rep":
            return Localized(zh: "人均销售额已按销售员平均", en: "revenue per rep already averages over reps")
        case "revisit_rate":
            return Localized(zh: "拜访和跟进记录不含\(name.zh)", en: "visits and follow-ups carry no \(name.en)")
        default:
            break
        }
        switch metric.fact {
        case .targets, .mixed:
            return Localized(
                zh: "目标只按公司、区域、团队和销售员设定", en: "targets are set only for the company, regions, teams and reps")
        case .opportunities:
            return Localized(zh: "商机数据不含\(name.zh)", en: "opportunities carry no \(name.en)")
        case .activities:
            return Localized(zh: "活动记录不含\(name.zh)", en: "activities carry no \(name.en)")
        case .surveys:
            return Localized(zh: "满意度调查不含\(name.zh)", en: "surveys carry no \(name.en)")
        case .reviews:
            return Localized(zh: "互评记录不含\(name.zh)", en: "reviews carry no \(name.en)")
        case .orders:
            return Localized(zh: "订单数据不含\(name.zh)", en: "orders carry no \(name.en)")
        }
    }

    /// The unit a metric's values are in; nil for arithmetic of metrics.
    static func unit(_ metric: String, definitions: [String: MetricExpression]) -> Catalog.Unit? {
        if let entry = Catalog.metric(metric) { return entry.unit }
        if case .metric(let base, _) = definitions[metric] { return unit(base, definitions: definitions) }
        return nil
    }
}
