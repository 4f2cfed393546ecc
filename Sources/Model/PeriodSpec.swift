/// A period as written, before it is resolved against the as-of date: every form of METRICS.md.
/// The query language and the natural-question matcher both produce these, so `上个月` and
/// `last month` become the same `Period`.
///
///     PeriodSpec.lastN(3, .month).resolve(asOf: Day(iso: "2026-11-22")!)
///     // 2026-08-01 ... 2026-10-31, label "last 3 months"
public enum PeriodSpec: Equatable, Hashable, Sendable {
    case month(year: Int, month: Int)
    case quarter(year: Int, quarter: Int)
    case year(Int)
    /// ISO week.
    case week(year: Int, week: Int)
    case day(Day)
    case range(Day, Day)
    /// First (1) or second (2) half of a year; nil year means the as-of year.
    case half(year: Int?, half: Int)
    /// From the first day of the current span to the as-of date.
    case this(CalendarUnit)
    /// The previous full span.
    case last(CalendarUnit)
    /// The N full spans before the current one (days: the N days ending at as-of).
    case lastN(Int, CalendarUnit)
    case yearToDate
    /// After the current span (forecasts): the N full months, weeks, quarters or years after
    /// the current one, so `next quarter` on 2026-11-22 is 2027-01 through 2027-03.
    case next(Int, CalendarUnit)
    /// The statement's default period shifted back twelve months.
    case samePeriodLastYear
    /// A month named alone (3月, march): the latest such month not after as-of.
    case monthName(Int)

    /// Whether this names a span after the as-of date (only forecasts and targets take those).
    public var isFuture: Bool {
        switch self {
        case .next: return true
        default: return false
        }
    }

    /// The canonical text of the period in the query language.
    public var label: String {
        switch self {
        case .month(let year, let month): return "\(Day.yearText(year))-\(twoDigits(month))"
        case .quarter(let year, let quarter): return "\(Day.yearText(year))-Q\(quarter)"
        case .year(let year): return Day.yearText(year)
        case .week(let year, let week): return "\(Day.yearText(year))-W\(twoDigits(week))"
        case .day(let day): return day.iso
        case .range(let first, let last): return "\(first.iso)..\(last.iso)"
        case .half(nil, let half): return half == 1 ? "first half" : "second half"
        case .half(let year?, let half): return "\(Day.yearText(year))-H\(half)"
        case .this(let unit): return "this \(unit.rawValue)"
        case .last(let unit): return "last \(unit.rawValue)"
        case .lastN(let count, let unit):
            if count == 1 && unit != .day { return "last \(unit.rawValue)" }
            return "last \(count) \(unit.plural)"
        case .yearToDate: return "ytd"
        case .next(let count, let unit):
            return count == 1 ? "next \(unit.rawValue)" : "next \(count) \(unit.plural)"
        case .samePeriodLastYear: return "same period last year"
        case .monthName(let month): return "month \(month)"
        }
    }

    /// The span this names on `asOf`, clipped at as-of unless it is a future form or `clip` is
    /// false (targets may be set ahead). Nil when the text names no real span (2026-13,
    /// week 54, a range that ends before it starts).
    public func resolve(asOf: Day, clip: Bool = true) -> Period? {
        guard var (start, end) = span(asOf: asOf) else { return nil }
        guard start <= end, Self.years.contains(start.year), Self.years.contains(end.year) else { return nil }
        if clip && !isFuture && end > asOf { end = asOf }
        // A month named alone resolves to an absolute month, which is its canonical label.
        if case .monthName = self { return Period(start: start, end: end, label: String(start.iso.prefix(7))) }
        return Period(start: start, end: end, label: label)
    }

    /// The years a period may touch: a sales history and its targets lie well inside them, and
    /// date arithmetic on them cannot overflow.
    public static let years = 1900...2200

    /// The most spans a forecast reaches ahead: five years of months (`next N quarters` and
    /// years count in months too, weeks in weeks).
    public static let forecastMonths = 60
    public static let forecastWeeks = 260

    /// How far `vs previous` steps back from this period: a month → a month, N days → N days.
    public var step: PeriodStep {
        switch self {
        case .month, .monthName: return .months(1)
        case .quarter: return .months(3)
        case .year, .yearToDate: return .months(12)
        case .half: return .months(6)
        case .week: return .days(7)
        case .day: return .days(1)
        case .range(let first, let last): return .days(last - first + 1)
        case .this(let unit), .last(let unit): return unit.step(1)
        case .lastN(let count, let unit), .next(let count, let unit): return unit.step(count)
        case .samePeriodLastYear: return .months(12)
        }
    }

