/// Numbers for people, by the kind of their column, with one rounding rule (half away from zero,
/// `grouped`): money as 12.3万 / 1.05亿 in Chinese and with thousands separators in English,
/// rates as percent, changes with a sign, days and scores with their decimals. Tables, charts,
/// recommendations, notes, the coach and exports all print numbers through here, so a figure
/// reads the same wherever it appears.
///
///     Figures.text(18_677_354.49, .money, lang: .zh)   // "1,868万"
///     Figures.text(0.3125, .rate, lang: .en)           // "31.3%"
public enum Figures {
    /// The largest sales figure kpish takes (10^15, beyond any company's revenue): larger
    /// amounts, targets and constants are refused where they come in, so that every sum of
    /// them stays exact to the cent and finite.
    public static let largest = 1e15

    public static func text(_ value: Double, _ kind: Column.Kind, lang: Lang) -> String {
        guard value.isFinite else { return "—" }
        switch kind {
        case .money: return money(value, lang: lang)
        case .rate: return grouped(value * 100, decimals: 1) + "%"
        case .change: return signed(value * 100, decimals: 1) + "%"
        case .points: return signed(value * 100, decimals: 1) + (lang == .zh ? " 个百分点" : " pp")
        case .score: return grouped(value, decimals: 2)
        case .days: return grouped(value, decimals: 1) + (lang == .zh ? " 天" : " days")
        case .number: return grouped(value, decimals: value == value.rounded() ? 0 : 2)
        case .count, .label, .time: return grouped(value, decimals: value == value.rounded() ? 0 : 1)
        }
    }

    /// Both languages at once, for texts that are made before the session's language is known.
    public static func localized(_ value: Double, _ kind: Column.Kind) -> Localized {
        Localized(zh: text(value, kind, lang: .zh), en: text(value, kind, lang: .en))
    }

    /// Money: 万 from ten thousand (whole 万 from a million) and 亿 from a hundred million in
    /// Chinese, without zeros after the point that say nothing (30万, 1.5亿); whole units from a
    /// thousand in English.
    private static func money(_ value: Double, lang: Lang) -> String {
        let magnitude = abs(value)
        guard lang == .zh else { return grouped(value, decimals: magnitude >= 1000 ? 0 : 2) }
        if magnitude >= 1e8 { return trimmed(grouped(value / 1e8, decimals: 2)) + "亿" }
        if magnitude >= 1e4 { return trimmed(grouped(value / 1e4, decimals: magnitude >= 1e6 ? 0 : 1)) + "万" }
        return grouped(value, decimals: 0)
    }

    private static func signed(_ value: Double, decimals: Int) -> String {
        let text = grouped(value, decimals: decimals)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }

    /// 30.0 → 30, 1.50 → 1.5.
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
