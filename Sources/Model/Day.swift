/// A calendar day, stored as the number of days since 1970-01-01.
///
///     let day = Day(year: 2026, month: 11, day: 22)
///     day.iso          // "2026-11-22"
///     day.weekday      // 7 (Sunday; Monday is 1)
///
/// Dates in kpish are civil dates without a time zone, so plain integer arithmetic
/// (`day + 7`, `end - start`) is exact.
public struct Day: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var number: Int32

    public init(number: Int32) { self.number = number }

    /// The day of a civil date; the date must be valid (see `init?(iso:)` for untrusted text).
    public init(year: Int, month: Int, day: Int) {
        // Howard Hinnant's days_from_civil, exact over the proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// Parses `YYYY-MM-DD`; nil when the text is not a valid date.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            Day.isValid(year: year, month: month, day: day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day of this date.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(number) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }

    /// ISO weekday: Monday is 1, Sunday is 7.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let offset = (Int(number) % 7 + 7) % 7
        return (offset + 3) % 7 + 1
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = components
        return "\(Day.yearText(y))-\(Day.twoDigits(m))-\(Day.twoDigits(d))"
    }

    public var description: String { iso }

    /// The first day of this day's month.
    public var firstOfMonth: Day {
        let (y, m, _) = components
        return Day(year: y, month: m, day: 1)
    }

    /// The last day of this day's month.
    public var lastOfMonth: Day {
        let (y, m, _) = components
        return Day(year: y, month: m, day: Day.daysIn(year: y, month: m))
    }

    /// The first day of the month `count` months after this day's month (before it when negative).
    public func firstOfMonth(adding count: Int) -> Day {
        let (y, m, _) = components
        let index = y * 12 + (m - 1) + count
        return Day(year: index.floorDivided(by: 12), month: index.floorModulo(12) + 1, day: 1)
    }

    public static func + (day: Day, count: Int) -> Day { Day(number: day.number + Int32(count)) }
    public static func - (day: Day, count: Int) -> Day { Day(number: day.number - Int32(count)) }
    /// Days from `other` to `day`.
    public static func - (day: Day, other: Day) -> Int { Int(day.number - other.number) }
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }

    public static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...9999).contains(year) && (1...12).contains(month)
            && (1...daysIn(year: year, month: month)).contains(day)
    }

    // Codable as the ISO text, the form every kpish file and JSON uses.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// A year as four digits (0024, 2026), as ISO 8601 writes it.
    public static func yearText(_ year: Int) -> String {
        let digits = String(year)
        return digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension Int {
    /// Division rounding toward negative infinity.
    public func floorDivided(by divisor: Int) -> Int {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }

    /// The remainder that matches `floorDivided(by:)`, always in 0..<divisor for a positive divisor.
    public func floorModulo(_ divisor: Int) -> Int { self - floorDivided(by: divisor) * divisor }
}
