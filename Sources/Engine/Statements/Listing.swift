import Model

/// `show …`: the catalog, the data's members, targets and aliases, as answers.
struct Listing {
    let columns: Columns
    let state: UserState

    func answer(_ plan: Plan) throws -> Answer {
        let what = (plan.show ?? "metrics").lowercased()
        switch what {
        case "metrics", "metric": return metrics(plan)
        case "dimensions", "dimension": return dimensions(plan)
        case "targets", "target": return try targets(plan)
        case "aliases", "alias": return aliases(plan)
        default:
            guard let attribute = Self.attributes[what] else { throw EngineError.unknownShow(what) }
            return members(attribute, plan)
        }
    }

    private static let attributes: [String: Attribute] = [
        "regions": .region, "region": .region, "teams": .team, "team": .team, "reps": .rep, "rep": .rep,
        "products": .product, "product": .product, "categories": .category, "category": .category,
        "channels": .channel, "channel": .channel, "segments": .segment, "segment": .segment,
        "customers": .customer, "customer": .customer,
    ]

    private func metrics(_ plan: Plan) -> Answer {
        var rows: [[Cell]] = Catalog.metrics.map { metric in
            [
                .text(metric.id), .text(metric.zh), .text(metric.en), .text(metric.unit.rawValue),
                .text(metric.definition.zh), .text(metric.definition.en),
            ]
        }
        let expressions = state.expressions
        for definition in state.definitions {
            let text = ExpressionText.text(of: definition.expression)
            let unit = Cuts.unit(definition.name, definitions: expressions).map { Cell.text($0.rawValue) } ?? .null
            rows.append([
                .text(definition.name), .text(definition.name), .text(definition.name), unit, .text(text), .text(text),
            ])
        }
        return Answer(
            plan: plan, title: Localized(zh: "指标", en: "Metrics"),
            columns: ["metric", "zh", "en", "unit", "definition_zh", "definition_en"], rows: rows)
    }

    private func dimensions(_ plan: Plan) -> Answer {
        let rows: [[Cell]] = Catalog.dimensions.map { dimension in
            let members =
                Attribute(rawValue: dimension.id).map { Cell.number(Double(columns.members($0).count)) } ?? .null
            return [.text(dimension.id), .text(dimension.zh), .text(dimension.en), members]
        }
        return Answer(
            plan: plan, title: Localized(zh: "维度", en: "Dimensions"), columns: ["dimension", "zh", "en", "members"],
            rows: rows)
    }

    private func members(_ attribute: Attribute, _ plan: Plan) -> Answer {
        let name = Names.dimension(attribute.rawValue)
        let title = Localized(zh: "全部\(name.zh)", en: Titles.plural(name.en).capitalizedFirst)
        func text(_ value: String?) -> Cell { value.map(Cell.text) ?? .null }
        // Every listing in people's order of names: 华东一组, 华东二组, 华东三组.
        func ordered(_ rows: [[Cell]]) -> [[Cell]] {
            rows.sorted { naturallyBefore($0.first?.text ?? "", $1.first?.text ?? "") }
        }
        switch attribute {
        case .team:
            // A team's region is its first rep's.
            var regionOfTeam: [Int32: Int32] = [:]
            for rep in 1..<columns.reps.count where regionOfTeam[columns.reps.team[rep]] == nil {
                regionOfTeam[columns.reps.team[rep]] = columns.reps.region[rep]
            }
            let rows = (1..<Int32(columns.teams.count)).map { team in
                [text(columns.label(.team, team)), text(columns.label(.region, regionOfTeam[team] ?? 0))]
            }
            return Answer(plan: plan, title: title, columns: ["team", "region"], rows: ordered(rows))
        case .rep:
            let rows = (1..<columns.reps.count).map { rep in
                [
                    text(columns.reps.names[rep]), text(columns.label(.team, columns.reps.team[rep])),
                    text(columns.label(.region, columns.reps.region[rep])),
                ]
            }
            return Answer(plan: plan, title: title, columns: ["rep", "team", "region"], rows: ordered(rows))
        case .product:
            let rows = (1..<columns.products.count).map { product in
                [
                    text(columns.products.names[product]),
                    text(columns.label(.category, columns.products.category[product])),
                ]
            }
            return Answer(plan: plan, title: title, columns: ["product", "category"], rows: ordered(rows))
        case .customer:
            let rows = (1..<columns.customers.count).map { customer in
                [
                    text(columns.customers.names[customer]),
                    text(columns.label(.region, columns.customers.region[customer])),
                    text(columns.label(.segment, columns.customers.segment[customer])),
                ]
            }
            return Answer(plan: plan, title: title, columns: ["customer", "region", "segment"], rows: ordered(rows))
        default:
            let rows = columns.members(attribute).map { [Cell.text($0)] }
            return Answer(plan: plan, title: title, columns: [attribute.rawValue], rows: ordered(rows))
        }
    }

