import Engine
import Model

/// Every recommendation rule, in the order they are tried: each reads an answer (and the facts
/// it needs), and either gives a recommendation citing the numbers it rests on, or nothing. At
/// most `maximumPerAnswer` are attached to one answer.
///
/// | rule | fires on | when |
/// |---|---|---|
/// | forecastBelowTarget | a forecast with targets | the forecast totals less than the targets |
/// | coachingOnActivity | reps with attainment | a rep under 70% attainment has an activity under 60% of the reps' median |
/// | capacityForDemand | revenue, orders, quantity or pipeline by region | a region holds ≥ 25% (and ≥ 1.5 × an even share) and is not shrinking, or grew ≥ 10% on a year before with ≥ 10% share |
/// | keyAccountsWhenRetentionFalls | customer metrics | retention fell ≥ 2 points overall, or ≥ 5 in a region |
/// | stallingStage | a funnel or stage conversion | a stage converts ≥ 15 points below the other stages' median |
/// | serviceProblemsInRegion | satisfaction, complaints or revisits | a region's csat is ≥ 0.3 below the company's, or its complaint rate ≥ 1.5 × (and ≥ 2 points above) the company's |
enum Rules {
    struct Rule: Sendable {
        let name: String
        let apply: @Sendable (Answer, any Facts) -> Recommendation?
    }

    static let all: [Rule] = [
        Rule(name: "forecast below target", apply: forecastBelowTarget),
        Rule(name: "low attainment with few activities", apply: coachingOnActivity),
        Rule(name: "demand concentrated or rising in a region", apply: capacityForDemand),
        Rule(name: "retention falling", apply: keyAccountsWhenRetentionFalls),
        Rule(name: "a stage where deals stall", apply: stallingStage),
        Rule(name: "low satisfaction or many complaints in a region", apply: serviceProblemsInRegion),
    ]

    static let maximumPerAnswer = 3

    /// The recommendations for an answer: the rules that fire, in order, at most three.
    static func recommendations(for answer: Answer, facts: any Facts) -> [Recommendation] {
        Array(all.lazy.compactMap { $0.apply(answer, facts) }.prefix(maximumPerAnswer))
    }

    // MARK: - Thresholds (from DESIGN.md's examples and the usual management rules of thumb)

    /// DESIGN.md: "a rep under 70% attainment with few demos".
    static let lowAttainment = 0.7
    /// "Few" activities: under 60% of the reps' median.
    static let fewActivities = 0.6
    /// A region holding this share of demand is where demand concentrates…
    static let concentratedShare = 0.25
    /// …when that is also well above an even split (1.5 × 1/regions).
    static let concentrationOverEven = 1.5
    /// Growth on the same period a year before (sales are seasonal: 双11, quarter ends) that
    /// counts as rising, for a region of some size.
    static let risingGrowth = 0.1
    static let risingMinimumShare = 0.1
    /// Falls in retention (in points) worth acting on: overall, and in one region.
    static let retentionDrop = 0.02
    static let regionRetentionDrop = 0.05
    /// A stage converting this far below the median of the other stages stalls deals.
    static let stallGap = 0.15
    /// Satisfaction (1–5) this far below the company's, or complaints this much above it.
    static let satisfactionGap = 0.3
    static let complaintRatio = 1.5
    static let complaintGap = 0.02
    /// Surveys a region's satisfaction must rest on before it is called low: a handful of answers
    /// swing an average of 1–5 by a point (the usual minimum for reporting a survey mean).
    static let minimumSurveys = 10.0

    // MARK: - Forecast below target → the gap, the pipeline and the activity needed

