import Model

/// What each column of an answer holds, decided once, where answers are made: the kind of value
/// (from the metric's unit, the plan's metric for a forecast's band or a diagnosis's
/// contribution), which way is better, a title in both languages, and people's names for values
/// that are ids (funnel stages, forecast methods, the dimensions of a diagnosis).
///
///     Schema(expressions: [:]).columns(of: answer)   // [region: label 区域, revenue: money 销售额 ↑]
struct Schema {
    /// The user-defined metrics, to tell their unit from what they are made of.
    let expressions: [String: MetricExpression]

    func columns(of answer: Answer) -> [Column] {
        answer.columns.enumerated().map { index, id in
            if let target = targetColumn(id, of: answer) { return target }
            return column(id, plan: answer.plan, rows: answer.rows, index: index)
        }
    }

    /// The columns of a list of targets (show targets, set target): the scope and the metric by
    /// their names, the value in the metric's unit.
    private func targetColumn(_ id: String, of answer: Answer) -> Column? {
        guard answer.plan.intent == .target || answer.plan.show == "targets",
            let metricIndex = answer.columns.firstIndex(of: "metric")
        else { return nil }
        let metrics = Set(answer.rows.compactMap { metricIndex < $0.count ? $0[metricIndex].text : nil })
        switch id {
        case "scope":
            var names = Dictionary(
                uniqueKeysWithValues: Catalog.dimensions.map { ($0.id, Localized(zh: $0.zh, en: $0.en.capitalizedFirst)) })
            names["company"] = Localized(zh: "全公司", en: "Company")
            return Column(id: id, kind: .label, title: Self.listingTitles[id]!, valueNames: names)
        case "metric":
            return Column(
                id: id, kind: .label, title: Self.listingTitles[id]!,
                valueNames: Dictionary(
                    uniqueKeysWithValues: metrics.map { ($0, Localized(zh: Names.metric($0).zh, en: Names.metric($0).en.capitalizedFirst)) }))
        case "value":
            let kinds = Set(metrics.map(kind(of:)))
            return Column(id: id, kind: kinds.count == 1 ? kinds.first! : .number, title: Localized(zh: "目标值", en: "Target"))
        case "period_start", "period_end":
            return Column(id: id, kind: .time, title: Self.listingTitles[id]!)
        default:
            return nil
        }
    }

    private func column(_ id: String, plan: Plan, rows: [[Cell]], index: Int) -> Column {
        let metric = plan.metrics.first
        if let described = suffixed(id) { return described }
        if let known = metricColumn(id) { return known }
        if let dimension = Catalog.dimension(id) {
            return Column(
                id: id, kind: dimension.isTime ? .time : .label,
                title: Localized(zh: dimension.zh, en: dimension.en.capitalizedFirst))
        }
        // The columns of analyses, in the unit of the metric they are about.
        let metricKind = metric.map(kind(of:)) ?? .number
        let metricBetter = metric.map(better(of:)) ?? .higher
        switch id {
        case "period": return Column(id: id, kind: .time, title: Localized(zh: "期间", en: "Period"))
        case "low": return Column(id: id, kind: metricKind, title: Localized(zh: "下限（95%）", en: "Low (95%)"))
        case "high": return Column(id: id, kind: metricKind, title: Localized(zh: "上限（95%）", en: "High (95%)"))
        case "low80": return Column(id: id, kind: metricKind, title: Localized(zh: "下限（80%）", en: "Low (80%)"))
        case "high80": return Column(id: id, kind: metricKind, title: Localized(zh: "上限（80%）", en: "High (80%)"))
        case "gap":
            return Column(id: id, kind: metricKind, better: .lower, title: Localized(zh: "缺口", en: "Gap to target"))
        case "method":
            let methods = Set(rows.compactMap { index < $0.count ? $0[index].text : nil })
            return Column(
                id: id, kind: .label, title: Localized(zh: "方法", en: "Method"),
                valueNames: Dictionary(uniqueKeysWithValues: methods.map { ($0, Self.methodName($0)) }))
        case "backtest_error":
            return Column(id: id, kind: .rate, better: .lower, title: Localized(zh: "回测误差", en: "Backtest error"))
        case "chance":
            return Column(id: id, kind: .rate, better: .higher, title: Localized(zh: "达成概率", en: "Chance of target"))
        case "contribution":
            return Column(
                id: id, kind: metricKind == .rate ? .points : metricKind, better: metricBetter,
                title: Localized(zh: "贡献", en: "Contribution"))
        case "rate_effect", "mix_effect":
            return Column(
                id: id, kind: metricKind == .rate ? .points : metricKind, better: metricBetter,
                title: id == "rate_effect" ? Localized(zh: "比率效应", en: "Rate effect") : Localized(zh: "结构效应", en: "Mix effect"))
        case "dimension":
            var names = Dictionary(
                uniqueKeysWithValues: Catalog.dimensions.map { ($0.id, Localized(zh: $0.zh, en: $0.en.capitalizedFirst)) })
            names["total"] = Localized(zh: "合计", en: "Total")
            return Column(id: id, kind: .label, title: Localized(zh: "维度", en: "Dimension"), valueNames: names)
        case "member": return Column(id: id, kind: .label, title: Localized(zh: "成员", en: "Member"))
        case "individual_weight", "team_weight":
            return Column(id: id, kind: .rate, title: Self.listingTitles[id]!)
        case "items":
            // A scorecard plan's items, "attainment 50%, csat 20%": each metric by its name.
            let lists = Set(rows.compactMap { index < $0.count ? $0[index].text : nil })
            return Column(
                id: id, kind: .label, title: Localized(zh: "指标项", en: "Items"),
                valueNames: Dictionary(uniqueKeysWithValues: lists.map { ($0, Self.itemNames($0)) }))
        case "stage":
            return Column(id: id, kind: .label, title: Localized(zh: "阶段", en: "Stage"), valueNames: Self.stageNames)
        case "opportunities": return Column(id: id, kind: .count, better: .higher, title: Localized(zh: "商机数", en: "Opportunities"))
        case "conversion": return Column(id: id, kind: .rate, better: .higher, title: Localized(zh: "转化率", en: "Conversion"))
        case "own_score": return Column(id: id, kind: .score, better: .higher, title: Localized(zh: "个人得分", en: "Own score"))
        case "team_score": return Column(id: id, kind: .score, better: .higher, title: Localized(zh: "团队得分", en: "Team score"))
        case "score": return Column(id: id, kind: .score, better: .higher, title: Localized(zh: "综合得分", en: "Score"))
        default:
            if let expression = expressions[id] {
                return Column(id: id, kind: kind(of: expression), better: .higher, title: Localized(zh: id, en: id))
            }
            return Column(id: id, kind: .label, title: Self.listingTitles[id] ?? Localized(zh: id, en: id))
        }
    }

