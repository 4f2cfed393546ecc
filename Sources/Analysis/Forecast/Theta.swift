import Foundation

/// The Theta method (Assimakopoulos and Nikolopoulos, 2000) as Hyndman and Billah (2003) showed
/// it to be: simple exponential smoothing with a drift of half the series' linear slope, on the
/// seasonally adjusted series when a season is significant (`forecast::thetaf`).
enum Theta {
    static func forecast(_ values: [Double], horizon: Int, seasonLength m: Int, seasonal: Bool) -> Prediction? {
        let n = values.count
        guard n >= 3 else { return nil }
        var figure: [Double]? = nil
        if seasonal, Decomposition.isSeasonal(values, seasonLength: m) {
            figure = Decomposition.seasonalFigure(values, seasonLength: m, kind: .multiplicative)
        }
        let adjusted = figure.map { figure in values.indices.map { values[$0] / figure[$0 % m] } } ?? values
        let model = ETSModel(error: .additive, trend: .none, season: .none)
        guard let smoothing = ExponentialSmoothing.fit(adjusted, model: model, seasonLength: 1) else { return nil }
        let (mean, variance) = smoothing.forecast(horizon: horizon)
        let drift = Statistics.line(adjusted).slope / 2
        let alpha = smoothing.alpha
        let offset = (1 - pow(1 - alpha, Double(n))) / alpha
        var points: [Double] = []
        var variances: [Double] = []
        for step in 0..<horizon {
            let factor = figure?[(n + step) % m] ?? 1
            points.append((mean[step] + drift * (Double(step) + offset)) * factor)
            variances.append(variance[step] * factor * factor)
        }
        return Prediction(mean: points, variance: variances, method: figure == nil ? "Theta" : "Theta (seasonal)")
    }
}

/// The naive forecasts: the last value, or the value one season back.
enum Naive {
    /// The last value; variance σ²·h from the one-step changes (a random walk).
    static func forecast(_ values: [Double], horizon: Int) -> Prediction? {
        guard values.count >= 2, let last = values.last else { return nil }
        let changes = zip(values.dropFirst(), values).map { $0 - $1 }
        let sigma2 = changes.reduce(0) { $0 + $1 * $1 } / Double(changes.count)
        return Prediction(
            mean: Array(repeating: last, count: horizon), variance: (0..<horizon).map { sigma2 * Double($0 + 1) },
            method: "Naive")
    }

    /// The value one season back; variance σ²·(k + 1) for the k-th season ahead.
    static func seasonal(_ values: [Double], horizon: Int, seasonLength m: Int) -> Prediction? {
        let n = values.count
        guard m > 1, n > m else { return nil }
        let changes = (m..<n).map { values[$0] - values[$0 - m] }
        let sigma2 = changes.reduce(0) { $0 + $1 * $1 } / Double(changes.count)
        let mean = (0..<horizon).map { values[n - m + $0 % m] }
        let variance = (0..<horizon).map { sigma2 * Double($0 / m + 1) }
        return Prediction(mean: mean, variance: variance, method: "SeasonalNaive")
    }
}

/// A method's point forecasts and forecast variances.
struct Prediction: Sendable {
    var mean: [Double]
    var variance: [Double]
    var method: String
}
