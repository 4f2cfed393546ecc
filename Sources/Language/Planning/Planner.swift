import Model

/// Turns a statement into a `Plan`: names resolved against the vocabulary (ids, Chinese names,
/// aliases, user metrics, data values), periods resolved against the as-of date, defaults filled in.
struct Planner {
    let vocabulary: Vocabulary
    let asOf: Day

    static let showTopics = [
        "metrics", "dimensions", "regions", "teams", "reps", "products", "categories", "channels", "segments",
        "customers", "targets", "aliases", "plans", "reviews",
    ]

    /// Words that cannot name a user metric or alias: they would read as the language itself.
    static let reservedWords: Set<String> = [
        "top", "bottom", "trend", "forecast", "diagnose", "funnel", "scorecard", "set", "define", "alias", "show",
        "by", "where", "and", "in", "not", "vs", "order", "asc", "desc", "limit", "using", "for", "company", "metric",
        "target", "this", "last", "next", "ytd", "same", "period", "previous", "first", "second", "half",
    ]

    func plan(_ statement: Statement) throws(Diagnostic) -> Plan {
        let clauses = statement.clauses
        var plan: Plan
        switch statement.head {
        case .metrics(let names, let trend):
            plan = Plan(intent: .value)
            plan.metrics = try metrics(names, firstMayBeKeyword: !trend)
            plan.dimensions = try dimensions(clauses.by)
            if trend {
                plan.intent = .trend
                if !plan.dimensions.contains(where: { TimeGrain(rawValue: $0) != nil }) {
                    plan.dimensions.insert(TimeGrain.month.rawValue, at: 0)
                }
            } else {
                plan.intent = clauses.compare != nil ? .compare : plan.dimensions.isEmpty ? .value : .breakdown
            }
            // Targets exist ahead of time (METRICS.md): `target in 2026-12` is the target set for
            // December, not a forecast and not a period after the data.
            let targetsOnly = !trend && plan.metrics.allSatisfy { $0 == "target" }
            plan.period = try period(
                clauses.period, default: trend ? .lastN(12, .month) : .last(.month),
                intent: targetsOnly ? .target : plan.intent)
            if let (name, descending) = clauses.orderBy {
                // A comparison may be ordered by a metric's change (order by revenue_change desc).
                let changes = clauses.compare == nil ? [] : plan.metrics.map { $0 + "_change" }
                plan.orderBy = try orderField(name, among: plan.metrics + plan.dimensions, changes: changes)
                plan.order = descending ? .descending : .ascending
            }
            plan.limit = clauses.limit?.value
        case .rank(let descending, let count, let dimensionNames, let metricNames):
            plan = Plan(intent: .rank)
            plan.dimensions = try dimensions(dimensionNames)
            plan.metrics = try metrics(metricNames)
            plan.order = descending ? .descending : .ascending
            plan.orderBy = plan.metrics[0]
            plan.limit = count ?? 1
            plan.period = try period(clauses.period, default: .last(.month), intent: .rank)
        case .forecast(let names):
            plan = Plan(intent: .forecast)
            plan.metrics = try metrics(names)
            plan.dimensions = try dimensions(clauses.by)
            // A time grain by any of its names (by month, by 月): the forecast's steps are months
            // already.
            for name in clauses.by where TimeGrain(rawValue: try dimension(name)) != nil {
                throw Diagnostic(
                    span: name.span, reason: .clauseNotAllowed(clause: "by \(name.text)", statement: "forecast"))
            }
            try forecastWindow(clauses.period, into: &plan)
        case .diagnose(let name):
            plan = Plan(intent: .diagnose)
            plan.metrics = try metrics([name])
            plan.dimensions = try dimensions(clauses.by)
            plan.period = try period(clauses.period, default: .last(.month), intent: .diagnose)
        case .funnel:
            plan = Plan(intent: .funnel)
            plan.dimensions = try dimensions(clauses.by)
            plan.period = try period(clauses.period, default: .last(.month), intent: .funnel)
        case .scorecard(let name):
            plan = Plan(intent: .scorecard)
            plan.dimensions = [try name.map(dimension) ?? "rep"]
            plan.period = try period(clauses.period, default: .last(.month), intent: .scorecard)
            if let using = clauses.using {
                if !vocabulary.plans.isEmpty && !vocabulary.plans.contains(using.text) {
                    throw Diagnostic(
                        span: using.span, reason: .unknownPlan(using.text),
                        suggestions: closeNames(to: using.text, among: vocabulary.plans))
                }
                plan.using = using.text
            }
        case .setTarget(let metricName, let value, let scope):
            plan = Plan(intent: .target)
            plan.metrics = try metrics([metricName])
            plan.value = value
            if let scope, let dimensionName = scope.dimension, let scopeValue = scope.value {
                let id = try dimension(dimensionName)
                guard ["region", "team", "rep"].contains(id) else {
                    throw Diagnostic(span: dimensionName.span, reason: .scopeNotAllowed(dimensionName.text))
                }
                plan.filters = [Filter(field: id, op: .equal, values: [.text(try dimensionValue(id, scopeValue))])]
            }
            guard let periodSyntax = clauses.period else {
                throw Diagnostic(
                    span: statement.span.upperBound..<statement.span.upperBound,
                    reason: .missingPeriod(statement: "set target"))
            }
            plan.period = try period(periodSyntax, default: .last(.month), intent: .target)
        case .define(let name, let expression, let filterSyntax):
            plan = Plan(intent: .define)
            try checkFreeName(name)
            let filters = try filterSyntax.map(filter)
            if let metricFilter = zip(filterSyntax, filters).first(where: {
                vocabulary.metric(named: $0.1.field) != nil && vocabulary.dimension(named: $0.1.field) == nil
            }) {
                throw Diagnostic(
                    span: metricFilter.0.field.span, reason: .unknownDimension(metricFilter.0.field.text),
                    suggestions: closeNames(to: metricFilter.0.field.text, among: vocabulary.dimensionNames))
            }
            plan.definition = MetricDefinition(
                name: name.text, expression: try metricExpression(expression, filters: filters, defining: name.text))
        case .alias(let name, let target):
            plan = Plan(intent: .alias)
            try checkFreeName(name, allowExistingAlias: true)
            guard let id = vocabulary.metric(named: target.text) ?? vocabulary.dimension(named: target.text) else {
                throw Diagnostic(
                    span: target.span, reason: .unknownName(target.text),
                    suggestions: closeNames(to: target.text, among: vocabulary.metricNames + vocabulary.dimensionNames))
            }
            plan.alias = AliasDefinition(name: name.text, target: id)
        case .show(let topic):
            plan = Plan(intent: .show)
            let word = topic.text.lowercased()
            guard Planner.showTopics.contains(word) else {
                throw Diagnostic(
                    span: topic.span,
                    reason: .unexpected(expected: Planner.showTopics.map { .keyword($0) }, found: topic.text),
                    suggestions: closeNames(to: word, among: Planner.showTopics))
            }
            plan.show = word
            if let periodSyntax = clauses.period {
                guard word == "targets" else {
                    throw Diagnostic(
                        span: periodSyntax.span,
                        reason: .clauseNotAllowed(clause: "in \(periodSyntax.spec.label)", statement: "show \(word)"))
                }
                plan.period = try period(periodSyntax, default: .last(.month), intent: .target)
            }
        }
        plan.filters += try clauses.filters.map(filter)
        if let compare = clauses.compare, let base = plan.period {
            plan.compareTo = try compareTo(compare, base: base, spec: clauses.period?.spec ?? .last(.month))
            if let also = clauses.compareAlso {
                plan.compareAlso = try compareTo(also, base: base, spec: clauses.period?.spec ?? .last(.month))
            }
        } else if plan.intent == .diagnose, let base = plan.period {
            plan.compareTo = try compareTo(
                .previous(span: statement.span), base: base, spec: clauses.period?.spec ?? .last(.month))
        }
        if plan.intent != .forecast {
            plan.grain = plan.dimensions.compactMap(TimeGrain.init(rawValue:)).min()
        }
        plan.source = .query
        plan.confidence = 1
        return plan
    }