    /// `revenue_prev`, `revenue_change`, their second comparison (`…2`), `csat_sample`.
    private func suffixed(_ id: String) -> Column? {
        var base = id
        let second = id.hasSuffix("_prev2") || id.hasSuffix("_change2")
        if second { base.removeLast() }
        for (suffix, zh, en) in [
            ("_prev", second ? "（第二对比期）" : "（对比期）", second ? " (second comparison)" : " (compared period)"),
            ("_change", second ? "变化（第二对比）" : "变化", second ? " change (second comparison)" : " change"),
            ("_sample", "（样本数）", " (sample size)"),
        ] where base.hasSuffix(suffix) {
            let metric = String(base.dropLast(suffix.count))
            guard let name = metricTitle(metric) else { return nil }
            let title = Localized(zh: name.zh + zh, en: name.en + en)
            switch suffix {
            case "_prev": return Column(id: id, kind: kind(of: metric), better: better(of: metric), title: title)
            case "_change":
                return Column(
                    id: id, kind: kind(of: metric) == .rate ? .points : .change, better: better(of: metric), title: title)
            default: return Column(id: id, kind: .count, title: title)
            }
        }
        return nil
    }

    private func metricColumn(_ id: String) -> Column? {
        guard Catalog.metric(id) != nil, let title = metricTitle(id) else { return nil }
        return Column(id: id, kind: kind(of: id), better: better(of: id), title: title)
    }

    private func metricTitle(_ id: String) -> Localized? {
        if let metric = Catalog.metric(id) { return Localized(zh: metric.zh, en: metric.en.capitalizedFirst) }
        return expressions[id] == nil ? nil : Localized(zh: id, en: id)
    }

    func kind(of metric: String) -> Column.Kind {
        if let unit = Catalog.metric(metric)?.unit { return Self.kind(of: unit) }
        return expressions[metric].map(kind(of:)) ?? .number
    }

    private func better(of metric: String) -> Column.Better {
        guard let entry = Catalog.metric(metric) else { return .higher }
        return entry.upIsGood ? .higher : .lower
    }

    static func kind(of unit: Catalog.Unit) -> Column.Kind { Column.Kind(unit) }

    /// A defined metric's unit from its parts: money filtered or scaled is money, money over a
    /// count is money per thing, a share of like over like is a rate.
    private func kind(of expression: MetricExpression) -> Column.Kind {
        switch expression {
        case .metric(let name, _): return kind(of: name)
        case .number: return .number
        case .binary(let op, let left, let right):
            let (a, b) = (kind(of: left), kind(of: right))
            switch op {
            case .add, .subtract: return a == b ? a : .number
            case .multiply:
                if b == .number { return a }
                return a == .number ? b : .number
            case .divide:
                if b == .number { return a }
                if a == b && (a == .money || a == .count) { return .rate }
                if a == .money && b == .count { return .money }
                return .number
            }
        }
    }

    /// METRICS.md's display names of the default pipeline's stages.
    static let stageNames: [String: Localized] = [
        "lead": Localized(zh: "线索", en: "Lead"), "qualified": Localized(zh: "验证", en: "Qualified"),
        "proposal": Localized(zh: "方案", en: "Proposal"), "negotiation": Localized(zh: "谈判", en: "Negotiation"),
        "won": Localized(zh: "赢单", en: "Won"), "lost": Localized(zh: "输单", en: "Lost"),
    ]

