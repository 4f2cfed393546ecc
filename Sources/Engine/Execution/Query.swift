import Model

/// A plan with names resolved to ids, filters split into dimension filters (applied to facts)
/// and metric filters (applied after aggregation), and periods clipped at the as-of date.
struct ResolvedPlan {
    var intent: Intent
    var metrics: [String]
    var dimensions: [String]
    var dimensionFilters: [Filter]
    var metricFilters: [Filter]
    var period: Period
    var compareTo: Period?
    /// A second comparison (同比和环比).
    var compareAlso: Period?
    var orderBy: String?
    var order: SortOrder?
    var limit: Int?
    /// The period's end as named, before the as-of date clipped it.
    var fullEnd: Day

    var grains: [TimeGrain] { dimensions.compactMap(TimeGrain.init(rawValue:)) }
}

/// Executes value, breakdown, rank, trend and compare plans (and funnels) against the columns.
struct Query {
    let columns: Columns
    let state: UserState
    let asOf: Day
    let ranks: MemberRanks

    var definitions: [String: MetricExpression] { state.expressions }

    // MARK: - Resolving

    func resolve(_ plan: Plan) throws -> ResolvedPlan {
        let metrics = try plan.metrics.map(metricID)
        var dimensions = try plan.dimensions.map(dimensionID)
        if plan.intent == .trend && !dimensions.contains(where: { TimeGrain(rawValue: $0) != nil }) {
            dimensions.insert((plan.grain ?? .month).rawValue, at: 0)
        }
        var dimensionFilters: [Filter] = []
        var metricFilters: [Filter] = []
        for filter in plan.filters {
            if let dimension = state.dimensionID(filter.field) {
                guard !filter.op.isComparison, TimeGrain(rawValue: dimension) == nil else {
                    throw EngineError.unsupportedFilter(field: filter.field, op: filter.op.rawValue)
                }
                dimensionFilters.append(Filter(field: dimension, op: filter.op, values: filter.values))
            } else if let metric = state.metricID(filter.field) {
                metricFilters.append(Filter(field: metric, op: filter.op, values: filter.values))
            } else {
                throw EngineError.unknownDimension(filter.field)
            }
        }
        var orderBy = plan.orderBy
        if let name = orderBy { orderBy = state.metricID(name) ?? state.dimensionID(name) ?? name }
        if plan.intent == .rank && orderBy == nil { orderBy = metrics.first }
        let named = plan.period ?? defaultPeriod(plan.intent)
        // Targets are set ahead (METRICS.md): a target alone, of a period that has not begun, is
        // read over the period as named (December's before December). A period under way is
        // clipped like any other: its target is that of the target periods overlapping it so far.
        let ahead = named.start > asOf && metrics.allSatisfy { $0 == "target" }
        var period = ahead ? named : clip(named)
        var fullEnd = named.end
        var compareTo = plan.compareTo.map(clip) ?? (plan.intent == .compare ? period.previousSpan : nil)
        // A change runs from the earlier period to the later, however the question named them
        // (上个月和本月: "last month vs this month" compares this month with last month).
        if let other = compareTo {
            let ordered = Period.laterFirst(period, other)
            if ordered.later != period { fullEnd = plan.compareTo?.end ?? other.end }
            (period, compareTo) = ordered
        }
        return ResolvedPlan(
            intent: plan.intent, metrics: metrics, dimensions: dimensions, dimensionFilters: dimensionFilters,
            metricFilters: metricFilters, period: period, compareTo: compareTo,
            compareAlso: compareTo == nil ? nil : plan.compareAlso.map(clip), orderBy: orderBy,
            order: plan.order ?? (plan.intent == .rank ? .descending : nil), limit: plan.limit, fullEnd: fullEnd)
    }

    func metricID(_ name: String) throws -> String {
        guard let id = state.metricID(name) else { throw EngineError.unknownMetric(name) }
        return id
    }

    func dimensionID(_ name: String) throws -> String {
        guard let id = state.dimensionID(name) else { throw EngineError.unknownDimension(name) }
        return id
    }

    /// METRICS.md: the last full month; a trend the last 12 full months.
    private func defaultPeriod(_ intent: Intent) -> Period {
        let months = intent == .trend ? 12 : 1
        let start = asOf.firstOfMonth(adding: -months)
        let end = asOf.firstOfMonth - 1
        return Period(start: start, end: end, label: months == 1 ? "last month" : "last 12 months")
    }

