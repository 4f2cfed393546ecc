import Ask
import Engine
import Foundation
import Language
import Model
import Store
import TestSupport
import Testing

/// corpus/questions: every question becomes its canonical query, through the same recognition
/// as the command line (the query language first, then the question matcher).
@Suite struct CorpusTests {
    static let asOf = Day(iso: "2026-11-22")!
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()
    static let vocabulary = try! MetricEngine(workspace: Fixtures.demo).vocabulary()
    static let matcher = QuestionMatcher(lexicon: try! AskLexicon.standard(), vocabulary: vocabulary)

    struct Row: Sendable, CustomStringConvertible {
        let question: String
        let expected: String
        var description: String { question }
    }

    /// `zh`, `en` (corpus/questions) or `heldout/zh`, `heldout/en` (corpus/heldout, written without
    /// looking at the matcher; `decline` rows must get no plan).
    static func corpus(_ name: String) -> [Row] {
        let path = name.hasPrefix("heldout/") ? "/corpus/\(name).tsv" : "/corpus/questions/\(name).tsv"
        let text = try! String(contentsOfFile: root + path, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t").map(String.init)
            return Row(question: parts[0], expected: parts[1])
        }
    }

    /// The plan a question becomes, or why it became none.
    static func understand(_ question: String) -> Result<Plan, MatchFailure> {
        if let plan = try? parse(question, vocabulary: vocabulary, asOf: asOf) { return .success(plan) }
        do {
            let understanding = try matcher.match(question, asOf: asOf)
            // Words left over are asked back, never answered: the row does not get its plan.
            if !understanding.ignored.isEmpty {
                return .failure(.notUnderstood(words: understanding.ignored, examples: []))
            }
            return .success(understanding.plan)
        } catch let failure as MatchFailure {
            return .failure(failure)
        } catch {
            fatalError("match throws MatchFailure only")
        }
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.corpus("zh").count >= 300)
        #expect(Self.corpus("en").count >= 120)
    }

    @Test(arguments: ["zh", "en", "heldout/zh", "heldout/en"])
    func everyQuestionBecomesItsCanonicalQuery(_ language: String) throws {
        var failures: [String] = []
        for row in Self.corpus(language) {
            if row.expected == "decline" {
                if case .success(let plan) = Self.understand(row.question) {
                    failures.append(
                        "\(row.question)\n    expected: decline\n    got:      \(canonicalQuery(for: plan))")
                }
                continue
            }
            guard let expected = try? parse(row.expected, vocabulary: Self.vocabulary, asOf: Self.asOf) else {
                failures.append("\(row.question)\n    the expected query does not parse: \(row.expected)")
                continue
            }
            switch Self.understand(row.question) {
            case .success(let plan):
                let printed = canonicalQuery(for: plan)
                if printed != row.expected || plan.meaning != expected.meaning {
                    failures.append("\(row.question)\n    expected: \(row.expected)\n    got:      \(printed)")
                }
            case .failure(let failure):
                failures.append("\(row.question)\n    expected: \(row.expected)\n    failed:   \(failure.message(.en))")
            }
        }
        // The whole list goes to a file: a console line this long is cut.
        let report = NSTemporaryDirectory() + "kpish-corpus-\(language.replacingOccurrences(of: "/", with: "-")).txt"
        try? failures.joined(separator: "\n").write(toFile: report, atomically: true, encoding: .utf8)
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(Self.corpus(language).count) questions (all in \(report)):\n\(failures.prefix(8).joined(separator: "\n"))"
        )
    }

    @Test func issueExamples() throws {
        let forecast = try Self.matcher.match("下个月销售额预测", asOf: Self.asOf).plan
        #expect(forecast.intent == .forecast)
        #expect(forecast.metrics == ["revenue"])
        #expect(forecast.period?.start.iso == "2026-12-01")
        #expect(forecast.period?.end.iso == "2026-12-31")
        #expect(forecast.source == .question)
        let demand = try Self.matcher.match("哪个区域需求大", asOf: Self.asOf).plan
        #expect(demand.intent == .rank)
        #expect(demand.dimensions == ["region"])
        #expect(demand.metrics.first == "revenue")
        #expect(demand.order == .descending)
        #expect(demand.compareTo != nil, "demand carries growth against the previous period")
        #expect(demand.metrics.contains("pipeline_value"), "and open pipeline")
    }

    @Test(arguments: [
        "今天天气怎么样", "帮我订一张去上海的机票", "推荐一部电影", "给我讲个笑话", "what's the weather in Beijing", "book a flight to Shanghai",
        "腾讯股价多少",
    ])
    func outOfDomainQuestionsAreDeclined(_ question: String) {
        #expect {
            _ = try Self.matcher.match(question, asOf: Self.asOf)
        } throws: { error in
            if case MatchFailure.outOfDomain = error { return true }
            return false
        }
    }

    @Test(arguments: ["asdf qwer", "呵呵哈哈", "the quick brown fox"])
    func nonsenseIsNotUnderstoodAndNamesTheWords(_ question: String) {
        #expect {
            _ = try Self.matcher.match(question, asOf: Self.asOf)
        } throws: { error in
            guard case MatchFailure.notUnderstood(let words, let examples) = error else { return false }
            return !words.isEmpty && !examples.isEmpty
        }
    }

    @Test func tiesOfferTheOtherReading() throws {
        // 华东组 is one edit from 华东一组 and from 华东二组.
        let understanding = try Self.matcher.match("华东组上个月销售额", asOf: Self.asOf)
        #expect(understanding.plan.filters == [Filter(field: "team", op: .equal, values: [.text("华东一组")])])
        #expect(understanding.alternatives.map(\.filters).contains([Filter(field: "team", op: .equal, values: [.text("华东二组")])]))
        #expect((understanding.plan.confidence ?? 1) < 0.9)
    }

    @Test func typosInNamesAreReadAsTheCloseNameAndSaidSo() throws {
        let understanding = try Self.matcher.match("高思园的销售额", asOf: Self.asOf)
        #expect(understanding.plan.filters == [Filter(field: "rep", op: .equal, values: [.text("高思远")])])
        #expect(understanding.notes.contains { $0.zh.contains("高思园") })
    }

    @Test(arguments: [("三", 3), ("十二", 12), ("两", 2), ("二十五", 25), ("一百", 100), ("一百零五", 105)])
    func chineseNumeralsInNumberSlots(_ numeral: String, _ value: Int) throws {
        let plan = try Self.matcher.match("近\(numeral)天销售额", asOf: Self.asOf).plan
        #expect(plan.period?.label == "last \(value) days")
    }
}
