extension PeriodSpec {
    /// Reads a period written in the query language's forms, leniently (one-digit months,
    /// month names): what the natural-question time words expand to.
    ///
    ///     PeriodSpec(text: "last 3 months")   // .lastN(3, .month)
    ///     PeriodSpec(text: "2026-3")          // .month(year: 2026, month: 3)
    public init?(text: String) {
        let words = text.lowercased().split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        switch words.count {
        case 1:
            if let spec = PeriodSpec.literal(first) { self = spec; return }
            switch first {
            case "ytd": self = .yearToDate
            default:
                if first.hasSuffix("月"), let month = Int(first.dropLast()) { self = .monthName(month); return }
                guard let month = PeriodSpec.monthNumber(first) else { return nil }
                self = .monthName(month)
            }
        case 2:
            guard let unit = PeriodSpec.unit(words[1]) else {
                if words == ["first", "half"] { self = .half(year: nil, half: 1); return }
                if words == ["second", "half"] { self = .half(year: nil, half: 2); return }
                return nil
            }
            switch first {
            case "this": self = .this(unit)
            case "last": self = .last(unit)
            case "next": self = .next(1, unit)
            default: return nil
            }
        case 3:
            guard let count = Int(words[1]), count >= 1, let unit = PeriodSpec.unit(words[2]) else { return nil }
            switch first {
            case "last": self = .lastN(count, unit)
            case "next": self = .next(count, unit)
            default: return nil
            }
        default:
            guard words == ["same", "period", "last", "year"] else { return nil }
            self = .samePeriodLastYear
        }
    }

    private static func unit(_ word: String) -> CalendarUnit? {
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        return CalendarUnit(rawValue: singular)
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    public static func monthNumber(_ word: String) -> Int? {
        let word = word.hasSuffix(".") ? String(word.dropLast()) : word
        guard word.count >= 3 else { return nil }
        return monthNames.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }

    /// 2026, 2026-3, 2026-03, 2026-q3, 2026-w5, 2026-h1, 2026-3-5, 2026-oct, a..b.
    private static func literal(_ text: String) -> PeriodSpec? {
        let ends = text.split(separator: ".", omittingEmptySubsequences: true)
        if text.contains(".."), ends.count == 2 {
            guard case .day(let first)? = literal(String(ends[0])), case .day(let last)? = literal(String(ends[1])),
                first <= last
            else { return nil }
            return .range(first, last)
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let year = Int(parts[0]), parts[0].count == 4 else { return nil }
        if parts.count == 1 { return .year(year) }
        let second = parts[1]
        if parts.count == 3 {
            guard let month = Int(second), let day = Int(parts[2]), Day.isValid(year: year, month: month, day: day)
            else { return nil }
            return .day(Day(year: year, month: month, day: day))
        }
        guard parts.count == 2, let letter = second.first else { return nil }
        let number = Int(second.dropFirst())
        switch letter {
        case "q": return number.flatMap { (1...4).contains($0) ? .quarter(year: year, quarter: $0) : nil }
        case "w":
            return number.flatMap { Day.isoWeekStart(year: year, week: $0) != nil ? .week(year: year, week: $0) : nil }
        case "h": return number.flatMap { $0 == 1 || $0 == 2 ? .half(year: year, half: $0) : nil }
        default:
            if let month = Int(second), (1...12).contains(month) { return .month(year: year, month: month) }
            return monthNumber(second).map { .month(year: year, month: $0) }
        }
    }
}

/// A period's label in people's words: `last 3 months` is 近 3 个月 in Chinese; English keeps
/// the query language's words, which are English. Labels that are dates (2026-10, 2026-Q3,
/// 2026-W05) read the same in both.
///
///     periodWords("last 3 months", lang: .zh)   // "近 3 个月"
public func periodWords(_ label: String, lang: Lang) -> String {
    guard lang == .zh else {
        switch label {
        case "ytd": return "year to date"
        case "previous": return "the period before"
        default: return label
        }
    }
    let units = ["day": "天", "week": "周", "month": "个月", "quarter": "个季度", "year": "年"]
    let words = label.split(separator: " ").map(String.init)
    func unit(_ word: String) -> String? { units[word.hasSuffix("s") ? String(word.dropLast()) : word] }
    switch label {
    case "this week": return "本周"
    case "this month": return "本月"
    case "this quarter": return "本季度"
    case "this year": return "今年"
    case "last week": return "上周"
    case "last month": return "上月"
    case "last quarter": return "上季度"
    case "last year": return "去年"
    case "next week": return "下周"
    case "next month": return "下月"
    case "next quarter": return "下季度"
    case "next year": return "明年"
    case "ytd": return "今年以来"
    case "first half": return "上半年"
    case "second half": return "下半年"
    case "same period last year": return "去年同期"
    case "previous": return "上期"
    default: break
    }
    if words.count == 3, let count = Int(words[1]), let name = unit(words[2]) {
        if words[0] == "last" { return "近 \(count) \(name)" }
        if words[0] == "next" { return "未来 \(count) \(name)" }
    }
    // 2026-H1 → 2026年上半年.
    if label.count == 7, label.hasSuffix("-H1") || label.hasSuffix("-H2") {
        return label.prefix(4) + "年" + (label.hasSuffix("1") ? "上半年" : "下半年")
    }
    return label
}
