import Engine
import Shell
import TestSupport
import Testing

@Suite struct CompletionTests {
    static let vocabulary = try! MetricEngine(workspace: Fixtures.demo).vocabulary()

    @Test func aChineseFirstCharacterOffersTheRegions() {
        let candidates = completions(
            for: "华", before: "revenue where region = ", vocabulary: Self.vocabulary, commands: [])
        for region in ["华东", "华南", "华北", "华中"] { #expect(candidates.contains(region), "\(region)") }
        #expect(candidates.allSatisfy { $0.hasPrefix("华") })
    }

    @Test func aLatinPrefixOffersMetricsAndKeywords() {
        let candidates = completions(for: "reve", before: "", vocabulary: Self.vocabulary, commands: ["help"])
        #expect(candidates.prefix(2) == ["revenue", "revenue_per_rep"])
        #expect(
            completions(for: "wh", before: "revenue by region ", vocabulary: Self.vocabulary, commands: []) == ["where"]
        )
    }

    @Test func commandsOnlyAtTheStartOfALine() {
        #expect(
            completions(for: "he", before: "", vocabulary: Self.vocabulary, commands: ["help", "history"]) == ["help"])
        #expect(
            !completions(for: "he", before: "revenue ", vocabulary: Self.vocabulary, commands: ["help"]).contains(
                "help"))
    }

    @Test func chineseNamesOfMetricsAndDimensions() {
        #expect(completions(for: "销售", before: "", vocabulary: Self.vocabulary, commands: []).contains("销售额"))
        #expect(completions(for: "区", before: "revenue by ", vocabulary: Self.vocabulary, commands: []).contains("区域"))
    }
}
