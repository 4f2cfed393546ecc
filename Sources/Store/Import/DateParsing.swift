import Model

/// How a column's dates were read: the order of day and month, and why.
///
///     file.dateOrder         // .evidence(.dayFirst, line: 26734, value: "13/12/2010 09:02")
///     file.dateOrder.order   // .dayFirst
public enum DateOrderDecision: Equatable, Sendable {
    /// No value has the year last (`2026-01-05`, `2026年1月5日`, Excel serials): nothing to decide.
    case notNeeded
    /// A value only one order can read, such as 13/1/2026 (day first) or 1/13/2026 (month first).
    case evidence(DateOrder, line: Int, value: String)
    /// `--date-order` named it.
    case chosen(DateOrder)
    /// Every value reads both ways (no day above 12): the order was assumed.
    case undecidable(assumed: DateOrder)
    /// Values of both kinds: the order more rows need was taken; the others are rejected.
    case conflicting(DateOrder, agreeing: Int, contradicting: Int, line: Int, value: String)

    /// The order the column was read in, when it mattered.
    public var order: DateOrder? {
        switch self {
        case .notNeeded: nil
        case .evidence(let order, _, _), .chosen(let order), .undecidable(let order): order
        case .conflicting(let order, _, _, _, _): order
        }
    }
}

/// The shape of a written date, for telling a user that one column mixes several.
struct DateForm: Hashable {
    enum Layout: UInt8 { case yearFirst, yearLast, compact, serial, monthName }
    var layout: Layout
    /// `-`, `/`, `.`, `年` or a space.
    var separator: Character
    var twoDigitYear: Bool
    var hasTime: Bool

    func label(_ order: DateOrder?) -> String {
        let s = separator
        let year = twoDigitYear ? "YY" : "YYYY"
        var text: String
        switch layout {
        case .yearFirst: text = s == "年" ? "YYYY年M月D日" : "YYYY\(s)M\(s)D"
        case .compact: text = "YYYYMMDD"
        case .serial: text = "Excel serial"
        case .monthName: text = "D Mon \(year)"
        case .yearLast:
            let (a, b) = order == .dayFirst ? ("D", "M") : order == .monthFirst ? ("M", "D") : ("A", "B")
            text = "\(a)\(s)\(b)\(s)\(year)"
        }
        return hasTime ? text + " hh:mm" : text
    }
}

/// A date as written, before its column's order of day and month is known: `A/B/YEAR` keeps
/// A and B until the whole column has been seen.
struct DateToken {
    enum Kind: UInt8 {
        case empty
        case invalid
        /// Year, month and day are known.
        case known
        /// `A/B/YEAR`: which of A and B is the month depends on the column.
        case yearLast
        /// A number: an Excel serial date if the whole column is numbers.
        case serial
    }

    var kind: Kind
    var formIndex: UInt8 = 0
    /// The month (known) or A (yearLast).
    var first: UInt8 = 0
    /// The day (known) or B (yearLast).
    var second: UInt8 = 0
    /// The year, or the serial's whole days.
    var year: Int32 = 0

    static let empty = DateToken(kind: .empty)
    static let invalid = DateToken(kind: .invalid)
}

/// What went wrong with a date, for the rejects file.
enum DateProblem: Error, Equatable {
    case notADate
    /// A month above 12 or a day past the month's end, under the column's order.
    case impossible
    /// Before 1900 or after 2199.
    case outOfRange
}

/// Dates as sales files write them: ISO, 2026/1/5, 2026.1.5, 2026年1月5日, US m/d/yyyy and
/// m/d/yy, European d/m/yyyy, d-Mon-yyyy, YYYYMMDD and Excel serials, each with or without a time
/// of day (which is dropped: kpish counts days).
///
///     var reader = DateReader()
///     let token = reader.token(bytes("13/1/2026 9:41"))   // yearLast, A = 13, B = 1
///     reader.resolve(token, order: .dayFirst, serials: false)   // .success(2026-01-13)
struct DateReader {
    /// The distinct forms seen, in order; tokens refer to them by index.
    private(set) var forms: [DateForm] = []
    private var formIndices: [DateForm: UInt8] = [:]
    private var scratch: [UInt8] = []

