import Model
import Store

// `define metric`, `alias` and `set target`: they write to the workspace, then the engine
// re-reads its user state so that the next query sees the change.
extension MetricEngine {
    func define(_ plan: Plan) throws -> Answer {
        guard let definition = plan.definition else {
            throw EngineError.incompletePlan(Localized(zh: "缺少指标定义。", en: "the plan has no metric definition."))
        }
        let state = currentState()
        try checkNameIsFree(definition.name)
        let expression = try normalise(definition.expression, state: state)
        var definitions = state.expressions
        definitions[definition.name] = expression
        if expression.metrics.contains("stage_conversion") { throw EngineError.stageConversionNeedsItsOwnAnswer }
        try Cuts.check(definition.name, by: [], definitions: definitions)
        try store.save(MetricDefinition(name: definition.name, expression: expression))
        try reloadState()
        return Answer(
            plan: plan,
            title: Localized(zh: "已定义指标 \(definition.name)", en: "Defined metric \(definition.name)"),
            columns: ["metric", "definition"],
            rows: [[.text(definition.name), .text(ExpressionText.text(of: expression))]])
    }

    func alias(_ plan: Plan) throws -> Answer {
        guard let alias = plan.alias else {
            throw EngineError.incompletePlan(Localized(zh: "缺少别名。", en: "the plan has no alias."))
        }
        let state = currentState()
        try checkNameIsFree(alias.name)
        guard let target = state.metricID(alias.target) ?? state.dimensionID(alias.target) else {
            throw EngineError.unknownMetric(alias.target)
        }
        try store.saveAlias(AliasDefinition(name: alias.name, target: target))
        try reloadState()
        return Answer(
            plan: plan, title: Localized(zh: "已添加别名 \(alias.name)", en: "Alias \(alias.name) added"),
            columns: ["alias", "target"], rows: [[.text(alias.name), .text(target)]])
    }

    /// `set target METRIC VALUE [for SCOPE] in PERIOD`: the scope is the single filter on region,
    /// team or rep, the company without one.
    func setTarget(_ plan: Plan) throws -> Answer {
        let state = currentState()
        guard let name = plan.metrics.first else {
            throw EngineError.incompleteTarget(Localized(zh: "请指定目标的指标。", en: "name the metric the target is for."))
        }
        guard let metric = state.metricID(name) else { throw EngineError.unknownMetric(name) }
        guard let value = plan.value else {
            throw EngineError.incompleteTarget(Localized(zh: "请给出目标值。", en: "give the target's value."))
        }
        guard let period = plan.period else {
            throw EngineError.incompleteTarget(Localized(zh: "请指定目标的期间。", en: "name the target's period."))
        }
        guard plan.filters.count <= 1 else {
            throw EngineError.incompleteTarget(
                Localized(
                    zh: "目标只能设给一个范围（公司、一个区域、团队或销售员）。",
                    en: "a target is for one scope: the company, a region, a team or a rep."))
        }
        var scope = TargetScope.company
        var scopeValue: String? = nil
        if let filter = plan.filters.first {
            let dimension = state.dimensionID(filter.field) ?? filter.field
            guard let chosen = TargetScope(rawValue: dimension), chosen != .company,
                filter.op == .equal || filter.op == .in, filter.values.count == 1
            else {
                throw EngineError.incompleteTarget(
                    Localized(
                        zh: "目标范围须为一个区域、团队或销售员，如 for team \"华东一组\"。",
                        en: "a target's scope is one region, team or rep, as in: for team \"华东一组\"."))
            }
            let member = filter.values[0].description
            guard let attribute = Attribute(rawValue: dimension), columns.members(attribute).contains(member) else {
                throw EngineError.unknownMember(dimension: dimension, value: member)
            }
            scope = chosen
            scopeValue = member
        }
        try store.setTargets([
            TargetSetting(metric: metric, scope: scope, scopeValue: scopeValue, period: period, value: value)
        ])
        try reloadState()
        let where_ = scopeValue.map { " \($0)" } ?? ""
        return Answer(
            plan: plan,
            title: Localized(
                zh:
                    "已设定\(Names.dimension(scope.rawValue).zh)\(where_) \(Titles.text(of: period).zh) \(Names.metric(metric).zh)目标",
                en:
                    "Target set: \(Names.metric(metric).en) for \(scope.rawValue)\(where_), \(Titles.text(of: period).en)"
            ),
            columns: ["metric", "scope", "scope_value", "period_start", "period_end", "value"],
            rows: [
                [
                    .text(metric), .text(scope.rawValue), scopeValue.map(Cell.text) ?? .null, .text(period.start.iso),
                    .text(period.end.iso), .number(value),
                ]
            ])
    }

    /// A name for a metric or alias must not shadow a built-in metric or dimension.
    private func checkNameIsFree(_ name: String) throws {
        let taken =
            Catalog.metrics.contains { [$0.id, $0.zh, $0.en].contains(name) }
            || Catalog.dimensions.contains { [$0.id, $0.zh, $0.en].contains(name) }
        if taken || name.isEmpty { throw EngineError.nameTaken(name) }
    }

    /// The expression with metric and dimension names resolved to ids, so that a later alias
    /// cannot change what it means; filters must be dimension filters.
    private func normalise(_ expression: MetricExpression, state: UserState) throws -> MetricExpression {
        switch expression {
        case .metric(let name, let filters):
            guard let metric = state.metricID(name) else { throw EngineError.unknownMetric(name) }
            let resolved = try filters.map { filter -> Filter in
                guard let dimension = state.dimensionID(filter.field), TimeGrain(rawValue: dimension) == nil,
                    !filter.op.isComparison
                else { throw EngineError.unsupportedFilter(field: filter.field, op: filter.op.rawValue) }
                return Filter(field: dimension, op: filter.op, values: filter.values)
            }
            return .metric(metric, filters: resolved)
        case .number:
            return expression
        case .binary(let op, let left, let right):
            return .binary(op, try normalise(left, state: state), try normalise(right, state: state))
        }
    }
}
