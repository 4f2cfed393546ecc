import Model

extension QuestionMatcher {
    /// A plan with the notes on how it was read and how much was assumed.
    struct PlanReading {
        var plan: Plan
        var notes: [Localized]
        /// Parts filled in by default (no metric named, no dimension to rank).
        var assumptions: Int
    }

    /// Builds the plan of one reading: the intent's rules over what the question named.
    func plan(from found: Found, intent: String?, text: String, asOf: Day) throws(MatchFailure) -> PlanReading {
        var found = found
        // 没达标的人, 超额完成的人: attainment against 100%, a list of who. With a count (the 5
        // furthest behind target) it is a ranking from that side.
        if let side = found.targetSide, found.thresholds.isEmpty {
            if found.metrics.isEmpty || found.metrics == [["target"]] { found.metrics = [["attainment"]] }
            if found.limit == nil {
                found.thresholds.append((side, 1, true))
            } else if side == .less {
                found.fromBottom = true
            }
        }
        // Behind target: the measure of being behind a target is attainment.
        if contains(text, Array(lexicon.weakWords)), found.metrics == [["target"]] { found.metrics = [["attainment"]] }
        // 超过110%: a percent with no measure named is of the target.
        if found.metrics.isEmpty, found.thresholds.contains(where: \.percent) { found.metrics = [["attainment"]] }
        var notes = found.notes
        var assumptions = 0
        var metrics = found.metrics.map { $0[0] }
        // who are our biggest customers: the question word asks, the customers are ranked.
        var plain = found.dimensions.filter { TimeGrain(rawValue: $0) == nil }
        if plain.count > 1 { plain.removeAll { found.questionWordDimensions.contains($0) } }
        let grains = found.dimensions.filter { TimeGrain(rawValue: $0) != nil }
        var filters: [Filter] = []
        for (dimension, value) in found.values {
            let left = isExcluded(dimension, value, in: found)
            if let index = filters.firstIndex(where: {
                $0.field == dimension && ($0.op == .notEqual || $0.op == .notIn) == left
            }) {
                filters[index].op = left ? .notIn : .in
                filters[index].values.append(.text(value))
            } else {
                filters.append(Filter(field: dimension, op: left ? .notEqual : .equal, values: [.text(value)]))
            }
        }
        // 大客户、中型客户、小微客户各…: every value of a dimension named is no filter, only a breakdown.
        let everyValue = filters.filter { filter in
            let known = Set(vocabulary.values(of: filter.field) ?? [])
            return filter.op == .in && known.count > 1 && Set(filter.values.map(\.description)) == known
        }.map(\.field)
        func defaultMetric() {
            guard metrics.isEmpty else { return }
            // How many U盘 did we sell: a count of a product is its quantity.
            let product = found.values.contains { $0.dimension == "product" || $0.dimension == "category" }
            if product && contains(text, ["how many", "多少个", "几个", "几台", "几套", "多少台", "多少套", "卖了几"]) {
                metrics = ["quantity"]
                return
            }
            metrics = ["revenue"]
            assumptions += 1
            notes.append(Localized(zh: "未指明指标，按销售额理解", en: "no metric named: read as revenue"))
        }
        var periods = found.periods
        var yearOverYear = contains(text, Array(lexicon.yearOverYearWords))
        // "vs last year", "than last year": the same span a year earlier, not all of last year.
        if periods.contains(.last(.year)),
            contains(
                text,
                [
                    "vs last year", "versus last year", "compared to last year", "compared with last year",
                    "than last year",
                ])
        {
            periods.removeAll { $0 == .last(.year) }
            yearOverYear = true
        }
        // 去年同期 beside another period, or with 同比 or 比, is the comparison, not the period.
        if periods.contains(.samePeriodLastYear) && (periods.count > 1 || yearOverYear || intent == "compare") {
            periods.removeAll { $0 == .samePeriodLastYear }
            yearOverYear = true
        }
        // 11月 MTD: two names of the same days are one period.
        if periods.count == 2, let first = periods[0].resolve(asOf: asOf), let second = periods[1].resolve(asOf: asOf),
            first.start == second.start && first.end == second.end
        {
            periods.removeLast()
        }
        // From Q2 to Q3: the later period is the one compared, the earlier its comparison.
        if periods.count == 2, !periods.contains(where: { $0.isFuture(asOf: asOf) }),
            let first = periods[0].resolve(asOf: asOf), let second = periods[1].resolve(asOf: asOf),
            second.start > first.end
        {
            periods.swapAt(0, 1)
        }
        // A single value of a dimension is a filter, not a breakdown (直销渠道的销售额).
        let single = Set(filters.filter { $0.values.count == 1 && $0.op == .equal }.map(\.field))
        var breakdown = plain.filter { !single.contains($0) }
        // 直销和渠道分别多少: each of the values named, side by side. So too, with nothing else to
        // break down by, any values named together (华东和华南上月销售额, 邓娜和曹雪梅的赢单率,
        // 直销和渠道每个季度); what is said to be added up is one figure (加起来, 直销加渠道, in total).
        let together = contains(text, Array(lexicon.totalWords)) || Self.plus.firstMatch(in: text) != nil
        let respectively = contains(text, Array(lexicon.respectivelyWords)) || !everyValue.isEmpty
        for filter in filters where filter.op == .in && !breakdown.contains(filter.field) {
            if respectively || (!together && breakdown.isEmpty) { breakdown.append(filter.field) }
        }
        // 除了华东以外其他区域一共卖了多少: the rest added up, not broken down.
        if together && !respectively {
            let excluded = Set(filters.filter { $0.op == .notEqual || $0.op == .notIn }.map(\.field))
            breakdown.removeAll { excluded.contains($0) }
        }
        filters.removeAll { everyValue.contains($0.field) }

        var plan: Plan
        switch intent {
        case "show":
            plan = Plan(intent: .show)
            plan.show = showTopic(text: text, found: found)
            if plan.show == "targets", var spec = periods.first {
                // 12月的目标都设了哪些 in November: this December, as for setting one.
                if case .monthName(let month) = spec {
                    spec = .month(year: month >= asOf.month ? asOf.year : asOf.year + 1, month: month)
                }
                plan.period = try? spec.period(for: .target, default: .last(.month), asOf: asOf).get()
            }
            return PlanReading(plan: finish(plan), notes: notes, assumptions: 0)
        case "target":
            plan = Plan(intent: .target)
            metrics.removeAll { $0 == "target" }
            defaultMetric()
            plan.metrics = [metrics[0]]
            plan.value = found.value
            plan.filters = filters.filter { ["region", "team", "rep"].contains($0.field) && $0.values.count == 1 }
            var spec = periods.first ?? .next(1, .month)
            // A month named alone in a target is the coming one: 12月 in November is this December.
            if case .monthName(let month) = spec {
                spec = .month(year: month >= asOf.month ? asOf.year : asOf.year + 1, month: month)
            }
            plan.period = try resolve(spec, default: .next(1, .month), intent: .target, asOf: asOf, notes: &notes)
            return PlanReading(plan: finish(plan), notes: notes, assumptions: assumptions)
        case "forecast":
            plan = Plan(intent: .forecast)
            defaultMetric()
            plan.metrics = metrics
            plan.dimensions = breakdown
            plan.filters = filters
            let spec = periods.first(where: { $0.isFuture(asOf: asOf) }) ?? .next(1, .month)
            // 未来一亿个月: a window past what is forecast is said back, not shortened.
            guard let (window, horizon, grain) = spec.forecastWindow(asOf: asOf) else {
                throw .noSuchPeriod(label: spec.label, asOf: nil)
            }
            plan.period = window
            plan.horizon = horizon
            plan.grain = grain
            return PlanReading(plan: finish(plan), notes: notes, assumptions: assumptions)
        case "progress" where periods.first?.isFuture(asOf: asOf) == true:
            // 下季度能完成目标吗: what the coming period will bring, forecast (the revenue, not the target).
            var copy = found
            copy.metrics = found.metrics.filter { $0 != ["target"] }
            return try self.plan(from: copy, intent: "forecast", text: text, asOf: asOf)
        case "progress":
            // 这个月能完成目标吗: where the period under way stands against its target — attainment
            // so far, the time passed, pace, the gap, what each working day left must bring and
            // the projected end (the analyst adds its chance).
            plan = Plan(
                intent: breakdown.isEmpty ? .value : .breakdown, metrics: Self.progressMetrics, dimensions: breakdown,
                filters: filters)
            plan.period = try resolve(periods.first, default: .this(.month), intent: .value, asOf: asOf, notes: &notes)
            // 上季度目标完成得怎么样: a closed period has no pace, only revenue against its target.
            if let period = plan.period, period.calendarEnd < asOf { plan.metrics = ["revenue", "target", "attainment"] }
            // What was our attainment against target: the measure named is the answer.
            if metrics.contains("attainment") { plan.metrics = ["attainment"] }
            return PlanReading(plan: finish(plan), notes: notes, assumptions: 0)
        case "funnel":
            plan = Plan(intent: .funnel, dimensions: breakdown, filters: filters)
            plan.period = try resolve(periods.first, default: .last(.month), intent: .funnel, asOf: asOf, notes: &notes)
            return PlanReading(plan: finish(plan), notes: notes, assumptions: 0)
        case "scorecard":
            plan = Plan(intent: .scorecard, dimensions: [breakdown.first ?? "rep"], filters: filters)
            plan.period = try resolve(periods.first, default: .last(.month), intent: .scorecard, asOf: asOf, notes: &notes)
            return PlanReading(plan: finish(plan), notes: notes, assumptions: 0)
        case "diagnose":
            // 客户为啥变少了: with no measure named, customers who fall away are the customers
            // counted (active customers), not revenue broken down by customer.
            if metrics.isEmpty && breakdown == ["customer"] {
                metrics = ["active_customers"]
                breakdown = []
            }
            defaultMetric()
            plan = Plan(intent: .diagnose, metrics: [metrics[0]], dimensions: breakdown, filters: filters)
            let spec = periods.first ?? .last(.month)
            plan.period = try resolve(spec, default: .last(.month), intent: .diagnose, asOf: asOf, notes: &notes)
            if let base = plan.period {
                plan.compareTo = comparison(
                    spec: spec, base: base, periods: periods, yearOverYear: yearOverYear, asOf: asOf)
            }
            return PlanReading(plan: finish(plan), notes: notes, assumptions: assumptions)
        default:
            break
        }

        // 每月销售额 is a series; 各区域每月订单数 a breakdown by region and month.
        // 每月销售额, revenue by month: a time grain is a dimension (DESIGN.md); only trend words
        // (趋势, 走势, trend) ask for the series with growth and a chart.
        if intent == "series" {
            return try self.plan(from: found, intent: nil, text: text, asOf: asOf)
        }
        // A question about the future is a forecast even without the word (what will revenue be next year).
        // …except a target, which is set ahead (下个月的目标 is December's target, not a forecast of it).
        let targetsOnly = !metrics.isEmpty && metrics.allSatisfy { $0 == "target" }
        if intent == nil || intent == "trend", !targetsOnly, let future = periods.first(where: { $0.isFuture(asOf: asOf) }) {
            var copy = found
            copy.periods = [future]
            return try self.plan(from: copy, intent: "forecast", text: text, asOf: asOf)
        }
        // Who is behind, with no measure named: attainment (and the answer says so).
        if intent == "rank", metrics.isEmpty, contains(text, Array(lexicon.weakWords)) {
            metrics = ["attainment"]
            assumptions += 1
            notes.append(Localized(zh: "未指明指标，按达成率找落后的", en: "no measure named: the weakest by attainment"))
        }
        defaultMetric()
        let wantsTrend = intent == "trend"
        let wantsRank = intent == "rank"
        let growth = contains(text, Array(lexicon.growthWords))
        // 吴雨桐 vs 曹雪梅: two names compared with each other, side by side, not with an earlier period.
        // 不同客户类型的客单价对比一下: the members of a breakdown compared with each other.
        let namesCompared =
            intent == "compare" && periods.count <= 1 && !yearOverYear
            // …unless what it is compared with is a period (跟上个月比, vs last month).
            && !contains(
                text,
                [
                    "环比", "同比", "上期", "mom", "yoy", "previous", "before", "跟上", "和上", "与上", "比上", "跟去年", "和去年",
                    "比去年", "vs last", "than last", "with last", "to last", "vs the", "前1个", "前一个", "上1个",
                ])
            && (filters.contains { $0.op == .in && $0.values.count >= 2 } || !breakdown.isEmpty)
        if namesCompared {
            for filter in filters where filter.op == .in && !breakdown.contains(filter.field) { breakdown.append(filter.field) }
        }
        let wantsCompare =
            (intent == "compare" && !namesCompared) || periods.count > 1 || yearOverYear || found.demand || growth
        // A breakdown over time with no period named spans enough cells to read (每月销售额: the
        // last 12 months), as a trend does.
        let grainSpan: PeriodSpec? = grains.compactMap(TimeGrain.init(rawValue:)).min().map { grain in
            switch grain {
            case .day: return .lastN(30, .day)
            case .week: return .lastN(12, .week)
            case .month: return .lastN(12, .month)
            case .quarter: return .lastN(4, .quarter)
            case .year: return .lastN(3, .year)
            }
        }
        let spec = periods.first ?? (wantsTrend ? .lastN(12, .month) : grainSpan ?? .last(.month))
        if found.demand && !metrics.contains("pipeline_value") { metrics.append("pipeline_value") }
        // 达成率不到80%的销售员: a list filtered by the threshold, not a ranking of one.
        if wantsRank && !found.thresholds.isEmpty && found.limit == nil {
            var copy = found
            copy.dimensions = plain
            return try self.plan(from: copy, intent: nil, text: text, asOf: asOf)
        }
        if wantsRank && growth && !found.demand {
            // 哪个区域增长最快, fastest growing: ranked by the change against the period before.
            plan = Plan(intent: .compare, metrics: metrics, filters: filters)
            plan.dimensions = plain.isEmpty ? (grains.isEmpty ? ["region"] : grains) : plain
            plan.orderBy = metrics[0] + "_change"
            plan.order = found.fromBottom || contains(text, Array(lexicon.ascendingWords)) ? .ascending : .descending
            let plural = found.pluralDimension || contains(text, Array(lexicon.pluralWords))
            plan.limit = found.limit ?? (plural ? 10 : 1)
        } else if wantsRank {
            plan = Plan(intent: .rank, metrics: metrics, filters: filters)
            plan.dimensions = plain.isEmpty ? grains : plain
            if plan.dimensions.isEmpty {
                plan.dimensions = ["rep"]
                assumptions += 1
                notes.append(Localized(zh: "未指明按什么排名，按销售员理解", en: "nothing named to rank: read as reps"))
            }
            plan.order = found.fromBottom || contains(text, Array(lexicon.ascendingWords)) ? .ascending : .descending
            plan.orderBy = metrics[0]
            let plural = found.pluralDimension || contains(text, Array(lexicon.pluralWords))
            plan.limit = found.limit ?? (plural ? 10 : 1)
            // 按毛利从高到低列出所有产品: every member, in that order.
            if found.limit == nil && contains(text, Array(lexicon.allWords)) {
                plan.intent = .breakdown
                plan.limit = nil
            }
        } else if wantsTrend {
            // 近4个季度…趋势: a series over quarters steps by quarter.
            var grain = ["month"]
            if case .lastN(_, let unit) = spec, unit == .quarter || unit == .week { grain = [unit.rawValue] }
            plan = Plan(
                intent: .trend, metrics: metrics, dimensions: (grains.isEmpty ? grain : grains) + breakdown,
                filters: filters)
        } else {
            let dimensions = breakdown + grains
            plan = Plan(
                intent: dimensions.isEmpty ? .value : .breakdown, metrics: metrics, dimensions: dimensions,
                filters: filters)
        }
        // 12月目标: a month named alone is this year's when it is a target asked (it is set ahead).
        var named = spec
        if targetsOnly, case .monthName(let month) = spec { named = .month(year: asOf.year, month: month) }
        plan.period = try resolve(
            named, default: wantsTrend ? .lastN(12, .month) : .last(.month),
            intent: targetsOnly && !wantsTrend ? .target : plan.intent, asOf: asOf, notes: &notes)
        if wantsCompare && !wantsTrend, let base = plan.period {
            // 同比和环比: both, the month before first and the year before beside it.
            let both =
                yearOverYear && periods.count <= 1
                && contains(text, ["环比", "month over month", "mom", "上期", "vs previous", "and previous"])
            plan.compareTo = comparison(
                spec: spec, base: base, periods: periods, yearOverYear: both ? false : yearOverYear, asOf: asOf)
            if both { plan.compareAlso = spec.lastYear(of: base) }
            if plan.intent != .rank { plan.intent = .compare }
        }
        for threshold in found.thresholds {
            // More than 110% of target: a share of the target is attainment.
            let field = metrics[0] == "target" && threshold.percent ? "attainment" : metrics[0]
            if field != metrics[0] {
                plan.metrics = plan.metrics.map { $0 == "target" ? field : $0 }
                if plan.orderBy == "target" { plan.orderBy = field }
            }
            plan.filters.append(Filter(field: field, op: threshold.op, values: [.number(threshold.value)]))
        }
        return PlanReading(plan: finish(plan), notes: notes, assumptions: assumptions)
    }

