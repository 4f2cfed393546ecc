import Model

/// Why the engine could not answer a plan. Messages name what was asked and why it cannot be.
///
///     EngineError.cannotCut(metric: "csat", dimension: "product", reason: …).message(.en)
///     // "customer satisfaction (csat) cannot be cut by product: surveys carry no product"
public enum EngineError: LocalizedFailure, Equatable {
    case unknownMetric(String)
    case unknownDimension(String)
    /// A metric cut or filtered by a dimension its facts do not carry.
    case cannotCut(metric: String, dimension: String, reason: Localized)
    /// Forecast, diagnose and scorecard come with the analysis module.
    case notAvailableYet(Intent)
    /// A filter the engine cannot apply (a comparison on a dimension, a time grain as a filter).
    case unsupportedFilter(field: String, op: String)
    /// stage_conversion has one value per stage, so it is asked for alone.
    case stageConversionNeedsItsOwnAnswer
    case unknownShow(String)
    /// `define metric` / `alias` with a name already taken by a built-in metric or dimension.
    case nameTaken(String)
    /// A definition that refers to itself, directly or through other definitions.
    case circularDefinition(String)
    /// `set target` without what it needs.
    case incompleteTarget(Localized)
    /// `set target … for team X` where X is not a known team.
    case unknownMember(dimension: String, value: String)
    /// The plan lacks a part its intent needs (a define without its definition).
    case incompletePlan(Localized)
    /// `share` after a rate: shares of rates do not add up to anything.
    case shareOfARate(String)

    public var message: Localized {
        switch self {
        case .unknownMetric(let name):
            return Localized(
                zh: "未知指标“\(name)”；用 show metrics 查看全部指标。", en: "unknown metric '\(name)'; show metrics lists them all."
            )
        case .unknownDimension(let name):
            return Localized(
                zh: "未知维度“\(name)”；用 show dimensions 查看全部维度。",
                en: "unknown dimension '\(name)'; show dimensions lists them all.")
        case .cannotCut(let metric, let dimension, let reason):
            let metricName = Names.metric(metric)
            let dimensionName = Names.dimension(dimension)
            return Localized(
                zh: "\(metricName.zh)不能按\(dimensionName.zh)拆分：\(reason.zh)",
                en: "\(metricName.en) (\(metric)) cannot be cut by \(dimensionName.en): \(reason.en)")
        case .notAvailableYet(let intent):
            return Localized(
                zh: "\(intent.rawValue) 暂不可用：该功能将在后续版本提供。",
                en: "\(intent.rawValue) is not available yet: it comes in a later version.")
        case .unsupportedFilter(let field, let op):
            return Localized(
                zh: "不支持按“\(field) \(op)”筛选：维度只能用 =、!=、in、not in；时间请用 in 指定期间。",
                en:
                    "cannot filter on '\(field) \(op)': dimensions take =, !=, in and not in; name a time span with 'in PERIOD'."
            )
        case .shareOfARate(let metric):
            return Localized(
                zh: "占比只对可相加的指标有意义（销售额、订单数等），「\(metric)」是比率。",
                en: "a share needs a metric that adds up (revenue, orders…); '\(metric)' is a rate.")
        case .stageConversionNeedsItsOwnAnswer:
            return Localized(
                zh: "阶段转化率按阶段给出，请单独查询（或用 funnel 查看漏斗）。",
                en: "stage_conversion has one value per stage: ask for it alone (or use funnel).")
        case .unknownShow(let what):
            return Localized(
                zh:
                    "不能显示“\(what)”；可用：metrics、dimensions、regions、teams、reps、products、categories、channels、segments、customers、targets、aliases。",
                en:
                    "cannot show '\(what)'; try metrics, dimensions, regions, teams, reps, products, categories, channels, segments, customers, targets or aliases."
            )
        case .nameTaken(let name):
            return Localized(
                zh: "“\(name)”已是内置指标或维度的名称，请换一个名字。",
                en: "'\(name)' already names a built-in metric or dimension; choose another name.")
        case .circularDefinition(let name):
            return Localized(zh: "指标“\(name)”的定义引用了它自己。", en: "the definition of '\(name)' refers to itself.")
        case .incompleteTarget(let detail), .incompletePlan(let detail):
            return detail
        case .unknownMember(let dimension, let value):
            let name = Names.dimension(dimension)
            return Localized(zh: "没有名为“\(value)”的\(name.zh)。", en: "there is no \(name.en) named '\(value)'.")
        }
    }
}

/// Display names of metrics, dimensions and periods, falling back to the id for user-defined
/// metrics.
///
///     Names.metric("revenue")   // 销售额 / revenue
public enum Names {
    public static func metric(_ id: String) -> Localized {
        guard let metric = Catalog.metric(id) else { return Localized(zh: id, en: id) }
        return Localized(zh: metric.zh, en: metric.en)
    }

    /// A default pipeline stage by its METRICS.md display name (lead → 线索 / Lead); a stage of
    /// the workspace's own is its name.
    public static func stage(_ id: String) -> Localized { Schema.stageNames[id] ?? Localized(zh: id, en: id) }

    public static func dimension(_ id: String) -> Localized {
        guard let dimension = Catalog.dimension(id) else { return Localized(zh: id, en: id) }
        return Localized(zh: dimension.zh, en: dimension.en)
    }

    /// A period as answer titles name it: its label, with the dates when the label does not
    /// say them exactly (`last 3 months（2026-08-01..2026-10-31）`).
    public static func period(_ period: Period) -> Localized { Titles.text(of: period) }
}
