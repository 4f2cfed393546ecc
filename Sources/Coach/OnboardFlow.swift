import Analysis
import Engine
import Foundation
import Model

/// `coach onboard`: a tour of the questions a new manager asks, each shown as a natural
/// question, its query form, the answer on their data and what the metric means.
struct OnboardFlow: CoachFlow {
    let analyst: Analyst
    let asOf: Day
    let lang: Lang

    var name: String { "onboard" }
    var stepCount: Int { tour.count }

    struct Stop {
        var question: Localized
        var query: String
        var plan: Plan
        var metric: String
    }

    /// The tour: results first, then people, pipeline, activity and customers.
    var tour: [Stop] {
        let month = CoachPeriods.lastMonth(asOf)
        let half = Period(start: asOf.firstOfMonth(adding: -6), end: asOf.firstOfMonth - 1, label: "")
        let m = month.label
        return [
            Stop(
                question: Localized(zh: "上个月各区域销售额", en: "revenue by region last month"),
                query: "revenue by region in \(m)",
                plan: Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: month),
                metric: "revenue"),
            Stop(
                question: Localized(zh: "近 6 个月销售额走势", en: "revenue over the last 6 months"),
                query: "revenue by month in last 6 months",
                plan: Plan(
                    intent: .breakdown, metrics: ["revenue"], dimensions: ["month"], period: half, grain: .month),
                metric: "revenue"),
            Stop(
                question: Localized(zh: "上个月各团队达成率", en: "attainment by team last month"),
                query: "attainment by team in \(m)",
                plan: Plan(intent: .breakdown, metrics: ["attainment"], dimensions: ["team"], period: month),
                metric: "attainment"),
            Stop(
                question: Localized(zh: "上个月销售额前 5 名的销售员", en: "top 5 reps by revenue last month"),
                query: "top 5 rep by revenue in \(m)",
                plan: Plan(
                    intent: .rank, metrics: ["revenue"], dimensions: ["rep"], period: month, order: .descending,
                    orderBy: "revenue", limit: 5),
                metric: "revenue"),
            Stop(
                question: Localized(zh: "上个月各团队赢单率", en: "win rate by team last month"),
                query: "win_rate by team in \(m)",
                plan: Plan(intent: .breakdown, metrics: ["win_rate"], dimensions: ["team"], period: month),
                metric: "win_rate"),
            Stop(
                question: Localized(zh: "上个月各团队的拜访量", en: "visits by team last month"),
                query: "visits by team in \(m)",
                plan: Plan(intent: .breakdown, metrics: ["visits"], dimensions: ["team"], period: month),
                metric: "visits"),
            Stop(
                question: Localized(zh: "上个月各区域新增客户", en: "new customers by region last month"),
                query: "new_customers by region in \(m)",
                plan: Plan(intent: .breakdown, metrics: ["new_customers"], dimensions: ["region"], period: month),
                metric: "new_customers"),
            Stop(
                question: Localized(zh: "上个月各区域客户满意度", en: "customer satisfaction by region last month"),
                query: "csat by region in \(m)",
                plan: Plan(intent: .breakdown, metrics: ["csat"], dimensions: ["region"], period: month),
                metric: "csat"),
        ]
    }

    func question(_ index: Int, answers: [String]) throws -> Question {
        let stop = tour[index]
        let answer = try analyst.engine.execute(stop.plan, asOf: asOf)
        return Question(
            title: Localized(zh: "问：" + stop.question.zh, en: "Ask: " + stop.question.en),
            info: [
                Localized(zh: "查询写法：", en: "As a query: ")(lang) + stop.query,
                CoachText.table(answer, lang: lang, limit: 8),
                Localized(zh: "指标：", en: "The metric: ")(lang) + CoachText.explain(stop.metric, lang: lang),
            ],
            prompt: Localized(zh: "继续？", en: "Continue?"),
            choices: [Choice(label: Localized(zh: "下一步", en: "next")(lang), value: "next")],
            defaultValue: "next",
            help: Localized(
                zh: "在 kpish 里可以直接问这句话，也可以输入它的查询写法；两者得到同样的答案。",
                en: "In kpish you can ask the question as written or type its query form: both give this answer."))
    }

    func finish(_ answers: [String]) throws -> String {
        Localized(
            zh: "✔ 导览完成。接下来可以试试 coach smart 设一个 SMART 目标，或 coach review 做一次回顾。",
            en: "✔ Tour complete. Next, try coach smart to set a SMART target, or coach review to run a review.")(lang)
    }
}

