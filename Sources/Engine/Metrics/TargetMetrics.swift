import Model

extension Evaluation {
    /// A scope a target can be set for, with the codes it has in each attribute and its reps.
    private struct ScopeMember {
        var region: Int32 = 0
        var team: Int32 = 0
        var rep: Int32 = 0
        /// The reps whose targets add up to the member's when it has none of its own.
        var reps: [Int32]

        func code(_ attribute: Attribute) -> Int32 {
            switch attribute {
            case .region: region
            case .team: team
            case .rep: rep
            default: 0
            }
        }
    }

    /// METRICS.md's target: SUM(targets.value) of revenue targets overlapping P for the scope —
    /// its own target where one is set, else the sum of its reps' targets (company: all reps).
    /// The scope is the finest of region, team and rep among the plan's dimensions and filters;
    /// members of that scope add up into the answer's groups.
    ///
    /// `wholeSpan`: targets overlapping the whole calendar span each cell is part of (this
    /// quarter so far → the quarter's three months), which pace against target measures against.
    func target(_ filters: [Filter], wholeSpan: Bool = false) throws -> MetricColumn {
        let named = Set(layout.attributes).union(filters.compactMap { Attribute(rawValue: $0.field) })
        let level: TargetScopeLevel =
            named.contains(.rep) ? .rep : named.contains(.team) ? .team : named.contains(.region) ? .region : .company
        let members = scopeMembers(level)
        let attributeFilters = attributeFilters(filters)
        let admitted = members.indices.filter { index in
            attributeFilters.allSatisfy { filter in filter.passes[Int(members[index].code(filter.attribute))] }
        }
        let memberOfValue = memberIndex(level, members)
        let repOfName = Dictionary(
            columns.reps.names.enumerated().dropFirst().map { ($0.element, Int32($0.offset)) },
            uniquingKeysWith: { first, _ in first })
        let revenueTargets = try targets.rows().filter { $0.metric == "revenue" }
        let attributeCount = layout.attributeCount

        var result = MetricColumn(count: space.count, empty: .nan)
        for cell in cells.cells {
            var own = [Double?](repeating: nil, count: members.count)
            var repTargets = [Double?](repeating: nil, count: columns.reps.count)
            let end = wholeSpan ? fullEnd(of: cell) : cell.end
            for row in revenueTargets where row.start <= end && row.end >= cell.start {
                if row.scope == level.rawValue, let member = memberOfValue(row.scopeValue) {
                    own[member] = (own[member] ?? 0) + row.value
                }
                if row.scope == "rep", let name = row.scopeValue, let rep = repOfName[name] {
                    repTargets[Int(rep)] = (repTargets[Int(rep)] ?? 0) + row.value
                }
            }
            for index in admitted {
                let member = members[index]
                let value: Double?
                if let ownValue = own[index] {
                    value = ownValue
                } else {
                    value = member.reps.reduce(nil as Double?) { sum, rep in
                        guard let target = repTargets[Int(rep)] else { return sum }
                        return (sum ?? 0) + target
                    }
                }
                guard let value else { continue }
                let attributeKey = layout.attributeKey(layout.attributes.map { member.code($0) })
                result.add(Int(space.id(for: cell.timeKey * attributeCount + attributeKey)), value)
            }
        }
        return result
    }

    /// revenue / target for the same scope and P; NULL where there is no target.
    func attainment(_ filters: [Filter]) throws -> MetricColumn {
        let revenue = try column("revenue", filters: filters)
        let target = try column("target", filters: filters)
        var result = MetricColumn(count: space.count, empty: .nan)
        for id in 0..<max(revenue.values.count, target.values.count)
        where revenue.isPresent(id) || target.isPresent(id) {
            let goal = target.value(id)
            result.set(id, goal.isNaN || goal == 0 ? .nan : revenue.value(id) / goal)
        }
        return result
    }

    private enum TargetScopeLevel: String {
        case company, region, team, rep
    }

    private func scopeMembers(_ level: TargetScopeLevel) -> [ScopeMember] {
        let reps = columns.reps
        let allReps = (1..<Int32(reps.count)).map { $0 }
        switch level {
        case .company:
            return [ScopeMember(reps: allReps)]
        case .region:
            return (1..<Int32(columns.regions.count)).map { region in
                ScopeMember(region: region, reps: allReps.filter { reps.region[Int($0)] == region })
            }
        case .team:
            return (1..<Int32(columns.teams.count)).map { team in
                let members = allReps.filter { reps.team[Int($0)] == team }
                // A team's region is its reps' (the first rep's, should they differ).
                return ScopeMember(region: members.first.map { reps.region[Int($0)] } ?? 0, team: team, reps: members)
            }
        case .rep:
            return allReps.map { rep in
                ScopeMember(region: reps.region[Int(rep)], team: reps.team[Int(rep)], rep: rep, reps: [rep])
            }
        }
    }

    /// The member a target row's `scope_value` names, at the level.
    private func memberIndex(_ level: TargetScopeLevel, _ members: [ScopeMember]) -> (String?) -> Int? {
        switch level {
        case .company:
            return { _ in 0 }
        case .region:
            return { value in value.flatMap { self.columns.regions.existingCode(for: $0) }.map { Int($0) - 1 } }
        case .team:
            return { value in value.flatMap { self.columns.teams.existingCode(for: $0) }.map { Int($0) - 1 } }
        case .rep:
            let names = Dictionary(
                members.enumerated().map { (self.columns.reps.names[Int($0.element.rep)], $0.offset) },
                uniquingKeysWith: { first, _ in first })
            return { value in value.flatMap { names[$0] } }
        }
    }
}
