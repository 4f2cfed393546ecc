// Guided flows for new managers — SMART targets, reviews, onboarding, balance (issue 9) — over
// an input/output protocol that tests script.
import Analysis
import Engine
import Model
import Store
import Render

/// The coach: guided, resumable dialogues on the manager's own data.
///
///     let coach = Coach(analyst: analyst, store: workspace, asOf: asOf, lang: .zh, io: ScriptedIO(["", "", "quit"]))
///     try coach.run("smart")   // .quit — `coach smart` continues at step 3 next time
public struct Coach {
    public static let flows = ["smart", "review", "onboard", "balance"]

    let analyst: Analyst
    /// Where flows keep their progress and reviews.
    let store: any CoachStore
    let asOf: Day
    let lang: Lang
    let io: CoachIO

    public init(analyst: Analyst, store: any CoachStore, asOf: Day, lang: Lang, io: CoachIO) {
        self.analyst = analyst
        self.store = store
        self.asOf = asOf
        self.lang = lang
        self.io = io
    }

    /// Runs a flow by name (`smart`, `review`, `onboard`, `balance`), resuming it where the
    /// manager quit; without a name, offers to continue the flow last left, else asks which.
    public func run(_ name: String? = nil) throws -> CoachOutcome {
        let engine = analyst.engine
        let dialogue = Dialogue(store: store, lang: lang, io: io)
        guard let name = try name ?? chooseFlow() else { return .quit }
        guard let flow = flow(named: name) else { throw CoachError.unknownFlow(name) }
        // Every flow works on the team's data: without reps there is nothing to coach on.
        guard !engine.members(of: "rep").isEmpty else { throw CoachError.noData }
        var saved: [String] = []
        if let progress = try store.coachProgress(flow: flow.name), !progress.answers.isEmpty {
            let menu = Question(
                title: Localized(zh: "上次的进度", en: "Where you left off"),
                info: [
                    Localized(
                        zh: "coach \(flow.name) 上次停在第 \(progress.step + 1) 步。",
                        en: "coach \(flow.name) stopped at step \(progress.step + 1) last time.")(lang)
                ],
                prompt: Localized(zh: "继续？", en: "Continue?"),
                choices: [
                    Choice(label: Localized(zh: "从上次的地方继续", en: "continue where I left off")(lang), value: "continue"),
                    Choice(label: Localized(zh: "重新开始", en: "start over")(lang), value: "restart"),
                ],
                defaultValue: "continue",
                help: Localized(zh: "继续会保留你之前的回答。", en: "Continuing keeps your earlier answers."))
            switch try ask(menu, dialogue) {
            case "continue"?: saved = progress.answers
            case "restart"?: try store.clearCoachProgress(flow: flow.name)
            default: return .quit
            }
        }
        return try dialogue.run(flow, from: saved)
    }

    /// The saved reviews as text (`kpish coach reviews`).
    public func reviews() throws -> String {
        let reviews = try store.coachReviews()
        guard !reviews.isEmpty else {
            return Localized(zh: "还没有回顾。运行 coach review 开始一次。", en: "No reviews yet. Run coach review to start one.")(
                lang)
        }
        let header =
            lang == .zh ? ["编号", "团队", "期间", "类型", "结论", "备注"] : ["id", "team", "period", "kind", "summary", "notes"]
        let rows = reviews.map { review in
            ["\(review.id ?? 0)", review.team, review.period, review.kind, review.summary, review.notes]
        }
        return TextTable(header: header, rows: rows, rightAligned: [0]).render()
    }

    // MARK: - Flows

    private func flow(named name: String) -> (any CoachFlow)? {
        switch name.lowercased() {
        case "smart": SmartFlow(analyst: analyst, asOf: asOf, lang: lang)
        case "review": ReviewFlow(analyst: analyst, store: store, asOf: asOf, lang: lang)
        case "onboard": OnboardFlow(analyst: analyst, asOf: asOf, lang: lang)
        case "balance": BalanceFlow(analyst: analyst, asOf: asOf, lang: lang)
        default: nil
        }
    }

    /// Without a flow: the one with saved progress, else the manager's choice.
    private func chooseFlow() throws -> String? {
        let pending = try store.coachProgressFlows()
        let descriptions: [String: Localized] = [
            "smart": Localized(zh: "设一个 SMART 目标", en: "set a SMART target"),
            "review": Localized(zh: "做一次团队回顾", en: "review a team"),
            "onboard": Localized(zh: "新经理导览", en: "a tour for new managers"),
            "balance": Localized(zh: "平衡个人与团队的考核", en: "balance individual and team KPIs"),
        ]
        let menu = Question(
            title: Localized(zh: "教练", en: "Coach"),
            info: pending.isEmpty
                ? []
                : [
                    Localized(zh: "未完成：", en: "Unfinished: ")(lang)
                        + pending.map { "coach \($0)" }.joined(separator: ", ")
                ],
            prompt: Localized(zh: "做什么？", en: "What shall we do?"),
            choices: Self.flows.map { name in
                Choice(
                    label: name + " — " + descriptions[name]!(lang)
                        + (pending.contains(name) ? Localized(zh: "（继续）", en: " (continue)")(lang) : ""), value: name)
            },
            defaultValue: pending.first ?? "smart",
            help: Localized(zh: "选一个流程。", en: "Pick a flow."))
        return try ask(menu, Dialogue(store: store, lang: lang, io: io))
    }

    /// Asks one menu question outside a flow: its value, or nil on quit or end of input.
    private func ask(_ question: Question, _ dialogue: Dialogue) throws -> String? {
        while true {
            switch dialogue.ask(question, step: nil) {
            case .value(let value): return value
            case .quit: return nil
            case .back: io.say(Localized(zh: "已是第一步。", en: "This is the first step.")(lang))
            }
        }
    }
}

/// Errors of the coach, in both languages.
public enum CoachError: Error, LocalizedFailure, Equatable {
    case unknownFlow(String)
    case noData

    public var message: Localized {
        switch self {
        case .unknownFlow(let name):
            Localized(
                zh: "没有 “\(name)” 这个流程；可用：smart、review、onboard、balance。",
                en: "there is no flow “\(name)”; use smart, review, onboard or balance.")
        case .noData:
            Localized(
                zh: "工作区里还没有销售数据；先导入数据，或运行 kpish demo 生成演示公司。",
                en: "the workspace has no sales data yet; import some, or run kpish demo for the demo company.")
        }
    }
}
