import Foundation

/// Forecasts one series: candidates are seasonal naive, the ETS family (the member with the
/// smallest AICc) and Theta; the one with the smallest error in a rolling-origin back-test over
/// the history forecasts, with 80% and 95% prediction intervals.
///
///     let result = Forecaster(seasonLength: 12).forecast(monthlyRevenue, horizon: 3)
///     result.mean      // three months ahead
///     result.method    // "ETS(M,Ad,M)"
///
/// Short series: under two seasons no seasonal model is tried; under `minimumForModels` values
/// the forecast is the last value with a wide interval and a `.shortSeries` caveat.
/// Forecasts and bounds are never negative: the metrics forecast are sums of non-negative facts.
public struct Forecaster: Sendable {
    public var seasonLength: Int
    /// Which candidates compete (all by default; the bench also runs them one at a time).
    public var methods: Set<ForecastMethod>

    /// Fewer values than this get the naive forecast with a wide interval (issue 7: under 6).
    public static let minimumForModels = 6

    /// The longest season seasonal ETS models are fitted for (`forecast::ets` refuses longer ones).
    static let longestETSSeason = 24

    public init(seasonLength: Int = 12, methods: Set<ForecastMethod> = Set(ForecastMethod.allCases)) {
        self.seasonLength = seasonLength
        self.methods = methods
    }

    public func forecast(_ values: [Double], horizon: Int) -> ForecastResult {
        let horizon = max(horizon, 0)
        guard values.count >= Self.minimumForModels else { return shortForecast(values, horizon: horizon) }
        let seasonal = seasonLength > 1 && values.count >= 2 * seasonLength
        var caveats: Set<ForecastCaveat> = seasonal || seasonLength <= 1 ? [] : [.noSeasonality]

        let candidates = self.candidates(values, seasonal: seasonal)
        var chosen = candidates.first
        var backtestError: Double? = nil
        if candidates.count > 1,
            let test = backtest(values, candidates: candidates, horizon: horizon, seasonal: seasonal)
        {
            chosen = test.best
            backtestError = test.smape[test.best.method]
        } else if let only = chosen,
            let test = backtest(values, candidates: [only], horizon: horizon, seasonal: seasonal)
        {
            backtestError = test.smape[only.method]
        }
        guard let chosen, let prediction = chosen.predict(values, max(horizon, 1)) else {
            caveats.insert(.shortSeries)
            return shortForecast(values, horizon: horizon, caveats: caveats)
        }
        return ForecastResult(
            prediction: prediction, horizon: horizon, method: prediction.method, backtestError: backtestError,
            caveats: caveats)
    }

    // MARK: - Candidates

    /// A method ready to run on any prefix of the series.
    struct Candidate {
        let method: String
        let predict: ([Double], Int) -> Prediction?
    }

    func candidates(_ values: [Double], seasonal: Bool) -> [Candidate] {
        let m = seasonLength
        // In the back-test a candidate runs as it would on that shorter history: a seasonal
        // model needs two seasons of it, else it runs without its season.
        let seasonalHistory: ([Double]) -> Bool = { seasonal && $0.count >= 2 * m }
        var candidates: [Candidate] = []
        // Like `forecast::ets`, no seasonal ETS for seasons over 24 steps (weeks): that many
        // seasonal states cannot be estimated well; Theta and seasonal naive still use the season.
        let seasonalETS = seasonal && m <= Self.longestETSSeason
        if methods.contains(.ets),
            let best = ExponentialSmoothing.best(values, seasonLength: m, seasonal: seasonalETS)
        {
            // The family member is chosen once on the whole history by AICc; the back-test
            // refits its parameters at each origin.
            let model = best.model
            candidates.append(
                Candidate(method: model.description) { history, horizon in
                    var shape = model
                    if !seasonalHistory(history) || !seasonalETS { shape.season = .none }
                    let fit =
                        history.count == values.count
                        ? best : ExponentialSmoothing.fit(history, model: shape, seasonLength: m, start: best)
                    guard let fit else { return nil }
                    let (mean, variance) = fit.forecast(horizon: horizon)
                    return Prediction(mean: mean, variance: variance, method: model.description)
                })
        }
        if methods.contains(.theta) {
            candidates.append(
                Candidate(method: "Theta") { history, horizon in
                    Theta.forecast(history, horizon: horizon, seasonLength: m, seasonal: seasonalHistory(history))
                })
        }
        if methods.contains(.seasonalNaive) {
            if seasonal {
                candidates.append(
                    Candidate(method: "SeasonalNaive") { history, horizon in
                        Naive.seasonal(history, horizon: horizon, seasonLength: m)
                    })
            } else {
                candidates.append(
                    Candidate(method: "Naive") { history, horizon in Naive.forecast(history, horizon: horizon) })
            }
        }
        return candidates
    }

