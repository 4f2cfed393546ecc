import Engine
import Foundation
import Model
import TestSupport
import Testing

@testable import Analysis

/// Target advice: a case worked by hand, and the demo company's December against SQL.
@Suite struct TargetAdviceTests {
    let december = AnalysisFixtures.month(2026, 12)

    @Test func aHandComputedCase() {
        // Target 1,000,000 for December 2026; on Thursday the 10th 300,000 is sold and the rest of
        // the month is forecast at 600,000 ± 100,000. Rates: 50,000 per won deal, one win in four
        // demos and in ten visits, four reps.
        let rates = ActivityRates(revenuePerWin: 50_000, winsPerDemo: 0.25, winsPerVisit: 0.1, reps: 4)
        let advice = TargetAdvice(
            target: 1_000_000, period: december, asOf: Day(year: 2026, month: 12, day: 10), actual: 300_000,
            forecast: 600_000, standardDeviation: 100_000, rates: rates)
        #expect(advice.expected == 900_000)
        #expect(advice.gap == 100_000)
        #expect(advice.remaining == 700_000)
        // P(X ≥ 1,000,000) for X ~ N(900,000, 100,000²) = 1 − Φ(1).
        #expect(abs(advice.probability - 0.158655) < 1e-6)
        // Friday the 11th, then three weeks of five days, then Monday to Thursday the 28th–31st.
        #expect(advice.remainingWorkingDays == 15)
        #expect(abs(advice.neededPerWorkingDay! - 700_000 / 15) < 1e-9)
        // 100,000 / 50,000 = 2 more wins: 2 / 0.25 = 8 demos over 4 reps, 2 / 0.1 = 20 visits.
        #expect(advice.extraWins == 2)
        #expect(advice.extraDemosPerRep == 2)
        #expect(advice.extraVisitsPerRep == 5)
    }

    @Test func aForecastAboveTargetNeedsNoExtraActivity() {
        let rates = ActivityRates(revenuePerWin: 50_000, winsPerDemo: 0.25, winsPerVisit: nil, reps: 4)
        let advice = TargetAdvice(
            target: 800_000, period: december, asOf: Day(year: 2026, month: 11, day: 22), actual: 0,
            forecast: 1_000_000, standardDeviation: 0, rates: rates)
        #expect(advice.probability == 1)
        #expect(advice.gap == -200_000)
        #expect(advice.remainingWorkingDays == 23)
        #expect(advice.extraWins == nil && advice.extraDemosPerRep == nil)
    }

    @Test func decemberOfTheDemoCompanyFromItsTargetsForecastAndRates() throws {
        let analyst = try AnalysisFixtures.analyst.get()
        let asOf = Fixtures.asOf
        let advice = try #require(try analyst.targetAdvice(for: december, asOf: asOf))
        let target = try AnalysisFixtures.scalar(
            "SELECT SUM(value) FROM targets WHERE scope = 'rep' AND period_start = '2026-12-01'")
        #expect(AnalysisFixtures.close(advice.target, target))
        #expect(advice.actual == 0)
        // December is the second step after October, the last whole month.
        let monthly = try AnalysisFixtures.sql(
            "SELECT substr(date, 1, 7), SUM(amount) FROM orders WHERE date < '2026-11-01' GROUP BY 1")
        let forecast = Forecaster().forecast(monthly.keys.sorted().map { monthly[$0]! }, horizon: 2)
        #expect(AnalysisFixtures.close(advice.expected, forecast.mean[1]))
        #expect(AnalysisFixtures.close(advice.standardDeviation, forecast.standardDeviation[1]))
        // Rates over August to October.
        let revenue = try AnalysisFixtures.scalar(
            "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2026-08-01' AND '2026-10-31'")
        let wins = try AnalysisFixtures.scalar(
            "SELECT COUNT(*) FROM opportunities WHERE stage = 'won' AND closed_date BETWEEN '2026-08-01' AND '2026-10-31'"
        )
        let demos = try AnalysisFixtures.scalar(
            "SELECT COUNT(*) FROM activities WHERE type = 'demo' AND date BETWEEN '2026-08-01' AND '2026-10-31'")
        // Every rep on the books does the extra demos, those who sold nothing too.
        let reps = try AnalysisFixtures.scalar(
            """
            SELECT COUNT(*) FROM reps WHERE (hire_date IS NULL OR hire_date <= '2026-10-31')
                AND (left_date IS NULL OR left_date >= '2026-08-01')
            """)
        #expect(AnalysisFixtures.close(advice.rates.revenuePerWin, revenue / wins))
        #expect(AnalysisFixtures.close(advice.rates.winsPerDemo, wins / demos))
        #expect(Double(advice.rates.reps) == reps)
        #expect(advice.remainingWorkingDays == 23)
        if advice.gap > 0 {
            #expect(
                AnalysisFixtures.close(advice.extraDemosPerRep, advice.gap / (revenue / wins) / (wins / demos) / reps))
        }
    }

    @Test func theMonthUnderWayCountsWhatIsSoldAndTheWorkingDaysLeft() throws {
        let analyst = try AnalysisFixtures.analyst.get()
        let november = AnalysisFixtures.month(2026, 11)
        let advice = try #require(try analyst.targetAdvice(for: november, target: 200_000_000, asOf: Fixtures.asOf))
        let sold = try AnalysisFixtures.scalar(
            "SELECT SUM(amount) FROM orders WHERE date BETWEEN '2026-11-01' AND '2026-11-22'")
        #expect(AnalysisFixtures.close(advice.actual, sold))
        let monthly = try AnalysisFixtures.sql(
            "SELECT substr(date, 1, 7), SUM(amount) FROM orders WHERE date < '2026-11-01' GROUP BY 1")
        let forecast = Forecaster().forecast(monthly.keys.sorted().map { monthly[$0]! }, horizon: 1)
        // Monday the 23rd to Monday the 30th: 6 of November's 21 working days are left.
        #expect(AnalysisFixtures.close(advice.expected, sold + forecast.mean[0] * 6 / 21))
        #expect(advice.remainingWorkingDays == 6)
        #expect(AnalysisFixtures.close(advice.neededPerWorkingDay, (200_000_000 - sold) / 6))
    }

    @Test func noTargetNoAdvice() throws {
        let analyst = try AnalysisFixtures.analyst.get()
        let far = AnalysisFixtures.month(2030, 1)
        #expect(try analyst.targetAdvice(for: far, asOf: Fixtures.asOf) == nil)
    }
}
