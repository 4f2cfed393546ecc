import Engine
import Foundation
import Model

/// Numbers inside recommendations, notes and titles, in both languages: money as 12.3万 /
/// 1.05亿 in Chinese and with thousands separators in English, rates as percent.
enum Numbers {
    static func money(_ value: Double) -> Localized {
        let magnitude = abs(value)
        let zh: String
        if magnitude >= 1e8 {
            zh = grouped(value / 1e8, decimals: 2) + "亿"
        } else if magnitude >= 1e4 {
            zh = grouped(value / 1e4, decimals: magnitude >= 1e6 ? 0 : 1) + "万"
        } else {
            zh = grouped(value, decimals: 0)
        }
        return Localized(zh: trimmed(zh), en: trimmed(grouped(value, decimals: magnitude >= 1000 ? 0 : 2)))
    }

    /// Without zeros after the point that say nothing in prose: 30.0万 → 30万, 1.50亿 → 1.5亿.
    private static func trimmed(_ text: String) -> String {
        guard let point = text.firstIndex(of: ".") else { return text }
        // ASCII digits only: 万 and 亿 are numbers to Unicode.
        let unit = text[text.index(after: point)...].drop { $0.isASCII && $0.isNumber }
        var number = String(text[..<text.index(text.endIndex, offsetBy: -unit.count)])
        while number.hasSuffix("0") { number.removeLast() }
        if number.hasSuffix(".") { number.removeLast() }
        return number + unit
    }

    /// 0.312 → 31.2%.
    static func percent(_ fraction: Double, decimals: Int = 1) -> Localized {
        let text = grouped(fraction * 100, decimals: decimals) + "%"
        return Localized(zh: text, en: text)
    }

    /// A relative change with its sign: 0.084 → +8.4%.
    static func change(_ fraction: Double) -> Localized {
        let text = (fraction > 0 ? "+" : "") + grouped(fraction * 100, decimals: 1) + "%"
        return Localized(zh: text, en: text)
    }

    /// A count or score: whole numbers without decimals, else `decimals` places.
    static func plain(_ value: Double, decimals: Int = 1) -> Localized {
        let text = grouped(value, decimals: value == value.rounded() ? 0 : decimals)
        return Localized(zh: text, en: text)
    }

    /// A value in its metric's unit (money, rate, count, score, days).
    static func value(_ value: Double, unit: Catalog.Unit?) -> Localized {
        switch unit {
        case .money?: return money(value)
        case .rate?: return percent(value)
        case .score?: return plain(value, decimals: 2)
        case .days?:
            let days = grouped(value, decimals: 1)
            return Localized(zh: days + " 天", en: days + " days")
        default: return plain(value)
        }
    }

    /// Thousands separators and a fixed number of decimals: 1234567.8 → 1,234,567.8. Not
    /// Model's `grouped`: printf's rounding takes a tie to even (31.25 → 31.2) where tables round
    /// half away from zero, and recommendations quote the printf figures.
    static func grouped(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        var digits = Array(parts[0])
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        let sign = value < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

extension Localized {
    /// Joins texts: "、" in Chinese, ", " in English.
    static func list(_ items: [Localized]) -> Localized {
        Localized(zh: items.map(\.zh).joined(separator: "、"), en: items.map(\.en).joined(separator: ", "))
    }

    /// Concatenation, both languages at once.
    static func + (left: Localized, right: Localized) -> Localized {
        Localized(zh: left.zh + right.zh, en: left.en + right.en)
    }
}