    /// The form indices of `YYYY-MM-DD` without and with a time, once seen (a dictionary lookup
    /// per row showed in profiles).
    private var isoForms: (plain: UInt8?, timed: UInt8?)

    mutating func token(_ bytes: UnsafeBufferPointer<UInt8>) -> DateToken {
        if let fast = Self.isoDate(bytes) {
            var token = fast.token
            if let index = fast.time ? isoForms.timed : isoForms.plain {
                token.formIndex = index
            } else {
                let index = formIndex(
                    DateForm(layout: .yearFirst, separator: "-", twoDigitYear: false, hasTime: fast.time))
                if fast.time { isoForms.timed = index } else { isoForms.plain = index }
                token.formIndex = index
            }
            return token
        }
        Self.simplify(bytes, into: &scratch)
        return scratch.withUnsafeBufferPointer { general($0) }
    }

    /// The day a token stands for, given its column's order and whether the column holds only
    /// numbers (which makes them Excel serials).
    func resolve(_ token: DateToken, order: DateOrder, serials: Bool) -> Result<Day, DateProblem> {
        var year = Int(token.year)
        var month: Int
        var day: Int
        switch token.kind {
        case .empty, .invalid:
            return .failure(.notADate)
        case .serial:
            guard serials else { return .failure(.notADate) }
            // Excel's 1900 system counts from 1899-12-30 for every serial after the 29 February
            // 1900 that Lotus 1-2-3 invented (serial 60). Serials below 10,000 (1927) are taken
            // for plain numbers, not sales dates.
            guard year >= 10_000 else { return .failure(.outOfRange) }
            let result = Day(year: 1899, month: 12, day: 30) + year
            return result.year <= 2199 ? .success(result) : .failure(.outOfRange)
        case .known:
            (month, day) = (Int(token.first), Int(token.second))
        case .yearLast:
            (month, day) =
                order == .monthFirst ? (Int(token.first), Int(token.second)) : (Int(token.second), Int(token.first))
        }
        if forms[Int(token.formIndex)].twoDigitYear { year += year < 70 ? 2000 : 1900 }
        guard (1900...2199).contains(year) else { return .failure(.outOfRange) }
        guard Day.isValid(year: year, month: month, day: day) else { return .failure(.impossible) }
        return .success(Day(year: year, month: month, day: day))
    }

    private mutating func formIndex(_ form: DateForm) -> UInt8 {
        if let index = formIndices[form] { return index }
        let index = UInt8(forms.count)
        forms.append(form)
        formIndices[form] = index
        return index
    }

    // MARK: - Reading

