import Engine
import Model

/// Why an analysis could not be done. Messages say what was asked and what would work.
public enum AnalysisError: LocalizedFailure, Equatable {
    /// Only sums over disjoint months add up to a forecastable series.
    case notForecastable(metric: String)
    /// `scorecard … using NAME` with no such plan.
    case unknownPlan(name: String, known: [String])
    /// A plan's metric cannot score the scorecard's dimension.
    case cannotScore(metric: String, dimension: String)
    /// A scorecard of something other than reps, teams or regions.
    case scorecardDimension(String)
    /// A plan that cannot be saved: no items, an unknown metric, weights that are not positive.
    case invalidPlan(Localized)
    /// Diagnose needs a metric and two periods.
    case incomplete(Localized)

    public var message: Localized {
        switch self {
        case .notForecastable(let metric):
            let additive = Catalog.metrics.filter(\.additive).map(\.id).joined(separator: ", ")
            return Localized(
                zh: "\(Names.metric(metric).zh)不是可相加的指标，不能按月预测；可预测：\(additive)。",
                en: "\(metric) does not add up over months, so it cannot be forecast; forecastable: \(additive).")
        case .unknownPlan(let name, let known):
            return Localized(
                zh: "没有名为“\(name)”的考核方案；现有：\(known.joined(separator: "、"))（show plans 查看）。",
                en:
                    "there is no scorecard plan named '\(name)'; there are: \(known.joined(separator: ", ")) (show plans)."
            )
        case .cannotScore(let metric, let dimension):
            let names = (Names.metric(metric), Names.dimension(dimension))
            return Localized(
                zh: "考核指标\(names.0.zh)不能按\(names.1.zh)计算。",
                en: "the plan's metric \(metric) cannot be computed per \(names.1.en).")
        case .scorecardDimension(let dimension):
            return Localized(
                zh: "绩效评分只能按销售员、团队或区域（不能按\(Names.dimension(dimension).zh)）。",
                en: "scorecards score reps, teams or regions, not \(Names.dimension(dimension).en).")
        case .invalidPlan(let detail), .incomplete(let detail):
            return detail
        }
    }
}
