import Analysis
import Engine
import Foundation
import Model
import Store

/// `coach smart`: a vague aim → a SMART target. Steps: the aim (Relevant), the metric
/// (Specific), the scope and its member (Measurable), the period (Time-bound), the value with
/// its chance (Achievable), splitting across reps, confirming.
struct SmartFlow: CoachFlow {
    let analyst: Analyst
    let asOf: Day
    let lang: Lang

    var name: String { "smart" }
    var stepCount: Int { Step.allCases.count }

    enum Step: Int, CaseIterable {
        case aim, metric, scope, member, period, value, split, confirm
    }

    /// The aims offered, each with the metric that measures it.
    static let aims: [(id: String, text: Localized, metric: String)] = [
        ("grow", Localized(zh: "提高销售额", en: "grow revenue"), "revenue"),
        ("win", Localized(zh: "赢更多的单", en: "win more deals"), "win_rate"),
        ("activity", Localized(zh: "多见客户", en: "see customers more"), "visits"),
        ("customers", Localized(zh: "拓展新客户", en: "win new customers"), "new_customers"),
        ("service", Localized(zh: "让客户更满意", en: "make customers happier"), "csat"),
    ]

    static let metrics = ["revenue", "orders", "new_customers", "win_rate", "visits", "demos", "csat"]

    var engine: MetricEngine { analyst.engine }