    /// The period with its end clipped at the as-of date (facts after it are invisible).
    private func clip(_ period: Period) -> Period {
        var clipped = period
        if clipped.end > asOf { clipped.end = asOf }
        return clipped
    }

    /// Checks every metric the plan reads against its dimensions and dimension filters.
    private func checkCuts(_ plan: ResolvedPlan, metrics: [String]) throws {
        let dimensions = plan.dimensions + plan.dimensionFilters.map(\.field)
        for metric in metrics {
            try Cuts.check(metric, by: dimensions, definitions: definitions)
        }
    }

    // MARK: - Answering

    func answer(_ plan: Plan) throws -> Answer {
        let resolved = try resolve(plan)
        guard !resolved.metrics.isEmpty else {
            throw EngineError.incompletePlan(Localized(zh: "请指定至少一个指标。", en: "name at least one metric."))
        }
        if resolved.metrics.contains("stage_conversion") {
            guard resolved.metrics.count == 1 else { throw EngineError.stageConversionNeedsItsOwnAnswer }
            return try stageConversion(plan, resolved)
        }
        var read = resolved.metrics + resolved.metricFilters.map(\.field)
        if let orderBy = resolved.orderBy, state.metricID(orderBy) != nil { read.append(orderBy) }
        read = read.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        try checkCuts(resolved, metrics: read)

        let frame = Frame(columns: columns, plan: resolved, ranks: ranks)
        let current = frame.evaluation(frame.current, state: state, asOf: asOf, periodEnd: resolved.fullEnd)
        let previous = frame.previous.map { frame.evaluation($0, state: state, asOf: asOf) }
        let also = frame.also.map { frame.evaluation($0, state: state, asOf: asOf) }
        var values: [String: MetricColumn] = [:]
        var previousValues: [String: MetricColumn] = [:]
        var alsoValues: [String: MetricColumn] = [:]
        for metric in read where metric != "share" {
            values[metric] = try current.column(metric, filters: resolved.dimensionFilters)
        }
        if read.contains("share") {
            values["share"] = try share(resolved, frame: frame, values: &values, current: current)
        }
        if let previous {
            for metric in resolved.metrics {
                previousValues[metric] = try previous.column(metric, filters: resolved.dimensionFilters)
            }
        }
        if let also {
            for metric in resolved.metrics {
                alsoValues[metric] = try also.column(metric, filters: resolved.dimensionFilters)
            }
        }

        let space = frame.space
        var ids: [Int]
        if resolved.dimensions.isEmpty {
            ids = [Int(space.id(for: 0))]
        } else {
            // Groups the shown metrics reach, and those a metric filter speaks of: a rep with a
            // target and no revenue is at 0% attainment, which `where attainment < 80%` asks for.
            let reaching = (resolved.metrics + resolved.metricFilters.map(\.field)).flatMap { metric in
                [values[metric], previousValues[metric], alsoValues[metric]].compactMap { $0 }
            }
            ids = (0..<space.count).filter { id in reaching.contains { $0.isPresent(id) } }
            // Everyone counted: the members without facts too (Population).
            if let members = Population.ids(frame: frame, plan: resolved, columns: columns) {
                ids = Array(Set(ids).union(members))
            }
        }
        for filter in resolved.metricFilters {
            let column = values[filter.field]!
            ids = ids.filter { passes(column.value($0), filter) }
        }
        // A rank by a rate: its sample beside it, and the larger sample first among equal rates.
        var samples: [String: MetricColumn] = [:]
        if resolved.intent == .rank {
            for metric in resolved.metrics where Samples.nouns[metric] != nil && definitions[metric] == nil {
                if let parts = try current.parts(metric, filters: resolved.dimensionFilters) {
                    samples[metric] = parts.denominator
                }
            }
        }
        let sortMetric = resolved.orderBy ?? resolved.metrics.first
        ids = Ordering.sort(
            ids, plan: resolved, frame: frame,
            sortValues: changeColumn(resolved, values, previousValues, ids: ids) ?? sortColumn(resolved, values),
            tieBreak: sortMetric.flatMap { samples[$0] })
        if let limit = resolved.limit, limit >= 0 { ids = Array(ids.prefix(limit)) }

        // A rank with a comparison (哪个区域需求大: growth beside the rank) shows it like a compare.
        let comparing = resolved.intent == .compare || (resolved.intent == .rank && resolved.compareTo != nil)
        var columnsOut = resolved.dimensions
        for metric in resolved.metrics {
            if resolved.intent == .trend {
                columnsOut += [metric, metric + "_change"]
            } else if comparing {
                columnsOut += [metric, metric + "_prev", metric + "_change"]
                if alsoValues[metric] != nil { columnsOut += [metric + "_prev2", metric + "_change2"] }
            } else {
                columnsOut.append(metric)
            }
            if samples[metric] != nil { columnsOut.append(Samples.column(metric)) }
        }
        let shown = resolved.metrics.map { metric in
            (
                values[metric]!, previousValues[metric], Cuts.unit(metric, definitions: definitions) == .rate,
                samples[metric], alsoValues[metric]
            )
        }
        let keys = ids.map { space.key(of: $0) }
        let labels = frame.labelColumns(ofKeys: keys)
        let rows = ids.indices.map { index -> [Cell] in
            let id = ids[index]
            let key = keys[index]
            var row: [Cell] = []
            row.reserveCapacity(columnsOut.count)
            for column in labels { row.append(column[index]) }
            for (column, prior, isRate, sample, second) in shown {
                let value = column.value(id)
                row.append(Self.cell(value))
                if let sample { row.append(.number(sample.value(id).isNaN ? 0 : sample.value(id))) }
                if resolved.intent == .trend {
                    let before = frame.previousBucketValue(column, key: key)
                    row.append(Self.cell(Self.change(value, before, isRate: isRate)))
                } else if comparing {
                    let before = prior?.value(id) ?? .nan
                    row.append(Self.cell(before))
                    row.append(Self.cell(Self.change(value, before, isRate: isRate)))
                    if let second {
                        let earlier = second.value(id)
                        row.append(Self.cell(earlier))
                        row.append(Self.cell(Self.change(value, earlier, isRate: isRate)))
                    }
                }
            }
            return row
        }
        return Answer(
            plan: plan, title: Titles.query(resolved, state: state), columns: columnsOut, rows: rows,
            notes: notes(resolved) + sampleNotes(samples, ids: ids, frame: frame)
                + (resolved.period.start > resolved.period.end
                    ? []
                    : try EmptyAnswers.notes(
                        metrics: resolved.metrics, period: resolved.period, asOf: asOf, columns: columns,
                        targets: state.targets)))
    }

