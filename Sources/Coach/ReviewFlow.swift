import Analysis
import Engine
import Foundation
import Model
import Store

/// `coach review`: a monthly or quarterly review of a team — attainment by rep, who is behind
/// and how their process metrics compare with their peers', the recommendations, suggested
/// target adjustments and the manager's notes, saved in the workspace.
struct ReviewFlow: CoachFlow {
    let analyst: Analyst
    /// Where the review is saved.
    let store: any CoachStore
    let asOf: Day
    let lang: Lang

    var name: String { "review" }
    var stepCount: Int { Step.allCases.count }

    enum Step: Int, CaseIterable {
        case kind, team, adjust, notes
    }

    /// The process metrics a rep who is behind is compared with peers on.
    static let processMetrics = ["visits", "demos", "win_rate"]

    var engine: MetricEngine { analyst.engine }

    /// What stands for the whole company at the scope step.
    static let companyWords: Set<String> = ["全公司", "公司", "company", "the company", "all"]
    static func company(_ lang: Lang) -> String { Localized(zh: "全公司", en: "company")(lang) }

    /// The reps a review covers: a team's, a region's, or the company's.
    func scopeFilters(_ scope: String) -> [Filter] {
        if engine.members(of: "team").contains(scope) {
            return [Filter(field: "team", op: .equal, values: [.text(scope)])]
        }
        if engine.members(of: "region").contains(scope) {
            return [Filter(field: "region", op: .equal, values: [.text(scope)])]
        }
        return []
    }

    func question(_ index: Int, answers: [String]) throws -> Question {
        switch Step(rawValue: index)! {
        case .kind:
            return Question(
                title: Localized(zh: "回顾哪个期间？", en: "Which period do you review?"),
                prompt: Localized(zh: "期间", en: "Period"),
                choices: [
                    Choice(
                        label: Localized(zh: "月度：", en: "monthly: ")(lang) + CoachPeriods.lastMonth(asOf).label,
                        value: "month"),
                    Choice(
                        label: Localized(zh: "季度：", en: "quarterly: ")(lang) + CoachPeriods.lastQuarter(asOf).label,
                        value: "quarter"),
                ],
                defaultValue: "month",
                help: Localized(zh: "回顾最近一个完整的月或季度。", en: "A review looks at the last full month or quarter."))
        case .team:
            let teams = engine.members(of: "team")
            let regions = engine.members(of: "region")
            return Question(
                title: Localized(zh: "回顾哪个团队？", en: "Which team?"),
                prompt: Localized(zh: "团队", en: "Team"),
                choices: teams.map { Choice(label: $0, value: $0) },
                defaultValue: teams.first ?? "",
                accepts: { text in
                    if teams.contains(text) || regions.contains(text) { return text }
                    return Self.companyWords.contains(text.lowercased()) ? Self.company(lang) : nil
                },
                help: Localized(
                    zh: "输入编号或团队名；也可输入区域名（如 华东）或“全公司”，回顾其下所有销售员。",
                    en: "Type a number or the team's name; or a region (e.g. 华东) or \"company\" to review all its reps."
                ))
        case .adjust:
            let findings = try self.findings(answers)
            return Question(
                title: Localized(zh: "回顾结果", en: "What the review finds"),
                info: [findings.text],
                prompt: Localized(zh: "调整下期目标？", en: "Adjust next period's targets?"),
                choices: [
                    Choice(label: Localized(zh: "保持不变", en: "keep them")(lang), value: "keep"),
                    Choice(label: Localized(zh: "按建议调整", en: "apply the suggestions")(lang), value: "apply"),
                ],
                defaultValue: "keep",
                help: Localized(
                    zh: "建议把落后者的下期目标定在本期目标与实际之间的一半处，既有挑战又够得着。",
                    en:
                        "The suggestion sets a lagging rep's next target halfway between this period's target and actual: a stretch within reach."
                ))
        case .notes:
            return Question(
                title: Localized(zh: "备注", en: "Notes"),
                info: [Localized(zh: "写下要跟进的事（直接回车则不写）。", en: "Write what to follow up (Enter for none).")(lang)],
                prompt: Localized(zh: "备注", en: "Notes"),
                defaultValue: "", accepts: { $0 },
                help: Localized(zh: "任何文字都会原样保存。", en: "Any text is saved as typed."))
        }
    }

    func finish(_ answers: [String]) throws -> String {
        let findings = try self.findings(answers)
        var lines: [String] = []
        // The review and the targets it sets are saved in one transaction.
        var targets: [TargetSetting] = []
        if answers[Step.adjust.rawValue] == "apply" {
            // Written month by month, replacing the monthly targets the period's months have
            // (a quarterly row beside them would add up with them).
            let months = findings.months
            for adjustment in findings.adjustments {
                for month in months {
                    targets.append(
                        TargetSetting(
                            metric: "revenue", scope: .rep, scopeValue: adjustment.rep, period: month,
                            value: CoachText.rounded(adjustment.value / Double(months.count), unit: .money)))
                }
            }
            if !findings.adjustments.isEmpty {
                lines.append(
                    Localized(zh: "已设下期（\(findings.next.label)）目标：", en: "Targets set for \(findings.next.label): ")(
                        lang)
                        + findings.adjustments.map { "\($0.rep) \(CoachText.format($0.value, unit: .money))" }.joined(
                            separator: ", "))
            }
        }
        let id = try store.save(
            CoachReview(
                team: findings.team, period: findings.period.label, kind: answers[Step.kind.rawValue],
                summary: findings.summary, notes: answers[Step.notes.rawValue]),
            settingTargets: targets)
        if !targets.isEmpty { try engine.userStateChanged() }
        lines.insert(
            Localized(zh: "✔ 回顾 #\(id) 已保存（coach reviews 可查看）。", en: "✔ Review #\(id) saved (see coach reviews).")(
                lang), at: 0)
        return lines.joined(separator: "\n")
    }

