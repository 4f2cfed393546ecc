import Model

/// How much selling happens on a day, relative to an ordinary weekday: the seasons a Chinese
/// B2B sales team sees.
enum SalesCalendar {
    /// Spring Festival (农历正月初一) by Gregorian year, from the published lunar calendar.
    static let springFestival: [Int: (month: Int, day: Int)] = [
        2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22),
        2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13),
        2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
        2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24), 2040: (2, 12),
    ]

    static func springFestivalDay(year: Int) -> Day {
        let (month, day) = springFestival[year] ?? (2, 1)
        return Day(year: year, month: month, day: day)
    }

    /// Month factors before the holiday effects: a quiet October (National Day week), the 618
    /// (June) and 双11 (November) peaks, a slow July–August.
    private static let monthFactor: [Double] = [
        1.00, 0.95, 1.05, 0.95, 1.00, 1.30, 0.90, 0.88, 1.05, 0.90, 1.45, 1.10,
    ]

    /// The relative sales weight of a day.
    static func weight(of day: Day) -> Double {
        let (year, month, dayOfMonth) = day.components
        var weight = monthFactor[month - 1]
        // Business customers buy on working days.
        if day.weekday >= 6 { weight *= 0.35 }
        // Spring Festival: the whole month is slow and the holiday itself nearly stops sales.
        let festival = springFestivalDay(year: year)
        if festival.month == month {
            weight *= 0.62
            if (-2...6).contains(day - festival) { weight *= 0.3 }
        }
        // Quarter-end push: the last ten days of March, June, September and December.
        if month % 3 == 0 && dayOfMonth > Day.daysIn(year: year, month: month) - 10 { weight *= 1.35 }
        // 618 and 双11 promotions peak before the day itself.
        if month == 6 && dayOfMonth <= 18 { weight *= 1.15 }
        if month == 11 && dayOfMonth <= 11 { weight *= 1.3 }
        return weight
    }
}