    /// "李四的赢单率只基于 1 个已结束商机": the shown members whose rate rests on very few facts.
    private func sampleNotes(_ samples: [String: MetricColumn], ids: [Int], frame: Frame) -> [Localized] {
        samples.sorted { $0.key < $1.key }.compactMap { metric, sample -> Localized? in
            guard let noun = Samples.nouns[metric] else { return nil }
            let few = ids.filter { id in
                let count = sample.value(id)
                return !count.isNaN && count > 0 && count < Double(Samples.small)
            }
            guard !few.isEmpty else { return nil }
            let names = few.prefix(5).map { id in
                let label = frame.labels(ofKey: frame.space.key(of: id)).compactMap(\.text).joined(separator: " ")
                return (label, Int(sample.value(id)))
            }
            let entry = Catalog.metric(metric)
            let title = Localized(zh: entry?.zh ?? metric, en: entry?.en ?? metric)
            return Localized(
                zh: "样本很少：" + names.map { "\($0.0) 的\(title.zh)只基于 \($0.1) \(noun.zh)" }.joined(separator: "；")
                    + (few.count > 5 ? "；等 \(few.count) 位" : "") + "。",
                en: "Small samples: "
                    + names.map { "\($0.0)'s \(title.en) rests on \($0.1) \(noun.en)" }.joined(separator: "; ")
                    + (few.count > 5 ? "; \(few.count) in all" : "") + ".")
        }
    }

