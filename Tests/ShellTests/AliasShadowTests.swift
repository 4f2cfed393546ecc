import Foundation
import Model
import Shell
import Store
import TestSupport
import Testing

/// Issue 17, item 6: a name may not shadow what a word already means in questions. After
/// `alias 各区域 = rep` the README's first example (各区域上个月销售额) answered by rep.
@Suite struct AliasShadowTests {
    static func session() throws -> (Session, Workspace) {
        let workspace = try Fixtures.demoWorkspace(orderLines: 1500, seed: 8)
        return (Session(workspace: workspace, asOf: Fixtures.asOf, lang: .en), workspace)
    }

    @Test(arguments: [
        ("alias 各区域 = rep", "a word for “region”"),
        ("alias 华东 = orders", "the region “华东” in the data"),
        ("alias 去年 = orders", "a word for a time"),
        ("alias 为什么 = orders", "what a question asks"),
        ("define metric 上个月 = revenue * 2", "a word for a time"),
    ])
    func aNameThatShadowsAWordIsRefused(line: String, phrase: String) throws {
        let (session, workspace) = try Self.session()
        let output = try session.answer(line, format: .csv)
        #expect(output.status == 1)
        #expect(output.error.contains(phrase), "\(output.error)")
        #expect(try workspace.aliases().isEmpty)
        #expect(try workspace.definedMetrics().isEmpty)
        // The README's first example still answers by region.
        let answer = try session.answer("各区域上个月销售额", format: .csv)
        #expect(answer.output.split(separator: "\n").first == "region,revenue")
    }

    /// In a Chinese session the refusal names the dimension and the metric in Chinese (METRICS.md:
    /// region is 区域, revenue 销售额), never by their ids.
    @Test(arguments: [
        ("alias 华东 = orders", "数据中的区域“华东”"),
        ("alias 各区域 = rep", "“区域”的同义词"),
        ("alias 营收 = orders", "“销售额”的同义词"),
    ])
    func aChineseSessionNamesWhatIsShadowedInChinese(line: String, phrase: String) throws {
        let workspace = try Fixtures.demoWorkspace(orderLines: 1500, seed: 8)
        let session = Session(workspace: workspace, asOf: Fixtures.asOf, lang: .zh)
        let output = try session.answer(line, format: .csv)
        #expect(output.status == 1)
        #expect(output.error.contains(phrase), "\(output.error)")
        #expect(!output.error.contains("region") && !output.error.contains("revenue"), "\(output.error)")
    }

    @Test func aFreshNameIsTaken() throws {
        let (session, workspace) = try Self.session()
        #expect(try session.answer("alias sales_amt = revenue", format: .csv).status == 0)
        #expect(try workspace.aliases()["sales_amt"] == "revenue")
    }
}