    // MARK: - Names

    private func metrics(_ names: [Name], firstMayBeKeyword: Bool = false) throws(Diagnostic) -> [String] {
        var ids: [String] = []
        for (position, name) in names.enumerated() {
            guard let id = vocabulary.metric(named: name.text) else {
                var candidates = vocabulary.metricNames
                if position == 0 && firstMayBeKeyword { candidates += Parser.statementKeywords }
                throw Diagnostic(
                    span: name.span, reason: .unknownMetric(name.text),
                    suggestions: closeNames(to: name.text, among: candidates))
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    private func dimension(_ name: Name) throws(Diagnostic) -> String {
        guard let id = vocabulary.dimension(named: name.text) else {
            throw Diagnostic(
                span: name.span, reason: .unknownDimension(name.text),
                suggestions: closeNames(to: name.text, among: vocabulary.dimensionNames))
        }
        return id
    }

    private func dimensions(_ names: [Name]) throws(Diagnostic) -> [String] {
        var ids: [String] = []
        for name in names {
            let id = try dimension(name)
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    private func orderField(_ name: Name, among selected: [String], changes: [String] = []) throws(Diagnostic)
        -> String
    {
        if let id = vocabulary.metric(named: name.text) ?? vocabulary.dimension(named: name.text), selected.contains(id)
        {
            return id
        }
        if changes.contains(name.text.lowercased()) { return name.text.lowercased() }
        let candidates =
            selected + selected.compactMap { vocabulary.metricEntry($0)?.zh ?? vocabulary.dimensionEntry($0)?.zh }
        throw Diagnostic(
            span: name.span, reason: .orderNotSelected(name: name.text, selected: selected),
            suggestions: closeNames(to: name.text, among: candidates))
    }

    private func checkFreeName(_ name: Name, allowExistingAlias: Bool = false) throws(Diagnostic) {
        let isAlias = vocabulary.aliases[name.text] != nil
        let taken =
            (vocabulary.metric(named: name.text) != nil || vocabulary.dimension(named: name.text) != nil)
            && !(allowExistingAlias && isAlias)
        if taken || Planner.reservedWords.contains(name.text.lowercased()) || name.text.isEmpty {
            throw Diagnostic(span: name.span, reason: .nameTaken(name.text))
        }
    }

    // MARK: - Filters

    private func filter(_ syntax: FilterSyntax) throws(Diagnostic) -> Filter {
        let field = syntax.field
        var op = syntax.op
        if let metric = vocabulary.metric(named: field.text), vocabulary.dimension(named: field.text) == nil {
            var values: [FilterValue] = []
            for value in syntax.values {
                guard case .number(let number) = value.kind else {
                    throw Diagnostic(span: value.span, reason: .textForMetric(metric: field.text))
                }
                values.append(.number(number))
            }
            return Filter(field: metric, op: normalized(op, count: values.count), values: values)
        }
        guard let dimension = vocabulary.dimension(named: field.text) else {
            throw Diagnostic(
                span: field.span, reason: .unknownName(field.text),
                suggestions: closeNames(to: field.text, among: vocabulary.metricNames + vocabulary.dimensionNames))
        }
        if TimeGrain(rawValue: dimension) != nil {
            throw Diagnostic(span: field.span, reason: .timeDimensionFilter(field.text))
        }
        if op.isComparison {
            throw Diagnostic(
                span: syntax.opSpan, reason: .comparisonOnDimension(dimension: field.text, op: op.rawValue))
        }
        var values: [FilterValue] = []
        for value in syntax.values {
            let text = FilterValue.text(try dimensionValue(dimension, value))
            if !values.contains(text) { values.append(text) }
        }
        op = normalized(op, count: values.count)
        return Filter(field: dimension, op: op, values: values)
    }

    /// `in` with one value is `=`, `not in` with one is `!=`: the same plan either way.
    private func normalized(_ op: FilterOperator, count: Int) -> FilterOperator {
        guard count == 1 else { return op }
        switch op {
        case .in: return .equal
        case .notIn: return .notEqual
        default: return op
        }
    }

    /// A dimension value as the data spells it; unknown values are errors with suggestions when
    /// the workspace knows the dimension's values.
    private func dimensionValue(_ dimension: String, _ value: ValueSyntax) throws(Diagnostic) -> String {
        let text: String
        switch value.kind {
        case .text(let word): text = word
        case .number: text = value.raw
        }
        guard let known = vocabulary.values(of: dimension), !known.isEmpty else { return text }
        if known.contains(text) { return text }
        if let match = known.first(where: { $0.lowercased() == text.lowercased() }) { return match }
        throw Diagnostic(
            span: value.span, reason: .unknownValue(dimension: dimension, value: text),
            suggestions: closeNames(to: text, among: known))
    }

    // MARK: - Expressions

    private func metricExpression(_ syntax: ExpressionSyntax, filters: [Filter], defining: String) throws(Diagnostic)
        -> MetricExpression
    {
        switch syntax {
        case .metric(let name):
            if name.text == defining { throw Diagnostic(span: name.span, reason: .selfReference(name.text)) }
            return .metric(try metrics([name])[0], filters: filters)
        case .number(let value, _):
            return .number(value)
        case .binary(let op, let left, let right):
            return .binary(
                op, try metricExpression(left, filters: filters, defining: defining),
                try metricExpression(right, filters: filters, defining: defining))
        }
    }

    // MARK: - Periods

    private func period(_ syntax: PeriodSyntax?, default fallback: PeriodSpec, intent: Intent) throws(Diagnostic)
        -> Period
    {
        let spec = syntax?.spec ?? fallback
        let span = syntax?.span ?? 0..<0
        switch spec.period(for: intent, default: fallback, asOf: asOf) {
        case .success(let period): return period
        case .failure(.invalid): throw Diagnostic(span: span, reason: .invalidPeriod(spec.label))
        case .failure(.afterAsOf(let period)):
            throw Diagnostic(span: span, reason: .periodAfterAsOf(label: period.label, asOf: asOf))
        }
    }

    private func compareTo(_ compare: CompareSyntax, base: Period, spec: PeriodSpec) throws(Diagnostic) -> Period {
        switch compare {
        case .previous: return spec.previous(of: base)
        case .lastYear: return spec.lastYear(of: base)
        case .period(let syntax):
            var period = try period(syntax, default: .last(.month), intent: .compare)
            // `vs last years` and `vs last 1 year` name the whole previous year, not `vs last year`
            // (the same span a year earlier): their canonical text is the year itself, so the two
            // stay apart.
            if period.label == "last year" { period.label = TimeGrain.year.label(of: period.start) }
            return period
        }
    }

    private func forecastWindow(_ syntax: PeriodSyntax?, into plan: inout Plan) throws(Diagnostic) {
        let spec = syntax?.spec ?? .next(1, .month)
        guard let (window, horizon, grain) = spec.forecastWindow(asOf: asOf) else {
            throw Diagnostic(span: syntax?.span ?? 0..<0, reason: .invalidPeriod(spec.label))
        }
        plan.period = window
        plan.horizon = horizon
        plan.grain = grain
    }
}