    /// `share`: the metric before it (revenue when it comes first) over the total of every member
    /// in each time cell, under the same filters: 各品类销售额占比.
    private func share(
        _ plan: ResolvedPlan, frame: Frame, values: inout [String: MetricColumn], current: Evaluation
    ) throws -> MetricColumn {
        let position = plan.metrics.firstIndex(of: "share") ?? 0
        let base = position > 0 ? plan.metrics[position - 1] : "revenue"
        guard Cuts.unit(base, definitions: definitions) != .rate else { throw EngineError.shareOfARate(base) }
        let part = try values[base] ?? current.column(base, filters: plan.dimensionFilters)
        values[base] = values[base] ?? part
        var totals = plan
        totals.dimensions = plan.dimensions.filter { TimeGrain(rawValue: $0) != nil }
        totals.orderBy = nil
        totals.limit = nil
        let whole = Frame(columns: columns, plan: totals, ranks: ranks)
        let total = try whole.evaluation(whole.current, state: state, asOf: asOf, periodEnd: plan.fullEnd)
            .column(base, filters: plan.dimensionFilters)
        var result = MetricColumn(count: frame.space.count, empty: .nan)
        for id in 0..<frame.space.count where part.isPresent(id) {
            let timeKey = frame.space.split(frame.space.key(of: id)).timeKey
            guard let totalID = whole.space.existingID(for: timeKey) else { continue }
            let sum = total.value(Int(totalID))
            result.set(id, sum != 0 && !sum.isNaN ? part.value(id) / sum : .nan)
        }
        return result
    }

    /// The values rows are sorted by when the order names a metric (the first metric by default).
    /// `order by revenue_change`: each group's change against the compared period, as shown.
    private func changeColumn(
        _ plan: ResolvedPlan, _ values: [String: MetricColumn], _ previous: [String: MetricColumn], ids: [Int]
    ) -> MetricColumn? {
        guard let orderBy = plan.orderBy, orderBy.hasSuffix("_change") else { return nil }
        let metric = String(orderBy.dropLast("_change".count))
        guard let current = values[metric], let before = previous[metric] else { return nil }
        let isRate = Cuts.unit(metric, definitions: definitions) == .rate
        var column = MetricColumn(count: (ids.max() ?? -1) + 1, empty: .nan)
        for id in ids {
            let change = Self.change(current.value(id), before.value(id), isRate: isRate)
            column.values[id] = change.isFinite ? change : .nan
            column.present[id] = true
        }
        return column
    }

    private func sortColumn(_ plan: ResolvedPlan, _ values: [String: MetricColumn]) -> MetricColumn? {
        if let orderBy = plan.orderBy { return values[orderBy] }
        return plan.metrics.first.flatMap { values[$0] }
    }

    private func notes(_ plan: ResolvedPlan) -> [Localized] {
        guard plan.period.start > plan.period.end else { return [] }
        return [
            Localized(
                zh: "所选期间在查看日期 \(asOf.iso) 之后，没有数据。",
                en: "the period lies after the as-of date \(asOf.iso): there is no data yet.")
        ]
    }

    /// A metric filter (HAVING): NULL fails every comparison, as in SQL.
    private func passes(_ value: Double, _ filter: Filter) -> Bool {
        guard !value.isNaN else { return false }
        let numbers = filter.values.compactMap { value -> Double? in
            switch value {
            case .number(let number): return number
            case .text(let text): return Double(text)
            }
        }
        guard let first = numbers.first else { return false }
        switch filter.op {
        case .equal: return value == first
        case .notEqual: return value != first
        case .in: return numbers.contains(value)
        case .notIn: return !numbers.contains(value)
        case .less: return value < first
        case .lessOrEqual: return value <= first
        case .greater: return value > first
        case .greaterOrEqual: return value >= first
        }
    }

    /// Relative change cur / prev − 1 (NULL when prev is 0 or either is NULL); for rates the
    /// difference cur − prev, since a relative change of a percentage misleads.
    static func change(_ current: Double, _ previous: Double, isRate: Bool) -> Double {
        guard !current.isNaN, !previous.isNaN else { return .nan }
        if isRate { return current - previous }
        return previous == 0 ? .nan : current / previous - 1
    }

    static func cell(_ value: Double) -> Cell { value.isFinite ? .number(value) : .null }
}

/// The grouping of one plan: its layout, the cells of its period (and the compared period),
/// and the group space they share.
struct Frame {
    let columns: Columns
    let layout: GroupLayout
    let current: TimeCells
    let previous: TimeCells?
    /// The second compared period's cells (同比和环比).
    let also: TimeCells?
    let space: GroupSpace
    /// Each dimension of the plan: an attribute (its radix position and member names by code)
    /// or a time grain (its position among the grains).
    let slots: [Slot]
    private let cellOfTimeKey: [Int: Int]

    enum Slot {
        /// A member's name and alphabetical rank by code.
        case attribute(position: Int, names: NameList, ranks: [Int])
        case time(position: Int)
    }

