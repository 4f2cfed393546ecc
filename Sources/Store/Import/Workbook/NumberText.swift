import Foundation

/// Reads the numbers of `<v>` elements and writes them as the shortest decimal that reads back as
/// the same Double, in plain digits (no exponent) for magnitudes from 1e-6 up to 1e15.
enum NumberText {
    // MARK: - Writing

    /// Appends the number written in `range` in canonical form; returns false, writing nothing,
    /// if the text is not a number.
    ///
    /// Most writers already store the shortest form (`1845.97`, `421`), which is copied as is;
    /// anything else (Excel's 17-digit `777153.37000000011`, `1E-3`, `1.50`) is parsed and rewritten.
    static func append(base: UnsafePointer<UInt8>, range: ByteRange, into buffer: inout GrowingBuffer) -> Bool {
        if isCanonical(base: base, range: range) {
            buffer.append(base + range.start, count: range.count)
            return true
        }
        guard let value = parse(base: base, range: range) else { return false }
        append(value, into: &buffer)
        return true
    }

    /// Appends `value` as the shortest round-tripping decimal: integral values without ".0",
    /// plain digits for |value| in [1e-6, 1e15), Swift's exponent form outside that range.
    static func append(_ value: Double, into buffer: inout GrowingBuffer) {
        if value == 0 {
            buffer.append(UInt8(ascii: "0"))  // also for -0
            return
        }
        if value.magnitude < 1e15 && value == value.rounded(.towardZero) {
            appendInteger(Int64(value), into: &buffer)
            return
        }
        var text = value.description
        text.withUTF8 { utf8 in
            guard let exponentIndex = utf8.firstIndex(of: UInt8(ascii: "e")) else {
                // "1234.5"; a ".0" tail only appears on integral values of 1e15 and more.
                var length = utf8.count
                if length >= 2 && utf8[length - 2] == UInt8(ascii: ".") && utf8[length - 1] == UInt8(ascii: "0") {
                    length -= 2
                }
                if let address = utf8.baseAddress { buffer.append(address, count: length) }
                return
            }
            guard value.magnitude >= 1e-6 && value.magnitude < 1e15 else {
                if let address = utf8.baseAddress { buffer.append(address, count: utf8.count) }
                return
            }
            // Swift writes 1e-4 > |value| ≥ 1e-6 as "1.5e-05": expand to "0.000015".
            let negative = utf8[0] == UInt8(ascii: "-")
            var digits: [UInt8] = []
            for index in (negative ? 1 : 0)..<exponentIndex where utf8[index] != UInt8(ascii: ".") {
                digits.append(utf8[index])
            }
            var exponent = 0
            var exponentSign = 1
            for index in (exponentIndex + 1)..<utf8.count {
                let byte = utf8[index]
                if byte == UInt8(ascii: "-") {
                    exponentSign = -1
                } else if byte >= 48 && byte <= 57 {
                    exponent = exponent * 10 + Int(byte - 48)
                }
            }
            exponent *= exponentSign
            while digits.count > 1 && digits.last == UInt8(ascii: "0") { digits.removeLast() }
            // Swift uses exponents below 1e15 only for negative ones (below 1e-4).
            guard exponent < 0 else {
                if let address = utf8.baseAddress { buffer.append(address, count: utf8.count) }
                return
            }
            if negative { buffer.append(UInt8(ascii: "-")) }
            buffer.append(UInt8(ascii: "0"))
            buffer.append(UInt8(ascii: "."))
            buffer.append(repeating: UInt8(ascii: "0"), count: -exponent - 1)
            buffer.append(digits)
        }
    }

    /// Appends a signed integer in decimal.
    static func appendInteger(_ value: Int64, into buffer: inout GrowingBuffer) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude, minimumWidth: 0, into: &buffer)
    }

    /// Appends a number in decimal, zero-padded to `minimumWidth` digits (the one digit writer of
    /// workbook numbers and dates).
    static func appendDecimal(_ value: UInt64, minimumWidth: Int, into buffer: inout GrowingBuffer) {
        var magnitude = value
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch for up to 20 digits
        var length = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[length] = UInt8(48 + magnitude % 10)
                magnitude /= 10
                length += 1
            } while magnitude > 0
        }
        if minimumWidth > length { buffer.append(repeating: UInt8(ascii: "0"), count: minimumWidth - length) }
        buffer.reserve(length)
        withUnsafeBytes(of: &digits) { raw in
            var index = length - 1
            while index >= 0 {
                buffer.append(raw[index])
                index -= 1
            }
        }
    }

    // MARK: - Reading

    /// Whether `range` already holds the canonical form: `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?` with
    /// at most 15 significant digits (so it is the shortest text for its Double) and a magnitude
    /// in [1e-6, 1e15).
    static func isCanonical(base: UnsafePointer<UInt8>, range: ByteRange) -> Bool {
        var offset = range.start
        let end = range.end
        guard offset < end else { return false }
        if base[offset] == UInt8(ascii: "-") {
            offset += 1
            guard offset < end else { return false }
        }
        let integerStart = offset
        while offset < end && base[offset] >= 48 && base[offset] <= 57 { offset += 1 }
        let integerDigits = offset - integerStart
        guard integerDigits > 0, integerDigits <= 15 else { return false }
        let integerIsZero = base[integerStart] == UInt8(ascii: "0")
        if integerIsZero && integerDigits > 1 { return false }  // "007"
        if offset == end {
            // An integer; "-0" is rewritten as "0".
            return !(integerIsZero && base[range.start] == UInt8(ascii: "-"))
        }
        guard base[offset] == UInt8(ascii: ".") else { return false }
        offset += 1
        let fractionStart = offset
        while offset < end && base[offset] >= 48 && base[offset] <= 57 { offset += 1 }
        guard offset == end, offset > fractionStart, base[end - 1] != UInt8(ascii: "0") else { return false }
        var significant = end - fractionStart + (integerIsZero ? 0 : integerDigits)
        if integerIsZero {
            var leadingZeros = 0
            var index = fractionStart
            while index < end && base[index] == UInt8(ascii: "0") {
                leadingZeros += 1
                index += 1
            }
            guard leadingZeros <= 5 else { return false }  // below 1e-6
            significant -= leadingZeros
        }
        return significant <= 15
    }

    /// Parses the number written in `range` (surrounding blanks allowed); nil if it is no
    /// finite number.
    static func parse(base: UnsafePointer<UInt8>, range: ByteRange) -> Double? {
        var start = range.start
        var end = range.end
        while start < end && XMLCursor.isSpace(base[start]) { start += 1 }
        while end > start && XMLCursor.isSpace(base[end - 1]) { end -= 1 }
        let length = end - start
        guard length > 0, length < 400 else { return nil }
        // Plain integers of up to 15 digits are exact in a Double: skip strtod.
        if length <= 15 {
            var value = 0
            var isInteger = true
            for offset in start..<end {
                let digit = Int(base[offset]) &- 48
                if digit < 0 || digit > 9 {
                    isInteger = false
                    break
                }
                value = value * 10 + digit
            }
            if isInteger { return Double(value) }
        }
        // strtod accepts "inf", "nan" and hex floats; XML numbers are decimal, so refuse letters
        // other than an exponent mark.
        for offset in start..<end {
            let byte = base[offset]
            let isNumeric =
                (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            if !isNumeric { return nil }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { scratch -> Double? in
            guard let address = scratch.baseAddress else { return nil }
            UnsafeMutableRawPointer(address).copyMemory(from: base + start, byteCount: length)
            address[length] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(address, &stop)
            guard let stop, stop == address + length, value.isFinite else { return nil }
            return value
        }
    }
}