    private func span(asOf: Day) -> (Day, Day)? {
        let (year, month, _) = asOf.components
        switch self {
        case .month(let y, let m):
            guard Day.isValid(year: y, month: m, day: 1) else { return nil }
            let first = Day(year: y, month: m, day: 1)
            return (first, first.lastOfMonth)
        case .quarter(let y, let q):
            guard (1...4).contains(q), Day.isValid(year: y, month: 1, day: 1) else { return nil }
            let first = Day(year: y, month: (q - 1) * 3 + 1, day: 1)
            return (first, first.firstOfMonth(adding: 3) - 1)
        case .year(let y):
            guard Day.isValid(year: y, month: 1, day: 1) else { return nil }
            return (Day(year: y, month: 1, day: 1), Day(year: y, month: 12, day: 31))
        case .week(let y, let w):
            guard let monday = Day.isoWeekStart(year: y, week: w) else { return nil }
            return (monday, monday + 6)
        case .day(let day):
            return (day, day)
        case .range(let first, let last):
            return (first, last)
        case .half(let y, let half):
            guard half == 1 || half == 2 else { return nil }
            let first = Day(year: y ?? year, month: half == 1 ? 1 : 7, day: 1)
            return (first, first.firstOfMonth(adding: 6) - 1)
        case .this(let unit):
            return (unit.start(of: asOf), asOf)
        case .last(let unit):
            return PeriodSpec.lastN(1, unit).span(asOf: asOf)
        case .lastN(let count, let unit):
            guard count >= 1, count <= unit.longestCount else { return nil }
            if unit == .day { return (asOf - (count - 1), asOf) }
            let current = unit.start(of: asOf)
            return (unit.advance(current, by: -count), current - 1)
        case .yearToDate:
            return (Day(year: year, month: 1, day: 1), asOf)
        case .next(let count, let unit):
            guard count >= 1, count <= unit.longestAhead else { return nil }
            switch unit {
            case .day: return (asOf + 1, asOf + count)
            case .week, .month:
                let following = unit.advance(unit.start(of: asOf), by: 1)
                return (following, unit.advance(following, by: count) - 1)
            case .quarter, .year:
                // METRICS.md: next quarter is the calendar quarter after A's (a forecast steps
                // through the months before it to get there).
                let following = unit.advance(unit.start(of: asOf), by: 1)
                return (following, unit.advance(following, by: count) - 1)
            }
        case .samePeriodLastYear:
            return nil  // needs the statement's default period; see `shifted(back:)`
        case .monthName(let m):
            guard (1...12).contains(m) else { return nil }
            let first = Day(year: m <= month ? year : year - 1, month: m, day: 1)
            return (first, first.lastOfMonth)
        }
    }

    private func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Calendar spans a period is counted in; weeks start on Monday, quarters are calendar quarters.
public enum CalendarUnit: String, Codable, Sendable, CaseIterable {
    case day, week, month, quarter, year

    public var plural: String { rawValue + "s" }

    /// The most spans `last N` and `next N` may count: 100,000 days (time cells stay within
    /// 100k), or about three centuries of the longer units.
    public var longestCount: Int {
        switch self {
        case .day: 100_000
        case .week: 15_000
        case .month: 3_600
        case .quarter: 1_200
        case .year: 300
        }
    }

    /// The most spans `next N` may count (forecasts and targets): five years ahead.
    public var longestAhead: Int {
        switch self {
        case .day: 1_830
        case .week: PeriodSpec.forecastWeeks
        case .month: PeriodSpec.forecastMonths
        case .quarter: PeriodSpec.forecastMonths / 3
        case .year: PeriodSpec.forecastMonths / 12
        }
    }

    /// The first day of the span containing `day`.
    public func start(of day: Day) -> Day {
        TimeGrain(rawValue: rawValue)!.start(of: day)
    }

    /// The first day of the span `count` spans after the one starting at `start`.
    public func advance(_ start: Day, by count: Int) -> Day {
        switch self {
        case .day: return start + count
        case .week: return start + 7 * count
        case .month: return start.firstOfMonth(adding: count)
        case .quarter: return start.firstOfMonth(adding: 3 * count)
        case .year: return start.firstOfMonth(adding: 12 * count)
        }
    }

    func step(_ count: Int) -> PeriodStep {
        switch self {
        case .day: return .days(count)
        case .week: return .days(7 * count)
        case .month: return .months(count)
        case .quarter: return .months(3 * count)
        case .year: return .months(12 * count)
        }
    }
}

/// A step back in time for comparisons.
public enum PeriodStep: Equatable, Sendable {
    case days(Int)
    case months(Int)
}

extension Period {
    /// The same span `step` earlier, with a new label. Month steps keep the day of the month
    /// (clamped to the shorter month), and a period ending on a month's last day ends on the
    /// shifted month's last day: 2026-11-01..22 → 2026-10-01..22; 2026-08-01..10-31 → 05-01..07-31.
    public func shifted(back step: PeriodStep, label: String) -> Period {
        switch step {
        case .days(let count):
            return Period(start: start - count, end: end - count, label: label)
        case .months(let count):
            let newStart = Period.shift(start, months: -count)
            let newEnd =
                end == end.lastOfMonth
                ? end.firstOfMonth(adding: -count).lastOfMonth : Period.shift(end, months: -count)
            return Period(start: newStart, end: newEnd, label: label)
        }
    }

    private static func shift(_ day: Day, months: Int) -> Day {
        let first = day.firstOfMonth(adding: months)
        let (year, month, _) = first.components
        return Day(year: year, month: month, day: min(day.components.day, Day.daysIn(year: year, month: month)))
    }
}
