import Foundation
import Synchronization

/// An exponential smoothing state space model, ETS(error, trend, season) in the taxonomy of
/// Hyndman, Koehler, Ord and Snyder, *Forecasting with Exponential Smoothing* (2008).
struct ETSModel: Hashable, Sendable, CustomStringConvertible {
    enum Error: String, Sendable { case additive = "A", multiplicative = "M" }
    enum Trend: String, Sendable { case none = "N", additive = "A", damped = "Ad" }
    enum Season: String, Sendable { case none = "N", additive = "A", multiplicative = "M" }

    var error: Error
    var trend: Trend
    var season: Season

    var description: String { "ETS(\(error.rawValue),\(trend.rawValue),\(season.rawValue))" }

    /// The models `forecast::ets` and statsforecast's AutoETS search by default: no
    /// multiplicative trend, and no additive error with multiplicative seasonality (unstable).
    /// Multiplicative parts need positive data.
    static func family(seasonal: Bool, positive: Bool) -> [ETSModel] {
        var models: [ETSModel] = []
        for error in positive ? [Error.additive, .multiplicative] : [.additive] {
            for trend in [Trend.none, .additive, .damped] {
                var seasons: [Season] = [.none]
                if seasonal { seasons += positive ? [.additive, .multiplicative] : [.additive] }
                for season in seasons where !(error == .additive && season == .multiplicative) {
                    models.append(ETSModel(error: error, trend: trend, season: season))
                }
            }
        }
        return models
    }

    /// Additive error with additive (or no) trend and season: the linear models whose forecast
    /// variance has an exact closed form ("class 1" in Hyndman et al., 2008, Table 6.1).
    var isLinear: Bool { error == .additive && season != .multiplicative }
}

/// A fitted ETS model: smoothing parameters, the states after the last value, and the
/// one-step error variance, all on the series divided by `scale`.
struct ETSFit: Sendable {
    let model: ETSModel
    let seasonLength: Int
    let alpha: Double
    let beta: Double
    let gamma: Double
    let phi: Double
    let scale: Double
    let count: Int
    let level: Double
    let slope: Double
    /// Seasonal states by position in the season (the value's index modulo the season).
    let seasonal: [Double]
    /// One-step error variance: absolute (scaled) for additive errors, relative for multiplicative.
    let sigma2: Double
    /// Small-sample corrected Akaike criterion, for choosing among the family.
    let aicc: Double

    /// Point forecasts and forecast variances for `horizon` steps.
    ///
    /// Variances are exact for the linear models: σ²(1 + Σ_{j<h} c_j²) with
    /// c_j = α + β·Σ_{i≤j} φ^i + γ·[j is a whole number of seasons] (Hyndman et al., 2008,
    /// Table 6.1). For multiplicative errors the same sum is used with the relative σ² times the
    /// squared point forecast: the first-order (small σ) approximation of the exact formulas,
    /// which slightly understates the width for long horizons.
    func forecast(horizon: Int) -> (mean: [Double], variance: [Double]) {
        var mean: [Double] = []
        var variance: [Double] = []
        var damping = 0.0
        var power = 1.0
        var coefficients = 0.0
        for step in 1...max(horizon, 1) {
            switch model.trend {
            case .none: damping = 0
            case .additive: damping = Double(step)
            case .damped:
                power *= phi
                damping += power
            }
            let trendPart = level + damping * slope
            let position = (count + step - 1) % max(seasonLength, 1)
            let point: Double
            switch model.season {
            case .none: point = trendPart
            case .additive: point = trendPart + seasonal[position]
            case .multiplicative: point = trendPart * seasonal[position]
            }
            let spread = 1 + coefficients
            if model.error == .additive {
                variance.append(sigma2 * spread * scale * scale)
            } else {
                variance.append(sigma2 * spread * point * point * scale * scale)
            }
            mean.append(point * scale)
            // c_j for the next step's variance.
            var c = alpha
            switch model.trend {
            case .none: break
            case .additive: c += beta * Double(step)
            case .damped: c += beta * damping
            }
            if model.season != .none && step % seasonLength == 0 { c += gamma }
            coefficients += c * c
        }
        return (Array(mean.prefix(horizon)), Array(variance.prefix(horizon)))
    }
}

/// Fitting ETS models by maximum likelihood.
enum ExponentialSmoothing {
    /// The usual parameter space (`forecast::ets` bounds = "usual"): 0 < β < α < 1,
    /// 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98.
    static let lower = 1e-4
    static let upper = 0.9999
    static let phiRange = 0.8...0.98

