import Foundation
import Analysis
import Ask
import Engine
import Language
import Model
import Render
import Store

/// One workspace opened for answering: the engine, the recognisers over its vocabulary, the
/// as-of date and the language. The command line, scripts and the REPL all answer through it.
///
///     let session = try Session(workspace: workspace, asOf: asOf, lang: .zh)
///     print(session.answer("哪个区域需求大", format: .table).output)
public final class Session {
    public let workspace: Workspace
    public var asOf: Day
    public var lang: Lang
    /// Colour for good and bad movement: only on a terminal, never under NO_COLOR.
    public var color = false
    /// The width answers fit in (COLUMNS, else the terminal's, else 80).
    public var width: Int?
    /// Plain ASCII tables and charts (--ascii, or a locale that is not UTF-8).
    public var ascii = false
    /// How CSV is written (BOM, headers, formula guarding).
    public var csv = CSVOptions()
    /// Where CSV is written as it is made (`kpish -c` to stdout); nil: into the answer's text.
    public var stream: ((String) -> Void)?
    /// Keep every answer given (`answered`), for a file written at the end (a workbook, a report).
    public var keepsAnswers = false
    public private(set) var answered: [Answer] = []
    /// Whether a question may follow up the one before (the REPL and scripts; `-c` has none).
    public var keepsContext = false
    /// The plan of the last question or query answered: what a follow-up changes.
    public private(set) var context: Plan?
    /// The last answered line as a query that stands alone, when it was a follow-up (那华南呢
    /// becomes `revenue where region = 华南 in last month`); nil when it needed no context.
    public private(set) var lastStandalone: String?
    private var engineInstance: MetricEngine?
    /// The workspace's change token when the engine began loading: another process's write
    /// changes it, and the next answer loads afresh.
    private var loadedToken: ChangeToken?
    private var analystInstance: Analyst?
    private var lexicon: AskLexicon?
    /// The engine and the question vocabulary being loaded in the background.
    private var warming: WarmUp?

    /// Begins loading the engine and the question vocabulary on another thread, so that the
    /// REPL's first answer does not wait for them while the person is still typing. The first
    /// use of the engine waits for the load if it has not finished.
    public func warmUp() {
        guard engineInstance == nil, warming == nil else { return }
        loadedToken = workspace.changeToken()
        warming = WarmUp(workspace: workspace)
    }

    public init(workspace: Workspace, asOf: Day, lang: Lang) {
        self.workspace = workspace
        self.asOf = asOf
        self.lang = lang
    }

    /// The engine, loaded on first use (from the column snapshot when it is current), or taken
    /// from the load `warmUp()` began.
    public func engine() throws -> MetricEngine {
        if let engineInstance { return engineInstance }
        if let warming {
            self.warming = nil
            let (engine, lexicon) = try warming.wait()
            if self.lexicon == nil { self.lexicon = lexicon }
            engineInstance = engine
            return engine
        }
        loadedToken = workspace.changeToken()
        let engine = try MetricEngine(workspace: workspace)
        engineInstance = engine
        return engine
    }

    /// The executor: the engine with forecasts, diagnoses, scorecards and recommendations.
    public func analyst() throws -> Analyst {
        let engine = try engine()
        if let analystInstance, analystInstance.engine === engine { return analystInstance }
        analystInstance = Analyst(engine: engine, scorecards: workspace)
        return analystInstance!
    }

    private var vocabularyInstance: Vocabulary?

    /// The names the recognisers resolve: catalog, defined metrics, aliases, plans, data values.
    public func vocabulary() throws -> Vocabulary {
        if let vocabularyInstance { return vocabularyInstance }
        let vocabulary = try analyst().vocabulary()
        vocabularyInstance = vocabulary
        return vocabulary
    }

    private var matcherInstance: QuestionMatcher?

    /// The question matcher, made once per vocabulary.
    func matcher(vocabulary: Vocabulary) throws -> QuestionMatcher {
        if let matcherInstance { return matcherInstance }
        if lexicon == nil { lexicon = try AskLexicon.standard() }
        let matcher = QuestionMatcher(lexicon: lexicon!, vocabulary: vocabulary)
        matcherInstance = matcher
        return matcher
    }

    /// Recognises a line: a query, or a question.
    public func recognize(_ text: String) throws -> Result<Recognized, RecognitionFailure> {
        let vocabulary = try vocabulary()
        return try Shell.recognize(
            text, vocabulary: vocabulary, matcher: { try self.matcher(vocabulary: vocabulary) }, asOf: asOf,
            context: keepsContext ? context : nil)
    }