    // MARK: - Back-test

    /// How many origins the back-test rolls through, and how far apart.
    static let backtestOrigins = 4

    /// Rolling-origin evaluation: from each origin the candidates see only the values before it
    /// and forecast up to `min(horizon, half a season)` steps. The one with the smallest mean
    /// absolute error wins (one series, so no scaling is needed); its sMAPE is reported.
    func backtest(_ values: [Double], candidates: [Candidate], horizon: Int, seasonal: Bool) -> (
        best: Candidate, smape: [String: Double]
    )? {
        let n = values.count
        let steps = max(1, min(horizon, max(seasonLength / 2, 1)))
        let stride = max(1, steps / 2)
        // Seasonal naive needs a season and a value at every origin; without a season, half
        // the history is enough.
        let minimumTraining = seasonal ? seasonLength + 1 : max(Self.minimumForModels, n / 2)
        let origins = (0..<Self.backtestOrigins).map { n - steps - $0 * stride }.filter { $0 >= minimumTraining }
        guard !origins.isEmpty else { return nil }
        var absoluteErrors: [String: Double] = [:]
        var smapes: [String: [Double]] = [:]
        var failed: Set<String> = []
        for candidate in candidates {
            for origin in origins {
                let history = Array(values[..<origin])
                let actual = Array(values[origin..<min(n, origin + steps)])
                guard let prediction = candidate.predict(history, actual.count) else {
                    failed.insert(candidate.method)
                    break
                }
                for (forecast, value) in zip(prediction.mean.map { max($0, 0) }, actual) {
                    absoluteErrors[candidate.method, default: 0] += abs(forecast - value)
                    smapes[candidate.method, default: []].append(Accuracy.smape(actual: value, forecast: forecast))
                }
            }
        }
        let usable = candidates.filter { !failed.contains($0.method) && absoluteErrors[$0.method] != nil }
        guard let best = usable.min(by: { absoluteErrors[$0.method]! < absoluteErrors[$1.method]! }) else { return nil }
        return (best, smapes.mapValues { Statistics.mean($0) })
    }

    // MARK: - Short series

