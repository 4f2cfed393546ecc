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
    /// The terminal's width in cells; tables shrink long text to fit (nil: no limit).
    public var width: Int?
    /// Whether a question may follow up the one before (the REPL and scripts; `-c` has none).
    public var keepsContext = false
    /// The plan of the last question or query answered: what a follow-up changes.
    public private(set) var context: Plan?
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
            text, vocabulary: vocabulary, matcher: { try self.matcher(vocabulary: vocabulary) }, asOf: asOf,
            context: keepsContext ? context : nil)
    }

    /// Answers a line: how a question was understood, then the answer in `format`. A script
    /// passes its file and the statement's first line, and errors read `FILE:LINE:COL: …`.
    public func answer(_ text: String, format: OutputFormat, file: String? = nil, firstLine: Int = 1) throws
        -> CommandOutput
    {
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
        let answer: Answer
        do {
            answer = try analyst().execute(recognized.plan, asOf: asOf)
        } catch let failure as any LocalizedFailure {
            let prefix = file.map { "\($0):\(firstLine):1: " } ?? ""
            return CommandOutput(error: prefix + failure.message(lang), status: 1)
        }
        if recognized.plan.intent == .define || recognized.plan.intent == .alias || recognized.plan.intent == .target {
            workspaceChanged()
        } else if Self.followableIntents.contains(recognized.plan.intent) {
            context = recognized.plan
        }
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
        vocabularyInstance = nil
        matcherInstance = nil
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
            var text: String
            if format == .md {
                text = markdownTable(title: title, header: header, rows: rows, rightAligned: numeric)
            } else {
                let table = BoxTable(header: header, rows: rows, rightAligned: numeric, tones: tones(answer))
                text = title + "\n" + table.render(width: width, color: color)
                if let chart = chart(answer, texts: rows) { text += "\n" + chart }
            }
            for recommendation in answer.recommendations {
                text += "\n" + Localized(zh: "建议：", en: "Recommendation: ")(lang) + recommendation.text(lang)
                let evidence = recommendation.evidence.map { $0(lang) }.joined(separator: lang == .zh ? "；" : "; ")
                if !evidence.isEmpty { text += Localized(zh: "（依据：", en: " (because: ")(lang) + evidence + ")" }
            }
            for note in answer.notes { text += "\n" + Localized(zh: "注：", en: "Note: ")(lang) + note(lang) }
            return text
        }
    }

    /// Green for movement the metric wants, red for the other way (churn going up is bad).
    private func tones(_ answer: Answer) -> [[Tone]] {
        let directions: [Bool?] = answer.columns.map { column in
            let column = column.hasSuffix("_change2") ? String(column.dropLast()) : column
            guard column.hasSuffix("_change") else { return nil }
            return Catalog.metric(String(column.dropLast("_change".count)))?.upIsGood ?? true
        }
        return answer.rows.map { row in
            row.indices.map { index in
                guard let upIsGood = directions[index], let value = row[index].number, value != 0 else { return .plain }
                return (value > 0) == upIsGood ? .good : .bad
            }
        }
    }

    /// A chart where a person would rather look than read: bars for a breakdown or rank by one
    /// dimension, a line for a series, a band for a forecast, funnel bars for a funnel.
    private func chart(_ answer: Answer, texts: [[String]]) -> String? {
        let plan = answer.plan
        let columns = answer.columns
        guard !answer.rows.isEmpty else { return nil }
        func values(_ column: String) -> [Double?]? {
            columns.firstIndex(of: column).map { index in answer.rows.map { $0[index].number } }
        }
        if let stage = columns.firstIndex(of: "stage"), let counts = values("opportunities"), plan.dimensions.isEmpty {
            let conversions = (values("conversion") ?? []).map { value in
                value.map {
                    Localized(zh: "转化 ", en: "converts ")(lang)
                        + CellFormatter(lang: lang).format(.number($0), as: .rate)
                } ?? ""
            }
            return Charts.funnel(
                stages: answer.rows.map { $0[stage].text ?? "" }, counts: counts.map { $0 ?? 0 },
                conversions: conversions)
        }
        if plan.intent == .forecast, let metric = plan.metrics.first, let metricIndex = columns.firstIndex(of: metric),
            let period = columns.firstIndex(of: "period"), plan.dimensions.isEmpty
        {
            // The months, not a quarter's total row after them.
            let months = answer.rows.filter { ($0[period].text ?? "").count == 7 }
            guard months.count >= 3, let low = columns.firstIndex(of: "low"), let high = columns.firstIndex(of: "high")
            else { return nil }
            return Charts.line(
                labels: months.map { $0[period].text ?? "" }, values: months.map { $0[metricIndex].number },
                low: months.map { $0[low].number }, high: months.map { $0[high].number })
        }
        guard let metric = plan.metrics.first, let metricIndex = columns.firstIndex(of: metric),
            let series = values(metric)
        else { return nil }
        let timeDimensions = plan.dimensions.filter { TimeGrain(rawValue: $0) != nil }
        if plan.intent == .trend && plan.dimensions.count == 1 && answer.rows.count >= 3,
            let time = timeDimensions.first,
            let labelIndex = columns.firstIndex(of: time)
        {
            return Charts.line(labels: answer.rows.map { $0[labelIndex].text ?? "" }, values: series)
        }
        if plan.intent == .trend, let time = timeDimensions.first,
            let other = plan.dimensions.first(where: { $0 != time }),
            let memberIndex = columns.firstIndex(of: other)
        {
            // One sparkline a member: its series over time.
            var order: [String] = []
            var points: [String: [Double?]] = [:]
            for row in answer.rows {
                let member = row[memberIndex].text ?? "—"
                if points[member] == nil { order.append(member) }
                points[member, default: []].append(row[metricIndex].number)
            }
            let widthOfNames = order.map { displayWidth($0) }.max() ?? 0
            return order.map { member in
                member + String(repeating: " ", count: widthOfNames - displayWidth(member)) + "  "
                    + Charts.sparkline(points[member] ?? [])
            }.joined(separator: "\n")
        }
        let plain = plan.dimensions.filter { TimeGrain(rawValue: $0) == nil }
        if (plan.intent == .breakdown || plan.intent == .rank || plan.intent == .compare) && plan.dimensions.count == 1,
            let dimension = plain.first, let labelIndex = columns.firstIndex(of: dimension),
            answer.rows.count > 1, answer.rows.count <= 30
        {
            return Charts.bars(
                labels: answer.rows.map { $0[labelIndex].text ?? "—" }, values: series.map { $0 ?? 0 },
                texts: texts.map { $0[metricIndex] })
        }
        return nil
    }

    /// A column's name for people: the Chinese name under zh (销售额), the id under en.
    private func columnName(_ column: String) -> String {
        guard lang == .zh else { return column }
        for (suffix, word) in [
            ("_prev2", "（第二对比期）"), ("_change2", "变化（第二对比）"), ("_prev", "（对比期）"), ("_change", "变化"),
        ] where column.hasSuffix(suffix) {
            let id = String(column.dropLast(suffix.count))
            return (Catalog.metric(id)?.zh ?? id) + word
        }
        if column == "chance" { return "达成概率" }
        if column.hasSuffix("_sample"), let metric = Catalog.metric(String(column.dropLast("_sample".count))) {
            return metric.zh + "（样本数）"
        }
        return Catalog.metric(column)?.zh ?? Catalog.dimension(column)?.zh ?? column
    }
}