/// `coach balance`: how much a rep's own results weigh against the team's, and the KPI mix;
/// saves a scorecard plan and shows the ranking it produces.
struct BalanceFlow: CoachFlow {
    let analyst: Analyst
    let asOf: Day
    let lang: Lang

    var name: String { "balance" }
    var stepCount: Int { Step.allCases.count }

    enum Step: Int, CaseIterable {
        case weights, mix, name, period
    }

    /// The KPI mixes offered.
    static let mixes: [(id: String, text: Localized, items: [ScorecardPlan.Item])] = [
        (
            "balanced", Localized(zh: "均衡：结果、客户、过程、满意度", en: "balanced: results, customers, process, satisfaction"),
            [
                .init(metric: "attainment", weight: 0.4), .init(metric: "new_customers", weight: 0.2),
                .init(metric: "win_rate", weight: 0.2), .init(metric: "csat", weight: 0.2),
            ]
        ),
        (
            "results", Localized(zh: "结果导向：达成率和销售额", en: "results first: attainment and revenue"),
            [.init(metric: "attainment", weight: 0.6), .init(metric: "revenue", weight: 0.4)]
        ),
        (
            "process",
            Localized(zh: "过程导向（适合新人）：拜访、演示、赢单率", en: "process first (for new reps): visits, demos, win rate"),
            [
                .init(metric: "visits", weight: 0.3), .init(metric: "demos", weight: 0.3),
                .init(metric: "win_rate", weight: 0.4),
            ]
        ),
    ]

    static let weightChoices: [(individual: Double, team: Double)] = [(1, 0), (0.8, 0.2), (0.7, 0.3), (0.5, 0.5)]

    func question(_ index: Int, answers: [String]) throws -> Question {
        switch Step(rawValue: index)! {
        case .weights:
            return Question(
                title: Localized(zh: "个人与团队的权重", en: "Individual versus team"),
                info: [
                    Localized(
                        zh: "销售员的得分 = 个人权重 × 个人得分 + 团队权重 × 所在团队得分。",
                        en: "A rep's score = individual weight × own score + team weight × their team's score.")(lang)
                ],
                prompt: Localized(zh: "个人/团队", en: "Individual/team"),
                choices: Self.weightChoices.map { pair in
                    Choice(
                        label: "\(CoachText.percent(pair.individual)) / \(CoachText.percent(pair.team))",
                        value: "\(pair.individual)/\(pair.team)")
                },
                defaultValue: "0.8/0.2",
                accepts: { text in Self.weights(text).map { "\($0.0)/\($0.1)" } },
                help: Localized(
                    zh: "团队权重让大家愿意互相帮助；个人权重让每人对自己的结果负责。也可输入如 0.6/0.4。",
                    en:
                        "Team weight makes people help each other; individual weight keeps each accountable. You may type e.g. 0.6/0.4."
                ))
        case .mix:
            return Question(
                title: Localized(zh: "KPI 组合", en: "The KPI mix"),
                prompt: Localized(zh: "组合", en: "Mix"),
                choices: Self.mixes.map { mix in
                    Choice(
                        label: mix.text(lang) + " — "
                            + mix.items.map {
                                "\(CoachText.name($0.metric, lang: lang)) \(CoachText.percent($0.weight))"
                            }
                            .joined(separator: ", "),
                        value: mix.id)
                },
                defaultValue: "balanced",
                accepts: { text in Self.customMix(text).map(Self.mixText) },
                help: Localized(
                    zh: "结果指标说明做成了什么，过程指标说明怎么做成的；新人宜多看过程。也可自己写组合，如：达成率 50%，团队协作评分 30%，拜访数 20%。",
                    en:
                        "Result metrics say what was achieved, process metrics how; for new reps weigh the process more. Or write your own, e.g. attainment 50%, collaboration_score 30%, visits 20%."
                ))
        case .name:
            let suggested = Localized(zh: "教练方案", en: "coach_plan")(lang)
            return Question(
                title: Localized(zh: "方案名称", en: "The plan's name"),
                prompt: Localized(zh: "名称", en: "Name"),
                defaultValue: suggested,
                accepts: { text in text.lowercased() == "default" ? nil : text },
                help: Localized(
                    zh: "用这个名字调用：scorecard rep using 名称。同名方案会被替换。",
                    en: "Use it as: scorecard rep using NAME. A plan of the same name is replaced."))
        case .period:
            let choices = [CoachPeriods.lastQuarter(asOf), CoachPeriods.lastMonth(asOf)].map {
                Choice(label: $0.label, value: $0.label)
            }
            return Question(
                title: Localized(zh: "用哪个期间看排名？", en: "Which period should the ranking show?"),
                prompt: Localized(zh: "期间", en: "Period"),
                choices: choices, defaultValue: choices[0].value,
                accepts: { text in CoachPeriods.parse(text).flatMap { $0.end <= asOf ? $0.label : nil } },
                help: Localized(zh: "也可输入过去的某个月或季度。", en: "Or type a past month or quarter."))
        }
    }