    static func forecastBelowTarget(_ answer: Answer, _ facts: any Facts) -> Recommendation? {
        guard answer.plan.intent == .forecast, let targets = answer.column("target"),
            let periodIndex = answer.columns.firstIndex(of: "period"), let window = answer.plan.period
        else { return nil }
        let forecasts = answer.rows.map { $0[periodIndex + 1] }
        var target = 0.0
        var forecast = 0.0
        var targeted: [Day] = []
        for (row, pair) in zip(answer.rows, zip(targets, forecasts)) {
            // Months only: a quarter's total row repeats them.
            guard let goal = pair.0.number, let mean = pair.1.number, let label = row[periodIndex].text,
                let month = Day(iso: label + "-01")
            else { continue }
            target += goal
            forecast += mean
            targeted.append(month)
        }
        guard target > 0, forecast < target else { return nil }
        let gap = target - forecast
        var evidence = [
            Localized(
                zh: "目标 \(Numbers.money(target).zh)，预测 \(Numbers.money(forecast).zh)，缺口 \(Numbers.money(gap).zh)",
                en:
                    "target \(Numbers.money(target).en), forecast \(Numbers.money(forecast).en), gap \(Numbers.money(gap).en)"
            )
        ]
        // The probability is for the months that have targets, not the whole window: a six-month
        // forecast against two months of targets would look certain.
        let targetedPeriod =
            targeted.min().flatMap { first in
                targeted.max().map { Period(start: first, end: $0.lastOfMonth, label: "") }
            } ?? window
        let advice = facts.advice(filters: answer.plan.filters, period: targetedPeriod)
        // The chance of the targets is the answer's own, in its note, from the forecasts shown:
        // one probability per answer (the advice forecasts the scope as one series, which can
        // give another).
        let now = Period(start: facts.asOf.firstOfMonth, end: facts.asOf, label: "")
        if let pipeline = facts.value("pipeline_value", filters: answer.plan.filters, period: now), pipeline > 0 {
            evidence.append(
                Localized(
                    zh: "在手商机 \(Numbers.money(pipeline).zh)（缺口的 \(Numbers.plain(pipeline / gap).zh) 倍）",
                    en: "open pipeline \(Numbers.money(pipeline).en) (\(Numbers.plain(pipeline / gap).en) × the gap)"))
        }
        var text = Localized(
            zh: "预测比目标少 \(Numbers.money(gap).zh)：优先推进在手商机中临近成交的部分",
            en: "The forecast falls \(Numbers.money(gap).en) short of target: push the open deals closest to closing")
        if let rates = advice?.rates, let demos = rates.extra(toClose: gap)?.demosPerRep,
            let perDemo = rates.winsPerDemo, let perWin = rates.revenuePerWin
        {
            evidence.append(
                Localized(
                    zh: "演示→赢单 \(Numbers.percent(perDemo).zh)，每单 \(Numbers.money(perWin).zh)，\(rates.reps) 位销售",
                    en:
                        "demo → win \(Numbers.percent(perDemo).en), \(Numbers.money(perWin).en) per win, \(rates.reps) reps"
                ))
            text =
                text
                + Localized(
                    zh: "，并让每位销售多做约 \(Numbers.plain(demos.rounded(.up)).zh) 次演示",
                    en: ", and add about \(Numbers.plain(demos.rounded(.up)).en) demos per rep")
        }
        return Recommendation(text: text + Localized(zh: "。", en: "."), evidence: evidence)
    }

    // MARK: - Low attainment with low process metrics → coaching on that activity

    static let activities = ["demos", "visits", "calls", "follow_ups"]
    /// METRICS.md's display names of the activity types.
    static let activityNames: [String: Localized] = [
        "demos": Localized(zh: "演示", en: "demo"), "visits": Localized(zh: "拜访", en: "visit"),
        "calls": Localized(zh: "电话", en: "call"), "follow_ups": Localized(zh: "跟进", en: "follow-up"),
    ]

