import Model

/// Writes a plan back as the shortest query that parses to the same plan: defaults are left
/// out (`in last month`, `top 1`, `vs previous` for diagnose), names are written as ids, clauses
/// in the grammar's order.
///
///     canonicalQuery(for: plan)   // "top 3 region by revenue in last 3 months"
public func canonicalQuery(for plan: Plan) -> String {
    CanonicalPrinter(plan: plan).text
}

struct CanonicalPrinter {
    let plan: Plan

    var text: String {
        var parts: [String] = []
        switch plan.intent {
        case .value, .breakdown, .compare:
            parts.append(list(plan.metrics))
            parts.append(by(plan.dimensions))
            parts.append(filters(plan.filters))
            parts.append(period(default: "last month"))
            parts.append(compare(omitting: nil))
            if let orderBy = plan.orderBy {
                parts.append("order by \(name(orderBy))" + (plan.order == .descending ? " desc" : ""))
            }
            if let limit = plan.limit { parts.append("limit \(limit)") }
        case .trend:
            var dimensions = plan.dimensions
            if dimensions.first == TimeGrain.month.rawValue
                && !dimensions.dropFirst().contains(where: { TimeGrain(rawValue: $0) != nil })
            {
                dimensions.removeFirst()
            }
            parts.append("trend " + list(plan.metrics))
            parts.append(by(dimensions))
            parts.append(filters(plan.filters))
            parts.append(period(default: "last 12 months"))
        case .rank:
            let word = plan.order == .ascending ? "bottom" : "top"
            let count = plan.limit.map { $0 == 1 ? "" : " \($0)" } ?? ""
            parts.append("\(word)\(count) \(list(plan.dimensions)) by \(list(plan.metrics))")
            parts.append(filters(plan.filters))
            parts.append(period(default: "last month"))
            parts.append(compare(omitting: nil))
        case .forecast:
            parts.append("forecast " + list(plan.metrics))
            // next 3 months stands alone; a span named outright (2027-Q2) takes `in`.
            if let label = plan.period?.label, label != "next month" {
                parts.append(label.hasPrefix("next ") ? label : "in " + label)
            }
            parts.append(by(plan.dimensions))
            parts.append(filters(plan.filters))
        case .diagnose:
            parts.append("diagnose " + list(plan.metrics))
            parts.append(by(plan.dimensions))
            parts.append(filters(plan.filters))
            parts.append(period(default: "last month"))
            parts.append(compare(omitting: "previous"))
        case .funnel:
            parts.append("funnel")
            parts.append(by(plan.dimensions))
            parts.append(filters(plan.filters))
            parts.append(period(default: "last month"))
        case .scorecard:
            let dimension = plan.dimensions.first ?? "rep"
            parts.append(dimension == "rep" ? "scorecard" : "scorecard \(name(dimension))")
            parts.append(filters(plan.filters))
            parts.append(period(default: "last month"))
            if let using = plan.using { parts.append("using \(name(using))") }
        case .target:
            var head = "set target \(list(plan.metrics)) \(formatNumber(plan.value ?? 0))"
            if let scope = plan.filters.first, let value = scope.values.first {
                head += " for \(scope.field) \(literal(value))"
            }
            parts.append(head)
            if let label = plan.period?.label { parts.append("in \(label)") }
        case .define:
            if let definition = plan.definition {
                parts.append(
                    "define metric \(name(definition.name)) = \(expression(definition.expression, parent: 0, right: false))"
                )
                if case .metric(_, let shared)? = firstLeaf(definition.expression), !shared.isEmpty {
                    parts.append(filters(shared))
                }
            }
        case .alias:
            if let alias = plan.alias { parts.append("alias \(name(alias.name)) = \(name(alias.target))") }
        case .show:
            parts.append("show \(plan.show ?? "metrics")")
            if let label = plan.period?.label { parts.append("in \(label)") }
        }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    // MARK: - Pieces

    private func list(_ names: [String]) -> String { names.map(name).joined(separator: ", ") }

    private func by(_ dimensions: [String]) -> String {
        dimensions.isEmpty ? "" : "by " + list(dimensions)
    }

    private func period(default label: String) -> String {
        guard let period = plan.period, period.label != label else { return "" }
        return "in \(period.label)"
    }

    private func compare(omitting label: String?) -> String {
        guard let compareTo = plan.compareTo else { return "" }
        if let also = plan.compareAlso { return "vs \(compareTo.label) and \(also.label)" }
        guard compareTo.label != label else { return "" }
        return "vs \(compareTo.label)"
    }

    private func filters(_ filters: [Filter]) -> String {
        guard !filters.isEmpty else { return "" }
        return "where "
            + filters.map { filter in
                let field = name(filter.field)
                switch filter.op {
                case .in, .notIn:
                    return "\(field) \(filter.op.rawValue) (\(filter.values.map(literal).joined(separator: ", ")))"
                default:
                    return "\(field) \(filter.op.rawValue) \(filter.values.first.map(literal) ?? "")"
                }
            }.joined(separator: " and ")
    }

    private func expression(_ expression: MetricExpression, parent: Int, right: Bool) -> String {
        switch expression {
        case .metric(let metric, _): return name(metric)
        case .number(let value): return formatNumber(value)
        case .binary(let op, let left, let rightSide):
            let text =
                "\(self.expression(left, parent: op.precedence, right: false)) \(op.rawValue) "
                + self.expression(rightSide, parent: op.precedence, right: true)
            // The parser is left-associative: a right operand of equal strength keeps its parentheses.
            let needsParentheses = right ? op.precedence <= parent : op.precedence < parent
            return needsParentheses ? "(\(text))" : text
        }
    }

    private func firstLeaf(_ expression: MetricExpression) -> MetricExpression? {
        switch expression {
        case .metric: return expression
        case .number: return nil
        case .binary(_, let left, let right): return firstLeaf(left) ?? firstLeaf(right)
        }
    }

    /// A name as a bare word when it reads back as one, else quoted. (User metrics and aliases
    /// cannot take a reserved word, so ids like `target` stay bare.)
    private func name(_ text: String) -> String {
        isBareWord(text) ? text : quoted(text)
    }

    private func literal(_ value: FilterValue) -> String {
        switch value {
        case .number(let number): return number < 0 ? "-" + formatNumber(-number) : formatNumber(number)
        case .text(let text): return isBareWord(text) ? text : quoted(text)
        }
    }

    private func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "\"" + escaped + "\""
    }

    private func isBareWord(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
    }
}