    /// A mix of one's own: "达成率 50%，团队协作评分 30%，拜访数 20%" (metric ids or Chinese
    /// names; percents or fractions), nil unless every part names a metric and a positive weight.
    static func customMix(_ text: String) -> [ScorecardPlan.Item]? {
        let parts = text.replacingOccurrences(of: "，", with: ",").replacingOccurrences(of: "、", with: ",")
            .replacingOccurrences(of: "；", with: ",").replacingOccurrences(of: ";", with: ",")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parts.count >= 2 else { return nil }
        var items: [ScorecardPlan.Item] = []
        for part in parts {
            let name = part.prefix { !$0.isNumber && $0 != "." && $0 != " " && $0 != "=" && $0 != ":" && $0 != "：" }
            var number = part.dropFirst(name.count).trimmingCharacters(in: CharacterSet(charactersIn: " =:："))
            let percent = number.hasSuffix("%")
            if percent { number.removeLast() }
            guard
                let metric = Catalog.metrics.first(where: { $0.id == name.lowercased() || $0.zh == String(name) })?.id,
                let value = Double(number), value > 0
            else { return nil }
            items.append(ScorecardPlan.Item(metric: metric, weight: percent ? value / 100 : value))
        }
        return items
    }

    /// A custom mix as the answer keeps it: `attainment=0.5;visits=0.2`.
    static func mixText(_ items: [ScorecardPlan.Item]) -> String {
        items.map { "\($0.metric)=\($0.weight)" }.joined(separator: ";")
    }

    func plan(_ answers: [String]) -> ScorecardPlan {
        let (individual, team) = Self.weights(answers[Step.weights.rawValue]) ?? (0.8, 0.2)
        let answer = answers[Step.mix.rawValue]
        let custom = answer.contains("=") ? Self.customMix(answer.replacingOccurrences(of: ";", with: ",")) : nil
        let items = custom ?? Self.mixes.first { $0.id == answer }?.items ?? Self.mixes[0].items
        return ScorecardPlan(
            name: answers[Step.name.rawValue], items: items, individualWeight: individual, teamWeight: team)
    }

    func finish(_ answers: [String]) throws -> String {
        let plan = plan(answers)
        try analyst.save(plan)
        let period = CoachPeriods.parse(answers[Step.period.rawValue]) ?? CoachPeriods.lastQuarter(asOf)
        let ranking = try analyst.execute(
            Plan(intent: .scorecard, dimensions: ["rep"], period: period, using: plan.name), asOf: asOf)
        return [
            Localized(zh: "✔ 方案“\(plan.name)”已保存。", en: "✔ Plan “\(plan.name)” saved.")(lang),
            Localized(zh: "查询：", en: "Query: ")(lang) + "scorecard rep in \(period.label) using "
                + (plan.name.contains(" ") ? "\"\(plan.name)\"" : plan.name),
            CoachText.table(ranking, lang: lang, limit: 10),
        ].joined(separator: "\n")
    }

    /// `0.8/0.2` (or `80/20`) → weights adding up to 1; nil when not two non-negative numbers.
    static func weights(_ text: String) -> (Double, Double)? {
        let parts = text.split(separator: "/").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts[0] >= 0, parts[1] >= 0, parts[0] + parts[1] > 0 else { return nil }
        let total = parts[0] + parts[1]
        return (parts[0] / total, parts[1] / total)
    }
}
