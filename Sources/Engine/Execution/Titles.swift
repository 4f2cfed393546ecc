import Model

/// Answer titles in Chinese and English, always naming the resolved period:
/// "2026-10 各区域销售额" / "Revenue by region, 2026-10".
enum Titles {
    static func query(_ plan: ResolvedPlan, state: UserState) -> Localized {
        let metrics = names(plan.metrics.map(Names.metric))
        let period = text(of: plan.period)
        let dimensions = plan.dimensions.map(Names.dimension)
        let byZh = dimensions.map { "各" + $0.zh }.joined()
        let byEn = dimensions.isEmpty ? "" : " by " + dimensions.map(\.en).joined(separator: " and ")
        switch plan.intent {
        case .rank:
            let subject = dimensions.first ?? Localized(zh: "", en: "")
            let ranked = Localized(zh: subject.zh, en: plural(subject.en))
            let direction = plan.order == .ascending ? Localized(zh: "后", en: "Bottom") : Localized(zh: "前", en: "Top")
            if plan.limit == 1 {
                let end = plan.order == .ascending ? Localized(zh: "最低", en: "Bottom") : Localized(zh: "最高", en: "Top")
                return Localized(
                    zh: "\(period.zh) \(metrics.zh)\(end.zh)的\(subject.zh)",
                    en: "\(end.en) \(subject.en) by \(metrics.en), \(period.en)")
            }
            if let limit = plan.limit {
                return Localized(
                    zh: "\(period.zh) \(metrics.zh)\(direction.zh) \(limit) 的\(ranked.zh)",
                    en: "\(direction.en) \(limit) \(ranked.en) by \(metrics.en), \(period.en)")
            }
            return Localized(
                zh: "\(period.zh) \(ranked.zh)\(metrics.zh)排名",
                en: capitalized("\(ranked.en) ranked by \(metrics.en), \(period.en)"))
        case .trend:
            return Localized(
                zh: "\(period.zh) \(metrics.zh)趋势（\(dimensions.map(\.zh).joined(separator: "、"))）",
                en: capitalized("\(metrics.en) trend\(byEn), \(period.en)"))
        case .compare:
            var previous = plan.compareTo.map(text(of:)) ?? Localized(zh: "", en: "")
            if let also = plan.compareAlso.map(text(of:)) {
                previous = Localized(zh: "\(previous.zh) 和 \(also.zh)", en: "\(previous.en) and \(also.en)")
            }
            return Localized(
                zh: "\(period.zh) 对比 \(previous.zh) \(byZh)\(metrics.zh)",
                en: capitalized("\(metrics.en)\(byEn), \(period.en) vs \(previous.en)"))
        default:
            return Localized(
                zh: "\(period.zh) \(byZh)\(metrics.zh)", en: capitalized("\(metrics.en)\(byEn), \(period.en)"))
        }
    }

    static func funnel(_ plan: ResolvedPlan) -> Localized {
        let period = text(of: plan.period)
        let dimensions = plan.dimensions.map(Names.dimension)
        let byZh = dimensions.map { "各" + $0.zh }.joined()
        let byEn = dimensions.isEmpty ? "" : " by " + dimensions.map(\.en).joined(separator: " and ")
        return Localized(zh: "\(period.zh) \(byZh)销售漏斗", en: "Sales funnel\(byEn), \(period.en)")
    }

    /// The period as its label, with the dates when the label does not say them exactly
    /// (`last 3 months（2026-08-01..2026-10-31）`, `2026-11（2026-11-01..2026-11-22）` when clipped).
    static func text(of period: Period) -> Localized {
        let exact = spanName(period)
        if period.label.isEmpty || period.label == exact { return Localized(zh: exact, en: exact) }
        // A comparison with the same span a year earlier is labelled "last year".
        let words =
            period.label == "last year" && period.days < 366
            ? Localized(zh: "去年同期", en: "the same period last year")
            : Localized(zh: periodWords(period.label, lang: .zh), en: periodWords(period.label, lang: .en))
        return Localized(zh: "\(words.zh)（\(exact)）", en: "\(words.en) (\(exact))")
    }

    /// The filters of a plan as a title names them (华东 · , excluding 线上 · , 达成率 < 80% · ),
    /// in the order the plan has them.
    static func scope(_ filters: [Filter], kinds: (String) -> Column.Kind) -> Localized? {
        guard !filters.isEmpty else { return nil }
        let parts = filters.map { filter -> Localized in
            let values = filter.values.map(\.description)
            // A metric's bound (orders = 0) names the metric; a dimension's values stand alone.
            let onMetric = filter.op.isComparison || filter.values.contains { if case .number = $0 { true } else { false } }
            switch filter.op {
            case _ where onMetric:
                let name = Names.metric(filter.field)
                let bound = filter.values.first.flatMap { value -> Localized? in
                    if case .number(let number) = value { return Figures.localized(number, kinds(filter.field)) }
                    return nil
                } ?? Localized(zh: values.joined(), en: values.joined())
                return Localized(zh: "\(name.zh) \(filter.op.rawValue) \(bound.zh)", en: "\(name.en) \(filter.op.rawValue) \(bound.en)")
            case .equal, .in: return Localized(zh: values.joined(separator: "、"), en: values.joined(separator: ", "))
            case .notEqual, .notIn:
                return Localized(zh: "除\(values.joined(separator: "、"))外", en: "excluding " + values.joined(separator: ", "))
            default:
                return Localized(zh: values.joined(separator: "、"), en: values.joined(separator: ", "))
            }
        }
        return Localized(
            zh: parts.map(\.zh).joined(separator: " · ") + " · ", en: parts.map(\.en).joined(separator: " · ") + " · ")
    }

    /// The shortest name of a span of days: a day, an ISO week, a month, a quarter, a year, or
    /// `start..end`.
    static func spanName(_ period: Period) -> String {
        let (start, end) = (period.start, period.end)
        if start == end { return start.iso }
        for grain in [TimeGrain.week, .month, .quarter, .year] where grain.start(of: start) == start {
            let next: Day
            switch grain {
            case .week: next = start + 7
            case .month: next = start.firstOfMonth(adding: 1)
            case .quarter: next = start.firstOfMonth(adding: 3)
            default: next = start.firstOfMonth(adding: 12)
            }
            if end == next - 1 { return grain.label(of: start) }
        }
        return "\(start.iso)..\(end.iso)"
    }

    private static func names(_ names: [Localized]) -> Localized {
        Localized(
            zh: names.map(\.zh).joined(separator: "、"),
            en: names.count <= 2
                ? names.map(\.en).joined(separator: " and ")
                : names.dropLast().map(\.en).joined(separator: ", ") + " and " + names.last!.en)
    }

    static func plural(_ noun: String) -> String {
        if noun.hasSuffix("y") { return noun.dropLast() + "ies" }
        return noun.isEmpty ? noun : noun + "s"
    }

    private static func capitalized(_ text: String) -> String { text.capitalizedFirst }
}

extension String {
    /// The text with its first letter in upper case: "revenue by region" → "Revenue by region".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
