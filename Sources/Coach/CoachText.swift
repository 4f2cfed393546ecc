import Engine
import Foundation
import Model
import Render

/// Numbers, periods and answers as the coach shows them.
enum CoachText {
    /// A value in its metric's unit, as tables show it (`Figures`).
    static func format(_ value: Double, unit: Catalog.Unit?, lang: Lang = .en) -> String {
        Figures.text(value, unit.map(Column.Kind.init) ?? .number, lang: lang)
    }

    static func percent(_ value: Double) -> String { grouped(value * 100, decimals: 0) + "%" }

    /// A proposed value rounded so that it reads well: money to thousands, counts to whole units.
    static func rounded(_ value: Double, unit: Catalog.Unit?) -> Double {
        switch unit {
        case .money?: return (value / 1000).rounded() * 1000
        case .count?: return value.rounded()
        case .rate?: return (value * 1000).rounded() / 1000
        default: return (value * 100).rounded() / 100
        }
    }

    /// `total` shared out by `shares` (which add to 1) in the unit's round steps, adding up to the
    /// total exactly: each part rounded down to a step, then the steps left over go to the
    /// largest remainders (rounding each part alone made 9,199,000 of a 9,197,000 target).
    ///
    ///     CoachText.apportion(10_000, shares: [0.5, 0.25, 0.25], unit: .money)   // [5000, 3000, 2000]
    static func apportion(_ total: Double, shares: [Double], unit: Catalog.Unit?) -> [Double] {
        let step: Double =
            switch unit {
            case .money?: 1000
            case .count?: 1
            default: 0.01
            }
        let exact = shares.map { total * $0 / step }
        var parts = exact.map { $0.rounded(.down) }
        var left = Int(((total / step) - parts.reduce(0, +)).rounded())
        for index in exact.indices.sorted(by: { exact[$0] - parts[$0] > exact[$1] - parts[$1] }) where left > 0 {
            parts[index] += 1
            left -= 1
        }
        var values = parts.map { $0 * step }
        // A total that is not a whole number of steps keeps its odd part on the largest share.
        if let largest = shares.indices.max(by: { shares[$0] < shares[$1] }) {
            values[largest] += total - values.reduce(0, +)
        }
        return values
    }

    /// A metric's name in the language, with its one-line definition.
    static func explain(_ metric: String, lang: Lang) -> String {
        guard let entry = Catalog.metric(metric) else { return metric }
        let name = lang == .zh ? entry.zh : entry.en
        return "\(name) (\(metric)) — \(entry.definition(lang))"
    }

    static func name(_ metric: String, lang: Lang) -> String {
        guard let entry = Catalog.metric(metric) else { return metric }
        return lang == .zh ? entry.zh : entry.en
    }

    /// An answer as a table, at most `limit` rows, as the one renderer writes it.
    static func table(_ answer: Answer, lang: Lang, limit: Int = 12) -> String {
        Renderer(lang: lang).plainTable(answer, limit: limit)
    }
}

/// The periods the coach offers, worked out from the as-of date.
enum CoachPeriods {
    static func month(_ start: Day) -> Period {
        Period(start: start, end: start.lastOfMonth, label: String(format: "%04d-%02d", start.year, start.month))
    }

    static func quarter(containing day: Day) -> Period {
        let firstMonth = (day.month - 1) / 3 * 3 + 1
        let start = Day(year: day.year, month: firstMonth, day: 1)
        return Period(
            start: start, end: start.firstOfMonth(adding: 3) - 1, label: "\(day.year)-Q\((firstMonth - 1) / 3 + 1)")
    }

    static func nextMonth(_ asOf: Day) -> Period { month(asOf.firstOfMonth(adding: 1)) }
    static func lastMonth(_ asOf: Day) -> Period { month(asOf.firstOfMonth(adding: -1)) }
    static func nextQuarter(_ asOf: Day) -> Period { quarter(containing: quarter(containing: asOf).end + 1) }
    static func lastQuarter(_ asOf: Day) -> Period { quarter(containing: quarter(containing: asOf).start - 1) }

    /// A period from its label (`2026-12`, `2027-Q1`).
    static func parse(_ label: String) -> Period? {
        let parts = label.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]) else { return nil }
        if parts[1].hasPrefix("Q"), let q = Int(parts[1].dropFirst()), (1...4).contains(q) {
            return quarter(containing: Day(year: year, month: (q - 1) * 3 + 1, day: 1))
        }
        guard let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return self.month(Day(year: year, month: month, day: 1))
    }
}
