import Foundation
import TestSupport
import Testing

/// Forecast, diagnose and scorecard through `kpish -c`, as a user types them.
@Suite struct AnalysisCommandLineTests {
    static let directory: String = {
        let directory = Fixtures.temporaryDirectory()
        _ = try! KpishProcess.run(
            ["demo", "--orders", "4000", "--seed", "2", "--as-of", "2026-11-22"], directory: directory)
        return directory
    }()

    func run(_ text: String, format: String = "table", lang: String = "zh") throws -> KpishProcess.Result {
        try KpishProcess.run(
            ["--as-of", "2026-11-22", "--lang", lang, "--format", format, "-c", text], directory: Self.directory)
    }

    @Test func forecastByRegion() throws {
        let result = try run("forecast revenue next 3 months by region", format: "json")
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(
            json["columns"] as? [String] == [
                "region", "period", "revenue", "low", "high", "low80", "high80", "method", "backtest_error", "target",
                "gap",
            ])
        #expect((json["rows"] as? [[Any]])?.count == 21)
    }

    @Test func aChineseQuestionBecomesAForecast() throws {
        let result = try run("下个月销售额预测")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("理解为：forecast revenue"))
        #expect(result.stdout.contains("销售额预测"))
        #expect(result.stdout.contains("2026-12"))
    }

    @Test func diagnoseAndScorecard() throws {
        let diagnose = try run("diagnose revenue in 2026-10 vs 2026-09", lang: "en")
        #expect(diagnose.status == 0, "\(diagnose.stderr)")
        #expect(diagnose.stdout.contains("Why revenue changed, 2026-10 vs 2026-09"))
        #expect(diagnose.stdout.contains("contribution"))
        let scorecard = try run("scorecard rep in 2026-Q3", lang: "en")
        #expect(scorecard.status == 0, "\(scorecard.stderr)")
        #expect(scorecard.stdout.contains("Rep scorecard, 2026-Q3 (default plan)"))
        let unknown = try run("scorecard rep in 2026-Q3 using 新人方案")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("新人方案"))
        let plans = try run("show plans")
        #expect(plans.status == 0)
        #expect(plans.stdout.contains("默认方案"))
        // The plan's items by their METRICS.md names and its weights as shares; the JSON keeps ids.
        #expect(plans.stdout.contains("达成率 50%、新增客户数 20%"))
        #expect(plans.stdout.contains("70.0%") && plans.stdout.contains("30.0%"))
        #expect(!plans.stdout.contains("attainment") && !plans.stdout.contains("new_customers"))
        let english = try run("show plans", lang: "en")
        #expect(english.stdout.contains("Attainment 50%, New customers 20%"))
        #expect(english.stdout.contains("Individual"), "an English header wraps between its words")
        let json = try run("show plans", format: "json")
        #expect(json.stdout.contains("attainment 50%, new_customers 20%"))
    }
}