    /// 除了线上, excluding the online channel: whether the value (or a word for it) follows an
    /// exclusion word.
    func isExcluded(_ dimension: String, _ value: String, in found: Found) -> Bool {
        let names = [value] + lexicon.valueWords.filter { $0.value == (dimension, value) }.map(\.key)
        return found.excluded.contains { fragment in names.contains { fragment.lowercased().contains($0.lowercased()) } }
    }

    /// What a question about the target under way is answered with.
    static let progressMetrics = [
        "revenue", "target", "attainment", "time_progress", "pace", "target_gap", "needed_per_day", "projected_end",
    ]

    /// Scores a reading: 0.95 for one read straight, less for each assumption, loose name,
    /// ignored word and tie.
    func confidence(_ reading: PlanReading, ignored: Int, ambiguous: Bool) -> Double {
        var score = 0.95 - 0.15 * Double(reading.assumptions) - 0.1 * Double(ignored)
        score -= 0.05 * Double(reading.notes.count - reading.assumptions)
        if ambiguous { score -= 0.2 }
        return (min(0.99, max(0.2, score)) * 100).rounded() / 100
    }

    // MARK: - Pieces

    private func finish(_ plan: Plan) -> Plan {
        var plan = plan
        // Is 华东一组 above 100% attainment: one figure is shown, not filtered away by its bound.
        if plan.intent == .value && plan.dimensions.isEmpty { plan.filters.removeAll { $0.op.isComparison } }
        if plan.intent != .forecast { plan.grain = plan.dimensions.compactMap(TimeGrain.init(rawValue:)).min() }
        plan.source = .question
        return plan
    }

