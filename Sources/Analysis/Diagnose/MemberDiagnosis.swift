import Engine
import Model

/// 彭霞为什么业绩不好: why one rep (or team) is behind. A member has no parts to split a change
/// into, so the answer is her process and pipeline against her peers' medians and her own
/// previous period — calls, visits, demos, follow-ups, win rate, pipeline, average deal — the
/// largest shortfall against the peers first, and the recommendation that follows from it.
struct MemberDiagnosis {
    let engine: MetricEngine
    let asOf: Day

    /// What a rep's results rest on, in the order a sales manager looks at them.
    static let drivers = [
        "revenue", "attainment", "calls", "visits", "demos", "follow_ups", "win_rate", "pipeline_value",
        "avg_order_value",
    ]

    /// The member a plan is about: one rep or one team named by a filter, and no breakdown.
    static func member(of plan: Plan) -> (dimension: String, name: String)? {
        guard plan.dimensions.filter({ TimeGrain(rawValue: $0) == nil }).isEmpty else { return nil }
        let named = plan.filters.filter {
            ["rep", "team"].contains($0.field) && $0.op == .equal && $0.values.count == 1
        }
        guard named.count == 1, let value = named[0].values.first else { return nil }
        return (named[0].field, value.description)
    }

    func answer(_ plan: Plan, member: (dimension: String, name: String), period: Period, previous: Period) throws
        -> Answer
    {
        let others = plan.filters.filter { $0.field != member.dimension }
        // Peers: the member's team for a rep, every team for a team.
        var peerFilters = others
        if member.dimension == "rep", let team = try team(of: member.name, period: period) {
            peerFilters.append(Filter(field: "team", op: .equal, values: [.text(team)]))
        }
        let metrics = Self.drivers.filter { engine.allows($0, by: member.dimension) }
        let peers = try engine.execute(
            Plan(
                intent: .breakdown, metrics: metrics, dimensions: [member.dimension], filters: peerFilters,
                period: period),
            asOf: asOf)
        let before = try engine.execute(
            Plan(
                intent: .breakdown, metrics: metrics, dimensions: [member.dimension], filters: peerFilters,
                period: previous),
            asOf: asOf)
        guard let mine = peers.rows.first(where: { $0[0].text == member.name }) else {
            throw AnalysisError.incomplete(
                Localized(
                    zh: "\(member.name) 在 \(period.label) 没有可比较的数据。",
                    en: "\(member.name) has nothing to compare in \(period.label)."))
        }
        let earlier = before.rows.first { $0[0].text == member.name }
        var rows: [(cells: [Cell], shortfall: Double)] = []
        for (index, metric) in metrics.enumerated() {
            let column = index + 1
            let others = peers.rows.filter { $0[0].text != member.name }.compactMap { $0[column].number }
            let median = Statistics.median(others)
            let value = mine[column].number
            let last = earlier?[column].number
            let lowerIsBetter = !(engine.baseMetric(of: metric)?.upIsGood ?? true)
            // How far below the peers, as a share of their median (negative: above them).
            var shortfall = Double.nan
            if let value, median.isFinite, median != 0 {
                shortfall = lowerIsBetter ? (value - median) / median : (median - value) / median
            }
            let cells: [Cell] = [
                .text(metric), value.map(Cell.number) ?? .null, median.isFinite ? .number(median) : .null,
                last.map(Cell.number) ?? .null, shortfall.isFinite ? .number(-shortfall) : .null,
            ]
            rows.append((cells, shortfall))
        }
        rows.sort {
            ($0.shortfall.isNaN ? -.infinity : $0.shortfall) > ($1.shortfall.isNaN ? -.infinity : $1.shortfall)
        }
        var answer = Answer(
            plan: plan,
            title: Localized(
                zh: "\(member.name) · \(period.label) 与同事中位数、上期对比",
                en: "\(member.name), \(period.label): against peers' median and the period before"),
            columns: ["metric", "value", "peers_median", "previous", "vs_peers"], rows: rows.map(\.cells),
            notes: [
                Localized(
                    zh:
                        "同事：\(peerFilters.contains { $0.field == "team" } ? "同团队的销售员" : "其他\(member.dimension == "team" ? "团队" : "成员")")；vs_peers 为高于（+）或低于（−）同事中位数的幅度，最落后的排在最前。上期为 \(previous.label)。",
                    en:
                        "peers: \(peerFilters.contains { $0.field == "team" } ? "the reps of the same team" : "the other \(member.dimension == "team" ? "teams" : "members")"); vs_peers is how far above (+) or below (−) the peers' median, the furthest behind first. The period before is \(previous.label)."
                )
            ])
        if let worst = rows.first, worst.shortfall > 0.2, case .text(let metric) = worst.cells[0] {
            let name = Localized(zh: Catalog.metric(metric)?.zh ?? metric, en: Catalog.metric(metric)?.en ?? metric)
            let value = worst.cells[1].number ?? 0
            let median = worst.cells[2].number ?? 0
            answer.recommendations = [
                Recommendation(
                    text: Localized(
                        zh:
                            "\(member.name)最落后的是\(name.zh)：比同事中位数低 \(Numbers.percent(worst.shortfall, decimals: 0).zh)。先从这里辅导，设定每周目标并跟进。",
                        en:
                            "\(member.name) is furthest behind on \(name.en): \(Numbers.percent(worst.shortfall, decimals: 0).en) below the peers' median. Coach there first, with a weekly number to follow."
                    ),
                    evidence: [
                        Localized(
                            zh: "\(name.zh) \(Numbers.plain(value).zh)（同事中位数 \(Numbers.plain(median).zh)）",
                            en: "\(name.en) \(Numbers.plain(value).en) (peers' median \(Numbers.plain(median).en))")
                    ])
            ]
        }
        return answer
    }

    private func team(of rep: String, period: Period) throws -> String? {
        let answer = try engine.execute(
            Plan(
                intent: .breakdown, metrics: ["revenue"], dimensions: ["team"],
                filters: [Filter(field: "rep", op: .equal, values: [.text(rep)])], period: period),
            asOf: asOf)
        return answer.rows.first(where: { $0[1].number != nil })?[0].text
    }
}
