import Analysis
import Foundation
import Model
import Testing

@testable import Coach

@Suite struct AchievabilityTests {
    // Φ⁻¹(0.90) = 1.2815516, Φ⁻¹(0.95) = 1.6448536 (normal tables).
    @Test func probabilityIsTheNormalTailAboveTheTarget() {
        let check = Achievability(history: [], expected: 1000, standardDeviation: 100)
        #expect(abs(check.probability(of: 1000) - 0.5) < 1e-9)
        #expect(abs(check.probability(of: 1128.15516) - 0.10) < 1e-6)
        #expect(abs(check.probability(of: 835.51464) - 0.95) < 1e-6)
        // Less is better: the chance of staying at or under the target.
        let down = Achievability(history: [], expected: 1000, standardDeviation: 100, upIsGood: false)
        #expect(abs(down.probability(of: 1128.15516) - 0.90) < 1e-6)
    }

    @Test func noSpreadIsAStepAtTheExpectedValue() {
        let check = Achievability(history: [], expected: 500, standardDeviation: 0)
        #expect(check.probability(of: 500) == 1)
        #expect(check.probability(of: 500.01) == 0)
    }

    /// A constructed monthly series (trend, a yearly wave, a repeating wobble): the period's
    /// distribution is the forecast's for the months inside it — December and January, after a
    /// history ending in October (November is forecast but outside the period).
    @Test func periodDistributionComesFromTheForecastSteps() {
        let wobble: [Double] = [15, -10, 5, -20, 10]
        let history: [Double] = (0..<24).map { (month: Int) -> Double in
            let trend: Double = 1000 + 20 * Double(month)
            let wave: Double = 100 * sin(Double(month) * Double.pi / 6)
            return trend + wave + wobble[month % 5]
        }
        let period = Period(
            start: Day(year: 2026, month: 12, day: 1), end: Day(year: 2027, month: 1, day: 31), label: "")
        let check = Achievability.forecast(
            history: history, firstForecastMonth: Day(year: 2026, month: 11, day: 1), period: period, additive: true)
        let result = Forecaster().forecast(history, horizon: 3)
        let mean = result.mean[1] + result.mean[2]
        let spread = result.standardDeviation[1] + result.standardDeviation[2]
        #expect(abs(check.expected - mean) < 1e-9)
        #expect(abs(check.standardDeviation - spread) < 1e-9)
        #expect(spread > 0)
        // P(X ≥ t) = ½·erfc((t − μ)/(σ√2)), at the mean and one standard deviation above it.
        #expect(abs(check.probability(of: mean) - 0.5) < 1e-9)
        #expect(abs(check.probability(of: mean + spread) - 0.158655254) < 1e-6)
        // The 80% interval's upper end is reached one time in ten.
        let high = result.high80[1] + result.high80[2]
        #expect(check.probability(of: high) < 0.2)

        // A rate's period value is the average month.
        let averaged = Achievability.forecast(
            history: history, firstForecastMonth: Day(year: 2026, month: 11, day: 1), period: period, additive: false)
        #expect(abs(averaged.expected - mean / 2) < 1e-9)
    }

    @Test func trendComparesTheLastThreeMonthsWithTheThreeBefore() {
        let check = Achievability(history: [9, 100, 100, 100, 110, 110, 110], expected: 0, standardDeviation: 0)
        #expect(abs(check.trend! - 0.10) < 1e-12)
        #expect(Achievability(history: [1, 2, 3], expected: 0, standardDeviation: 0).trend == nil)
    }
}
