import Engine
import Model
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

    /// After `region =` only regions; after `team in (…` only teams, in counting order.
    @Test func afterAnEqualsSignOnlyThatDimensionsValues() {
        let regions = Set(Self.vocabulary.values(of: "region") ?? [])
        let afterRegion = completions(for: "", before: "revenue where region = ", vocabulary: Self.vocabulary, commands: [])
        #expect(Set(afterRegion) == regions)
        let teams = completions(
            for: "华东", before: "revenue by rep where 区域 = 华东 and team in (", vocabulary: Self.vocabulary, commands: [])
        #expect(teams == ["华东一组", "华东二组", "华东三组"].filter { (Self.vocabulary.values(of: "team") ?? []).contains($0) })
        #expect(teams.count >= 2)
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

@Suite struct ListingOrderTests {
    /// show teams lists 华东一组, 华东二组, 华东三组 — not 一, 三, 二 as Unicode has them.
    @Test func teamsAreListedInCountingOrder() throws {
        let engine = try MetricEngine(workspace: Fixtures.demo)
        let answer = try engine.execute(Plan(intent: .show, show: "teams"), asOf: Fixtures.asOf)
        let teams = answer.rows.compactMap { $0.first?.text }
        let east = teams.filter { $0.hasPrefix("华东") }
        #expect(east.count >= 2)
        #expect(east == ["华东一组", "华东二组", "华东三组"].prefix(east.count).map { $0 })
    }
}
