import Engine
import Foundation
import Model
import Store

/// `scorecard rep in 2026-Q3 [using PLAN]`: every member's weighted score over the plan's KPIs.
///
/// Each KPI is normalised to points: 100 × value / reference, where the reference is the
/// member's target for that KPI when one is set (attainment's is 100%; revenue's is the revenue
/// target), else the median over the peers in the answer; metrics where lower is better
/// (complaint rate, churn, sales cycle) use reference / value. Points are capped at
/// `Scorecard.cap` × 100 so that one KPI far above its reference cannot hide the others. A member
/// without a value for a KPI scores 0 on it (a KPI nobody has data for is left out).
/// A rep's score = individual weight × own score + team weight × the team's score, the team scored
/// the same way against the other teams.
struct Scorecard {
    let engine: MetricEngine
    /// The plans the workspace keeps.
    let saved: any ScorecardStore
    let asOf: Day

    /// The plan used without `using`: results first, then customers, service and teamwork.
    static let defaultPlan = ScorecardPlan(
        name: "默认方案",
        items: [
            .init(metric: "attainment", weight: 0.5), .init(metric: "new_customers", weight: 0.2),
            .init(metric: "csat", weight: 0.2), .init(metric: "collaboration_score", weight: 0.1),
        ], individualWeight: 0.7, teamWeight: 0.3)
    /// Names the default plan answers to.
    static let defaultNames = ["默认方案", "default"]
    /// The most a KPI can score, as a multiple of 100 points (150 points).
    static let cap = 1.5
    static let scoredDimensions = ["rep", "team", "region"]

    // MARK: - Plans

    /// The default plan, then the saved ones.
    func plans() throws -> [ScorecardPlan] { [Self.defaultPlan] + (try saved.scorecardPlans()) }

    func plan(named name: String?) throws -> ScorecardPlan {
        guard let name, !Self.defaultNames.contains(name) else { return Self.defaultPlan }
        let plans = try plans()
        guard let plan = plans.first(where: { $0.name == name }) else {
            throw AnalysisError.unknownPlan(name: name, known: plans.map(\.name))
        }
        return plan
    }

    /// Checks a plan before it is saved: a name of its own, known metrics, positive weights.
    func validate(_ plan: ScorecardPlan) throws -> ScorecardPlan {
        var plan = plan
        plan.name = plan.name.trimmingCharacters(in: .whitespaces)
        guard !plan.name.isEmpty, !Self.defaultNames.contains(plan.name) else {
            throw AnalysisError.invalidPlan(
                Localized(zh: "请给方案起一个新名字。", en: "give the plan a name of its own."))
        }
        guard !plan.items.isEmpty else {
            throw AnalysisError.invalidPlan(Localized(zh: "方案至少要有一项指标。", en: "a plan needs at least one metric."))
        }
        let vocabulary = engine.vocabulary()
        for index in plan.items.indices {
            let name = plan.items[index].metric
            guard let id = vocabulary.metric(named: name) ?? engine.metricID(name), id != "stage_conversion" else {
                throw AnalysisError.invalidPlan(
                    Localized(zh: "未知指标“\(name)”。", en: "unknown metric '\(name)'."))
            }
            plan.items[index].metric = id
            guard plan.items[index].weight > 0, plan.items[index].weight.isFinite else {
                throw AnalysisError.invalidPlan(Localized(zh: "权重须为正数。", en: "weights must be positive."))
            }
        }
        guard plan.individualWeight >= 0, plan.teamWeight >= 0, plan.individualWeight + plan.teamWeight > 0 else {
            throw AnalysisError.invalidPlan(
                Localized(zh: "个人与团队权重须非负且不全为 0。", en: "individual and team weights must be ≥ 0 and not both 0."))
        }
        return plan
    }

    // MARK: - Scoring

    /// Points per member for each KPI and the weighted score, for one level (reps, teams or
    /// regions), with the references the points were measured against.
    struct Level {
        var members: [[Cell]]
        var values: [[Double]]
        var points: [[Double]]
        var scores: [Double]
        /// Per KPI: the peers' median, used where a member has no target.
        var medians: [Double]
    }

