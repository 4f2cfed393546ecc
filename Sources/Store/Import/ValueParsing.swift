import Foundation
import Model

/// Text values as sales files write them, made comparable: full-width letters, digits and
/// spaces become ASCII, no-break and ideographic spaces become spaces, and the ends are trimmed.
/// Other full-width punctuation (（）、，) is Chinese typography and stays.
///
///     var output: [UInt8] = []
///     TextValue.normalize(bytes("　ＡＢＣ公司 "), into: &output)   // "ABC公司"
enum TextValue {
    /// Whether `normalize` would change the bytes; most values are already clean.
    @inline(__always)
    static func needsNormalizing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        for byte in bytes where byte == 0xEF || byte == 0xE3 || byte == 0xC2 { return true }
        return false
    }

    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0xC2 && index + 1 < count && bytes[index + 1] == 0xA0 {
                output.append(0x20)  // U+00A0 no-break space
                index += 2
            } else if byte == 0xE3 && index + 2 < count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 {
                output.append(0x20)  // U+3000 ideographic space
                index += 3
            } else if byte == 0xEF && index + 2 < count, let ascii = fullWidthASCII(bytes[index + 1], bytes[index + 2]),
                ascii.isLetterOrDigit
            {
                output.append(ascii)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        trim(&output)
    }

    /// The ASCII form of a full-width character U+FF01–U+FF5E (after its lead byte 0xEF).
    @inline(__always)
    static func fullWidthASCII(_ second: UInt8, _ third: UInt8) -> UInt8? {
        let scalar = 0xF000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
        guard second & 0xC0 == 0x80, third & 0xC0 == 0x80, (0xFF01...0xFF5E).contains(scalar) else { return nil }
        return UInt8(scalar - 0xFEE0)
    }

    private static func trim(_ output: inout [UInt8]) {
        var end = output.count
        while end > 0 && (output[end - 1] == 0x20 || output[end - 1] == 0x09) { end -= 1 }
        var start = 0
        while start < end && (output[start] == 0x20 || output[start] == 0x09) { start += 1 }
        if end < output.count { output.removeSubrange(end...) }
        if start > 0 { output.removeSubrange(..<start) }
    }
}

extension UInt8 {
    fileprivate var isLetterOrDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}

/// Numbers as sales files write them.
///
///     NumberValue.parse("3,305")      // .number(3305, formatted: true)
///     NumberValue.parse("-$1,800")    // .number(-1800, formatted: true)
///     NumberValue.parse("(123)")      // .number(-123, formatted: true)
///     NumberValue.parse("1.2万")       // .number(12000, formatted: true)
///     NumberValue.parse("16%")        // .number(0.16, formatted: true)
///     NumberValue.parse("１２３")      // .number(123, formatted: true)
///     NumberValue.parse("")           // .empty
///     NumberValue.parse("abc")        // .invalid
enum NumberValue: Equatable {
    case number(Double, formatted: Bool)
    case empty
    case invalid
    /// Beyond what a sales figure can be (`Figures.largest`): 1e308, 1e309 (infinity).
    case tooLarge

