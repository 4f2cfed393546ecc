import Model

/// Follow-ups: after a question, 那华南呢 / and by rep? / 那上个月呢 / 同比呢 / 他们合计是多少 /
/// 只看线上 / 换成毛利 change only what they name; everything else is kept from the plan before.
extension QuestionMatcher {
    /// The parts of a plan a follow-up may change; what it leaves alone is inherited.
    enum Slot: CaseIterable {
        case metric, filter, dimension, period, comparison
    }

    /// Whether a question continues the one before: it says so (那…, …呢, 换成, what about), or it
    /// names no measure of its own and only a value, a breakdown, a period, a comparison or a
    /// question kind. A question with its own metric and no such mark starts afresh.
    func isFollowUp(_ reading: Reading) -> Bool {
        let found = reading.found
        if contains(reading.text, Array(lexicon.freshWords)) { return false }
        if isMarkedFollowUp(reading.text) { return true }
        guard !reading.weak, !Self.strongIntents.contains(reading.intent ?? "") else { return false }
        // 看赢单率, gross profit?: a measure alone, with nothing else named, swaps the measure.
        let nothingElse =
            found.values.isEmpty && found.fuzzy.isEmpty && found.dimensions.isEmpty && found.periods.isEmpty
            && found.limit == nil && found.thresholds.isEmpty && reading.intent == nil && !found.demand
        if !found.metrics.isEmpty && nothingElse && reading.ignored.isEmpty { return true }
        guard found.metrics.isEmpty, !found.demand else { return false }
        return !found.values.isEmpty || !found.fuzzy.isEmpty || !found.dimensions.isEmpty || !found.periods.isEmpty
            || found.limit != nil || !found.thresholds.isEmpty || reading.intent != nil
            || contains(reading.text, Array(lexicon.totalWords)) || comparisonAsked(reading.text) != nil
    }