    func level(
        _ dimensions: [String], plan: ScorecardPlan, filters: [Filter], period: Period
    ) throws -> Level {
        let metrics = plan.items.map(\.metric)
        let dimension = dimensions.last!
        for metric in metrics where !engine.allows(metric, by: dimension) {
            throw AnalysisError.cannotScore(metric: metric, dimension: dimension)
        }
        var read = metrics
        if metrics.contains("revenue") && !read.contains("target") { read.append("target") }
        let answer = try engine.execute(
            Plan(intent: .breakdown, metrics: read, dimensions: dimensions, filters: filters, period: period),
            asOf: asOf)
        let members = answer.rows.map { Array($0[..<dimensions.count]) }
        func column(_ metric: String) -> [Double] {
            let index = answer.columns.firstIndex(of: metric)!
            return answer.rows.map { $0[index].number ?? .nan }
        }
        let values = metrics.map(column)
        let targetRevenue = metrics.contains("revenue") ? column("target") : []
        var points: [[Double]] = []
        var medians: [Double] = []
        for (k, metric) in metrics.enumerated() {
            let median = Statistics.median(values[k].filter { !$0.isNaN })
            medians.append(median)
            let targets = try engine.targets(metric: metric, scope: dimension, overlapping: period)
            let upIsGood = engine.baseMetric(of: metric)?.upIsGood ?? true
            points.append(
                members.indices.map { i in
                    let value = values[k][i]
                    // A member on the books without a value did none of it: 0 points, with the
                    // KPI's full weight (no weight moved to the KPIs left). Only a KPI nobody has
                    // a value for is left out.
                    guard !value.isNaN else { return median.isNaN ? .nan : 0 }
                    let name = members[i].last?.text ?? ""
                    let reference: Double
                    if metric == "attainment" {
                        reference = 1
                    } else if metric == "revenue", !targetRevenue[i].isNaN {
                        reference = targetRevenue[i]
                    } else {
                        reference = targets[name] ?? median
                    }
                    return Self.points(value: value, reference: reference, upIsGood: upIsGood)
                })
        }
        let scores = members.indices.map { i in
            Self.weighted(plan.items.indices.map { (points[$0][i], plan.items[$0].weight) })
        }
        return Level(members: members, values: values, points: points, scores: scores, medians: medians)
    }

    /// 100 × value / reference (reference / value when lower is better), between 0 and the cap.
    static func points(value: Double, reference: Double, upIsGood: Bool) -> Double {
        guard reference.isFinite, reference > 0 else { return .nan }
        let ratio: Double
        if upIsGood {
            ratio = value / reference
        } else {
            ratio = value <= 0 ? cap : reference / value
        }
        return 100 * min(max(ratio, 0), cap)
    }

    /// The weighted mean of the points (a KPI without points for anyone is NaN and left out).
    static func weighted(_ items: [(points: Double, weight: Double)]) -> Double {
        let present = items.filter { !$0.points.isNaN }
        let weight = present.reduce(0) { $0 + $1.weight }
        guard weight > 0 else { return .nan }
        return present.reduce(0) { $0 + $1.points * $1.weight } / weight
    }

    // MARK: - Answer

    func answer(_ plan: Plan) throws -> Answer {
        let dimension = plan.dimensions.first ?? "rep"
        guard Self.scoredDimensions.contains(dimension) else { throw AnalysisError.scorecardDimension(dimension) }
        let kpis = try self.plan(named: plan.using)
        let period = plan.period ?? Diagnosis.lastMonth(asOf)
        let metrics = kpis.items.map(\.metric)
        let isRep = dimension == "rep"
        let withTeam = isRep && kpis.teamWeight > 0
        let own = try level(isRep ? ["team", "rep"] : [dimension], plan: kpis, filters: plan.filters, period: period)
        var teamScores: [Cell: Double] = [:]
        if withTeam {
            let teams = try level(["team"], plan: kpis, filters: plan.filters, period: period)
            for (index, member) in teams.members.enumerated() { teamScores[member[0]] = teams.scores[index] }
        }
        let total = kpis.individualWeight + kpis.teamWeight
        var rows: [[Cell]] = own.members.indices.map { i in
            var row: [Cell] = isRep ? [own.members[i][1], own.members[i][0]] : own.members[i]
            row += metrics.indices.map { k in own.values[k][i].isNaN ? .null : .number(own.values[k][i]) }
            let mine = own.scores[i]
            var score = mine
            if withTeam {
                let team = teamScores[own.members[i][0]] ?? .nan
                row += [Self.cell(mine), Self.cell(team)]
                if !mine.isNaN && !team.isNaN {
                    score = (kpis.individualWeight * mine + kpis.teamWeight * team) / total
                }
            } else {
                row.append(Self.cell(mine))
            }
            row.append(Self.cell(score))
            return row
        }
        rows.sort { ($0.last?.number ?? -1) > ($1.last?.number ?? -1) }
        var columns = isRep ? ["rep", "team"] : [dimension]
        columns += metrics
        columns += withTeam ? ["own_score", "team_score", "score"] : ["own_score", "score"]
        let name = Names.dimension(dimension)
        let periodText = Names.period(period)
        return Answer(
            plan: plan,
            title: Localized(
                zh: "\(periodText.zh) \(name.zh)绩效评分（\(kpis.name)）",
                en: "\(name.en.capitalizedFirst) scorecard, \(periodText.en) (\(Self.defaultNames.contains(kpis.name) ? "default plan" : kpis.name))"),
            columns: columns, rows: rows, notes: notes(kpis, level: own, withTeam: withTeam))
    }