    /// Answers a line: how a question was understood, then the answer in `format`. A script
    /// passes its file and the statement's first line, and errors read `FILE:LINE:COL: …`.
    public func answer(_ text: String, format: OutputFormat, file: String? = nil, firstLine: Int = 1) throws
        -> CommandOutput
    {
        // A write by another process (an import, another kpish setting a target, any SQLite
        // client) since the engine loaded: answer from the workspace as it is now.
        if engineInstance != nil || warming != nil, workspace.changeToken() != loadedToken { workspaceChanged() }
        let recognized: Recognized
        switch try recognize(text) {
        case .success(let value): recognized = value
        case .failure(.query(let diagnostic, let source)):
            return CommandOutput(
                error: diagnostic.rendered(source: source, lang: lang, file: file, firstLine: firstLine), status: 1)
        case .failure(let failure):
            let prefix = file.map { "\($0):\(firstLine):1: " } ?? ""
            return CommandOutput(error: prefix + failure.message(lang), status: 1)
        }
        // Never answer a different question with confidence: words left over, or readings that
        // tie, are asked back (the REPL offers the readings; here they are listed).
        if recognized.understanding?.needsConfirmation == true {
            let prefix = file.map { "\($0):\(firstLine):1: " } ?? ""
            return CommandOutput(error: prefix + confirmationMessage(text, recognized, lang: lang), status: 1)
        }
        // A new name may not shadow what a word already means in questions: `alias 各区域 = rep`
        // made the README's first question answer by rep.
        if let name = recognized.plan.alias?.name ?? recognized.plan.definition?.name,
            let meaning = try matcher(vocabulary: vocabulary()).meaning(of: name)
        {
            let prefix = file.map { "\($0):\(firstLine):1: " } ?? ""
            let message = Localized(
                zh: "“\(name)” 已经是\(meaning.description.zh)，不能用作别名或指标名；请换一个名字。",
                en: "“\(name)” is already \(meaning.description.en); an alias or metric cannot take it. Choose another name.")
            return CommandOutput(error: prefix + message(lang), status: 1)
        }
        let answer: Answer
        lastStandalone = nil
        do {
            answer = try analyst().execute(recognized.plan, asOf: asOf)
        } catch let failure as any LocalizedFailure {
            let prefix = file.map { "\($0):\(firstLine):1: " } ?? ""
            return CommandOutput(error: prefix + failure.message(lang), status: 1)
        } catch {
            // A write refused by SQLite (read-only, disk full, busy), in words.
            guard let failure = WorkspaceError.storage(error) else { throw error }
            let prefix = file.map { "\($0):\(firstLine):1: " } ?? ""
            return CommandOutput(error: prefix + failure.message(lang), status: 1)
        }
        if recognized.plan.intent == .define || recognized.plan.intent == .alias || recognized.plan.intent == .target {
            workspaceChanged()
        } else if Self.followableIntents.contains(recognized.plan.intent) {
            context = recognized.plan
        }
        if keepsAnswers { answered.append(answer) }
        if recognized.understanding?.inherited.isEmpty == false { lastStandalone = recognized.plan.canonical }
        let body = render(answer, format: format)
        // 理解为: goes with people's formats; machine formats carry the plan instead.
        let understood = format == .table || format == .md ? understoodLine(recognized, lang: lang) : nil
        return CommandOutput(output: [understood, body].compactMap { $0 }.joined(separator: "\n"))
    }

    /// Answers a follow-up can continue (not definitions, targets or lists).
    static let followableIntents: Set<Intent> = [
        .value, .breakdown, .rank, .trend, .compare, .forecast, .diagnose, .funnel, .scorecard,
    ]

    /// Forgets what was loaded from the workspace (its vocabulary changed with it).
    public func workspaceChanged() {
        engineInstance = nil
        warming = nil
        vocabularyInstance = nil
        matcherInstance = nil
    }

    /// An answer in a format: table and md for people, csv and json raw. CSV goes to `stream`
    /// as it is made when one is set (then the text returned is empty).
    public func render(_ answer: Answer, format: OutputFormat) -> String {
        switch format {
        case .json: return answerJSON(answer, lang: lang)
        case .csv:
            guard let stream else { return answerCSV(answer, options: csv) }
            writeAnswerCSV(answer, options: csv, to: stream)
            stream("\n")
            return ""
        case .md: return renderer.markdown(answer)
        case .table: return renderer.text(answer)
        // A workbook is written once every answer is in (`answered`).
        case .xlsx: return ""
        }
    }

    /// The renderer for people in the session's language, width and colours.
    public var renderer: Renderer { Renderer(lang: lang, width: width ?? 80, color: color, ascii: ascii) }
}

/// A load of the engine (and the question vocabulary) under way on a thread of its own.
final class WarmUp: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var result: Result<(MetricEngine, AskLexicon?), any Error>?

    init(workspace: Workspace) {
        Thread.detachNewThread { [self] in
            result = Result { (try MetricEngine(workspace: workspace), try? AskLexicon.standard()) }
            finished.signal()
        }
    }

    /// The engine and vocabulary, once loaded (the load's error, if it failed).
    func wait() throws -> (MetricEngine, AskLexicon?) {
        finished.wait()
        finished.signal()
        return try result!.get()
    }
}