    static func coachingOnActivity(_ answer: Answer, _ facts: any Facts) -> Recommendation? {
        guard let reps = answer.column("rep"), let attainment = answer.column("attainment") else { return nil }
        let behind = zip(reps, attainment).compactMap { rep, value -> (String, Double)? in
            guard let rep = rep.text, let value = value.number, value < lowAttainment else { return nil }
            return (rep, value)
        }.sorted { $0.1 < $1.1 }
        guard !behind.isEmpty else { return nil }
        let period = answerPeriod(answer, asOf: facts.asOf)
        // Peers: every rep under the answer's other filters.
        let filters = answer.plan.filters.filter { $0.field != "rep" }
        var counts: [String: [String: Double]] = [:]
        var medians: [String: Double] = [:]
        for activity in activities {
            let values = facts.values(activity, by: "rep", filters: filters, period: period)
            counts[activity] = values
            medians[activity] = Statistics.median(Array(values.values))
        }
        // The rep furthest behind who is working (some activity in the period) yet short of one
        // activity, and that activity.
        for (rep, value) in behind where activities.contains(where: { (counts[$0]?[rep] ?? 0) > 0 }) {
            let short = activities.compactMap { activity -> (String, Double, Double)? in
                guard let median = medians[activity], median > 0 else { return nil }
                let count = counts[activity]?[rep] ?? 0
                return count < fewActivities * median ? (activity, count, median) : nil
            }.min { $0.1 / $0.2 < $1.1 / $1.2 }
            guard let (activity, count, median) = short else { continue }
            let name = activityNames[activity]!
            // Every rep the answer speaks of (its filters, not its limit): the rows shown may be a
            // bottom 3 of many.
            let everyone = facts.values("attainment", by: "rep", filters: filters, period: period)
            let alike =
                everyone.isEmpty
                ? behind.count - 1 : everyone.filter { $0.key != rep && $0.value < lowAttainment }.count
            var evidence = [
                Localized(
                    zh: "\(rep) 达成率 \(Numbers.percent(value).zh)", en: "\(rep): attainment \(Numbers.percent(value).en)"
                ),
                Localized(
                    zh: "\(name.zh) \(Numbers.plain(count).zh) 次（销售员中位数 \(Numbers.plain(median).zh) 次）",
                    en: "\(Numbers.plain(count).en) \(name.en)s (the reps' median: \(Numbers.plain(median).en))"),
            ]
            if alike > 0 {
                evidence.append(
                    Localized(
                        zh: "另有 \(alike) 位销售达成率低于 \(Numbers.percent(lowAttainment, decimals: 0).zh)"
                            + (everyone.isEmpty ? "" : "（共 \(everyone.count) 位）"),
                        en: "\(alike) more reps under \(Numbers.percent(lowAttainment, decimals: 0).en) attainment"
                            + (everyone.isEmpty ? "" : " (of \(everyone.count))")))
            }
            return Recommendation(
                text: Localized(
                    zh: "针对\(name.zh)辅导\(rep)：达成率低，\(name.zh)次数也明显少于同事；可陪同\(name.zh)几次，并设定每周\(name.zh)次数。",
                    en:
                        "Coach \(rep) on \(name.en)s: attainment is low and \(name.en)s are well below peers; join a few and agree a weekly number."
                ), evidence: evidence)
        }
        return nil
    }

    // MARK: - Demand concentrated or rising in a region → capacity

    static let demandMetrics = ["revenue", "orders", "quantity", "pipeline_value"]

