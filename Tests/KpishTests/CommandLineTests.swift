import Foundation
import TestSupport
import Testing

/// The executable's surface, run as a user would run it.
@Suite struct CommandLineTests {
    @Test func versionAndBilingualHelp() throws {
        let version = try KpishProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try KpishProcess.run(["--help"])
        #expect(help.status == 0)
        for word in ["--db", "--as-of", "--lang", "demo", "销售经理", "sales managers"] {
            #expect(help.stdout.contains(word), "\(word)")
        }
        let demoHelp = try KpishProcess.run(["demo", "--help"])
        for word in ["--orders", "--seed", "--replace", "演示公司", "demo company"] {
            #expect(demoHelp.stdout.contains(word), "\(word)")
        }
    }

    @Test func demoCreatesAPrivateWorkspaceAndSummarisesIt() throws {
        let directory = Fixtures.temporaryDirectory()
        let result = try KpishProcess.run(
            ["demo", "--orders", "2000", "--seed", "3", "--as-of", "2026-11-22", "--lang", "en"], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Orders from 2023-12-01 to 2026-11-2"))
        #expect(result.stdout.contains("2,000"))
        #expect(result.stdout.contains("华东"))
        let mode = try FileManager.default.attributesOfItem(atPath: directory + "/kpish.db")[.posixPermissions] as! Int
        #expect(mode == 0o600)

        // Without a subcommand and without a terminal, kpish reads plain lines: no prompt, no
        // greeting, just the answers, in Chinese by default.
        let piped = try KpishProcess.run(
            ["--as-of", "2026-11-22"], environment: ["LANG": "C"], directory: directory,
            input: "orders in 2026-10\nquit\n")
        #expect(piped.status == 0)
        // LANG=C is no UTF-8 locale: the table is drawn in ASCII.
        #expect(piped.stdout.hasPrefix("2026-10 订单数\n+-"))
        #expect(!piped.stdout.contains("kpish>"))
        // A second demo would overwrite the data: refused with exit 1.
        let again = try KpishProcess.run(["demo", "--orders", "2000"], directory: directory)
        #expect(again.status == 1)
        #expect(again.stderr.contains("--replace"))
    }

    @Test func workspaceComesFromTheFlagThenTheEnvironment() throws {
        let directory = Fixtures.temporaryDirectory()
        let fromEnvironment = try KpishProcess.run(
            ["demo", "--orders", "500", "--as-of", "2026-11-22"], environment: ["KPISH_DB": directory + "/env.db"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory + "/env.db"))
        let fromFlag = try KpishProcess.run(
            ["--db", directory + "/flag.db", "--lang", "en"], environment: ["KPISH_DB": directory + "/env.db"])
        #expect(fromFlag.status == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/flag.db"))
    }

    @Test func notAWorkspaceIsAnInputErrorAndTheFileIsUntouched() throws {
        let path = Fixtures.temporaryDirectory() + "/sales.csv"
        let bytes = Data("订单日期,销售额\n2026-01-05,100\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        let zh = try KpishProcess.run(["--db", path, "--lang", "zh"])
        #expect(zh.status == 1)
        #expect(zh.stderr.contains("不是 kpish 工作区"))
        let en = try KpishProcess.run(["demo", "--db", path, "--lang", "en"])
        #expect(en.status == 1)
        #expect(en.stderr.contains("not a kpish workspace"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test(arguments: [
        ["--lang", "fr"], ["--as-of", "2026-13-01"], ["demo", "--orders", "ten"], ["--no-such-flag"], ["frobnicate"],
    ])
    func usageErrorsExitWithTwo(_ arguments: [String]) throws {
        let result = try KpishProcess.run(arguments + ["--db", Fixtures.newWorkspacePath()])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }
}

/// `kpish explain`: the plan a text becomes, as JSON or for people; diagnostics exit with 1.
@Suite struct ExplainCommandTests {
    static let workspace: String = {
        let path = Fixtures.newWorkspacePath()
        _ = try! KpishProcess.run(["demo", "--orders", "1000", "--db", path, "--as-of", "2026-11-22"])
        return path
    }()

