import Engine
import Foundation
import Model
import Store

/// Where a dialogue reads the manager's answers and writes its text: stdin and stdout for the
/// command line, arrays for tests.
///
///     let io = ScriptedIO(["", "back", "quit"])
///     try Coach(analyst: analyst, asOf: asOf, lang: .zh, io: io).run("smart")
public protocol CoachIO: AnyObject {
    /// Shows a prompt and reads one answer; nil at the end of input (treated as `quit`).
    func ask(_ prompt: String) -> String?
    /// Shows text.
    func say(_ text: String)
}

/// Answers from a list, everything said kept in `transcript`: the dialogues' test double, and
/// the way to drive a flow from a script.
public final class ScriptedIO: CoachIO {
    public private(set) var answers: [String]
    public private(set) var transcript: [String] = []

    public init(_ answers: [String]) { self.answers = answers }

    public func ask(_ prompt: String) -> String? {
        transcript.append(prompt)
        return answers.isEmpty ? nil : answers.removeFirst()
    }

    public func say(_ text: String) { transcript.append(text) }

    /// Everything said and asked, one string.
    public var text: String { transcript.joined(separator: "\n") }
}

/// How a flow ended.
public enum CoachOutcome: Equatable, Sendable {
    /// The flow ran to its end and saved what it makes.
    case finished
    /// The manager quit; the flow resumes at the same step next time.
    case quit
}

/// One numbered choice of a step: what the manager sees and the answer it stands for.
struct Choice {
    var label: String
    var value: String
}

/// One step of a flow: what is shown, the question, the choices and the default.
struct Question {
    var title: Localized
    /// Lines shown before the question (data, explanations), already in the session's language.
    var info: [String] = []
    var prompt: Localized
    var choices: [Choice] = []
    /// The answer Enter gives.
    var defaultValue: String
    /// What the answer may be besides a choice: the normalised answer, or nil to reject it.
    var accepts: ((String) -> String?)? = nil
    var help: Localized
    /// A step that does not apply to the answers so far (the member of the company scope): it
    /// takes its default without asking, and `back` passes over it.
    var skip = false
}

/// A guided flow: its steps, asked in order, and what it does with the answers.
protocol CoachFlow {
    var name: String { get }
    var stepCount: Int { get }
    /// The step at `index`, given the answers to the steps before it.
    func question(_ index: Int, answers: [String]) throws -> Question
    /// Saves what the answers make and returns the closing text.
    func finish(_ answers: [String]) throws -> String
}

/// The words that work at every step.
enum StepCommand {
    case back, quit, help

    init?(_ text: String) {
        switch text.lowercased() {
        case "back", "b", "返回", "上一步": self = .back
        case "quit", "q", "exit", "退出": self = .quit
        case "help", "h", "?", "？", "帮助": self = .help
        default: return nil
        }
    }
}

/// Runs a flow over an IO: numbered choices, defaults on Enter, back, quit and help, progress
/// saved in the workspace on quit and cleared at the end.
struct Dialogue {
    let store: any CoachStore
    let lang: Lang
    let io: CoachIO

    func run(_ flow: some CoachFlow, from saved: [String] = []) throws -> CoachOutcome {
        var answers = saved
        while answers.count < flow.stepCount {
            let index = answers.count
            let question = try flow.question(index, answers: answers)
            if question.skip {
                answers.append(question.defaultValue)
                continue
            }
            switch ask(question, step: (index, flow.stepCount)) {
            case .quit:
                try saveProgress(flow, answers)
                return .quit
            case .back:
                // Steps that were skipped were never asked: go back past them to the last one
                // that was.
                var earlier = answers
                while !earlier.isEmpty, try flow.question(earlier.count - 1, answers: Array(earlier.dropLast())).skip {
                    earlier.removeLast()
                }
                if earlier.isEmpty {
                    io.say(Localized(zh: "已是第一步。", en: "This is the first step.")(lang))
                } else {
                    answers = Array(earlier.dropLast())
                }
            case .value(let value):
                answers.append(value)
            }
        }
        let closing = try flow.finish(answers)
        try store.clearCoachProgress(flow: flow.name)
        io.say(closing)
        return .finished
    }

    enum Reply: Equatable {
        case value(String)
        case back
        case quit
    }

    /// Asks a question until it gets an answer, `back` or `quit` (end of input is `quit`);
    /// `help` and answers that fit nothing are dealt with here.
    func ask(_ question: Question, step: (index: Int, count: Int)?) -> Reply {
        show(question, step: step)
        while true {
            guard let line = io.ask(prompt(question)) else { return .quit }
            let text = line.trimmingCharacters(in: .whitespaces)
            switch StepCommand(text) {
            case .quit?: return .quit
            case .back?: return .back
            case .help?:
                io.say(question.help(lang))
                io.say(Self.commandsHelp(lang))
                continue
            case nil: break
            }
            if let value = resolve(text, question) { return .value(value) }
            let range = question.choices.isEmpty ? "" : "1–\(question.choices.count)"
            io.say(
                Localized(
                    zh: "没有看懂“\(text)”。请输入编号 \(range)，直接回车用默认值，或输入 help。",
                    en:
                        "“\(text)” is not an answer here. Type a number \(range), press Enter for the default, or type help."
                )(lang))
        }
    }

    static func commandsHelp(_ lang: Lang) -> String {
        Localized(
            zh: "每一步都可输入：编号选择；回车用方括号中的默认值；back/返回 回到上一步；quit/退出 保存进度并退出（下次从这一步继续）；help/帮助 显示说明。",
            en:
                "At every step: a number chooses; Enter takes the default in brackets; back returns to the previous step; quit saves your progress and leaves (you continue here next time); help explains."
        )(lang)
    }

    private func saveProgress(_ flow: some CoachFlow, _ answers: [String]) throws {
        // Nothing answered yet: nothing to continue.
        guard !answers.isEmpty else {
            try store.clearCoachProgress(flow: flow.name)
            return
        }
        try store.save(CoachProgress(flow: flow.name, step: answers.count, answers: answers))
        io.say(
            Localized(
                zh: "已保存进度（第 \(answers.count + 1) 步）。再次运行 coach \(flow.name) 即可继续。",
                en: "Progress saved (step \(answers.count + 1)). Run coach \(flow.name) again to continue.")(lang))
    }

    private func show(_ question: Question, step: (index: Int, count: Int)?) {
        let heading = step.map {
            Localized(zh: "【第 \($0.index + 1)/\($0.count) 步】", en: "[Step \($0.index + 1)/\($0.count)] ")(lang)
        }
        var lines = [(heading ?? "") + question.title(lang)]
        lines += question.info
        for (number, choice) in question.choices.enumerated() { lines.append("  \(number + 1)) \(choice.label)") }
        io.say(lines.joined(separator: "\n"))
    }

    private func prompt(_ question: Question) -> String {
        let shown: String
        if let index = question.choices.firstIndex(where: { $0.value == question.defaultValue }) {
            shown = "\(index + 1)"
        } else {
            shown = question.defaultValue.isEmpty ? Localized(zh: "无", en: "none")(lang) : question.defaultValue
        }
        return question.prompt(lang) + " [\(shown)] > "
    }

    /// An answer's value: Enter → the default; a choice's number, value or label; else what the
    /// step accepts as free text.
    private func resolve(_ text: String, _ question: Question) -> String? {
        if text.isEmpty { return question.defaultValue }
        if let number = Int(text), number >= 1, number <= question.choices.count {
            return question.choices[number - 1].value
        }
        if let choice = question.choices.first(where: { $0.value == text || $0.label == text }) { return choice.value }
        return question.accepts?(text)
    }
}
