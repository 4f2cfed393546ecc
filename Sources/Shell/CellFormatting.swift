import Engine
import Foundation
import Model

/// Numbers for people, by the unit of their column: money as 12.3万 / 1.05亿 under zh and with
/// thousands separators under en, rates as percent, changes with a sign.
struct CellFormatter {
    let lang: Lang

    enum Kind {
        case text, money, count, rate, days, score
        /// `_change`: a relative change, or a difference in points for rates.
        case relativeChange, pointChange
    }

    /// The kind of a column from its id (`revenue`, `revenue_prev`, `win_rate_change`, `region`).
    static func kind(of column: String, definedMetrics: Set<String> = []) -> Kind {
        var id = column
        var change = false
        // A second comparison's columns end in 2 (revenue_prev2, revenue_change2).
        if id.hasSuffix("_change2") || id.hasSuffix("_prev2") { id.removeLast() }
        if id.hasSuffix("_change") {
            id = String(id.dropLast("_change".count))
            change = true
        } else if id.hasSuffix("_prev") {
            id = String(id.dropLast("_prev".count))
        }
        let unit = Catalog.metric(id)?.unit
        if change { return unit == .rate ? .pointChange : .relativeChange }
        switch unit {
        case .money?: return .money
        case .count?: return .count
        case .rate?: return .rate
        case .days?: return .days
        case .score?: return .score
        case nil:
            if ["low", "high", "low80", "high80", "gap"].contains(column) { return .money }
            if column == "chance" { return .rate }
            if column.hasSuffix("_sample") { return .count }
            if column == "opportunities" { return .count }
            if ["conversion", "backtest_error"].contains(column) { return .rate }
            return definedMetrics.contains(id) ? .count : .text
        }
    }

    func format(_ cell: Cell, as kind: Kind) -> String {
        switch cell {
        case .null: return "—"
        case .text(let text): return text
        case .number(let value):
            switch kind {
            case .text, .count: return grouped(value, decimals: value == value.rounded() ? 0 : 2)
            case .money: return money(value)
            case .rate: return grouped(value * 100, decimals: 1) + "%"
            case .days: return grouped(value, decimals: 1) + (lang == .zh ? " 天" : " d")
            case .score: return grouped(value, decimals: 2)
            case .relativeChange: return signed(value * 100, decimals: 1) + "%"
            case .pointChange: return signed(value * 100, decimals: 1) + (lang == .zh ? " 个百分点" : " pp")
            }
        }
    }

    private func money(_ value: Double) -> String {
        guard lang == .zh else { return grouped(value, decimals: abs(value) >= 1000 ? 0 : 2) }
        let magnitude = abs(value)
        if magnitude >= 1e8 { return grouped(value / 1e8, decimals: 2) + "亿" }
        if magnitude >= 1e4 { return grouped(value / 1e4, decimals: magnitude >= 1e6 ? 0 : 1) + "万" }
        return grouped(value, decimals: 0)
    }

    private func signed(_ value: Double, decimals: Int) -> String {
        (value > 0 ? "+" : "") + grouped(value, decimals: decimals)
    }
}
