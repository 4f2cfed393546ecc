import Engine
import Model
import TestSupport
import Testing

@testable import Language

/// The grammar file is the authority: sentences generated from it must parse, and printing each
/// plan and parsing the print must give the same plan.
@Suite struct GrammarTests {
    static let grammar = try! Grammar(contentsOf: LanguageFixtures.root + "/grammar/kpi.ebnf")

    static func lexicon() -> [String: (inout TestRandom, [String]) -> String] {
        let vocabulary = LanguageFixtures.vocabulary
        let metrics = vocabulary.metrics.flatMap { [$0.id, $0.zh] }.filter { !$0.isEmpty } + ["业绩"]
        let dimensions = vocabulary.dimensions.flatMap { [$0.id, $0.zh] } + ["大区"]
        let plain = dimensions.filter { Catalog.dimension(vocabulary.dimension(named: $0)!)?.isTime == false }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        func day(_ random: inout TestRandom) -> Day {
            Day(year: 2019 + random.below(7), month: 1 + random.below(12), day: 1 + random.below(28))
        }
        return [
            "metric": { random, _ in random.pick(metrics) },
            "dimension": { random, _ in random.pick(dimensions) },
            "plain_dimension": { random, _ in random.pick(plain) },
            "selected_field": { random, named in random.pick(named) },
            "plan_name": { random, _ in random.pick(vocabulary.plans) },
            "word": { random, _ in random.pick(["华东", "直销", "CRM专业版", "张伟", "A1", "Key_Account", "线上"]) },
            "string": { random, _ in random.pick(["\"华东一组\"", "'Key Account'", "“上海 恒达”", "\"say \\\"hi\\\"\""]) },
            "integer": { random, _ in "\(1 + random.below(24))" },
            "horizon_count": { random, _ in "\(1 + random.below(5))" },
            "number": { random, _ in random.pick(["1200000", "1.5", "80%", "120万", "3", "0.25", "2亿", "15k"]) },
            "month_literal": { random, _ in "\(2019 + random.below(7))-\(two(1 + random.below(12)))" },
            "quarter_literal": { random, _ in "\(2019 + random.below(7))-Q\(1 + random.below(4))" },
            "year_literal": { random, _ in "\(2019 + random.below(7))" },
            "week_literal": { random, _ in "\(2019 + random.below(7))-W\(two(1 + random.below(52)))" },
            "half_literal": { random, _ in "\(2019 + random.below(7))-H\(1 + random.below(2))" },
            "day_literal": { random, _ in day(&random).iso },
            "day_range": { random, _ in
                let first = day(&random)
                return "\(first.iso)..\((first + random.below(60)).iso)"
            },
            "month_name": { random, _ in random.pick(["march", "mar", "october", "dec", "january"]) },
            "chinese_month": { random, _ in "\(1 + random.below(12))月" },
        ]
    }

    @Test func everyRuleIsReachableAndEveryLexicalClassIsFilled() {
        let lexicon = Self.lexicon()
        for name in Self.grammar.order {
            if case .special = Self.grammar.rules[name]! {
                #expect(lexicon[name] != nil || name == "new_name", "lexical class \(name)")
            }
        }
        #expect(Self.grammar.rules["statement"] != nil)
    }

    @Test func twoThousandGeneratedSentencesParseAndRoundTrip() throws {
        var generator = SentenceGenerator(grammar: Self.grammar, seed: 20_261_122, lexicon: Self.lexicon())
        var intents = Set<Intent>()
        var failures: [String] = []
        for _ in 0..<2_500 {
            let sentence = generator.sentence()
            do {
                let plan = try parse(sentence, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
                intents.insert(plan.intent)
                let printed = try #require(plan.canonical)
                let reparsed = try parse(printed, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
                if reparsed.meaning != plan.meaning {
                    failures.append("round trip: \(sentence)  →  \(printed)")
                }
                if reparsed.canonical != printed {
                    failures.append("canonical not stable: \(printed) → \(reparsed.canonical ?? "")")
                }
            } catch let diagnostic as Diagnostic {
                failures.append("\(sentence)\n" + diagnostic.rendered(source: sentence, lang: .en))
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5).joined(separator: "\n\n"))")
        #expect(intents == Set(Intent.allCases), "every statement kind is generated")
    }

    /// The canonical printer leaves defaults out and writes names as ids.
    @Test(arguments: [
        ("revenue in last month", "revenue"),
        ("销售额 by 区域", "revenue by region"),
        ("业绩 by 大区 in 2026-10", "revenue by region in 2026-10"),
        ("top 1 region by revenue", "top region by revenue"),
        ("trend revenue by month in last 12 months", "trend revenue"),
        ("trend revenue by region", "trend revenue by region"),
        ("forecast revenue next month", "forecast revenue"),
        ("forecast revenue in next 1 quarters", "forecast revenue next quarter"),
        ("diagnose revenue in 2026-10 vs previous", "diagnose revenue in 2026-10"),
        ("revenue by region where region in (华东)", "revenue by region where region = 华东"),
        ("revenue by region where region not in ('华东')", "revenue by region where region != 华东"),
        ("revenue by rep where attainment < 80%", "revenue by rep where attainment < 0.8"),
        ("scorecard rep in last month", "scorecard"),
        ("revenue, revenue by region, region", "revenue by region"),
        ("revenue by region order by revenue asc", "revenue by region order by revenue"),
        (
            "define metric m2 = (revenue - gross_profit) / (orders * 2)",
            "define metric m2 = (revenue - gross_profit) / (orders * 2)"
        ),
        ("define metric m3 = revenue - (orders - calls)", "define metric m3 = revenue - (orders - calls)"),
        ("define metric m4 = (revenue - orders) - calls", "define metric m4 = revenue - orders - calls"),
        ("set target 销售额 120万 for 团队 \"华东一组\" in 2026-12", "set target revenue 1200000 for team 华东一组 in 2026-12"),
        ("revenue in 3月", "revenue in 2026-03"),
        ("revenue by customer where customer = \"上海 恒达\"", "revenue by customer where customer = \"上海 恒达\""),
    ])
    func canonicalFormLeavesDefaultsOut(_ input: String, _ expected: String) throws {
        let plan = try parse(input, vocabulary: LanguageFixtures.vocabulary, asOf: LanguageFixtures.asOf)
        #expect(plan.canonical == expected)
    }
}
