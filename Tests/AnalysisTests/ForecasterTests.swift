import Foundation
import Testing

@testable import Analysis

/// The forecaster on series whose future is known by construction.
@Suite struct ForecasterTests {
    let forecaster = Forecaster(seasonLength: 12)

    /// 100 + 30·sin(2πt/12) + 10·cos(4πt/12): a season and nothing else.
    static func seasonal(_ count: Int, offset: Int = 0) -> [Double] {
        (offset..<(offset + count)).map { t in
            let angle = 2 * Double.pi * Double(t) / 12
            return 100 + 30 * sin(angle) + 10 * cos(2 * angle)
        }
    }

    @Test func aPureSeasonalSeriesIsForecastNearlyExactly() {
        let history = Self.seasonal(48)
        let future = Self.seasonal(12, offset: 48)
        let result = forecaster.forecast(history, horizon: 12)
        #expect(result.mean.count == 12)
        for (forecast, actual) in zip(result.mean, future) {
            #expect(abs(forecast - actual) < 0.01 * actual, "\(forecast) vs \(actual) by \(result.method)")
        }
        #expect((result.backtestError ?? 1) < 0.01)
        #expect(result.caveats.isEmpty)
    }

    @Test func aLinearTrendIsExtrapolated() {
        let history = (0..<30).map { 50 + 5 * Double($0) }
        let result = forecaster.forecast(history, horizon: 6)
        for step in 0..<6 {
            let expected = 50 + 5 * Double(30 + step)
            #expect(abs(result.mean[step] - expected) < 0.01 * expected, "step \(step + 1): \(result.mean[step])")
        }
    }

