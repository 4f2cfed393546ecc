import Analysis
import Coach
import Foundation
import Model
import TestSupport
import Testing

@Suite struct OnboardFlowTests {
    static let queries = [
        "revenue by region in 2026-10", "revenue by month in last 6 months", "attainment by team in 2026-10",
        "top 5 rep by revenue in 2026-10", "win_rate by team in 2026-10", "visits by team in 2026-10",
        "new_customers by region in 2026-10", "csat by region in 2026-10",
    ]

    /// Money as a Chinese table shows it, worked out here on its own: whole units under 万,
    /// 万 with one place (none when it is .0) under a million, whole 万 with thousands
    /// separators under 亿 (18,677,354 → 1,868万), 亿 with two places.
    static func grouped(_ value: Double) -> String {
        func separated(_ whole: Int) -> String {
            let digits = Array(String(whole))
            var text = ""
            for (index, digit) in digits.enumerated() {
                if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
                text.append(digit)
            }
            return text
        }
        func places(_ number: Double, _ count: Int) -> String {
            var text = String(format: "%.\(count)f", (number * pow(10, Double(count))).rounded() / pow(10, Double(count)))
            while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
            return text
        }
        switch value {
        case ..<1e4: return separated(Int(value.rounded()))
        case ..<1e6: return places(value / 1e4, 1) + "万"
        case ..<1e8: return separated(Int((value / 1e4).rounded())) + "万"
        default: return places(value / 1e8, 2) + "亿"
        }
    }

    @Test func enterThroughTheTourShowsEachQueryAndRunsIt() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run("onboard", Array(repeating: "", count: 8))
        #expect(outcome == .finished)
        for query in Self.queries { #expect(io.text.contains("查询写法：" + query), "\(query)") }
        #expect(io.text.contains("【第 8/8 步】"))
        #expect(io.text.contains("指标：达成率 (attainment)"))
        // The first stop's answer holds October's revenue of each region, summed here in SQL.
        for line in try bench.rows(
            "SELECT region, SUM(amount) FROM orders WHERE date BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY region")
        {
            let parts = line.split(separator: "|")
            let row = io.transcript.joined(separator: "\n").split(separator: "\n").first {
                $0.hasPrefix(parts[0] + " ")
            }
            #expect(row?.hasSuffix(Self.grouped(Double(parts[1])!)) == true, "\(line)")
        }
    }

    @Test func quitInTheTourResumesAtTheNextStop() throws {
        let bench = try CoachBench()
        let (first, _) = try bench.run("onboard", ["", "", "", "quit"])
        #expect(first == .quit)
        #expect(try bench.rows("SELECT flow, step FROM coach_progress") == ["onboard|3"])
        let (second, io) = try bench.run("onboard", Array(repeating: "", count: 6), lang: .en)
        #expect(second == .finished)
        #expect(
            io.transcript.first { $0.hasPrefix("[Step") }?.hasPrefix("[Step 4/8] Ask: top 5 reps by revenue last month")
                == true)
        #expect(io.text.contains("Tour complete"))
    }
}

@Suite struct BalanceFlowTests {
    @Test func scriptedAnswersSaveThePlan() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run("balance", ["3", "3", "新人方案", "2"])
        #expect(outcome == .finished)
        #expect(
            try bench.rows("SELECT name, items, individual_weight, team_weight FROM scorecard_plans") == [
                #"新人方案|[{"metric":"visits","weight":0.3},{"metric":"demos","weight":0.3},{"metric":"win_rate","weight":0.4}]|0.7|0.3"#
            ])
        #expect(io.text.contains("scorecard rep in 2026-10 using 新人方案"))
    }

    /// A mix of the manager's own, typed at the mix step, is saved as typed.
    @Test func aCustomMixIsSavedAsTyped() throws {
        let bench = try CoachBench()
        let (outcome, _) = try bench.run("balance", ["", "达成率 50%，团队协作评分 30%，拜访数 20%", "自定方案", ""])
        #expect(outcome == .finished)
        #expect(
            try bench.rows("SELECT name, items FROM scorecard_plans") == [
                #"自定方案|[{"metric":"attainment","weight":0.5},{"metric":"collaboration_score","weight":0.3},{"metric":"visits","weight":0.2}]"#
            ])
    }

    @Test func enterThroughSavesTheBalancedPlanAndShowsItsRanking() throws {
        let bench = try CoachBench()
        let (outcome, io) = try bench.run("balance", ["", "", "", ""])
        #expect(outcome == .finished)
        #expect(
            try bench.rows("SELECT name, items, individual_weight, team_weight FROM scorecard_plans") == [
                #"教练方案|[{"metric":"attainment","weight":0.4},{"metric":"new_customers","weight":0.2},{"metric":"win_rate","weight":0.2},{"metric":"csat","weight":0.2}]|0.8|0.2"#
            ])
        // The ranking shown is the scorecard of the saved plan over the last quarter.
        let ranking = try bench.analyst.execute(
            Plan(
                intent: .scorecard, dimensions: ["rep"],
                period: Period(
                    start: Day(year: 2026, month: 7, day: 1), end: Day(year: 2026, month: 9, day: 30), label: "2026-Q3"),
                using: "教练方案"), asOf: Fixtures.asOf)
        let top = try #require(ranking.rows.first?.first?.text)
        let shown = io.transcript.last!.split(separator: "\n")
        #expect(shown[0] == "✔ 方案“教练方案”已保存。")
        #expect(shown[1] == "查询：scorecard rep in 2026-Q3 using 教练方案")
        #expect(shown[4].hasPrefix(top))
    }

    @Test func typedWeightsBackAndQuit() throws {
        let bench = try CoachBench()
        let (first, _) = try bench.run("balance", ["60/40", "2", "back", "quit"], lang: .en)
        #expect(first == .quit)
        #expect(try bench.rows("SELECT flow, step, answers FROM coach_progress") == [#"balance|1|["0.6\/0.4"]"#])
        let (second, io) = try bench.run("balance", ["", "2", "sales plan", ""], lang: .en)
        #expect(second == .finished)
        #expect(
            try bench.rows("SELECT name, individual_weight, team_weight FROM scorecard_plans") == ["sales plan|0.6|0.4"]
        )
        #expect(io.text.contains(#"Query: scorecard rep in 2026-Q3 using "sales plan""#))
    }
}
