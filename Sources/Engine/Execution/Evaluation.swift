import Model

/// A metric's value per group id: NaN for "no value" (SQL NULL). A group is present when the
/// metric's facts reach it; a group met only through another metric takes `empty` (0 for sums
/// and counts, NaN for ratios).
struct MetricColumn {
    var values: [Double]
    var present: [Bool]
    var empty: Double

    init(count: Int, empty: Double) {
        values = Array(repeating: empty, count: count)
        present = Array(repeating: false, count: count)
        self.empty = empty
    }

    func value(_ id: Int) -> Double { id < values.count ? values[id] : empty }
    func isPresent(_ id: Int) -> Bool { id < present.count && present[id] }

    /// Adds to a group's value (sets it when the group is not present yet).
    mutating func add(_ id: Int, _ value: Double) {
        set(id, isPresent(id) ? values[id] + value : value)
    }

    /// Sets a group's value, growing the column when the group space has grown.
    mutating func set(_ id: Int, _ value: Double) {
        if id >= values.count {
            values.append(contentsOf: repeatElement(empty, count: id - values.count + 1))
            present.append(contentsOf: repeatElement(false, count: id - present.count + 1))
        }
        values[id] = value
        present[id] = true
    }
}

/// A metric with the dimension filters it is computed under (the plan's, plus a defined
/// metric's own).
struct MetricRequest: Hashable {
    var metric: String
    var filters: [Filter]
}

/// The rows of a fact that one evaluation reads, with the group id of each (−1: left out).
struct Scan {
    /// Positions in the fact's columns; `ids[i]` belongs to row `rows.lowerBound + i`.
    let rows: Range<Int>
    let ids: [Int32]
    /// Rows per group id.
    let rowCounts: [Int32]
}

/// A dimension filter made ready for scanning: which codes of an attribute pass.
struct AttributeFilter {
    let attribute: Attribute
    let passes: [Bool]
}

/// One plan evaluated over one period: scans and metric columns are computed once and shared
/// by every metric that needs them (revenue for attainment, active customers for revisit rate).
final class Evaluation {
    let columns: Columns
    let targets: StoredTargets
    let definitions: [String: MetricExpression]
    let asOf: Day
    let space: GroupSpace
    let cells: TimeCells
    /// Where the period ends as named, before the as-of date clipped it (this month: its last
    /// day): how much of the period has passed (`time_progress`).
    let periodEnd: Day

    private var scans: [ScanKey: Scan] = [:]
    private var attributeKeyCache: [ScanKey: [Int]] = [:]
    private var results: [MetricRequest: MetricColumn] = [:]
    /// Per day of the period, its cell's time key × the attribute count (the key's high part).
    private lazy var timeBaseOfDay: [Int] = cells.cellOfDay.map {
        cells.cells[Int($0)].timeKey * space.layout.attributeCount
    }

    init(
        columns: Columns, targets: StoredTargets, definitions: [String: MetricExpression], asOf: Day,
        space: GroupSpace, cells: TimeCells, periodEnd: Day? = nil
    ) {
        self.periodEnd = periodEnd ?? cells.end
        self.columns = columns
        self.targets = targets
        self.definitions = definitions
        self.asOf = asOf
        self.space = space
        self.cells = cells
    }

    var layout: GroupLayout { space.layout }

    // MARK: - Metrics

    /// The metric's column, built-in or defined, under `filters`.
    func column(_ metric: String, filters: [Filter]) throws -> MetricColumn {
        let request = MetricRequest(metric: metric, filters: filters)
        if let cached = results[request] { return cached }
        let column: MetricColumn
        if let expression = definitions[metric] {
            column = try evaluate(expression, filters: filters)
        } else {
            column = try builtIn(metric, filters: filters)
        }
        results[request] = column
        return column
    }

    /// A defined metric: a filtered metric adds its filters; arithmetic combines its operands
    /// group by group (NULL when an operand is NULL or a divisor is 0).
    func evaluate(_ expression: MetricExpression, filters: [Filter]) throws -> MetricColumn {
        switch expression {
        case .metric(let name, let own):
            return try column(name, filters: filters + own)
        case .number(let number):
            return MetricColumn(count: 0, empty: number)
        case .binary(let op, let left, let right):
            let lhs = try evaluate(left, filters: filters)
            let rhs = try evaluate(right, filters: filters)
            let count = max(lhs.values.count, rhs.values.count)
            var result = MetricColumn(count: 0, empty: Self.apply(op, lhs.empty, rhs.empty))
            for id in 0..<count where lhs.isPresent(id) || rhs.isPresent(id) {
                result.set(id, Self.apply(op, lhs.value(id), rhs.value(id)))
            }
            return result
        }
    }