    @Test func intervalsNestAndWidenWithTheHorizon() {
        var noise = Noise(seed: 7)
        var level = 1_000.0
        let history = (0..<40).map { _ -> Double in
            level += 20 * noise.normal()
            return level + 15 * noise.normal()
        }
        let result = forecaster.forecast(history, horizon: 12)
        for step in 0..<12 {
            #expect(result.low95[step] <= result.low80[step])
            #expect(result.low80[step] <= result.mean[step])
            #expect(result.mean[step] <= result.high80[step])
            #expect(result.high80[step] <= result.high95[step])
        }
        let widths = zip(result.low95, result.high95).map { $1 - $0 }
        for step in 1..<12 { #expect(widths[step] >= widths[step - 1] - 1e-9, "\(widths)") }
        #expect(widths[11] > widths[0] * 1.5)
    }

    @Test func forecastsAndBoundsAreNeverNegative() {
        // Falling fast toward zero, with noise: a trend model would go below zero.
        var noise = Noise(seed: 3)
        let history = (0..<30).map { max(0, 300 - 10 * Double($0) + 8 * noise.normal()) }
        let result = forecaster.forecast(history, horizon: 12)
        for values in [result.mean, result.low95, result.low80, result.high80, result.high95] {
            #expect(values.allSatisfy { $0 >= 0 }, "\(values)")
        }
        #expect(result.low95.last == 0)
    }

    @Test func underSixValuesTheLastValueWithAWideIntervalAndAWarning() {
        let result = forecaster.forecast([120, 80, 100, 90], horizon: 3)
        #expect(result.method == "Naive")
        #expect(result.mean == [90, 90, 90])
        #expect(result.caveats.contains(.shortSeries))
        #expect(result.backtestError == nil)
        // At least a quarter of the last value as the standard deviation: ± 1.96 × 22.5 at step 1.
        #expect(result.high95[0] - result.low95[0] >= 2 * 1.95 * 22.5)
        #expect(result.high95[2] - result.low95[2] > result.high95[0] - result.low95[0])
    }

    @Test func noHistoryForecastsZero() {
        let result = forecaster.forecast([], horizon: 2)
        #expect(result.mean == [0, 0])
        #expect(result.caveats == [.shortSeries, .noHistory])
    }

    @Test func underTwoYearsNoSeasonalModelIsTried() {
        let result = forecaster.forecast(Self.seasonal(20), horizon: 3)
        #expect(result.caveats == [.noSeasonality])
        #expect(!["SeasonalNaive", "Theta (seasonal)"].contains(result.method))
        #expect(!result.method.hasSuffix(",A)") && !result.method.hasSuffix(",M)"), "\(result.method)")
    }

    @Test func theSameSeriesGivesTheSameForecast() {
        var noise = Noise(seed: 11)
        let history = Self.seasonal(36).map { $0 * (1 + 0.05 * noise.normal()) }
        #expect(forecaster.forecast(history, horizon: 4) == forecaster.forecast(history, horizon: 4))
    }

    @Test func aSeriesThatRepeatsAYearIsForecastBySeasonalNaiveAlone() {
        // An irregular year repeated three times: only the seasonal candidates can see it.
        let year: [Double] = [5, 9, 30, 7, 8, 60, 12, 10, 14, 9, 80, 20]
        let result = Forecaster(seasonLength: 12, methods: [.seasonalNaive]).forecast(year + year + year, horizon: 12)
        #expect(result.method == "SeasonalNaive")
        #expect(result.mean == year)
        #expect(result.backtestError == 0)
    }

    @Test func weeklySeriesKeepTheirSeasonWithoutSeasonalETS() {
        // Two and a half years of weeks with a yearly peak: seasonal ETS is not fitted for 52
        // steps, but seasonal naive and Theta see the season.
        let history = (0..<130).map { week -> Double in
            let position = week % 52
            return position >= 44 && position <= 46 ? 300 : 100
        }
        let result = Forecaster(seasonLength: 52).forecast(history, horizon: 20)
        #expect(!(result.method.hasPrefix("ETS") && !result.method.hasSuffix(",N)")), "\(result.method)")
        // Weeks 44…46 of the season come 10…12 weeks after the history's last week (129 = 25 mod 52 + …).
        let peak = (0..<20).filter { (130 + $0) % 52 >= 44 && (130 + $0) % 52 <= 46 }
        for step in peak { #expect(result.mean[step] > 200, "step \(step): \(result.mean[step])") }
    }
}

/// The pieces the forecaster is built from.
@Suite struct ForecastPartsTests {
    @Test func nelderMeadFindsTheRosenbrockMinimum() {
        let found = NelderMead.minimize(start: [-1.2, 1], steps: [0.5, 0.5], maxEvaluations: 5_000) { x in
            let (a, b) = (1 - x[0], x[1] - x[0] * x[0])
            return a * a + 100 * b * b
        }
        #expect(abs(found.point[0] - 1) < 1e-3)
        #expect(abs(found.point[1] - 1) < 1e-3)
    }

    @Test func classicalDecompositionRecoversASeasonalFigure() throws {
        let pattern: [Double] = [-3, -2, -1, 0, 1, 2, 3, 2, 1, 0, -1, -2]
        let values = (0..<36).map { 50 + 0.5 * Double($0) + pattern[$0 % 12] }
        let figure = try #require(Decomposition.seasonalFigure(values, seasonLength: 12, kind: .additive))
        let center = pattern.reduce(0, +) / 12
        for (found, expected) in zip(figure, pattern) { #expect(abs(found - (expected - center)) < 1e-9) }
        // Thetaf's test: a sharp yearly pattern is significant, a straight line is not.
        let year: [Double] = [5, 9, 30, 7, 8, 60, 12, 10, 14, 9, 80, 20]
        #expect(Decomposition.isSeasonal(year + year + year, seasonLength: 12))
        #expect(!Decomposition.isSeasonal((0..<36).map(Double.init), seasonLength: 12))
        #expect(Decomposition.seasonalFigure(Array(values.prefix(23)), seasonLength: 12, kind: .additive) == nil)
    }

    @Test func holtOnAStraightLineForecastsTheLine() throws {
        let line = (0..<24).map { 10 + 2 * Double($0) }
        let fit = try #require(
            ExponentialSmoothing.fit(
                line, model: ETSModel(error: .additive, trend: .additive, season: .none), seasonLength: 1))
        let (mean, variance) = fit.forecast(horizon: 3)
        for step in 0..<3 { #expect(abs(mean[step] - (10 + 2 * Double(24 + step))) < 1e-3) }
        #expect(variance.allSatisfy { $0 < 1e-3 })
    }

    @Test func linearModelsVarianceFollowsTheClosedForm() {
        // ETS(A,N,N): σ²(1 + (h − 1)α²).
        let fit = ETSFit(
            model: ETSModel(error: .additive, trend: .none, season: .none), seasonLength: 1, alpha: 0.5, beta: 0,
            gamma: 0, phi: 1, scale: 2, count: 10, level: 5, slope: 0, seasonal: [0], sigma2: 0.25, aicc: 0)
        let (mean, variance) = fit.forecast(horizon: 4)
        #expect(mean == [10, 10, 10, 10])
        for h in 1...4 {
            let expected: Double = 0.25 * 4 * (1 + Double(h - 1) * 0.25)
            #expect(abs(variance[h - 1] - expected) < 1e-12)
        }
    }

    @Test func familyLeavesOutUnstableAndNonPositiveModels() {
        let all = ETSModel.family(seasonal: true, positive: true).map(\.description)
        #expect(all.count == 15)
        #expect(!all.contains("ETS(A,N,M)"))
        let nonPositive = ETSModel.family(seasonal: true, positive: false).map(\.description)
        #expect(nonPositive == ["ETS(A,N,N)", "ETS(A,N,A)", "ETS(A,A,N)", "ETS(A,A,A)", "ETS(A,Ad,N)", "ETS(A,Ad,A)"])
    }

    @Test func accuracyMeasures() throws {
        #expect(Accuracy.smape(actual: 100, forecast: 80) == 2.0 * 20 / 180)
        #expect(Accuracy.smape(actual: 0, forecast: 0) == 0)
        // Mean absolute change at lag 12 of 1, 2, …, 14: always 12.
        #expect(Accuracy.maseScale(history: (1...14).map(Double.init), seasonLength: 12) == 12)
        #expect(Accuracy.maseScale(history: [5, 5, 5], seasonLength: 12) == nil)
    }

    @Test func normalQuantilesAndDistribution() {
        #expect(abs(Statistics.normalQuantile(0.975) - 1.959964) < 1e-6)
        #expect(abs(Statistics.normalQuantile(0.9) - 1.281552) < 1e-6)
        #expect(abs(Statistics.normalQuantile(0.01) + 2.326348) < 1e-6)
        #expect(abs(Statistics.normalCDF(1) - 0.841345) < 1e-6)
    }
}
