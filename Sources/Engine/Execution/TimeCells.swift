import Model

/// A period cut by the plan's time dimensions into cells: the spans over which every time
/// bucket stays the same. With `by month` a cell is a month clipped to the period; with no time
/// dimension the whole period is one cell. Each cell is its own period P for the metrics
/// (retention's previous period, the pipeline at P's end, targets overlapping P).
///
///     TimeCells(period: 2026-10-15..2026-12-10, grains: [.month])
///     // cells 2026-10-15..10-31, 2026-11-01..11-30, 2026-12-01..12-10; bucket labels 2026-10, 2026-11, 2026-12
struct TimeCells {
    struct Cell {
        var start: Day
        var end: Day
        /// The cell's bucket index in each time dimension.
        var buckets: [Int]
        /// The composite of `buckets` (mixed radix over `TimeLayout.counts`).
        var timeKey: Int
    }

    let start: Day
    let end: Day
    private(set) var cells: [Cell]
    /// Bucket labels per time dimension (`2026-10`, `2026-W43`).
    let labels: [[String]]
    /// For each day of the period, its cell.
    let cellOfDay: [Int32]

    /// A period with no day in it (its start after its end): no cells.
    var isEmpty: Bool { cells.isEmpty }

    init(start: Day, end: Day, grains: [TimeGrain]) {
        self.start = start
        self.end = end
        guard start <= end else {
            cells = []
            labels = grains.map { _ in [] }
            cellOfDay = []
            return
        }
        var cells: [Cell] = []
        var labels = grains.map { _ in [String]() }
        var cellOfDay = [Int32](repeating: 0, count: end - start + 1)
        var current = grains.map { _ in -1 }
        var bucketStarts = grains.map { _ in Day(number: .min) }
        var day = start
        while day <= end {
            var changed = cells.isEmpty
            for (index, grain) in grains.enumerated() {
                let bucketStart = grain.start(of: day)
                if bucketStart != bucketStarts[index] {
                    bucketStarts[index] = bucketStart
                    current[index] += 1
                    labels[index].append(grain.label(of: day))
                    changed = true
                }
            }
            if changed {
                if !cells.isEmpty { cells[cells.count - 1].end = day - 1 }
                cells.append(Cell(start: day, end: end, buckets: current, timeKey: 0))
            }
            cellOfDay[day - start] = Int32(cells.count - 1)
            day = day + 1
        }
        self.cells = cells
        self.labels = labels
        self.cellOfDay = cellOfDay
    }

    /// Sets each cell's time key for a layout whose time dimensions have `counts` buckets (in a
    /// comparison, the larger of the two periods' counts, so that buckets align by position).
    mutating func setKeys(counts: [Int]) {
        for index in cells.indices {
            cells[index].timeKey = zip(cells[index].buckets, counts).reduce(0) { key, pair in key * pair.1 + pair.0 }
        }
    }

    /// The number of buckets of each time dimension.
    var bucketCounts: [Int] { labels.map(\.count) }

    /// The cell holding `day`, nil outside the period.
    func cell(of day: Int32) -> Int? {
        let offset = Int(day) - Int(start.number)
        guard offset >= 0 && offset < cellOfDay.count else { return nil }
        return Int(cellOfDay[offset])
    }
}