    /// `YYYY-MM-DD`, then nothing or a time: most files, read without copying.
    private static func isoDate(_ bytes: UnsafeBufferPointer<UInt8>) -> (token: DateToken, time: Bool)? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digit(_ index: Int) -> Int? {
            let byte = bytes[index]
            return byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
        }
        guard let y1 = digit(0), let y2 = digit(1), let y3 = digit(2), let y4 = digit(3), let m1 = digit(5),
            let m2 = digit(6), let d1 = digit(8), let d2 = digit(9)
        else { return nil }
        var time = false
        if bytes.count > 10 {
            guard isTime(UnsafeBufferPointer(rebasing: bytes[10...])) else { return nil }
            time = true
        }
        let token = DateToken(
            kind: .known, first: UInt8(m1 * 10 + m2), second: UInt8(d1 * 10 + d2),
            year: Int32(y1 * 1000 + y2 * 100 + y3 * 10 + y4))
        return (token, time)
    }

    // Markers the general reader uses for the Chinese date characters.
    private static let yearMark: UInt8 = 0x01
    private static let monthMark: UInt8 = 0x02
    private static let dayMark: UInt8 = 0x03

    /// Full-width forms to ASCII, 年月日号 to markers, 上午/下午 to am/pm, spaces to one space.
    private static func simplify(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                output.append(byte == 0x09 ? 0x20 : byte)
                index += 1
                continue
            }
            let rest = UnsafeBufferPointer(rebasing: bytes[index...])
            let replacements: [([UInt8], [UInt8])] = [
                ([0xE5, 0xB9, 0xB4], [yearMark]),  // 年
                ([0xE6, 0x9C, 0x88], [monthMark]),  // 月
                ([0xE6, 0x97, 0xA5], [dayMark]),  // 日
                ([0xE5, 0x8F, 0xB7], [dayMark]),  // 号
                ([0xE4, 0xB8, 0x8A, 0xE5, 0x8D, 0x88], [0x20]),  // 上午 (the time of day is dropped anyway)
                ([0xE4, 0xB8, 0x8B, 0xE5, 0x8D, 0x88], [0x20]),  // 下午
                ([0xE3, 0x80, 0x80], [0x20]),  // ideographic space
                ([0xC2, 0xA0], [0x20]),  // no-break space
            ]
            if let (pattern, replacement) = replacements.first(where: { rest.starts(with: $0.0) }) {
                output.append(contentsOf: replacement)
                index += pattern.count
            } else if byte == 0xEF, rest.count >= 3, let ascii = TextValue.fullWidthASCII(rest[1], rest[2]) {
                output.append(ascii)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        while output.last == 0x20 { output.removeLast() }
        while output.first == 0x20 { output.removeFirst() }
    }

    private mutating func general(_ text: UnsafeBufferPointer<UInt8>) -> DateToken {
        guard !text.isEmpty else { return .empty }
        var cursor = Cursor(text: text)
        var token: DateToken
        var form: DateForm
        if let month = cursor.monthName() {
            // "Jan 5, 2026", "January 5 2026"
            cursor.skip(" ")
            guard let day = cursor.number(digits: 1...2) else { return .invalid }
            cursor.skip(",")
            cursor.skip(" ")
            guard let year = cursor.number(digits: 2...4), year.digits != 3 else { return .invalid }
            token = DateToken(kind: .known, first: UInt8(month), second: UInt8(day.value), year: Int32(year.value))
            form = DateForm(layout: .monthName, separator: " ", twoDigitYear: year.digits == 2, hasTime: false)
        } else {
            guard let first = cursor.number(digits: 1...8) else { return .invalid }
            switch first.digits {
            case 8 where cursor.atEnd || cursor.peek == 0x20 || cursor.peek == UInt8(ascii: "T"):
                let value = first.value
                token = DateToken(
                    kind: .known, first: UInt8(value / 100 % 100), second: UInt8(value % 100),
                    year: Int32(value / 10_000))
                form = DateForm(layout: .compact, separator: " ", twoDigitYear: false, hasTime: false)
            case 4:
                guard
                    let separator = cursor.separator([
                        UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."), Self.yearMark,
                    ]),
                    let month = cursor.number(digits: 1...2)
                else { return Self.serialOrInvalid(first, cursor) }
                let second = separator == Self.yearMark ? Self.monthMark : separator
                guard cursor.skip(second), let day = cursor.number(digits: 1...2) else { return .invalid }
                if separator == Self.yearMark { cursor.skip(Self.dayMark) }
                token = DateToken(
                    kind: .known, first: UInt8(month.value), second: UInt8(day.value), year: Int32(first.value))
                form = DateForm(
                    layout: .yearFirst,
                    separator: separator == Self.yearMark ? "年" : Character(Unicode.Scalar(separator)),
                    twoDigitYear: false, hasTime: false)
            case 1...2:
                guard let separator = cursor.separator([UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "."), 0x20])
                else { return Self.serialOrInvalid(first, cursor) }
                if let month = cursor.monthName() {
                    // "5-Jan-2026", "05 Jan 26"
                    guard cursor.skip(separator), let year = cursor.number(digits: 2...4), year.digits != 3 else {
                        return .invalid
                    }
                    token = DateToken(
                        kind: .known, first: UInt8(month), second: UInt8(first.value), year: Int32(year.value))
                    form = DateForm(layout: .monthName, separator: " ", twoDigitYear: year.digits == 2, hasTime: false)
                } else {
                    guard separator != 0x20, let second = cursor.number(digits: 1...2), cursor.skip(separator),
                        let year = cursor.number(digits: 2...4), year.digits != 3
                    else { return .invalid }
                    token = DateToken(
                        kind: .yearLast, first: UInt8(first.value), second: UInt8(second.value), year: Int32(year.value)
                    )
                    form = DateForm(
                        layout: .yearLast, separator: Character(Unicode.Scalar(separator)),
                        twoDigitYear: year.digits == 2,
                        hasTime: false)
                }
            default:
                return Self.serialOrInvalid(first, cursor)
            }
        }
        let rest = cursor.rest
        if !rest.isEmpty {
            guard Self.isTime(rest) else { return .invalid }
            form.hasTime = true
        }
        token.formIndex = formIndex(form)
        return token
    }

    /// A whole number of days, with or without a fraction of a day (Excel's time of day).
    private static func serialOrInvalid(_ number: (value: Int, digits: Int), _ cursor: Cursor) -> DateToken {
        var cursor = cursor
        if cursor.skip(UInt8(ascii: ".")) { _ = cursor.number(digits: 1...15) }
        guard cursor.atEnd, number.digits <= 6 else { return .invalid }
        return DateToken(kind: .serial, year: Int32(number.value))
    }

    /// After the date: `T` or spaces, then `H:MM[:SS[.fff]]`, an optional am/pm, and an optional
    /// `Z` or UTC offset.
    static func isTime(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = Cursor(text: text)
        if !cursor.skip(UInt8(ascii: "T")) && !cursor.skip(" ") { return false }
        while cursor.skip(" ") {}
        guard cursor.number(digits: 1...2) != nil, cursor.skip(UInt8(ascii: ":")), cursor.number(digits: 2...2) != nil
        else { return false }
        if cursor.skip(UInt8(ascii: ":")) {
            guard cursor.number(digits: 2...2) != nil else { return false }
            if cursor.skip(UInt8(ascii: ".")) { _ = cursor.number(digits: 1...9) }
        }
        while cursor.skip(" ") {}
        let rest = String(decoding: cursor.rest, as: UTF8.self).lowercased()
        if rest.isEmpty || ["am", "pm", "a.m.", "p.m.", "z", "utc", "gmt"].contains(rest) { return true }
        // +08:00, -0500
        guard let sign = rest.first, sign == "+" || sign == "-" else { return false }
        let offset = rest.dropFirst().filter { $0 != ":" }
        return (offset.count == 2 || offset.count == 4) && offset.allSatisfy(\.isNumber)
    }
}