    func question(_ index: Int, answers: [String]) throws -> Question {
        switch Step(rawValue: index)! {
        case .aim:
            return Question(
                title: Localized(zh: "相关（R）：你想改进什么？", en: "Relevant: what do you want to improve?"),
                info: [
                    Localized(
                        zh: "先说目的：目标要服务于它。选一项，或用自己的话写下来。",
                        en: "Start from the aim: the target serves it. Pick one, or write it in your own words.")(lang)
                ],
                prompt: Localized(zh: "目的", en: "Aim"),
                choices: Self.aims.map { Choice(label: $0.text(lang), value: $0.id) },
                defaultValue: "grow", accepts: { $0 },
                help: Localized(
                    zh: "目的是你为什么要设这个目标，例如“提高销售额”“让新人尽快出单”。",
                    en: "The aim is why you set the target, e.g. “grow revenue” or “get new reps selling”."))
        case .metric:
            let aim = answers[Step.aim.rawValue]
            let suggested = Self.aims.first { $0.id == aim }?.metric ?? "revenue"
            return Question(
                title: Localized(zh: "具体（S）：用哪个指标衡量？", en: "Specific: which metric measures it?"),
                prompt: Localized(zh: "指标", en: "Metric"),
                choices: Self.metrics.map { Choice(label: CoachText.explain($0, lang: lang), value: $0) },
                defaultValue: suggested,
                accepts: { engine.metricID($0) },
                help: Localized(
                    zh: "一个指标只量一件事。也可输入任何指标名或自定义指标。",
                    en: "One metric measures one thing. Any metric name, or one you defined, works too."))
        case .scope:
            return Question(
                title: Localized(zh: "可衡量（M）：目标给谁？", en: "Measurable: whose target is it?"),
                info: [unitLine(answers[Step.metric.rawValue])],
                prompt: Localized(zh: "范围", en: "Scope"),
                choices: [
                    Choice(label: Localized(zh: "全公司", en: "the company")(lang), value: "company"),
                    Choice(label: Localized(zh: "一个区域", en: "a region")(lang), value: "region"),
                    Choice(label: Localized(zh: "一个团队", en: "a team")(lang), value: "team"),
                    Choice(label: Localized(zh: "一名销售员", en: "a rep")(lang), value: "rep"),
                ],
                defaultValue: "team",
                help: Localized(
                    zh: "目标要有主人：公司、区域、团队或个人。", en: "A target needs an owner: the company, a region, a team or a rep."))
        case .member:
            let scope = answers[Step.scope.rawValue]
            let members = engine.members(of: scope)
            return Question(
                title: Localized(zh: "可衡量（M）：哪一个？", en: "Measurable: which one?"),
                prompt: Localized(zh: "名称", en: "Name"),
                choices: members.map { Choice(label: $0, value: $0) },
                defaultValue: members.first ?? "",
                accepts: { members.contains($0) ? $0 : nil },
                help: Localized(zh: "输入编号或名称。", en: "Type a number or the name."),
                skip: scope == "company" || members.isEmpty)
        case .period:
            let choices = [CoachPeriods.nextMonth(asOf), CoachPeriods.nextQuarter(asOf)].map {
                Choice(label: $0.label, value: $0.label)
            }
            return Question(
                title: Localized(zh: "有时限（T）：到什么时候？", en: "Time-bound: by when?"),
                prompt: Localized(zh: "期间", en: "Period"),
                choices: choices, defaultValue: choices[0].value,
                accepts: { text in CoachPeriods.parse(text).flatMap { $0.start > asOf ? $0.label : nil } },
                help: Localized(
                    zh: "也可输入以后的某个月或季度，如 2027-03、2027-Q2。",
                    en: "Or type a later month or quarter, e.g. 2027-03 or 2027-Q2."))
        case .value:
            let metric = answers[Step.metric.rawValue]
            let unit = engine.baseMetric(of: metric)?.unit
            let check = try achievability(answers)
            let upward = check.upIsGood ? 1.0 : -1.0
            let distinct = Self.proposals(check.expected, upward: upward, unit: unit)
            let choices = distinct.map { label, value -> Choice in
                let chance = check.probability(of: value)
                return Choice(
                    label: "\(label(lang)): \(CoachText.format(value, unit: unit)) — "
                        + Localized(zh: "达成概率 ", en: "chance ")(lang) + CoachText.percent(chance)
                        + warning(chance),
                    value: Self.number(value))
            }
            return Question(
                title: Localized(zh: "可实现（A）：定多少？", en: "Achievable: how much?"),
                info: historyLines(check, unit: unit),
                prompt: Localized(zh: "目标值", en: "Target value"),
                choices: choices, defaultValue: choices[0].value,
                accepts: { text in Double(text.replacingOccurrences(of: ",", with: "")).map(Self.number) },
                help: Localized(
                    zh: "概率来自预测分布（正态，均值为预测值）：低于 20% 难以达成，高于 90% 缺少挑战。也可直接输入数值。",
                    en:
                        "The chance comes from the forecast distribution (normal around the forecast): under 20% is out of reach, over 90% no stretch. You may type a value."
                ))
        case .split:
            let metric = answers[Step.metric.rawValue]
            let scope = answers[Step.scope.rawValue]
            let splittable = scope != "rep" && engine.isAdditive(metric) && engine.allows(metric, by: "rep")
            let value = Double(answers[Step.value.rawValue]) ?? 0
            let chance = try achievability(answers).probability(of: value)
            return Question(
                title: Localized(zh: "分解到每位销售员？", en: "Split across the reps?"),
                info: [
                    Localized(zh: "目标 ", en: "Target ")(lang)
                        + CoachText.format(value, unit: engine.baseMetric(of: metric)?.unit)
                        + Localized(zh: "，达成概率 ", en: ", chance ")(lang) + CoachText.percent(chance) + warning(chance)
                ],
                prompt: Localized(zh: "分解", en: "Split"),
                choices: [
                    Choice(
                        label: Localized(zh: "按过去 6 个月的业绩比例分解", en: "yes, by their last 6 months")(lang), value: "yes"),
                    Choice(label: Localized(zh: "不分解", en: "no")(lang), value: "no"),
                ],
                defaultValue: splittable ? "yes" : "no",
                help: Localized(
                    zh: "每人的份额 = 其过去 6 个月在该范围内的占比。",
                    en: "Each rep's share is their share of the last 6 months in the scope."),
                skip: !splittable)
        case .confirm:
            return Question(
                title: Localized(zh: "确认", en: "Confirm"),
                info: [card(answers, saved: false)],
                prompt: Localized(zh: "保存这个目标？", en: "Save this target?"),
                choices: [
                    Choice(label: Localized(zh: "保存", en: "save")(lang), value: "save"),
                    Choice(label: Localized(zh: "不保存，结束", en: "don't save, finish")(lang), value: "discard"),
                ],
                defaultValue: "save",
                help: Localized(zh: "要修改，输入 back。", en: "To change something, type back."))
        }
    }

