import Analysis
import Engine
import Language
import Foundation
import Model
import Render
import Shell
import Store
import TestSupport
import Testing

/// Every answer of the question corpus and of the corpus scripts, in each language: no raw
/// metric or column id in a title or a header under Chinese, no Chinese word under English but
/// the data's own names, and no stage, method or dimension shown by its id.
@Suite(.serialized) struct LocalizationTests {
    /// The questions of corpus/questions, both files.
    static let questions: [String] = ["zh", "en"].flatMap { name in
        let text = try! String(contentsOfFile: RealData.repository + "/corpus/questions/\(name).tsv", encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            $0.split(separator: "\t").first.map(String.init)
        }
    }

    /// Everything an answer shows people as words: its title and its headers.
    static func words(of answer: Answer, _ renderer: Renderer) -> [String] {
        [answer.title(renderer.lang)] + answer.columns.indices.map { renderer.header(answer.described($0)) }
    }

    /// The text with the data's own names that the plan filters on (华东, CRM专业版: they stay as
    /// written) and the period labels taken out.
    static func stripped(_ text: String, names: [String]) -> String {
        var text = text
        for name in names.sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: name, with: " ") }
        // 2026-Q3, 2026-W05, 2026-H1 name periods in both languages.
        return text.replacingOccurrences(of: #"\d{4}-[QWH]\d{1,2}"#, with: " ", options: .regularExpression)
    }

    static func problems(in answer: Answer, lang: Lang) -> [String] {
        let renderer = Renderer(lang: lang)
        var found: [String] = []
        let names = answer.plan.filters.flatMap(\.values).compactMap { value -> String? in
            if case .text(let name) = value { return name }
            return nil
        }
        for text in words(of: answer, renderer) {
            let rest = stripped(text, names: names)
            switch lang {
            case .zh:
                // No Latin word at all: ids (revenue, backtest_error), period words (last month).
                if rest.range(of: #"[A-Za-z_]{2,}"#, options: .regularExpression) != nil { found.append(text) }
            case .en:
                if rest.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { found.append(text) }
            }
        }
        // Values that are ids (funnel stages, methods, a diagnosis's dimensions) show their names.
        for index in answer.columns.indices {
            let column = answer.described(index)
            guard !column.valueNames.isEmpty else { continue }
            for row in answer.rows {
                guard case .text(let id) = row[index], column.valueNames[id] != nil else { continue }
                if renderer.cell(row[index], column) == id && lang == .zh { found.append("\(column.id): \(id)") }
            }
        }
        return found
    }

    /// An answer holds both languages: each is answered once and read in both.
    @Test func noAnswerOfTheQuestionCorpusShowsARawIdOrTheOtherLanguage() throws {
        let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: .zh)
        session.keepsAnswers = true
        var checked = 0
        var plans = Set<String>()
        var failures: [String] = []
        for question in Self.questions {
            // Statements that change the workspace (set target, define, alias) are left out: the
            // demo workspace is shared by the suite.
            guard case .success(let recognized)? = try? session.recognize(question),
                ![.target, .define, .alias].contains(recognized.plan.intent)
            else { continue }
            // One answer a plan: questions that become the same plan show the same words. A
            // forecast (or a pace, which forecasts) is the same words for any period and filter:
            // one of each kind (each takes seconds in a debug build).
            let plan = recognized.plan
            let forecasts = plan.intent == .forecast || plan.metrics.contains("projected_end")
            let signature =
                forecasts ? "\(plan.intent) \(plan.metrics) \(plan.dimensions) \(plan.filters.isEmpty)" : canonicalQuery(for: plan)
            guard plans.insert(signature).inserted else { continue }
            let before = session.answered.count
            guard (try? session.answer(question, format: .table))?.status == 0, session.answered.count > before,
                let answer = session.answered.last
            else { continue }
            checked += 1
            for lang in [Lang.zh, .en] {
                for problem in Self.problems(in: answer, lang: lang) { failures.append("\(lang) \(question) → \(problem)") }
            }
            for problem in Self.roundedApart(answer) { failures.append("\(question) → \(problem)") }
        }
        #expect(checked > 300)
        #expect(failures.isEmpty, "\(failures.count) of \(checked):\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    /// A percent in the advice that is a figure of the table reads as the table shows it: for
    /// every rate cell within rounding of the advice's figure, the two texts are the same.
    static func roundedApart(_ answer: Answer) -> [String] {
        let renderer = Renderer(lang: .zh)
        var cells: [(value: Double, text: String)] = []
        for index in answer.columns.indices where answer.described(index).kind == .rate {
            for row in answer.rows {
                if let value = row[index].number { cells.append((value * 100, renderer.cell(row[index], answer.described(index)))) }
            }
        }
        var found: [String] = []
        let evidence = answer.recommendations.flatMap { [$0.text.zh] + $0.evidence.map(\.zh) }.joined(separator: " ")
        let pattern = try! NSRegularExpression(pattern: #"(?<![\d.+-])(\d+\.\d)%"#)
        for match in pattern.matches(in: evidence, range: NSRange(evidence.startIndex..., in: evidence)) {
            let text = String(evidence[Range(match.range(at: 1), in: evidence)!])
            guard let figure = Double(text) else { continue }
            let near = cells.filter { abs($0.value - figure) <= 0.05 + 1e-9 }
            if !near.isEmpty && !near.contains(where: { $0.text == text + "%" }) {
                found.append("advice \(text)% beside table \(near.map(\.text))")
            }
        }
        return found
    }

    /// 20 of 64 is 31.25% exactly: the funnel's table and the advice under it both say 31.3%.
    @Test func aTieIsRoundedTheSameInTheTableAndTheAdvice() throws {
        let engine = try MetricEngine(workspace: Fixtures.demo)
        let analyst = Analyst(engine: engine, scorecards: Fixtures.demo)
        var answer = Answer(
            plan: Plan(intent: .funnel), title: Localized(zh: "", en: ""), columns: ["stage", "opportunities", "conversion"],
            rows: zip(["lead", "qualified", "proposal", "negotiation", "won"], [100.0, 80, 64, 20, 16]).map { stage, count in
                [.text(stage), .number(count), .null]
            })
        for index in 0..<4 { answer.rows[index][2] = .number(answer.rows[index + 1][1].number! / answer.rows[index][1].number!) }
        engine.describe(&answer)
        answer.recommendations = analyst.recommendations(for: answer, asOf: Fixtures.asOf)
        let advice = answer.recommendations.flatMap(\.evidence).map(\.zh).joined()
        #expect(advice.contains("31.3%"))
        #expect(Renderer(lang: .zh).table(answer).contains("31.3%"))
        #expect(Self.roundedApart(answer).isEmpty)
    }

    @Test(arguments: [Lang.zh, .en])
    func noAnswerOfTheCorpusScriptsShowsARawIdOrTheOtherLanguage(_ lang: Lang) throws {
        for (file, parameters) in ExportTests.scripts {
            let session = Session(workspace: Fixtures.demo, asOf: Fixtures.asOf, lang: lang)
            session.keepsAnswers = true
            let loop = InputLoop(session: session, format: .table, write: { _ in }, writeError: { Issue.record("\($0)") })
            #expect(loop.runFile(RealData.repository + "/corpus/scripts/" + file, parameters: parameters, keepGoing: false) == 0)
            for answer in session.answered {
                let problems = Self.problems(in: answer, lang: lang)
                #expect(problems.isEmpty, "\(file): \(problems)")
            }
        }
    }
}