/// A read position in a short ASCII text.
private struct Cursor {
    let text: UnsafeBufferPointer<UInt8>
    var index = 0

    init(text: UnsafeBufferPointer<UInt8>) { self.text = text }

    var atEnd: Bool { index >= text.count }
    var peek: UInt8? { atEnd ? nil : text[index] }
    var rest: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[min(index, text.count)...]) }

    /// Consumes `byte` if it comes next.
    @discardableResult
    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    @discardableResult
    mutating func skip(_ character: Character) -> Bool { skip(character.asciiValue!) }

    mutating func separator(_ allowed: [UInt8]) -> UInt8? {
        guard let byte = peek, allowed.contains(byte) else { return nil }
        index += 1
        return byte
    }

    /// Digits, as many as there are; nil unless their count is in `digits`.
    mutating func number(digits allowed: ClosedRange<Int>) -> (value: Int, digits: Int)? {
        var value = 0
        var digits = 0
        var end = index
        while end < text.count, text[end] >= 0x30, text[end] <= 0x39, digits < 18 {
            value = value * 10 + Int(text[end] - 0x30)
            digits += 1
            end += 1
        }
        guard allowed.contains(digits) else { return nil }
        index = end
        return (value, digits)
    }

    /// An English month name or its three-letter abbreviation; the month's number.
    mutating func monthName() -> Int? {
        var end = index
        while end < text.count, (text[end] | 0x20) >= 0x61, (text[end] | 0x20) <= 0x7A { end += 1 }
        guard end - index >= 3 else { return nil }
        let word = String(decoding: UnsafeBufferPointer(rebasing: text[index..<end]), as: UTF8.self).lowercased()
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        guard
            let month = names.firstIndex(where: {
                $0 == word || $0.prefix(3) == word || (word == "sept" && $0 == "september")
            })
        else { return nil }
        index = end
        return month + 1
    }
}