    /// The period a question names, else the intent's default. A period that names no span, or
    /// starts after as-of, is said back, never swapped for another.
    private func resolve(
        _ spec: PeriodSpec?, default fallback: PeriodSpec, intent: Intent, asOf: Day, notes: inout [Localized]
    ) throws(MatchFailure) -> Period? {
        let chosen = spec ?? fallback
        switch chosen.period(for: intent, default: fallback, asOf: asOf) {
        case .success(let period): return period
        case .failure(.invalid): throw .noSuchPeriod(label: chosen.label, asOf: nil)
        case .failure(.afterAsOf(let period)): throw .noSuchPeriod(label: period.label, asOf: asOf)
        }
    }

    /// 直销加渠道: 加 as "plus" between two things, not 加上 (add) or 增加 (grow).
    private static let plus = try! Pattern("(?<![增追添更参])加(?!上|入|一下|进)")

    /// What `base` (said as `spec`) is compared with: the second period named, read as a manager
    /// means it, else the span before or the year before.
    func comparison(spec: PeriodSpec, base: Period, periods: [PeriodSpec], yearOverYear: Bool, asOf: Day)
        -> Period?
    {
        if periods.count > 1,
            let other = try? periods[1].period(for: .compare, default: .last(.month), asOf: asOf).get()
        {
            // 本月跟上个月比: this month so far against the same days of the month before (环比).
            if case .this(let unit) = spec, periods[1] == .last(unit) {
                return unit == .year ? spec.lastYear(of: base) : spec.previous(of: base)
            }
            // 和去年比, compared with last year: the same span a year earlier, not all of last year.
            if case .last(.year) = periods[1] { return spec.lastYear(of: base) }
            // 上半年和去年上半年比: the same span a year earlier, said as such.
            let lastYear = spec.lastYear(of: base)
            if lastYear.start == other.start && lastYear.end == other.end { return lastYear }
            return other
        }
        return yearOverYear ? spec.lastYear(of: base) : spec.previous(of: base)
    }

    private func showTopic(text: String, found: Found) -> String {
        if contains(text, ["指标", "metric", "metrics"]) { return "metrics" }
        if contains(text, ["维度", "dimension", "dimensions"]) { return "dimensions" }
        if contains(text, ["目标", "target", "targets"]) { return "targets" }
        let plural = [
            "region": "regions", "team": "teams", "rep": "reps", "product": "products", "category": "categories",
            "channel": "channels", "segment": "segments", "customer": "customers",
        ]
        return (found.dimensions + found.counted).compactMap { plural[$0] }.first ?? "metrics"
    }

    /// Whether the text holds any of the words: Chinese by substring, English as whole words.
    func contains(_ text: String, _ words: [String]) -> Bool {
        let bytes = Array(text.utf8)
        var tokens: Set<Substring>?
        return words.contains { word in
            if word.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 }) {
                if tokens == nil { tokens = Set(text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })) }
                return tokens!.contains(Substring(word))
            }
            return bytes.containsBytes(Array(word.utf8))
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes hold `needle` somewhere (UTF-8 text: a match is a match of characters).
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        var index = 0
        while index + needle.count <= count {
            if self[index] == first && self[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