    func finish(_ answers: [String]) throws -> String {
        guard answers[Step.confirm.rawValue] == "save" else {
            return Localized(zh: "未保存。", en: "Not saved.")(lang)
        }
        let target = try resolved(answers)
        // The target and its reps' shares are saved in one transaction: all of them or none.
        var settings = [
            TargetSetting(
                metric: target.metric, scope: TargetScope(rawValue: target.scope) ?? .company,
                scopeValue: target.member, period: target.period, value: target.value)
        ]
        var lines = [card(answers, saved: true)]
        if answers[Step.split.rawValue] == "yes" {
            let shares = try repShares(target)
            if shares.isEmpty {
                lines.append(
                    Localized(
                        zh: "（范围内没有过去 6 个月的业绩，未分解。）",
                        en: "(Nothing in the last 6 months in the scope: not split.)")(lang))
            }
            let unit = engine.baseMetric(of: target.metric)?.unit
            let values = CoachText.apportion(target.value, shares: shares.map(\.1), unit: unit)
            for ((rep, _), value) in zip(shares, values) {
                settings.append(
                    TargetSetting(metric: target.metric, scope: .rep, scopeValue: rep, period: target.period, value: value))
                lines.append("  \(rep): \(CoachText.format(value, unit: engine.baseMetric(of: target.metric)?.unit))")
            }
            if !shares.isEmpty {
                lines.append(
                    Localized(
                        zh: "（过去 6 个月没有业绩的销售员不分摊，保留原有目标。）",
                        en: "(Reps with nothing in the last 6 months get no share and keep the targets they have.)")(
                            lang))
            }
        }
        try engine.setTargets(settings)
        return lines.joined(separator: "\n")
    }

    /// The values offered for a target: the forecast +5% (suggested), the forecast, +10% and
    /// +20%, rounded; proposals that round to the same value are offered once (+5% and +10% of
    /// a small count can both be 13).
    static func proposals(_ expected: Double, upward: Double, unit: Catalog.Unit?) -> [(Localized, Double)] {
        let proposals: [(Localized, Double)] = [
            (Localized(zh: "预测 +5%（建议）", en: "forecast +5% (suggested)"), 1 + 0.05 * upward),
            (Localized(zh: "预测值", en: "the forecast"), 1),
            (Localized(zh: "预测 +10%", en: "forecast +10%"), 1 + 0.10 * upward),
            (Localized(zh: "预测 +20%（挑战）", en: "forecast +20% (stretch)"), 1 + 0.20 * upward),
        ]
        var offered: Set<Double> = []
        return proposals.compactMap { label, factor in
            let value = CoachText.rounded(expected * factor, unit: unit)
            return offered.insert(value).inserted ? (label, value) : nil
        }
    }

    // MARK: - Working it out

    struct Target {
        var aim: String
        var metric: String
        var scope: String
        var member: String?
        var period: Period
        var value: Double

        var filters: [Filter] {
            guard let member else { return [] }
            return [Filter(field: scope, op: .equal, values: [.text(member)])]
        }

        /// The query that tracks the target (attainment for revenue targets).
        var query: String {
            let metricName = metric == "revenue" ? "attainment" : metric
            let scopeText = member.map { " where \(scope) = \($0)" } ?? ""
            return "\(metricName)\(scopeText) in \(period.label)"
        }
    }

    func resolved(_ answers: [String]) throws -> Target {
        // A level without members (no teams in the data) falls back to the company.
        let member = answers[Step.member.rawValue].isEmpty ? nil : answers[Step.member.rawValue]
        let scope = member == nil ? "company" : answers[Step.scope.rawValue]
        let period = CoachPeriods.parse(answers[Step.period.rawValue]) ?? CoachPeriods.nextMonth(asOf)
        let aim = Self.aims.first { $0.id == answers[Step.aim.rawValue] }?.text(lang) ?? answers[Step.aim.rawValue]
        let value = answers.count > Step.value.rawValue ? Double(answers[Step.value.rawValue]) ?? 0 : 0
        return Target(
            aim: aim, metric: answers[Step.metric.rawValue], scope: scope, member: member, period: period, value: value)
    }

    func achievability(_ answers: [String]) throws -> Achievability {
        let target = try resolved(answers)
        return try Achievability.check(
            target.metric, filters: target.filters, period: target.period, analyst: analyst, asOf: asOf)
    }