    private static func cell(_ value: Double) -> Cell { value.isNaN ? .null : .number(value) }

    private func notes(_ plan: ScorecardPlan, level: Level, withTeam: Bool) -> [Localized] {
        let weights = Self.describe(plan)
        var notes = [
            Localized(zh: "方案：\(weights.zh)。", en: "plan: \(weights.en)."),
            Localized(
                zh:
                    "每项指标按目标计分（达成目标 = 100 分），无目标时按同级中位数（= 100 分），单项最高 \(Int(Self.cap * 100)) 分；越低越好的指标取倒数；某人缺少的指标按 0 分计（全员都没有数据的指标不计）。",
                en:
                    "each KPI scores 100 at its target, or at the peers' median where no target is set, at most \(Int(Self.cap * 100)); for KPIs where lower is better the ratio is inverted; a KPI a member has no value for scores 0 (a KPI nobody has data for is left out)."
            ),
        ]
        let medians = plan.items.indices.compactMap { k -> Localized? in
            let metric = plan.items[k].metric
            guard metric != "attainment", level.medians[k].isFinite else { return nil }
            let value = Numbers.value(level.medians[k], unit: engine.baseMetric(of: metric)?.unit)
            return Names.metric(metric) + Localized(zh: " ", en: " ") + value
        }
        if !medians.isEmpty {
            let list = Localized.list(medians)
            notes.append(Localized(zh: "同级中位数：\(list.zh)。", en: "peer medians: \(list.en)."))
        }
        return notes
    }

    /// "达成率 50%、新增客户数 20%…；个人 70% + 团队 30%".
    static func describe(_ plan: ScorecardPlan) -> Localized {
        let total = plan.items.reduce(0) { $0 + $1.weight }
        let items = Localized.list(
            plan.items.map { item in
                Names.metric(item.metric) + Localized(zh: " ", en: " ")
                    + Numbers.percent(item.weight / total, decimals: 0)
            })
        let sum = plan.individualWeight + plan.teamWeight
        let own = Numbers.percent(plan.individualWeight / sum, decimals: 0)
        let team = Numbers.percent(plan.teamWeight / sum, decimals: 0)
        return Localized(
            zh: "\(plan.name)：\(items.zh)；个人 \(own.zh) + 团队 \(team.zh)",
            en: "\(plan.name): \(items.en); individual \(own.en) + team \(team.en)")
    }

    /// `show plans`.
    func listing(_ plan: Plan) throws -> Answer {
        let rows: [[Cell]] = try plans().map { saved in
            let total = saved.items.reduce(0) { $0 + $1.weight }
            let items = saved.items.map { "\($0.metric) \(Numbers.percent($0.weight / total, decimals: 0).en)" }
            // The weights as shares of the score, as the plan's description says them (70% + 30%).
            let sum = saved.individualWeight + saved.teamWeight
            return [
                .text(saved.name), .text(items.joined(separator: ", ")),
                .number(sum > 0 ? saved.individualWeight / sum : 0), .number(sum > 0 ? saved.teamWeight / sum : 0),
            ]
        }
        return Answer(
            plan: plan, title: Localized(zh: "考核方案", en: "Scorecard plans"),
            columns: ["plan", "items", "individual_weight", "team_weight"], rows: rows,
            notes: [
                Localized(
                    zh: "不写 using 时用“\(Self.defaultPlan.name)”（也可写 using default）。",
                    en: "without 'using' a scorecard uses “\(Self.defaultPlan.name)” (or write: using default).")
            ])
    }
}