    static func capacityForDemand(_ answer: Answer, _ facts: any Facts) -> Recommendation? {
        guard [.value, .breakdown, .rank, .compare, .trend].contains(answer.plan.intent),
            answer.columns.contains("region"),
            let metric = answer.plan.metrics.first(where: demandMetrics.contains)
        else { return nil }
        let period = answerPeriod(answer, asOf: facts.asOf)
        let filters = answer.plan.filters.filter { $0.field != "region" }
        let current = facts.values(metric, by: "region", filters: filters, period: period)
        let yearBefore = period.shifted(back: .months(12), label: "last year")
        let previous = facts.values(metric, by: "region", filters: filters, period: yearBefore)
        let total = current.values.reduce(0, +)
        guard current.count > 1, total > 0 else { return nil }
        let evenShare = 1 / Double(current.count)
        let regions = current.map { region, value -> (region: String, share: Double, growth: Double?) in
            let before = previous[region] ?? 0
            return (region, value / total, before > 0 ? value / before - 1 : nil)
        }
        let concentrated = regions.filter {
            $0.share >= concentratedShare && $0.share >= concentrationOverEven * evenShare && ($0.growth ?? 0) >= 0
        }.max { $0.share < $1.share }
        let rising = regions.filter { ($0.growth ?? 0) >= risingGrowth && $0.share >= risingMinimumShare }
            .max { ($0.growth ?? 0) < ($1.growth ?? 0) }
        guard let chosen = concentrated ?? rising else { return nil }
        let name = Names.metric(metric)
        var evidence = [
            Localized(
                zh:
                    "\(chosen.region) 占\(name.zh)的 \(Numbers.percent(chosen.share).zh)（\(current.count) 个区域平均 \(Numbers.percent(evenShare).zh)）",
                en:
                    "\(chosen.region) holds \(Numbers.percent(chosen.share).en) of \(name.en) (an even share: \(Numbers.percent(evenShare).en))"
            )
        ]
        if let growth = chosen.growth {
            evidence.append(
                Localized(zh: "同比 \(Numbers.change(growth).zh)", en: "\(Numbers.change(growth).en) on a year before"))
        }
        let perRep = facts.values("revenue_per_rep", by: "region", filters: filters, period: period)
        if let mine = perRep[chosen.region], let all = facts.value("revenue_per_rep", filters: filters, period: period)
        {
            evidence.append(
                Localized(
                    zh: "人均销售额 \(Numbers.money(mine).zh)（全公司 \(Numbers.money(all).zh)）",
                    en: "revenue per rep \(Numbers.money(mine).en) (company: \(Numbers.money(all).en))"))
        }
        let how: Localized
        if concentrated == nil {
            how = Localized(zh: "上升最快", en: "rising fastest")
        } else if (chosen.growth ?? 0) >= risingGrowth {
            how = Localized(zh: "集中且在增长", en: "concentrated and rising")
        } else {
            how = Localized(zh: "集中", en: "concentrated")
        }
        return Recommendation(
            text: Localized(
                zh: "\(chosen.region)需求\(how.zh)：考虑在\(chosen.region)增加销售人手或渠道覆盖，避免商机无人跟进。",
                en:
                    "Demand is \(how.en) in \(chosen.region): consider more reps or channel coverage there so that no lead goes unworked."
            ), evidence: evidence)
    }

    // MARK: - Falling retention → key accounts

    static let customerMetrics = [
        "retention_rate", "churn_rate", "active_customers", "new_customers", "repeat_rate", "revisit_rate",
    ]

