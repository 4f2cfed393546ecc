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
    public let asOf: Day
    public var lang: Lang
    private var engineInstance: MetricEngine?
    private var analystInstance: Analyst?
    private var lexicon: AskLexicon?

    public init(workspace: Workspace, asOf: Day, lang: Lang) {
        self.workspace = workspace
        self.asOf = asOf
        self.lang = lang
    }

    /// The engine, loaded on first use (from the column snapshot when it is current).
    public func engine() throws -> MetricEngine {
        if let engineInstance { return engineInstance }
        let engine = try MetricEngine(workspace: workspace)
        engineInstance = engine
        return engine
    }

    /// The executor: the engine with forecasts, diagnoses, scorecards and recommendations.
    public func analyst() throws -> Analyst {
        let engine = try engine()
        if let analystInstance, analystInstance.engine === engine { return analystInstance }
        analystInstance = Analyst(engine: engine)
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
            text, vocabulary: vocabulary, matcher: { try self.matcher(vocabulary: vocabulary) }, asOf: asOf)
    }

    /// Answers a line: how a question was understood, then the answer in `format`.
    public func answer(_ text: String, format: OutputFormat) throws -> CommandOutput {
        let recognized: Recognized
        switch try recognize(text) {
        case .success(let value): recognized = value
        case .failure(let failure): return CommandOutput(error: failure.message(lang), status: 1)
        }
        let answer: Answer
        do {
            answer = try analyst().execute(recognized.plan, asOf: asOf)
        } catch let failure as any LocalizedFailure {
            return CommandOutput(error: failure.message(lang), status: 1)
        }
        if recognized.plan.intent == .define || recognized.plan.intent == .alias || recognized.plan.intent == .target {
            // The vocabulary changed with the workspace.
            engineInstance = nil
            vocabularyInstance = nil
            matcherInstance = nil
        }
        let body = render(answer, format: format)
        // 理解为: goes with people's formats; machine formats carry the plan instead.
        let understood = format == .table || format == .md ? understoodLine(recognized, lang: lang) : nil
        return CommandOutput(output: [understood, body].compactMap { $0 }.joined(separator: "\n"))
    }

    /// An answer in a format: table and md for people, csv and json raw.
    public func render(_ answer: Answer, format: OutputFormat) -> String {
        switch format {
        case .json: return answerJSON(answer, lang: lang)
        case .csv: return answerCSV(answer)
        case .table, .md:
            let formatter = CellFormatter(lang: lang)
            let kinds = answer.columns.map { CellFormatter.kind(of: $0) }
            let header = answer.columns.map(columnName)
            let rows = answer.rows.map { row in row.indices.map { formatter.format(row[$0], as: kinds[$0]) } }
            let numeric = Set(kinds.indices.filter { kinds[$0] != .text })
            let title = answer.title(lang)
            var text =
                format == .md
                ? markdownTable(title: title, header: header, rows: rows, rightAligned: numeric)
                : title + "\n" + TextTable(header: header, rows: rows, rightAligned: numeric).render()
            for recommendation in answer.recommendations {
                text += "\n" + Localized(zh: "建议：", en: "Recommendation: ")(lang) + recommendation.text(lang)
                let evidence = recommendation.evidence.map { $0(lang) }.joined(separator: lang == .zh ? "；" : "; ")
                if !evidence.isEmpty { text += Localized(zh: "（依据：", en: " (because: ")(lang) + evidence + ")" }
            }
            for note in answer.notes { text += "\n" + Localized(zh: "注：", en: "Note: ")(lang) + note(lang) }
            return text
        }
    }

    /// A column's name for people: the Chinese name under zh (销售额), the id under en.
    private func columnName(_ column: String) -> String {
        guard lang == .zh else { return column }
        for (suffix, word) in [("_prev", "（对比期）"), ("_change", "变化")] where column.hasSuffix(suffix) {
            let id = String(column.dropLast(suffix.count))
            return (Catalog.metric(id)?.zh ?? id) + word
        }
        return Catalog.metric(column)?.zh ?? Catalog.dimension(column)?.zh ?? column
    }
}