    /// The member of the family with the smallest AICc; nil when none fits. Fitting the family
    /// is most of a forecast's time and a pure function of the series: the last few fits are
    /// kept (an answer's forecast and its target advice fit the same company history).
    static func best(_ values: [Double], seasonLength: Int, seasonal: Bool) -> ETSFit? {
        let key = FitKey(values: values, seasonLength: seasonLength, seasonal: seasonal)
        if let known = recentFits.withLock({ fits in fits.last { $0.key == key } }) { return known.fit }
        let positive = values.allSatisfy { $0 > 0 }
        let models = ETSModel.family(seasonal: seasonal && seasonLength > 1, positive: positive)
        let best = models.compactMap { fit(values, model: $0, seasonLength: seasonLength) }
            .min { $0.aicc < $1.aicc }
        recentFits.withLock { fits in
            if fits.count == 16 { fits.removeFirst() }
            fits.append((key, best))
        }
        return best
    }

    private struct FitKey: Equatable {
        var values: [Double]
        var seasonLength: Int
        var seasonal: Bool
    }

    private static let recentFits = Mutex<[(key: FitKey, fit: ETSFit?)]>([])

    /// Fits one model: initial seasonal states from a classical decomposition of the first three
    /// seasons, then α, β, γ, φ and the initial level and slope by Nelder–Mead on the negative
    /// log-likelihood, the criterion of `forecast::ets`: n·log(Σε²), plus 2·Σlog|ŷ| for
    /// multiplicative errors.
    static func fit(_ values: [Double], model: ETSModel, seasonLength m: Int, start: ETSFit? = nil) -> ETSFit? {
        let n = values.count
        guard n >= 3 else { return nil }
        let scale = Statistics.mean(values.map(abs))
        guard scale > 0, scale.isFinite else { return nil }
        let y = values.map { $0 / scale }
        let seasonLength = model.season == .none ? 1 : m

        // Initial states (forecast::ets's initstate).
        var initialSeasonal = [Double](repeating: model.season == .multiplicative ? 1 : 0, count: seasonLength)
        var adjusted = y
        if model.season != .none {
            let kind: Decomposition.Kind = model.season == .additive ? .additive : .multiplicative
            guard
                let figure = Decomposition.seasonalFigure(
                    Array(y.prefix(max(3 * m, 2 * m))), seasonLength: m, kind: kind)
            else { return nil }
            initialSeasonal = figure
            adjusted = y.indices.map { kind == .additive ? y[$0] - figure[$0 % m] : y[$0] / figure[$0 % m] }
        }
        let head = Array(adjusted.prefix(min(max(10, 2 * m), n)))
        let line = Statistics.line(head)
        let level0 = model.trend == .none ? Statistics.mean(head) : line.intercept - line.slope
        let slope0 = model.trend == .none ? 0 : line.slope

        // The vector Nelder–Mead searches: α, then β, γ, φ when the model has them, then the
        // initial level, slope and m − 1 seasonal states (the last one keeps the season's sum
        // at 0, or its mean at 1), as `forecast::ets` and statsforecast do.
        let hasTrend = model.trend != .none
        let hasSeason = model.season != .none
        let damped = model.trend == .damped
        let multiplicativeSeason = model.season == .multiplicative
        var startPoint = [start?.alpha ?? 0.3]
        var steps = [0.1]
        if hasTrend {
            startPoint.append(start?.beta ?? 0.02)
            steps.append(0.02)
        }
        if hasSeason {
            startPoint.append(start?.gamma ?? 0.05)
            steps.append(0.05)
        }
        if damped {
            startPoint.append(start?.phi ?? 0.95)
            steps.append(0.02)
        }
        startPoint.append(level0)
        steps.append(max(abs(level0) * 0.05, 0.01))
        if hasTrend {
            startPoint.append(slope0)
            steps.append(max(abs(slope0) * 0.2, 0.002))
        }
        if hasSeason {
            startPoint += initialSeasonal.dropLast()
            steps += [Double](repeating: 0.05, count: seasonLength - 1)
        }

        struct Parameters {
            var alpha = 0.0, beta = 0.0, gamma = 0.0, phi = 1.0, level = 0.0, slope = 0.0
            var seasonal: [Double] = []
        }
        func unpack(_ x: [Double]) -> Parameters {
            var index = 0
            func next() -> Double {
                defer { index += 1 }
                return x[index]
            }
            var p = Parameters()
            p.alpha = next()
            if hasTrend { p.beta = next() }
            if hasSeason { p.gamma = next() }
            if damped { p.phi = next() }
            p.level = next()
            if hasTrend { p.slope = next() }
            if hasSeason {
                p.seasonal = Array(x[index...])
                let sum = p.seasonal.reduce(0, +)
                p.seasonal.append(multiplicativeSeason ? Double(seasonLength) - sum : -sum)
            } else {
                p.seasonal = initialSeasonal
            }
            return p
        }
        func admissible(_ p: Parameters) -> Bool {
            guard p.alpha >= lower, p.alpha <= upper else { return false }
            if hasTrend && (p.beta < lower || p.beta > p.alpha) { return false }
            if hasSeason && (p.gamma < lower || p.gamma > 1 - p.alpha) { return false }
            if damped && !phiRange.contains(p.phi) { return false }
            if multiplicativeSeason && p.seasonal.contains(where: { $0 <= 0 }) { return false }
            return true
        }
        let objective: ([Double]) -> Double = { x in
            let p = unpack(x)
            guard admissible(p) else { return .greatestFiniteMagnitude }
            return run(
                y, model: model, seasonLength: seasonLength, alpha: p.alpha, beta: p.beta, gamma: p.gamma, phi: p.phi,
                level: p.level, slope: p.slope, seasonal: p.seasonal
            ).likelihood
        }
        // Start inside the space even when a warm start came from another fit.
        var first = startPoint
        if !admissible(unpack(first)) {
            first[0] = 0.3
            var index = 1
            if hasTrend {
                first[index] = 0.02
                index += 1
            }
            if hasSeason {
                first[index] = 0.05
                index += 1
            }
            if damped { first[index] = 0.95 }
        }
        let found = NelderMead.minimize(start: first, steps: steps, objective)
        guard found.value < .greatestFiniteMagnitude, found.value.isFinite else { return nil }
        let best = unpack(found.point)
        let (alpha, beta, gamma, phi) = (best.alpha, best.beta, best.gamma, best.phi)
        let final = run(
            y, model: model, seasonLength: seasonLength, alpha: alpha, beta: beta, gamma: gamma, phi: phi,
            level: best.level, slope: best.slope, seasonal: best.seasonal)
        // Parameters: the smoothing ones, the initial states, and σ.
        let parameters = found.point.count + 1
        let sigma2 = final.sumOfSquares / Double(max(n - parameters, 1))
        let aicc: Double
        if n - parameters - 1 > 0 {
            aicc =
                found.value + 2 * Double(parameters)
                + 2 * Double(parameters * (parameters + 1)) / Double(n - parameters - 1)
        } else {
            aicc = .infinity
        }
        return ETSFit(
            model: model, seasonLength: seasonLength, alpha: alpha, beta: beta, gamma: gamma, phi: phi, scale: scale,
            count: n, level: final.level, slope: final.slope, seasonal: final.seasonal, sigma2: sigma2, aicc: aicc)
    }