    static func keyAccountsWhenRetentionFalls(_ answer: Answer, _ facts: any Facts) -> Recommendation? {
        guard answer.plan.metrics.contains(where: customerMetrics.contains), answer.plan.intent != .forecast else {
            return nil
        }
        let period = answerPeriod(answer, asOf: facts.asOf)
        let before = Diagnosis.previous(period)
        let filters = answer.plan.filters
        let now = facts.value("retention_rate", filters: filters, period: period)
        let then = facts.value("retention_rate", filters: filters, period: before)
        let byRegion = facts.values("retention_rate", by: "region", filters: filters, period: period)
        let byRegionBefore = facts.values("retention_rate", by: "region", filters: filters, period: before)
        let worst = byRegion.compactMap { region, value -> (String, Double, Double)? in
            guard let earlier = byRegionBefore[region] else { return nil }
            return (region, earlier, value)
        }.min { $0.2 - $0.1 < $1.2 - $1.1 }
        let overallFell = now.flatMap { now in then.map { now - $0 <= -retentionDrop } } ?? false
        let regionFell = worst.map { $0.2 - $0.1 <= -regionRetentionDrop } ?? false
        guard overallFell || regionFell else { return nil }
        var evidence: [Localized] = []
        if let now, let then {
            evidence.append(
                Localized(
                    zh: "留存率 \(Numbers.percent(then).zh) → \(Numbers.percent(now).zh)",
                    en: "retention \(Numbers.percent(then).en) → \(Numbers.percent(now).en)"))
        }
        var whereText = Localized(zh: "", en: "")
        if let (region, earlier, later) = worst, regionFell {
            evidence.append(
                Localized(
                    zh: "\(region) \(Numbers.percent(earlier).zh) → \(Numbers.percent(later).zh)",
                    en: "\(region): \(Numbers.percent(earlier).en) → \(Numbers.percent(later).en)"))
            whereText = Localized(zh: "（\(region)最明显）", en: " (most in \(region))")
        }
        return Recommendation(
            text: Localized(
                zh: "客户留存在下降\(whereText.zh)：复盘大客户名单，优先拜访近期未复购的重点客户。",
                en:
                    "Retention is falling\(whereText.en): review the key accounts and visit the important customers who have not ordered again."
            ), evidence: evidence)
    }

    // MARK: - A stage where deals stall → that stage

    static func stallingStage(_ answer: Answer, _ facts: any Facts) -> Recommendation? {
        guard let stages = answer.column("stage") else { return nil }
        // Per stage: deals that reached it and deals that went beyond, summed over the rows.
        var reached: [String: Double] = [:]
        var rates: [String: [Double]] = [:]
        if let counts = answer.column("opportunities") {
            for (stage, count) in zip(stages, counts) {
                guard let stage = stage.text, let count = count.number else { continue }
                reached[stage, default: 0] += count
            }
            // The funnel's stages in the answer's order: the workspace's pipeline, whatever its names.
            var funnel: [String] = []
            for stage in stages.compactMap(\.text) where !funnel.contains(stage) { funnel.append(stage) }
            for (stage, next) in zip(funnel, funnel.dropFirst()) {
                if let base = reached[stage], base > 0 { rates[stage] = [(reached[next] ?? 0) / base] }
            }
        } else if let conversion = answer.column("stage_conversion") {
            for (stage, rate) in zip(stages, conversion) {
                guard let stage = stage.text, let rate = rate.number else { continue }
                rates[stage, default: []].append(rate)
            }
        } else {
            return nil
        }
        let conversion = rates.mapValues { Statistics.mean($0) }
        guard conversion.count >= 3, let worst = conversion.min(by: { $0.value < $1.value }) else { return nil }
        let others = Statistics.median(conversion.filter { $0.key != worst.key }.map(\.value))
        guard worst.value <= others - stallGap else { return nil }
        // Mid-sentence in English: "Deals stall at proposal".
        let stage = Names.stage(worst.key)
        let name = Localized(zh: stage.zh, en: stage.en == worst.key ? stage.en : stage.en.lowercased())
        var evidence = [
            Localized(
                zh: "\(name.zh)阶段转化率 \(Numbers.percent(worst.value).zh)（其他阶段中位数 \(Numbers.percent(others).zh)）",
                en:
                    "\(name.en) converts \(Numbers.percent(worst.value).en) (other stages' median: \(Numbers.percent(others).en))"
            )
        ]
        if let count = reached[worst.key] {
            evidence.append(
                Localized(
                    zh: "到达\(name.zh)阶段的商机 \(Numbers.plain(count).zh) 个",
                    en: "\(Numbers.plain(count).en) deals reached \(name.en)"))
        }
        return Recommendation(
            text: Localized(
                zh: "商机卡在\(name.zh)阶段：复盘该阶段的做法（方案质量、报价、决策人），给停留过久的商机设推进期限。",
                en:
                    "Deals stall at \(name.en): review how that stage is worked (proposal quality, pricing, decision makers) and set a deadline for deals sitting there."
            ), evidence: evidence)
    }