    @Test func jsonPlanWithEveryField() throws {
        let result = try KpishProcess.run(
            [
                "explain", "--json", "--db", Self.workspace, "--as-of", "2026-11-22",
                "top 3 region by revenue in last 3 months",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(object["intent"] as? String == "rank")
        #expect(object["canonical"] as? String == "top 3 region by revenue in last 3 months")
        #expect((object["period"] as? [String: String])?["start"] == "2026-08-01")
        #expect(object["compare_to"] is NSNull)
    }

    @Test func readableSummaryInBothLanguages() throws {
        let zh = try KpishProcess.run([
            "explain", "--db", Self.workspace, "--as-of", "2026-11-22", "--lang", "zh", "销售额", "by", "区域",
        ])
        #expect(zh.status == 0)
        #expect(zh.stdout.contains("规范查询"))
        #expect(zh.stdout.contains("revenue by region"))
        let en = try KpishProcess.run([
            "explain", "--db", Self.workspace, "--as-of", "2026-11-22", "--lang", "en", "revenue by region",
        ])
        #expect(en.stdout.contains("canonical"))
    }

    @Test func diagnosticsNameTheDataValueAndExitWithOne() throws {
        let result = try KpishProcess.run(
            [
                "explain", "--db", Self.workspace, "--as-of", "2026-11-22", "--lang", "en",
                "revenue by region where region = 华栋",
            ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 1, column 34"))
        #expect(result.stderr.contains("did you mean “华东”"))
        #expect(result.stdout.isEmpty)
    }

    @Test func questionsBecomePlansWithTheirUnderstanding() throws {
        let forecast = try KpishProcess.run(
            ["explain", "--json", "--db", Self.workspace, "--as-of", "2026-11-22", "下个月销售额预测"])
        #expect(forecast.status == 0, "\(forecast.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(forecast.stdout.utf8)) as! [String: Any]
        #expect(plan["intent"] as? String == "forecast")
        #expect(plan["metrics"] as? [String] == ["revenue"])
        #expect((plan["period"] as? [String: String])?["start"] == "2026-12-01")
        #expect((plan["period"] as? [String: String])?["end"] == "2026-12-31")
        #expect(plan["source"] as? String == "question")
        #expect(plan["canonical"] as? String == "forecast revenue")
        #expect((plan["confidence"] as? Double ?? 0) > 0.5)

        let demand = try KpishProcess.run(
            ["explain", "--json", "--db", Self.workspace, "--as-of", "2026-11-22", "哪个区域需求大"])
        let rank = try JSONSerialization.jsonObject(with: Data(demand.stdout.utf8)) as! [String: Any]
        #expect(rank["intent"] as? String == "rank")
        #expect(rank["dimensions"] as? [String] == ["region"])
        #expect((rank["metrics"] as? [String])?.first == "revenue")
        #expect(rank["order"] as? String == "desc")

        let understood = try KpishProcess.run(
            ["explain", "--db", Self.workspace, "--as-of", "2026-11-22", "--lang", "zh", "上季度华东区达成率"])
        #expect(understood.stdout.hasPrefix("理解为：attainment where region = 华东 in last quarter"))
    }

    @Test func outOfDomainQuestionsAreDeclinedWithOne() throws {
        let result = try KpishProcess.run(["explain", "--db", Self.workspace, "--lang", "en", "今天天气怎么样"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("outside sales data"))
        #expect(result.stdout.isEmpty)
        let nonsense = try KpishProcess.run(["explain", "--db", Self.workspace, "--lang", "zh", "呵呵哈哈"])
        #expect(nonsense.status == 1)
        #expect(nonsense.stderr.contains("没有理解"))
    }

    @Test func anAliasIsKeptInTheWorkspaceAndUnderstoodInQuestions() throws {
        let path = Fixtures.newWorkspacePath()
        _ = try KpishProcess.run(["demo", "--orders", "800", "--db", path, "--as-of", "2026-11-22"])
        let define = try KpishProcess.run(["--db", path, "--as-of", "2026-11-22", "-c", "alias 营收额 = revenue"])
        #expect(define.status == 0, "\(define.stderr)")
        // A new process: the alias comes from the workspace.
        let asked = try KpishProcess.run(
            ["--db", path, "--as-of", "2026-11-22", "--lang", "zh", "-c", "上个月各区域营收额", "--format", "md"])
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout.hasPrefix("理解为：revenue by region"))
        let csv = try KpishProcess.run([
            "--db", path, "--as-of", "2026-11-22", "-c", "营收额 by region", "--format", "csv",
        ])
        #expect(csv.stdout.hasPrefix("region,revenue\n"))
    }
}