    /// Under six values: the last value, with an interval as wide as the series' spread (at
    /// least a quarter of the last value) growing with √h, and a caveat.
    func shortForecast(_ values: [Double], horizon: Int, caveats: Set<ForecastCaveat> = []) -> ForecastResult {
        var caveats = caveats
        caveats.insert(.shortSeries)
        guard let last = values.last else {
            caveats.insert(.noHistory)
            let zeros = [Double](repeating: 0, count: horizon)
            return ForecastResult(
                mean: zeros, low80: zeros, high80: zeros, low95: zeros, high95: zeros, method: "Naive",
                backtestError: nil, caveats: caveats, standardDeviation: zeros)
        }
        let center = Statistics.mean(values)
        let spread =
            values.count > 1
            ? (values.map { ($0 - center) * ($0 - center) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        let sigma = max(spread, abs(last) * 0.25)
        let prediction = Prediction(
            mean: Array(repeating: last, count: horizon),
            variance: (0..<horizon).map { sigma * sigma * Double($0 + 1) }, method: "Naive")
        return ForecastResult(
            prediction: prediction, horizon: horizon, method: "Naive", backtestError: nil, caveats: caveats)
    }
}

/// The candidate methods.
public enum ForecastMethod: String, CaseIterable, Sendable {
    case seasonalNaive, ets, theta
}

/// Why a forecast is less than it could be.
public enum ForecastCaveat: String, Hashable, Sendable {
    /// Under two seasons of history: no seasonal model was tried.
    case noSeasonality
    /// Under six values: the last value with a wide interval.
    case shortSeries
    /// No history at all: zeros.
    case noHistory
}

/// A series' forecast: point forecasts and 80%/95% prediction intervals per step, the method
/// that made them, and its back-test error.
public struct ForecastResult: Equatable, Sendable {
    public var mean: [Double]
    public var low80: [Double]
    public var high80: [Double]
    public var low95: [Double]
    public var high95: [Double]
    /// `ETS(M,Ad,M)`, `Theta`, `SeasonalNaive`, `Naive`.
    public var method: String
    /// The chosen method's sMAPE (a fraction of 2, as 2|y − ŷ| / (|y| + |ŷ|)) in the rolling-origin
    /// back-test; nil when the history was too short to back-test.
    public var backtestError: Double?
    public var caveats: Set<ForecastCaveat>
    /// Each step's forecast standard deviation (the intervals are the mean ± z of these, clipped
    /// at 0): what target advice turns into a probability.
    public var standardDeviation: [Double]

    public init(
        mean: [Double], low80: [Double], high80: [Double], low95: [Double], high95: [Double], method: String,
        backtestError: Double?, caveats: Set<ForecastCaveat>, standardDeviation: [Double]
    ) {
        self.standardDeviation = standardDeviation
        self.mean = mean
        self.low80 = low80
        self.high80 = high80
        self.low95 = low95
        self.high95 = high95
        self.method = method
        self.backtestError = backtestError
        self.caveats = caveats
    }

    /// Normal intervals around the point forecasts, clipped at 0.
    init(prediction: Prediction, horizon: Int, method: String, backtestError: Double?, caveats: Set<ForecastCaveat>) {
        let z80 = Statistics.normalQuantile(0.9)
        let z95 = Statistics.normalQuantile(0.975)
        let mean = Array(prediction.mean.prefix(horizon))
        let sd = prediction.variance.prefix(horizon).map { max($0, 0).squareRoot() }
        func bound(_ z: Double) -> [Double] { zip(mean, sd).map { max($0 + z * $1, 0) } }
        self.init(
            mean: mean.map { max($0, 0) }, low80: bound(-z80), high80: bound(z80), low95: bound(-z95),
            high95: bound(z95), method: method, backtestError: backtestError, caveats: caveats, standardDeviation: sd)
    }
}

/// Forecast accuracy measures (Hyndman and Koehler, 2006; the M4 competition's definitions).
public enum Accuracy {
    /// 2|y − ŷ| / (|y| + |ŷ|), 0 when both are 0; the mean of these is sMAPE (as a fraction: 0.1
    /// is the M4 competition's 10%).
    public static func smape(actual: Double, forecast: Double) -> Double {
        let denominator = abs(actual) + abs(forecast)
        return denominator == 0 ? 0 : 2 * abs(actual - forecast) / denominator
    }

    /// Mean absolute error scaled by the in-sample mean absolute seasonal difference (MASE's
    /// denominator); nil when the history has no seasonal difference or it is 0.
    public static func maseScale(history: [Double], seasonLength m: Int) -> Double? {
        let lag = history.count > m ? m : 1
        guard history.count > lag else { return nil }
        let scale = Statistics.mean((lag..<history.count).map { abs(history[$0] - history[$0 - lag]) })
        return scale > 0 ? scale : nil
    }
}