    // MARK: - Low satisfaction or high complaints in a region

    static let serviceMetrics = ["csat", "complaint_rate", "revisit_rate", "retention_rate", "churn_rate"]

    static func serviceProblemsInRegion(_ answer: Answer, _ facts: any Facts) -> Recommendation? {
        guard answer.plan.metrics.contains(where: serviceMetrics.contains) else { return nil }
        let period = answerPeriod(answer, asOf: facts.asOf)
        let filters = answer.plan.filters.filter { $0.field != "region" }
        let satisfaction = facts.values("csat", by: "region", filters: filters, period: period)
        let complaints = facts.values("complaint_rate", by: "region", filters: filters, period: period)
        let companySatisfaction = facts.value("csat", filters: filters, period: period)
        let companyComplaints = facts.value("complaint_rate", filters: filters, period: period)
        let surveys = facts.samples("csat", by: "region", filters: filters, period: period)
        // How far each region is from the company, in units of its own threshold; only regions
        // whose surveys are enough to say so.
        var worst: (region: String, badness: Double)? = nil
        for region in Set(satisfaction.keys).union(complaints.keys) where (surveys[region] ?? 0) >= minimumSurveys {
            var badness = 0.0
            if let mine = satisfaction[region], let company = companySatisfaction {
                badness = max(badness, (company - mine) / satisfactionGap)
            }
            if let mine = complaints[region], let company = companyComplaints, company > 0,
                mine >= company + complaintGap
            {
                badness = max(badness, mine / (company * complaintRatio))
            }
            if badness >= 1, badness > worst?.badness ?? 0 { worst = (region, badness) }
        }
        guard let region = worst?.region else { return nil }
        let unsatisfied =
            satisfaction[region].flatMap { mine in
                companySatisfaction.map { mine <= $0 - satisfactionGap }
            } ?? false
        var evidence: [Localized] = []
        if let mine = satisfaction[region], let company = companySatisfaction {
            evidence.append(
                Localized(
                    zh:
                        "\(region) 满意度 \(Numbers.plain(mine, decimals: 2).zh)（全公司 \(Numbers.plain(company, decimals: 2).zh)）",
                    en:
                        "\(region): satisfaction \(Numbers.plain(mine, decimals: 2).en) (company: \(Numbers.plain(company, decimals: 2).en))"
                ))
        }
        if let mine = complaints[region], let company = companyComplaints {
            evidence.append(
                Localized(
                    zh: "投诉率 \(Numbers.percent(mine).zh)（全公司 \(Numbers.percent(company).zh)）",
                    en: "complaint rate \(Numbers.percent(mine).en) (company: \(Numbers.percent(company).en))"))
        }
        if let count = surveys[region] {
            evidence.append(
                Localized(
                    zh: "基于 \(Numbers.plain(count).zh) 份满意度调查", en: "from \(Numbers.plain(count).en) surveys"))
        }
        let problem =
            unsatisfied
            ? Localized(zh: "客户满意度偏低", en: "customers are less satisfied")
            : Localized(zh: "投诉偏多", en: "customers complain more")
        return Recommendation(
            text: Localized(
                zh: "\(region)\(problem.zh)：排查交付与服务问题，逐一回访投诉与低分客户。",
                en:
                    "In \(region) \(problem.en): look into delivery and service there, and call back every complaint and low score."
            ), evidence: evidence)
    }

    // MARK: - Helpers

    /// The period an answer speaks of (the last full month when it named none).
    static func answerPeriod(_ answer: Answer, asOf: Day) -> Period {
        answer.plan.period ?? Diagnosis.lastMonth(asOf)
    }
}