    static func parse(_ text: String) -> NumberValue {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> NumberValue {
        if let value = plainDecimal(bytes) { return .number(value, formatted: false) }
        let value = formatted(String(decoding: bytes, as: UTF8.self))
        if case .number(let number, _) = value, !(abs(number) <= Figures.largest) { return .tooLarge }
        return value
    }

    /// `-?digits(.digits)?` with at most 15 significant digits: the mantissa and the power of ten
    /// are both exact doubles, so one division rounds correctly (Clinger's fast path) and gives
    /// the same double as `strtod` and Python's `float`.
    @inline(__always)
    private static func plainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count > 0 && count <= 17 else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                mantissa = mantissa * 10 + Int64(byte - 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0 && digits <= 15 && !(seenPoint && fractionDigits == 0) else { return nil }
        let value = fractionDigits == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// Words that mean "no value" in exports.
    private static let nullWords: Set<String> = [
        "-", "--", "—", "na", "n/a", "#n/a", "null", "none", "nan", "nil", "空", "无",
    ]
    private static let currencyWords = [
        "us$", "hk$", "rmb", "cny", "usd", "eur", "gbp", "hkd", "$", "¥", "￥", "€", "£", "元",
    ]

    /// The slow path: signs, brackets, currency, grouping, percent and 万/亿, in full width or not.
    private static func formatted(_ raw: String) -> NumberValue {
        var text = ""
        for scalar in raw.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            switch scalar.value {
            case 0xFF01...0xFF5E: text.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x2212, 0xFE63: text.append("-")  // minus sign, small hyphen-minus
            default: text.unicodeScalars.append(scalar)
            }
        }
        text = text.lowercased()
        if text.isEmpty || nullWords.contains(text) { return .empty }
        var negative = false
        var scale = 1.0
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = String(text.dropFirst().dropLast())
        }
        // One sign, and currency, in either order: -$99, $-99, ¥-5, 99-.
        var signed = false
        for _ in 0..<2 {
            if !signed && (text.hasPrefix("-") || text.hasPrefix("+")) {
                if text.removeFirst() == "-" { negative.toggle() }
                signed = true
            }
            if let word = currencyWords.first(where: { text.hasPrefix($0) }) { text.removeFirst(word.count) }
            if let word = currencyWords.first(where: { text.hasSuffix($0) }) { text.removeLast(word.count) }
        }
        if !signed && text.hasSuffix("-") {
            negative.toggle()
            text.removeLast()
        }
        if text.hasSuffix("%") {
            scale = 0.01
            text.removeLast()
        } else if text.hasSuffix("亿") {
            scale = 1e8
            text.removeLast()
        } else if text.hasSuffix("万") {
            scale = 1e4
            text.removeLast()
        } else if text.hasSuffix("千") {
            scale = 1e3
            text.removeLast()
        }
        guard let value = ungrouped(text) else { return .invalid }
        let scaled = scale == 0.01 ? value / 100 : value * scale
        return .number(negative ? -scaled : scaled, formatted: true)
    }

    /// Digits with thousands separators ("12,345.6", "1.234,5", "1,23,456") or a decimal comma
    /// ("12,5"), and optionally an exponent ("1.5E+05", as Excel writes large numbers).
    private static func ungrouped(_ text: String) -> Double? {
        guard let first = text.first, first.isASCII, first.isNumber || first == "." else { return nil }
        var mantissa = text
        var exponent = ""
        if let e = text.firstIndex(of: "e") {
            mantissa = String(text[..<e])
            exponent = String(text[e...])
            guard exponent.count >= 2,
                exponent.dropFirst().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-") })
            else { return nil }
        }
        guard mantissa.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }) else { return nil }
        let lastComma = mantissa.lastIndex(of: ",")
        let lastPoint = mantissa.lastIndex(of: ".")
        var decimalSeparator: Character = "."
        if let lastComma, let lastPoint {
            decimalSeparator = lastComma > lastPoint ? "," : "."
        } else if let lastComma {
            // One comma followed by other than three digits is a decimal comma ("12,5");
            // otherwise commas group thousands ("3,305").
            let after = mantissa[mantissa.index(after: lastComma)...]
            if mantissa.filter({ $0 == "," }).count == 1 && after.count != 3 { decimalSeparator = "," }
        } else if mantissa.filter({ $0 == "." }).count > 1 {
            decimalSeparator = ","  // "1.234.567": dots group thousands
        }
        let groupSeparator: Character = decimalSeparator == "." ? "," : "."
        let parts = mantissa.split(separator: decimalSeparator, omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first else { return nil }
        if parts.count == 2 && !parts[1].allSatisfy(\.isNumber) { return nil }
        let groups = whole.split(separator: groupSeparator, omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.last!.count == 3,
                groups.dropFirst().allSatisfy({ $0.count == 3 || $0.count == 2 })
            else { return nil }
        }
        let digits = groups.joined() + (parts.count == 2 ? "." + parts[1] : "")
        guard digits != "." else { return nil }
        return Double(digits + exponent)
    }
}