    /// Each rep's share of the metric over the last six full months within the scope.
    func repShares(_ target: Target) throws -> [(String, Double)] {
        let recent = Period(start: asOf.firstOfMonth(adding: -6), end: asOf.firstOfMonth - 1, label: "")
        let answer = try engine.execute(
            Plan(
                intent: .breakdown, metrics: [target.metric], dimensions: ["rep"], filters: target.filters,
                period: recent),
            asOf: asOf)
        let values = answer.rows.compactMap { row -> (String, Double)? in
            guard let rep = row[0].text, let value = row[1].number, value > 0 else { return nil }
            return (rep, value)
        }
        let total = values.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return [] }
        return values.map { ($0.0, $0.1 / total) }
    }

    private func warning(_ chance: Double) -> String {
        if chance < 0.2 { return Localized(zh: "  ⚠ 低于 20%：很难达成", en: "  ⚠ under 20%: hard to reach")(lang) }
        if chance > 0.9 { return Localized(zh: "  ⚠ 高于 90%：缺少挑战", en: "  ⚠ over 90%: no stretch")(lang) }
        return ""
    }

    private func unitLine(_ metric: String) -> String {
        let unit = engine.baseMetric(of: metric)?.unit
        let unitText: Localized
        switch unit {
        case .money?: unitText = Localized(zh: "金额（元）", en: "money")
        case .rate?: unitText = Localized(zh: "比率（%）", en: "a rate (%)")
        case .days?: unitText = Localized(zh: "天数", en: "days")
        case .score?: unitText = Localized(zh: "评分（1–5）", en: "a score (1–5)")
        default: unitText = Localized(zh: "个数", en: "a count")
        }
        return Localized(zh: "单位：", en: "Unit: ")(lang) + unitText(lang)
    }

    private func historyLines(_ check: Achievability, unit: Catalog.Unit?) -> [String] {
        // Each value beside its month: the history ends with the last full month.
        let shown = Array(check.history.suffix(6))
        let recent = shown.enumerated().map { index, value in
            let month = asOf.firstOfMonth(adding: index - shown.count)
            return String(month.iso.prefix(7)) + " " + CoachText.format(value, unit: unit)
        }.joined(separator: ", ")
        var lines = [Localized(zh: "近 6 个月：", en: "Last 6 months: ")(lang) + (recent.isEmpty ? "—" : recent)]
        if let trend = check.trend {
            lines.append(
                Localized(zh: "趋势（近 3 个月比前 3 个月）：", en: "Trend (last 3 months vs the 3 before): ")(lang)
                    + String(format: "%+.1f%%", trend * 100))
        }
        lines.append(
            Localized(zh: "预测：", en: "Forecast: ")(lang) + CoachText.format(check.expected, unit: unit) + " ± "
                + CoachText.format(check.standardDeviation, unit: unit))
        return lines
    }

    /// The summary card: the five letters and the query that tracks the target.
    func card(_ answers: [String], saved: Bool) -> String {
        guard let target = try? resolved(answers) else { return "" }
        let unit = engine.baseMetric(of: target.metric)?.unit
        let chance = (try? achievability(answers))?.probability(of: target.value)
        let scopeText = target.member ?? Localized(zh: "全公司", en: "the company")(lang)
        var lines = [
            saved
                ? Localized(zh: "✔ 目标已保存", en: "✔ Target saved")(lang)
                : Localized(zh: "SMART 目标", en: "SMART target")(lang),
            "  S " + CoachText.explain(target.metric, lang: lang),
            "  M " + scopeText + " · " + CoachText.format(target.value, unit: unit),
            "  A " + Localized(zh: "达成概率 ", en: "chance ")(lang) + (chance.map(CoachText.percent) ?? "—")
                + (chance.map(warning) ?? ""),
            "  R " + target.aim,
            "  T " + target.period.label,
            Localized(zh: "跟踪查询：", en: "Track it with: ")(lang) + target.query
                + (target.period.start > asOf
                    ? Localized(
                        zh: "（\(target.period.start.iso) 起可查）", en: " (answers from \(target.period.start.iso))")(lang)
                    : ""),
        ]
        return lines.joined(separator: "\n")
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