    private func targets(_ plan: Plan) throws -> Answer {
        let scopeOrder = ["company": 0, "region": 1, "team": 2, "rep": 3]
        let rows = try state.targets.rows()
            .filter { row in plan.period.map { row.start <= $0.end && row.end >= $0.start } ?? true }
            .sorted { left, right in
                (left.start, scopeOrder[left.scope] ?? 9, left.scopeValue ?? "", left.end)
                    < (right.start, scopeOrder[right.scope] ?? 9, right.scopeValue ?? "", right.end)
            }
            .map { row -> [Cell] in
                [
                    .text(row.scope), row.scopeValue.map(Cell.text) ?? .null, .text(row.start.iso), .text(row.end.iso),
                    .text(row.metric), .number(row.value),
                ]
            }
        let period = plan.period.map(Titles.text(of:))
        return Answer(
            plan: plan,
            title: Localized(
                zh: (period.map { $0.zh + " " } ?? "") + "目标", en: "Targets" + (period.map { ", " + $0.en } ?? "")),
            columns: ["scope", "scope_value", "period_start", "period_end", "metric", "value"], rows: rows)
    }

    private func aliases(_ plan: Plan) -> Answer {
        let rows = state.aliases.sorted { $0.key < $1.key }.map { [Cell.text($0.key), Cell.text($0.value)] }
        return Answer(plan: plan, title: Localized(zh: "别名", en: "Aliases"), columns: ["alias", "target"], rows: rows)
    }
}

/// A metric expression written back as query text: `revenue where channel = "线上"`,
/// `gross_profit / orders`.
enum ExpressionText {
    static func text(of expression: MetricExpression) -> String {
        switch expression {
        case .metric(let name, let filters):
            guard !filters.isEmpty else { return name }
            return name + " where " + filters.map(text(of:)).joined(separator: " and ")
        case .number(let number):
            return formatNumber(number)
        case .binary(let op, let left, let right):
            return operand(left, op, isRight: false) + " \(op.rawValue) " + operand(right, op, isRight: true)
        }
    }

    static func text(of filter: Filter) -> String {
        func value(_ value: FilterValue) -> String {
            switch value {
            case .text(let text): return "\"\(text)\""
            case .number(let number): return formatNumber(number)
            }
        }
        if filter.op == .in || filter.op == .notIn {
            return "\(filter.field) \(filter.op.rawValue) (" + filter.values.map(value).joined(separator: ", ") + ")"
        }
        return "\(filter.field) \(filter.op.rawValue) " + (filter.values.first.map(value) ?? "")
    }

    private static func operand(_ expression: MetricExpression, _ parent: ArithmeticOperator, isRight: Bool) -> String {
        let inner = text(of: expression)
        if case .binary(let op, _, _) = expression,
            op.precedence < parent.precedence
                || (isRight && op.precedence == parent.precedence && (parent == .subtract || parent == .divide))
        {
            return "(\(inner))"
        }
        if case .metric(_, let filters) = expression, !filters.isEmpty { return "(\(inner))" }
        return inner
    }
}