    static func apply(_ op: ArithmeticOperator, _ left: Double, _ right: Double) -> Double {
        switch op {
        case .add: return left + right
        case .subtract: return left - right
        case .multiply: return left * right
        case .divide: return right == 0 ? .nan : left / right
        }
    }

    // MARK: - Scans

    /// A scan computed once per evaluation under `key`.
    func cachedScan(_ key: ScanKey, _ make: () -> Scan) -> Scan {
        if let cached = scans[key] { return cached }
        let scan = make()
        scans[key] = scan
        return scan
    }

    /// The rows of a date-sorted fact dated in the period, grouped by their date's cell.
    func scan(_ fact: some FactTable, named name: String, sortedDates dates: Vector<Int32>, filters: [Filter]) -> Scan {
        let cacheKey = ScanKey(fact: name, filters: filters)
        if let cached = scans[cacheKey] { return cached }
        let rows = dateRange(dates, from: cells.start, through: cells.end)
        let scan = scan(fact, rows: rows, dates: dates, filters: filters)
        scans[cacheKey] = scan
        return scan
    }

    /// All rows of an unsorted fact, grouped by the cell of `dates` (a row outside the period is
    /// left out).
    func scan(_ fact: some FactTable, named name: String, unsortedDates dates: Vector<Int32>, filters: [Filter]) -> Scan {
        let cacheKey = ScanKey(fact: name, filters: filters)
        if let cached = scans[cacheKey] { return cached }
        let scan = scan(fact, rows: 0..<fact.count, dates: dates, filters: filters)
        scans[cacheKey] = scan
        return scan
    }

    private func scan(_ fact: some FactTable, rows: Range<Int>, dates: Vector<Int32>, filters: [Filter]) -> Scan {
        var keys = attributeKeys(fact, rows: rows, filters: filters)
        let start = Int(cells.start.number)
        let days = cells.cellOfDay.count
        timeBaseOfDay.withUnsafeBufferPointer { timeBase in
            dates.withUnsafeBufferPointer { dates in
                keys.withUnsafeMutableBufferPointer { keys in
                    let low = rows.lowerBound
                    for index in 0..<keys.count where keys[index] >= 0 {
                        let offset = Int(dates[low + index]) - start
                        keys[index] = offset >= 0 && offset < days ? keys[index] + timeBase[offset] : -1
                    }
                }
            }
        }
        return makeScan(rows: rows, keys: keys)
    }

    /// Rows grouped by a time key chosen per row (−1 leaves the row out).
    func scan(_ fact: some FactTable, rows: Range<Int>, filters: [Filter], timeKey: (Int) -> Int) -> Scan {
        var keys = attributeKeys(fact, rows: rows, filters: filters)
        let attributeCount = layout.attributeCount
        for index in keys.indices where keys[index] >= 0 {
            let time = timeKey(rows.lowerBound + index)
            keys[index] = time < 0 ? -1 : keys[index] + time * attributeCount
        }
        return makeScan(rows: rows, keys: keys)
    }

    func makeScan(rows: Range<Int>, keys: [Int]) -> Scan {
        let ids = space.assignIDs(keys)
        var rowCounts = [Int32](repeating: 0, count: space.count)
        for id in ids where id >= 0 { rowCounts[Int(id)] += 1 }
        return Scan(rows: rows, ids: ids, rowCounts: rowCounts)
    }

    /// Each row's attribute key (its non-time group), or −1 when a filter leaves it out.
    func attributeKeys(_ fact: some FactTable, rows: Range<Int>, filters: [Filter]) -> [Int] {
        var keys = [Int](repeating: 0, count: rows.count)
        let low = rows.lowerBound
        for (attribute, stride) in zip(layout.attributes, layout.strides) {
            guard let codes = fact.column(attribute) else { continue }
            codes.withUnsafeBufferPointer { codes in
                keys.withUnsafeMutableBufferPointer { keys in
                    for index in 0..<keys.count { keys[index] += Int(codes[low + index]) * stride }
                }
            }
        }
        for filter in attributeFilters(filters) {
            guard let codes = fact.column(filter.attribute) else { continue }
            filter.passes.withUnsafeBufferPointer { passes in
                codes.withUnsafeBufferPointer { codes in
                    keys.withUnsafeMutableBufferPointer { keys in
                        for index in 0..<keys.count where !passes[Int(codes[low + index])] { keys[index] = -1 }
                    }
                }
            }
        }
        return keys
    }

