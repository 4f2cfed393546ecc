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