    init(columns: Columns, plan: ResolvedPlan, ranks: MemberRanks) {
        self.columns = columns
        let layout = GroupLayout(dimensions: plan.dimensions, columns: columns)
        self.layout = layout
        var attributes = 0
        var grains = 0
        slots = plan.dimensions.map { dimension in
            if TimeGrain(rawValue: dimension) != nil {
                defer { grains += 1 }
                return .time(position: grains)
            }
            defer { attributes += 1 }
            let attribute = layout.attributes[attributes]
            return .attribute(
                position: attributes, names: columns.nameList(attribute), ranks: ranks.ranks(of: attribute, in: columns))
        }
        var current = TimeCells(start: plan.period.start, end: plan.period.end, grains: layout.grains)
        var previous = plan.compareTo.map { TimeCells(start: $0.start, end: $0.end, grains: layout.grains) }
        var also = plan.compareAlso.map { TimeCells(start: $0.start, end: $0.end, grains: layout.grains) }
        let counts = zip(
            zip(current.bucketCounts, previous?.bucketCounts ?? current.bucketCounts),
            also?.bucketCounts ?? current.bucketCounts
        ).map { max($0.0, $0.1, $1, 1) }
        current.setKeys(counts: counts)
        previous?.setKeys(counts: counts)
        also?.setKeys(counts: counts)
        self.also = also
        self.current = current
        self.previous = previous
        space = GroupSpace(layout: layout, timeCounts: counts)
        let cells = current.cells
        cellOfTimeKey = Dictionary(
            cells.enumerated().map { ($0.element.timeKey, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    func evaluation(_ cells: TimeCells, state: UserState, asOf: Day, periodEnd: Day? = nil) -> Evaluation {
        Evaluation(
            columns: columns, targets: state.targets, definitions: state.expressions, asOf: asOf, space: space,
            cells: cells, periodEnd: periodEnd)
    }

    /// The dimension cells of a key, in plan order: member names, or time labels.
    func labels(ofKey key: Int) -> [Cell] { labelColumns(ofKeys: [key]).map { $0[0] } }

    /// The dimension cells of keys, one array per dimension.
    func labelColumns(ofKeys keys: [Int]) -> [[Cell]] {
        slots.map { slot in
            switch slot {
            case .time(let position):
                let labels = current.labels[position]
                let earlier = previous?.labels[position] ?? []
                return keys.map { key in
                    let bucket = self.bucket(ofKey: key, position)
                    return bucket < labels.count
                        ? .text(labels[bucket]) : bucket < earlier.count ? .text(earlier[bucket]) : .null
                }
            case .attribute(let position, let names, _):
                let codes = keys.map { self.code(ofKey: $0, position) }
                return zip(codes, names.names(at: codes)).map { code, name in code == 0 ? .null : .text(name) }
            }
        }
    }

    /// The member name of an attribute dimension in a key; nil for "no value".
    func name(ofKey key: Int, slot: Int) -> String? {
        guard case .attribute(let position, let names, _) = slots[slot] else { return nil }
        let code = self.code(ofKey: key, position)
        return code == 0 ? nil : names[code]
    }

    /// Where a key sorts by one dimension: its bucket index, or its member's alphabetical rank.
    func rank(ofKey key: Int, slot: Int) -> Int {
        switch slots[slot] {
        case .time(let position): return bucket(ofKey: key, position)
        case .attribute(let position, _, let ranks): return ranks[code(ofKey: key, position)]
        }
    }

    private func code(ofKey key: Int, _ position: Int) -> Int {
        key % layout.attributeCount / layout.strides[position] % layout.cardinalities[position]
    }

    /// The bucket index of the time dimension at `position` in a key.
    func bucket(ofKey key: Int, _ position: Int) -> Int {
        space.bucket(ofTimeKey: space.split(key).timeKey, position: position)
    }

    /// The value of the same series in the cell before the key's cell (trend growth), NaN when
    /// there is none.
    func previousBucketValue(_ column: MetricColumn, key: Int) -> Double {
        let (timeKey, attributeKey) = space.split(key)
        guard let cell = cellOfTimeKey[timeKey], cell > 0 else { return .nan }
        let previousKey = current.cells[cell - 1].timeKey * layout.attributeCount + attributeKey
        guard let id = space.existingID(for: previousKey), column.isPresent(Int(id)) else { return .nan }
        return column.value(Int(id))
    }

    /// The time key of a row's key, for chronological order.
    func timeKey(of key: Int) -> Int { space.split(key).timeKey }
}