    /// Attribute keys over a whole unsorted fact, computed once per filter set.
    func attributeKeys(_ fact: some FactTable, named name: String, filters: [Filter]) -> [Int] {
        let cacheKey = ScanKey(fact: name, filters: filters)
        if let cached = attributeKeyCache[cacheKey] { return cached }
        let keys = attributeKeys(fact, rows: 0..<fact.count, filters: filters)
        attributeKeyCache[cacheKey] = keys
        return keys
    }

    /// Filters on attributes as code masks; several filters on one attribute all apply.
    func attributeFilters(_ filters: [Filter]) -> [AttributeFilter] {
        filters.compactMap { filter in
            guard let attribute = Attribute(rawValue: filter.field) else { return nil }
            let values = Set(filter.values.map(\.description))
            let negated = filter.op == .notEqual || filter.op == .notIn
            return AttributeFilter(
                attribute: attribute, passes: columns.mask(attribute, matching: values, negated: negated))
        }
    }

    /// The positions of sorted `dates` from `first` through `last`.
    func dateRange(_ dates: Vector<Int32>, from first: Day, through last: Day) -> Range<Int> {
        guard first <= last else { return 0..<0 }
        let low = dates.firstPosition(notBelow: first.number)
        let high = dates.firstPosition(notBelow: last.number + 1)
        return low..<max(low, high)
    }

    // MARK: - Kernels

    /// Σ values per group over a scan; NaN values are skipped when `skippingNaN`.
    func sums(_ values: Vector<Double>, over scan: Scan, skippingNaN: Bool = false) -> (sums: [Double], counts: [Int32]) {
        var sums = [Double](repeating: 0, count: space.count)
        var counts = [Int32](repeating: 0, count: space.count)
        let low = scan.rows.lowerBound
        values.withUnsafeBufferPointer { values in
            scan.ids.withUnsafeBufferPointer { ids in
                sums.withUnsafeMutableBufferPointer { sums in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for index in 0..<ids.count {
                            let id = Int(ids[index])
                            guard id >= 0 else { continue }
                            let value = values[low + index]
                            if skippingNaN && value.isNaN { continue }
                            sums[id] += value
                            counts[id] += 1
                        }
                    }
                }
            }
        }
        return (sums, counts)
    }

    /// Distinct `elements` per group over the rows of a scan that `include` admits; code 0 is
    /// skipped when it means "no value" (customers, reps), kept when it is an element (orders).
    func distinctCounts(
        _ elements: Vector<Int32>, over scan: Scan, zeroIsNull: Bool, include: ((Int) -> Bool)? = nil
    ) -> [Int32] {
        var counts = [Int32](repeating: 0, count: space.count)
        let low = scan.rows.lowerBound
        // The elements of a period lie in a narrow range (orders are numbered in date order), so
        // the set only spans that range.
        var minimum = Int32.max
        var maximum = Int32.min
        for index in scan.ids.indices where scan.ids[index] >= 0 {
            let element = elements[low + index]
            minimum = min(minimum, element)
            maximum = max(maximum, element)
        }
        guard minimum <= maximum else { return counts }
        let width = Int(maximum) - Int(minimum) + 1
        let seen = KeySet(keySpace: space.count * width, expected: scan.ids.count)
        elements.withUnsafeBufferPointer { elements in
            scan.ids.withUnsafeBufferPointer { ids in
                counts.withUnsafeMutableBufferPointer { counts in
                    for index in 0..<ids.count {
                        let id = Int(ids[index])
                        let element = elements[low + index]
                        guard id >= 0, element != 0 || !zeroIsNull else { continue }
                        if let include, !include(low + index) { continue }
                        if seen.insert(id * width + Int(element - minimum)) { counts[id] += 1 }
                    }
                }
            }
        }
        return counts
    }

    /// A column with `value(id)` for every group the scan reaches.
    func column(over scan: Scan, empty: Double, _ value: (Int) -> Double) -> MetricColumn {
        var column = MetricColumn(count: space.count, empty: empty)
        for (id, rows) in scan.rowCounts.enumerated() where rows > 0 {
            column.set(id, value(id))
        }
        return column
    }
}

/// What a scan is of: a fact table and the filters on it. (A key spelled by interpolating the
/// filters went through reflection, a millisecond and a half of a one-shot answer.)
struct ScanKey: Hashable {
    let fact: String
    let filters: [Filter]
}
