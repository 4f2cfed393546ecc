import Model

/// Who an answer counts (METRICS.md, "Members without facts are not dropped"): by rep, team or
/// region every member on the books in P (reps hired by P's end and not gone before its start,
/// with their teams and regions); by product every product, by category every category; by a
/// time grain every cell of P. Members without facts get 0 for sums and counts and no value for
/// a ratio whose denominator is 0 (the metric columns' own empty values), so "bottom 3 rep by
/// revenue" finds the reps who sold nothing. The one place that decides a dimension's members.
///
/// A breakdown by two attributes (rep × product) counts the pairs the facts reach, as a cross
/// product of members would list pairs that cannot exist (a rep in another team's region);
/// customers, segments and channels have no roster either: their members are those with facts.
enum Population {
    /// The group ids of the members, or nil when the plan's dimensions have no roster.
    static func ids(frame: Frame, plan: ResolvedPlan, columns: Columns) -> [Int]? {
        guard frame.space.isDense, !plan.dimensions.isEmpty else { return nil }
        let attributes = frame.layout.attributes
        guard attributes.count <= 1 else { return nil }
        let codes: [Int32]
        if let attribute = attributes.first {
            guard let members = members(attribute, plan: plan, columns: columns) else { return nil }
            codes = members
        } else {
            codes = [0]
        }
        let timeKeys = frame.layout.grains.isEmpty ? [0] : frame.current.cells.map(\.timeKey)
        let count = frame.layout.attributeCount
        var ids: [Int] = []
        ids.reserveCapacity(codes.count * timeKeys.count)
        for timeKey in timeKeys {
            for code in codes { ids.append(Int(frame.space.id(for: timeKey * count + Int(code)))) }
        }
        return ids
    }

    /// The codes of an attribute's members in P that pass the plan's filters on their own
    /// attributes (a rep's team and region, a product's category).
    static func members(_ attribute: Attribute, plan: ResolvedPlan, columns: Columns) -> [Int32]? {
        let period = plan.period
        let reps = columns.reps
        let onTheBooks = (1..<max(reps.count, 1)).filter { code in
            reps.isOnTheBooks(code, from: period.start, through: period.end)
                && passes(
                    plan.dimensionFilters,
                    [
                        .rep: reps.names[code], .team: columns.label(.team, reps.team[code]),
                        .region: columns.label(.region, reps.region[code]),
                    ])
        }
        switch attribute {
        case .rep:
            return onTheBooks.map(Int32.init)
        case .team:
            return Array(Set(onTheBooks.map { reps.team[$0] }.filter { $0 != 0 })).sorted()
        case .region:
            return Array(Set(onTheBooks.map { reps.region[$0] }.filter { $0 != 0 })).sorted()
        case .product, .category:
            let products = columns.products
            let kept = (1..<max(products.count, 1)).filter { code in
                passes(
                    plan.dimensionFilters,
                    [
                        .product: products.names[code], .category: columns.label(.category, products.category[code]),
                    ])
            }
            if attribute == .product { return kept.map(Int32.init) }
            return Array(Set(kept.map { products.category[$0] }.filter { $0 != 0 })).sorted()
        case .customer, .segment, .channel:
            return nil
        }
    }

    /// Whether a member with these attribute values passes the filters that speak of them;
    /// filters on anything else (a channel, a customer) do not decide who is a member.
    private static func passes(_ filters: [Filter], _ values: [Attribute: String?]) -> Bool {
        filters.allSatisfy { filter in
            guard let attribute = Attribute(rawValue: filter.field), let entry = values[attribute] else { return true }
            let value = entry ?? ""
            let named = filter.values.map(\.description)
            switch filter.op {
            case .equal, .in: return named.contains(value)
            case .notEqual, .notIn: return !named.contains(value)
            default: return true
            }
        }
    }
}
