import Engine
import Foundation
import Model

/// Numbers inside recommendations, notes and titles, in both languages, through the one
/// formatter tables use (`Figures`): a figure in the advice reads as it does in the table above it.
enum Numbers {
    static func money(_ value: Double) -> Localized { Figures.localized(value, .money) }

    /// 0.312 → 31.2%; fewer places where a share is only a rough guide.
    static func percent(_ fraction: Double, decimals: Int = 1) -> Localized {
        if decimals == 1 { return Figures.localized(fraction, .rate) }
        let text = grouped(fraction * 100, decimals: decimals) + "%"
        return Localized(zh: text, en: text)
    }

    /// A relative change with its sign: 0.084 → +8.4%.
    static func change(_ fraction: Double) -> Localized { Figures.localized(fraction, .change) }

    /// A count or score: whole numbers without decimals, else `decimals` places.
    static func plain(_ value: Double, decimals: Int = 1) -> Localized {
        let text = grouped(value, decimals: value == value.rounded() ? 0 : decimals)
        return Localized(zh: text, en: text)
    }

    /// A value in its metric's unit (money, rate, count, score, days), as its table column shows it.
    static func value(_ value: Double, unit: Catalog.Unit?) -> Localized {
        Figures.localized(value, unit.map(Column.Kind.init) ?? .number)
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