    /// Runs the state recursion over the data (`forecast`'s etscalc): the likelihood criterion,
    /// the sum of squared (relative) errors, and the states after the last value.
    static func run(
        _ y: [Double], model: ETSModel, seasonLength m: Int, alpha: Double, beta: Double, gamma: Double,
        phi: Double, level: Double, slope: Double, seasonal: [Double]
    ) -> (likelihood: Double, sumOfSquares: Double, level: Double, slope: Double, seasonal: [Double]) {
        var level = level
        var slope = slope
        var seasonal = seasonal
        var sumOfSquares = 0.0
        var sumOfLogs = 0.0
        let invalid = (Double.greatestFiniteMagnitude, Double.infinity, level, slope, seasonal)
        for t in y.indices {
            let trendStep: Double
            switch model.trend {
            case .none: trendStep = 0
            case .additive: trendStep = slope
            case .damped: trendStep = phi * slope
            }
            let base = level + trendStep
            let position = t % m
            let season = seasonal[position]
            let predicted: Double
            switch model.season {
            case .none: predicted = base
            case .additive: predicted = base + season
            case .multiplicative: predicted = base * season
            }
            if (model.error == .multiplicative || model.season == .multiplicative) && predicted <= 0 { return invalid }
            let value = y[t]
            let error = model.error == .additive ? value - predicted : (value - predicted) / predicted
            sumOfSquares += error * error
            if model.error == .multiplicative { sumOfLogs += log(abs(predicted)) }

            let deseasonalized: Double
            switch model.season {
            case .none: deseasonalized = value
            case .additive: deseasonalized = value - season
            case .multiplicative: deseasonalized = value / season
            }
            let newLevel = base + alpha * (deseasonalized - base)
            if model.trend != .none {
                slope = trendStep + (beta / alpha) * (newLevel - level - trendStep)
            }
            switch model.season {
            case .none: break
            case .additive: seasonal[position] = season + gamma * (value - base - season)
            case .multiplicative:
                guard base != 0 else { return invalid }
                seasonal[position] = season + gamma * (value / base - season)
            }
            level = newLevel
        }
        guard sumOfSquares.isFinite, sumOfSquares > 0 else {
            // A perfect fit: the likelihood is unbounded; a tiny floor keeps the comparison sane.
            let floor = 1e-12 * Double(y.count)
            return (Double(y.count) * log(floor) + 2 * sumOfLogs, floor, level, slope, seasonal)
        }
        return (Double(y.count) * log(sumOfSquares) + 2 * sumOfLogs, sumOfSquares, level, slope, seasonal)
    }
}