    private func isMarkedFollowUp(_ text: String) -> Bool {
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0.isPunctuation || $0 == " " }.reversed())
        if lexicon.tailWords.contains(where: { trimmed.hasSuffix($0) }) { return true }
        let leads = lexicon.followUpLeads.contains { lead in
            lead.allSatisfy(\.isASCII) ? trimmed == lead || trimmed.hasPrefix(lead + " ") : trimmed.hasPrefix(lead)
        }
        if leads && !lexicon.notFollowUpLeads.contains(where: { trimmed.hasPrefix($0) }) { return true }
        return contains(text, Array(lexicon.followUpWords)) || contains(text, Array(lexicon.additiveWords))
    }

    /// 同比呢 → the year before; 环比呢 → the span before.
    private func comparisonAsked(_ text: String) -> ComparisonKind? {
        if contains(text, Array(lexicon.yearOverYearWords)) || contains(text, Self.againstLastYear) { return .lastYear }
        return contains(text, Array(lexicon.previousSpanWords)) ? .previous : nil
    }

    enum ComparisonKind { case previous, lastYear }

    /// Last year as what the period is measured against (than last year); "last year?" alone
    /// names the period instead.
    static let againstLastYear = [
        "去年同期", "than last year", "compared to last year", "compared with last year", "against last year",
        "over last year", "to last year", "with last year",
    ]

    private static let barePercent = try! Pattern("(\\d+(?:\\.\\d+)?)\\s*%")

    /// The follow-up's plan: the plan before, changed where the question names something.
    func followUp(_ reading: Reading, context: Plan, asOf: Day) -> Understanding {
        let variants = variants(of: reading.found)
        var edits = variants.map { edit(context, with: $0, reading: reading, asOf: asOf) }
        let ambiguous = edits.count > 1
        for index in edits.indices {
            edits[index].reading.plan.confidence = confidence(
                edits[index].reading, ignored: reading.ignored.count, ambiguous: ambiguous)
        }
        var notes = edits[0].reading.notes
        if !reading.ignored.isEmpty { notes.append(Self.ignoredNote(reading.ignored)) }
        return Understanding(
            plan: edits[0].reading.plan, alternatives: edits.dropFirst().map(\.reading.plan), ignored: reading.ignored,
            notes: notes, isLoose: !reading.found.fuzzy.isEmpty || !reading.ignored.isEmpty || ambiguous,
            inherited: edits[0].inherited)
    }

    /// Each ambiguous word or loose name multiplies the readings; the first is the plan.
    func variants(of found: Found) -> [Found] {
        var readings = [found]
        for (index, choices) in found.metrics.enumerated() where choices.count > 1 {
            readings = readings.flatMap { reading in
                choices.map { choice in
                    var copy = reading
                    copy.metrics[index] = [choice]
                    return copy
                }
            }
        }
        for (fragment, candidates) in found.fuzzy {
            readings = readings.flatMap { reading in
                candidates.map { candidate in
                    var copy = reading
                    copy.values.append(candidate)
                    copy.notes.append(
                        Localized(
                            zh: "“\(fragment)” 按 “\(candidate.value)” 理解",
                            en: "read “\(fragment)” as “\(candidate.value)”"))
                    return copy
                }
            }
        }
        return readings
    }

    private func edit(_ context: Plan, with found: Found, reading: Reading, asOf: Day)
        -> (reading: PlanReading, inherited: [Localized])
    {
        let text = reading.text
        var plan = context
        plan.canonical = nil
        plan.confidence = nil
        plan.source = .question
        var changed = Set<Slot>()
        var notes = found.notes

        // The kind of question, when it names one: not 按月份拆 (a breakdown added), and not
        // "which ones are under 90%" (a list filtered, as before).
        let before = plan.intent
        let adds = contains(text, Array(lexicon.additiveWords))
        let filtersList = reading.intent == "rank" && !found.thresholds.isEmpty && found.limit == nil
        switch (adds || filtersList) && !reading.weak ? nil : reading.intent {
        case "forecast": plan.intent = .forecast
        case "trend": plan.intent = .trend
        case "diagnose": plan.intent = .diagnose
        case "funnel": plan.intent = .funnel
        case "scorecard": plan.intent = .scorecard
        case "rank", _ where reading.weak: if plan.intent != .rank { plan.intent = .rank }
        default: break
        }

        // 换成毛利: the measure; 把演示也加上 / add demos too: another beside it.
        if !found.metrics.isEmpty {
            let named = found.metrics.map { $0[0] }
            plan.metrics = adds ? plan.metrics + named.filter { !plan.metrics.contains($0) } : named
            changed.insert(.metric)
        } else if reading.weak && plan.intent == .rank && before != .rank && plan.metrics.isEmpty {
            plan.metrics = ["attainment"]
        }
        if plan.intent == .diagnose, let first = plan.metrics.first { plan.metrics = [first] }
        if plan.intent == .funnel || plan.intent == .scorecard { plan.metrics = [] }
        if plan.metrics.isEmpty && ![.funnel, .scorecard].contains(plan.intent) { plan.metrics = ["revenue"] }

        // 那华南呢: a value replaces the value of its dimension; 只看线上 adds one; 除了线上 leaves it out.
        var singles = Set<String>()
        var byDimension: [(dimension: String, values: [String], left: Bool)] = []
        for (dimension, value) in found.values {
            let left = isExcluded(dimension, value, in: found)
            if let index = byDimension.firstIndex(where: { $0.dimension == dimension && $0.left == left }) {
                byDimension[index].values.append(value)
            } else {
                byDimension.append((dimension, [value], left))
            }
        }
        let respectively = contains(text, Array(lexicon.respectivelyWords))
        for group in byDimension {
            let values = group.values.map(FilterValue.text)
            if group.left {
                plan.filters.append(Filter(field: group.dimension, op: values.count == 1 ? .notEqual : .notIn, values: values))
            } else {
                let filter = Filter(field: group.dimension, op: values.count == 1 ? .equal : .in, values: values)
                if let index = plan.filters.firstIndex(where: { $0.field == group.dimension && [.equal, .in].contains($0.op) }) {
                    plan.filters[index] = filter
                } else {
                    // Dimension filters before the bounds on metrics, as the query reads.
                    plan.filters.insert(filter, at: plan.filters.firstIndex { $0.op.isComparison } ?? plan.filters.endIndex)
                }
                if values.count == 1 && !respectively { singles.insert(group.dimension) }
            }
            changed.insert(.filter)
        }
        if !singles.isEmpty {
            plan.dimensions.removeAll { singles.contains($0) }
        }

        // 按团队拆开看: a breakdown; it replaces the breakdown of its kind unless the words add one.
        let named = found.dimensions.filter { !singles.contains($0) && !plan.dimensions.contains($0) }
        if !named.isEmpty {
            let isTime = { (id: String) in TimeGrain(rawValue: id) != nil }
            for dimension in named {
                if !adds || plan.intent == .rank {
                    plan.dimensions.removeAll { isTime($0) == isTime(dimension) }
                }
            }
            plan.dimensions += named
            if plan.intent == .trend && !plan.dimensions.contains(where: isTime) { plan.dimensions.insert("month", at: 0) }
            changed.insert(.dimension)
        }

        // 他们合计是多少: the breakdown goes; 不要分区域了: the one named goes.
        if named.isEmpty && contains(text, Array(lexicon.totalWords)) && !plan.dimensions.isEmpty {
            let dropped = found.dimensions.filter { plan.dimensions.contains($0) }
            if !dropped.isEmpty {
                plan.dimensions.removeAll { dropped.contains($0) }
            } else {
                plan.dimensions = plan.intent == .trend ? plan.dimensions.filter { TimeGrain(rawValue: $0) != nil } : []
            }
            if plan.intent == .rank {
                plan.intent = .value
                plan.order = nil
                plan.orderBy = nil
                plan.limit = nil
            }
            changed.insert(.dimension)
        }

        // A ranking: what to rank by, which end, how many.
        if plan.intent == .rank {
            if plan.dimensions.isEmpty { plan.dimensions = ["rep"] }
            plan.orderBy = plan.metrics[0]
            if found.fromBottom || contains(text, Array(lexicon.ascendingWords)) {
                plan.order = .ascending
            } else if before != .rank || contains(text, Array(lexicon.descendingWords)) {
                plan.order = .descending
            }
            if let limit = found.limit {
                plan.limit = limit
            } else if before != .rank {
                plan.limit = contains(text, Array(lexicon.pluralWords)) || found.pluralDimension ? 10 : 1
            }
        } else if before == .rank && plan.intent != .rank {
            plan.order = nil
            plan.orderBy = nil
            plan.limit = nil
        }

        // 那上个月呢: the period, and the comparison the plan had, made again for it.
        let comparison = comparisonAsked(text)
        var periods = found.periods
        // vs last year: the comparison, not a period.
        if comparison == .lastYear { periods.removeAll { $0 == .last(.year) || $0 == .samePeriodLastYear } }
        // 跟9月对比一下 / compare with september: the period named is what the plan is compared with.
        if reading.intent == "compare", periods.count == 1, comparison == nil, let base = plan.period,
            let other = try? periods[0].period(for: .compare, default: .last(.month), asOf: asOf).get(), other != base
        {
            let spec = PeriodSpec(text: base.label) ?? .range(base.start, base.end)
            plan.compareTo =
                self.comparison(spec: spec, base: base, periods: [spec, periods[0]], yearOverYear: false, asOf: asOf)
                ?? other
            plan.compareAlso = nil
            if [.value, .breakdown].contains(plan.intent) { plan.intent = .compare }
            changed.insert(.comparison)
            periods = []
        }
        if let spec = periods.first {
            if plan.intent == .forecast || spec.isFuture(asOf: asOf) {
                if spec.isFuture(asOf: asOf), let (window, horizon, grain) = spec.forecastWindow(asOf: asOf) {
                    plan.intent = .forecast
                    plan.period = window
                    plan.horizon = horizon
                    plan.grain = grain
                }
            } else if let period = try? spec.period(for: plan.intent, default: .last(.month), asOf: asOf).get() {
                plan.period = period
                if periods.count > 1,
                    let other = try? periods[1].period(for: .compare, default: .last(.month), asOf: asOf).get()
                {
                    plan.compareTo = other
                    if plan.intent != .rank { plan.intent = .compare }
                } else if let old = context.compareTo, comparison == nil {
                    plan.compareTo = old.label == "last year" ? spec.lastYear(of: period) : spec.previous(of: period)
                }
                if let also = context.compareAlso, also.label == "last year" { plan.compareAlso = spec.lastYear(of: period) }
            } else {
                notes.append(
                    Localized(zh: "期间 “\(spec.label)” 无数据，沿用上一问的期间", en: "no data for “\(spec.label)”: the period before is kept"))
            }
            changed.insert(.period)
        } else if plan.intent == .forecast && before != .forecast {
            if let (window, horizon, grain) = PeriodSpec.next(1, .month).forecastWindow(asOf: asOf) {
                plan.period = window
                plan.horizon = horizon
                plan.grain = grain
            }
        } else if before == .forecast && plan.intent != .forecast {
            plan.period = try? PeriodSpec.last(.month).period(for: plan.intent, default: .last(.month), asOf: asOf).get()
            plan.horizon = nil
        } else if plan.intent == .trend && before != .trend, let period = plan.period, period.days < 60 {
            plan.period = try? PeriodSpec.lastN(12, .month).period(for: .trend, default: .last(.month), asOf: asOf).get()
        }

        // 同比呢 / 环比呢.
        if let comparison, let period = plan.period {
            let spec = PeriodSpec(text: period.label) ?? .range(period.start, period.end)
            plan.compareTo = comparison == .lastYear ? spec.lastYear(of: period) : spec.previous(of: period)
            plan.compareAlso = nil
            if [.value, .breakdown].contains(plan.intent) { plan.intent = .compare }
            changed.insert(.comparison)
        }
        if plan.intent == .diagnose && plan.compareTo == nil, let period = plan.period {
            plan.compareTo = (PeriodSpec(text: period.label) ?? .range(period.start, period.end)).previous(of: period)
        }
        if [.forecast, .trend, .funnel, .scorecard].contains(plan.intent) {
            plan.compareTo = nil
            plan.compareAlso = nil
        }
        if plan.intent == .compare && plan.compareTo == nil { plan.intent = .value }

        // 放宽到90%: a bare percent moves the bound the plan has, the same way round.
        if found.thresholds.isEmpty, let bound = plan.filters.lastIndex(where: { $0.op.isComparison }),
            let match = Self.barePercent.firstMatch(in: text), let number = match.groups[1].flatMap({ Double($0) })
        {
            plan.filters[bound].values = [.number(number / 100)]
            changed.insert(.filter)
        }
        for threshold in found.thresholds {
            // 低于60%的呢: a new bound on the metric replaces the one before.
            let field = plan.metrics.first ?? "revenue"
            plan.filters.removeAll { $0.field == field && $0.op.isComparison }
            plan.filters.append(Filter(field: field, op: threshold.op, values: [.number(threshold.value)]))
            changed.insert(.filter)
        }
        if plan.intent == .value && !plan.dimensions.isEmpty { plan.intent = .breakdown }
        if plan.intent == .breakdown && plan.dimensions.isEmpty { plan.intent = .value }
        if plan.intent == .scorecard && plan.dimensions.isEmpty { plan.dimensions = ["rep"] }
        if plan.intent != .forecast { plan.grain = plan.dimensions.compactMap(TimeGrain.init(rawValue:)).min() }
        if plan.intent != .forecast { plan.horizon = nil }

        let inherited = inheritedParts(of: plan, context: context, changed: changed)
        return (PlanReading(plan: plan, notes: notes, assumptions: 0), inherited)
    }

    /// 沿用上一问：销售额、华南、2026-10、按团队 — what the follow-up kept, in the plan's words.
    private func inheritedParts(of plan: Plan, context: Plan, changed: Set<Slot>) -> [Localized] {
        var parts: [Localized] = []
        if !changed.contains(.metric), !plan.metrics.isEmpty, plan.metrics == context.metrics {
            parts += plan.metrics.map { id in
                let entry = vocabulary.metricEntry(id)
                return Localized(zh: entry?.zh ?? id, en: entry?.en ?? id)
            }
        }
        for filter in context.filters where plan.filters.contains(filter) {
            let entry = vocabulary.dimensionEntry(filter.field) ?? vocabulary.metricEntry(filter.field)
            let values = filter.values.map(\.description).joined(separator: "、")
            let zh = filter.op == .equal || filter.op == .in ? values : "\(entry?.zh ?? filter.field) \(filter.op.rawValue) \(values)"
            let en = filter.op == .equal || filter.op == .in ? values : "\(entry?.en ?? filter.field) \(filter.op.rawValue) \(values)"
            parts.append(Localized(zh: zh, en: en))
        }
        if !changed.contains(.period), let period = plan.period, period == context.period {
            parts.append(Self.periodWords(period))
        }
        if !changed.contains(.comparison), let compare = plan.compareTo, compare == context.compareTo {
            parts.append(
                compare.label == "last year"
                    ? Localized(zh: "同比", en: "vs last year")
                    : compare.label == "previous" ? Localized(zh: "环比", en: "vs previous")
                    : Localized(zh: "对比 \(compare.label)", en: "vs \(compare.label)"))
        }
        let kept = plan.dimensions.filter { context.dimensions.contains($0) }
        if !kept.isEmpty {
            let zh = kept.map { vocabulary.dimensionEntry($0)?.zh ?? $0 }.joined(separator: "、")
            let en = kept.map { vocabulary.dimensionEntry($0)?.en ?? $0 }.joined(separator: ", ")
            parts.append(Localized(zh: "按" + zh, en: "by " + en))
        }
        return parts
    }

    /// 2026-10, 2026-Q3, 2026 for a whole calendar span, else its first and last days.
    private static func calendarName(_ period: Period) -> String {
        let (year, month, day) = period.start.components
        let wholeMonths = day == 1 && period.end == period.end.lastOfMonth
        let months = (period.end.year - year) * 12 + period.end.month - month + 1
        if wholeMonths && months == 1 { return String(period.start.iso.prefix(7)) }
        if wholeMonths && months == 3 && (month - 1) % 3 == 0 { return "\(Day.yearText(year))-Q\((month - 1) / 3 + 1)" }
        if wholeMonths && months == 12 && month == 1 { return Day.yearText(year) }
        return "\(period.start.iso)..\(period.end.iso)"
    }

    /// A period as a manager says it: 上个月（2026-10）, last month (2026-10).
    static func periodWords(_ period: Period) -> Localized {
        let span = calendarName(period)
        guard let spec = PeriodSpec(text: period.label) else { return Localized(zh: span, en: span) }
        let zh: String?
        switch spec {
        case .last(.month): zh = "上个月"
        case .last(.quarter): zh = "上季度"
        case .last(.year): zh = "去年"
        case .last(.week): zh = "上周"
        case .this(.month): zh = "本月"
        case .this(.quarter): zh = "本季度"
        case .this(.year): zh = "今年"
        case .this(.week): zh = "本周"
        case .yearToDate: zh = "今年以来"
        case .lastN(let count, .month): zh = "近\(count)个月"
        case .lastN(let count, .day): zh = "近\(count)天"
        case .lastN(let count, .quarter): zh = "近\(count)个季度"
        case .lastN(let count, .week): zh = "近\(count)周"
        default: zh = nil
        }
        guard let zh else { return Localized(zh: period.label, en: period.label) }
        return Localized(zh: "\(zh)（\(span)）", en: "\(period.label) (\(span))")
    }
}