    /// A forecast method said so that a manager knows what it did: `ETS(A,A,M)` is exponential
    /// smoothing with trend and season.
    static func methodName(_ method: String) -> Localized {
        switch method {
        case "Theta": return Localized(zh: "Theta 法（趋势外推）", en: "Theta (trend extrapolation)")
        case "Theta (seasonal)": return Localized(zh: "Theta 法（趋势外推+季节）", en: "Theta (trend extrapolation + season)")
        case "SeasonalNaive": return Localized(zh: "季节朴素（去年同月）", en: "Seasonal naive (same month last year)")
        case "Naive": return Localized(zh: "朴素（上月值）", en: "Naive (last month's value)")
        default:
            guard method.hasPrefix("ETS(") else { return Localized(zh: method, en: method) }
            let parts = method.dropFirst(4).dropLast().split(separator: ",").map(String.init)
            let trend = parts.count > 1 && parts[1] != "N"
            let season = parts.count > 2 && parts[2] != "N"
            switch (trend, season) {
            case (true, true): return Localized(zh: "指数平滑（趋势+季节）", en: "Exponential smoothing (trend + season)")
            case (true, false): return Localized(zh: "指数平滑（趋势）", en: "Exponential smoothing (trend)")
            case (false, true): return Localized(zh: "指数平滑（季节）", en: "Exponential smoothing (season)")
            case (false, false): return Localized(zh: "指数平滑", en: "Exponential smoothing")
            }
        }
    }

    /// Columns of listings and statements.
    static let listingTitles: [String: Localized] = [
        "metric": Localized(zh: "指标", en: "Metric"), "zh": Localized(zh: "中文名", en: "Chinese name"),
        "en": Localized(zh: "英文名", en: "English name"), "unit": Localized(zh: "单位", en: "Unit"),
        "definition": Localized(zh: "定义", en: "Definition"), "definition_zh": Localized(zh: "定义（中文）", en: "Definition (zh)"),
        "definition_en": Localized(zh: "定义（英文）", en: "Definition (en)"), "members": Localized(zh: "成员数", en: "Members"),
        "scope": Localized(zh: "范围", en: "Scope"), "scope_value": Localized(zh: "对象", en: "For"),
        "period_start": Localized(zh: "开始", en: "From"), "period_end": Localized(zh: "结束", en: "To"),
        "value": Localized(zh: "值", en: "Value"), "alias": Localized(zh: "别名", en: "Alias"),
        "id": Localized(zh: "编号", en: "No."),
        "kind": Localized(zh: "类型", en: "Kind"), "summary": Localized(zh: "摘要", en: "Summary"),
        "notes": Localized(zh: "备注", en: "Notes"), "created_at": Localized(zh: "创建时间", en: "Created"),
        "plan": Localized(zh: "方案", en: "Plan"),
        "individual_weight": Localized(zh: "个人权重", en: "Individual weight"),
        "team_weight": Localized(zh: "团队权重", en: "Team weight"), "peers_median": Localized(zh: "同组中位数", en: "Peers' median"),
        "previous": Localized(zh: "上期", en: "Previous"), "vs_peers": Localized(zh: "相对同组", en: "Vs peers"),
    ]
}

extension MetricEngine {
    /// Describes every column of an answer (`Answer.schema`); answers leave execution described.
    public func describe(_ answer: inout Answer) {
        let schema = Schema(expressions: currentState().expressions)
        answer.schema = schema.columns(of: answer)
        // Titles keep their filters: 华东 · 2026-Q3 达成率.
        if answer.plan.intent != .target && answer.plan.intent != .define,
            let scope = Titles.scope(answer.plan.filters, kinds: schema.kind(of:)), !answer.title.zh.hasPrefix(scope.zh)
        {
            answer.title = Localized(zh: scope.zh + answer.title.zh, en: (scope.en + answer.title.en).capitalizedFirst)
        }
    }
}

extension Schema {
    /// "attainment 50%, csat 20%" as "达成率 50%、客户满意度 20%" / "Attainment 50%, CSAT 20%".
    static func itemNames(_ list: String) -> Localized {
        let items = list.components(separatedBy: ", ").map { item -> Localized in
            let parts = item.split(separator: " ", maxSplits: 1).map(String.init)
            let name = Names.metric(parts[0])
            let weight = parts.count > 1 ? " " + parts[1] : ""
            return Localized(zh: name.zh + weight, en: name.en.capitalizedFirst + weight)
        }
        return Localized(zh: items.map(\.zh).joined(separator: "、"), en: items.map(\.en).joined(separator: ", "))
    }
}

extension Column.Kind {
    /// The kind of a column holding values in a metric's unit.
    public init(_ unit: Catalog.Unit) {
        switch unit {
        case .money: self = .money
        case .count: self = .count
        case .rate: self = .rate
        case .days: self = .days
        case .score: self = .score
        }
    }
}