    // MARK: - Findings

    struct Adjustment: Equatable {
        var rep: String
        var value: Double
    }

    struct Findings {
        var team: String
        var period: Period
        var next: Period
        /// Everything shown, in the session's language.
        var text: String
        /// Reps behind and their adjustments, saved with the review.
        var summary: String
        var behind: [String]
        var adjustments: [Adjustment]

        /// The months of the next period.
        var months: [Period] {
            var months: [Period] = []
            var start = next.start
            while start <= next.end {
                months.append(CoachPeriods.month(start))
                start = start.firstOfMonth(adding: 1)
            }
            return months
        }
    }

    func findings(_ answers: [String]) throws -> Findings {
        let quarterly = answers[Step.kind.rawValue] == "quarter"
        let period = quarterly ? CoachPeriods.lastQuarter(asOf) : CoachPeriods.lastMonth(asOf)
        let next = quarterly ? CoachPeriods.quarter(containing: asOf) : CoachPeriods.month(asOf.firstOfMonth)
        let team = answers[Step.team.rawValue]
        let filters = scopeFilters(team)
        let attainmentPlan = Plan(
            intent: .breakdown, metrics: ["attainment", "revenue", "target"], dimensions: ["rep"], filters: filters,
            period: period)
        let attainment = try analyst.execute(attainmentPlan, asOf: asOf)
        var lines = [
            Localized(zh: "\(team) · \(period.label) 各销售员达成率：", en: "\(team) · \(period.label), attainment by rep:")(
                lang),
            CoachText.table(attainment, lang: lang, limit: 30),
        ]
        // The period being adjusted may be under way already: a rep on pace in it keeps her
        // target, whatever the period reviewed said.
        var pace: [String: Double] = [:]
        if next.start <= asOf {
            let running = try analyst.engine.execute(
                Plan(
                    intent: .breakdown, metrics: ["pace"], dimensions: ["rep"], filters: filters,
                    period: Period(start: next.start, end: min(asOf, next.end), label: next.label)),
                asOf: asOf)
            for row in running.rows { if let rep = row[0].text, let value = row[1].number { pace[rep] = value } }
        }
        var behind: [String] = []
        var adjustments: [Adjustment] = []
        var onPace: [String] = []
        for row in attainment.rows {
            guard let rep = row[0].text, let rate = row[1].number, rate < 1 else { continue }
            behind.append(rep)
            if let running = pace[rep], running >= 1 {
                onPace.append("\(rep) \(CoachText.percent(running))")
                continue
            }
            if let actual = row[2].number, let target = row[3].number {
                adjustments.append(Adjustment(rep: rep, value: CoachText.rounded((actual + target) / 2, unit: .money)))
            }
        }
        if !onPace.isEmpty {
            lines.append(
                Localized(
                    zh: "\(next.label) 已按进度（不下调）：", en: "On pace in \(next.label) (not lowered): ")(lang)
                    + onPace.joined(separator: ", "))
        }
        var summary: [String] = []
        if behind.isEmpty {
            lines.append(Localized(zh: "没有人落后。", en: "Nobody is behind.")(lang))
            summary.append("behind: -")
        } else {
            lines.append(
                Localized(zh: "落后（达成率 < 100%）：", en: "Behind (attainment < 100%): ")(lang)
                    + behind.joined(separator: ", "))
            summary.append("behind: " + behind.joined(separator: ", "))
            let process = try engine.execute(
                Plan(
                    intent: .breakdown, metrics: Self.processMetrics, dimensions: ["rep"], filters: filters,
                    period: period), asOf: asOf)
            for (index, metric) in Self.processMetrics.enumerated() {
                let values = process.rows.compactMap { $0[index + 1].number }
                guard !values.isEmpty else { continue }
                let peers = values.reduce(0, +) / Double(values.count)
                let unit = Catalog.metric(metric)?.unit
                let parts = behind.compactMap { rep -> String? in
                    guard let value = process.rows.first(where: { $0[0].text == rep })?[index + 1].number else {
                        return nil
                    }
                    return "\(rep) \(CoachText.format(value, unit: unit))"
                }
                lines.append(
                    "  " + CoachText.name(metric, lang: lang) + ": " + parts.joined(separator: ", ")
                        + Localized(zh: "（平均 ", en: " (average ")(lang) + CoachText.format(peers, unit: unit)
                        + ")")
            }
        }
        for recommendation in attainment.recommendations {
            lines.append(Localized(zh: "建议：", en: "Recommendation: ")(lang) + recommendation.text(lang))
        }
        if !adjustments.isEmpty {
            lines.append(
                Localized(zh: "建议下期（\(next.label)）目标：", en: "Suggested targets for \(next.label): ")(lang)
                    + adjustments.map { "\($0.rep) \(CoachText.format($0.value, unit: .money))" }.joined(
                        separator: ", "))
            summary.append(
                "suggested \(next.label): "
                    + adjustments.map { "\($0.rep)=\(SmartFlow.number($0.value))" }.joined(separator: ", "))
        }
        return Findings(
            team: team, period: period, next: next, text: lines.joined(separator: "\n"),
            summary: summary.joined(separator: "; "), behind: behind, adjustments: adjustments)
    }
}
