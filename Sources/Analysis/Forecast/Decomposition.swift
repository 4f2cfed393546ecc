/// Classical decomposition (Kendall and Stuart; R's `decompose`): a centred moving average of
/// one season as the trend, and per position in the season the mean of what is left.
enum Decomposition {
    enum Kind {
        case additive, multiplicative
    }

    /// The seasonal figure by position in the season (position 0 is the series' first value):
    /// additive indices summing to 0, or multiplicative ones averaging 1. Nil when the series
    /// holds fewer than two seasons, or a multiplicative figure meets a value that is not positive.
    static func seasonalFigure(_ values: [Double], seasonLength m: Int, kind: Kind) -> [Double]? {
        guard m > 1, values.count >= 2 * m else { return nil }
        if kind == .multiplicative && values.contains(where: { $0 <= 0 }) { return nil }
        let trend = movingAverage(values, order: m)
        var sums = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m)
        for index in values.indices {
            guard let level = trend[index] else { continue }
            let detrended = kind == .additive ? values[index] - level : values[index] / level
            sums[index % m] += detrended
            counts[index % m] += 1
        }
        guard counts.allSatisfy({ $0 > 0 }) else { return nil }
        var figure = (0..<m).map { sums[$0] / Double(counts[$0]) }
        let center = Statistics.mean(figure)
        switch kind {
        case .additive: figure = figure.map { $0 - center }
        case .multiplicative:
            guard center > 0, figure.allSatisfy({ $0 > 0 }) else { return nil }
            figure = figure.map { $0 / center }
        }
        return figure
    }

    /// The centred moving average of `order` values (2 × order for an even order, as R does);
    /// nil at the ends where the window does not fit.
    static func movingAverage(_ values: [Double], order: Int) -> [Double?] {
        var result = [Double?](repeating: nil, count: values.count)
        let half = order / 2
        guard values.count > 2 * half else { return result }
        for center in half..<(values.count - half) {
            if order % 2 == 1 {
                result[center] = Statistics.mean(values[(center - half)...(center + half)])
            } else {
                // Weights ½, 1, …, 1, ½ over order + 1 values.
                var sum = (values[center - half] + values[center + half]) / 2
                for index in (center - half + 1)..<(center + half) { sum += values[index] }
                result[center] = sum / Double(order)
            }
        }
        return result
    }

    /// Whether the autocorrelation at one season's lag is significant at 90% (one-sided), the
    /// test `forecast::thetaf` uses before seasonally adjusting (Assimakopoulos and
    /// Nikolopoulos, 2000): |r_m| > 1.645 × √((1 + 2 Σ_{k<m} r_k²) / n).
    static func isSeasonal(_ values: [Double], seasonLength m: Int) -> Bool {
        guard m > 1, values.count >= 2 * m else { return false }
        let n = Double(values.count)
        let center = Statistics.mean(values)
        let variance = values.reduce(0) { $0 + ($1 - center) * ($1 - center) }
        guard variance > 0 else { return false }
        func autocorrelation(_ lag: Int) -> Double {
            var sum = 0.0
            for index in lag..<values.count { sum += (values[index] - center) * (values[index - lag] - center) }
            return sum / variance
        }
        let earlier = (1..<m).reduce(0.0) { $0 + autocorrelation($1) * autocorrelation($1) }
        let bound = Statistics.normalQuantile(0.95) * ((1 + 2 * earlier) / n).squareRoot()
        return abs(autocorrelation(m)) > bound
    }
}
