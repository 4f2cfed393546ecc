import Foundation

// MARK: - Byte buffer

/// A growable, uniquely owned byte buffer: the CSV output and scratch space for decoded text.
///
/// A plain `[UInt8]` checks uniqueness and capacity on every append; this buffer checks only
/// capacity, which matters when a sheet turns into hundreds of megabytes of CSV one field at a time.
struct GrowingBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// The number of bytes written. Setting it lower discards the tail (used to roll back a field).
    var count = 0

    init(capacity: Int) {
        let size = max(capacity, 64)
        // malloc/realloc rather than allocate: growing a large buffer with realloc remaps its
        // pages instead of copying them into fresh ones, which are costly to fault in.
        guard let memory = malloc(size) else { fatalError("out of memory allocating \(size) bytes") }
        base = memory.assumingMemoryBound(to: UInt8.self)
        self.capacity = size
    }

    deinit {
        free(base)
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    private mutating func grow(toAtLeast needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        guard let larger = realloc(base, size) else { fatalError("out of memory allocating \(size) bytes") }
        base = larger.assumingMemoryBound(to: UInt8.self)
        capacity = size
    }

    /// Drops the first `length` bytes, moving the rest to the front.
    mutating func removeFirst(_ length: Int) {
        guard length > 0 else { return }
        let remaining = count - length
        if remaining > 0 { memmove(base, base + length, remaining) }
        count = max(remaining, 0)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toAtLeast: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        reserve(length)
        (base + count).update(from: source, count: length)
        count += length
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            if let address = buffer.baseAddress { append(address, count: buffer.count) }
        }
    }

    mutating func append(repeating byte: UInt8, count length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base + count).initialize(repeating: byte, count: length)
        count += length
    }

    /// Appends the UTF-8 encoding of a Unicode scalar value (U+FFFD for an invalid one).
    mutating func appendScalar(_ value: UInt32) {
        let scalar = value <= 0x10FFFF && !(0xD800...0xDFFF).contains(value) ? value : 0xFFFD
        reserve(4)
        if scalar < 0x80 {
            append(UInt8(scalar))
        } else if scalar < 0x800 {
            append(UInt8(0xC0 | (scalar >> 6)))
            append(UInt8(0x80 | (scalar & 0x3F)))
        } else if scalar < 0x10000 {
            append(UInt8(0xE0 | (scalar >> 12)))
            append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            append(UInt8(0xF0 | (scalar >> 18)))
            append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// A copy of the bytes from `start` up to `end` (the end of the buffer by default).
    func bytes(from start: Int = 0, to end: Int? = nil) -> [UInt8] {
        Array(UnsafeBufferPointer(start: base + start, count: (end ?? count) - start))
    }

    /// The bytes as a String (invalid UTF-8 repaired).
    func string() -> String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}

// MARK: - CSV quoting

/// RFC 4180 quoting of one field.
enum CSVQuoting {
    /// Whether a byte forces quoting: comma, double quote, CR or LF.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }

    /// Wraps the field written to `buffer` from `start` in double quotes, doubling inner quotes,
    /// if it contains a comma, quote, CR or LF; leaves it as is otherwise.
    static func quoteIfNeeded(_ buffer: inout GrowingBuffer, from start: Int) {
        var needsQuotes = false
        var quotes = 0
        for offset in start..<buffer.count {
            let byte = buffer.base[offset]
            if isSpecial(byte) {
                needsQuotes = true
                if byte == UInt8(ascii: "\"") { quotes += 1 }
            }
        }
        guard needsQuotes else { return }
        let field = buffer.bytes(from: start)
        buffer.count = start
        buffer.reserve(field.count + quotes + 2)
        buffer.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { buffer.append(byte) }
            buffer.append(byte)
        }
        buffer.append(UInt8(ascii: "\""))
    }
}

// MARK: - Text decoding

/// Decodes XML character data: the five named entities, numeric character references,
/// SpreadsheetML's `_xHHHH_` escapes, and CR/CRLF line ends (read as LF, as any XML parser does).
enum XMLTextDecoder {
    /// Appends the decoded text of `range` to `buffer`; copies it unchanged when there is
    /// nothing to decode (the common case).
    static func append(base: UnsafePointer<UInt8>, range: ByteRange, into buffer: inout GrowingBuffer) {
        guard !range.isEmpty else { return }
        var plain = true
        for offset in range.start..<range.end {
            let byte = base[offset]
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "_") || byte == 0x0D {
                plain = false
                break
            }
        }
        if plain {
            buffer.append(base + range.start, count: range.count)
            return
        }
        decode(base: base, range: range, into: &buffer)
    }

    private static func decode(base: UnsafePointer<UInt8>, range: ByteRange, into buffer: inout GrowingBuffer) {
        buffer.reserve(range.count)
        var offset = range.start
        let end = range.end
        while offset < end {
            let byte = base[offset]
            switch byte {
            case UInt8(ascii: "&"):
                if let (scalar, length) = entity(base: base, at: offset, end: end) {
                    buffer.appendScalar(scalar)
                    offset += length
                } else {
                    buffer.append(byte)
                    offset += 1
                }
            case UInt8(ascii: "_"):
                if let unit = escape(base: base, at: offset, end: end) {
                    // A surrogate pair arrives as two escapes.
                    if (0xD800...0xDBFF).contains(unit), let low = escape(base: base, at: offset + 7, end: end),
                        (0xDC00...0xDFFF).contains(low)
                    {
                        buffer.appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        offset += 14
                    } else {
                        buffer.appendScalar(unit)
                        offset += 7
                    }
                } else {
                    buffer.append(byte)
                    offset += 1
                }
            case 0x0D:
                buffer.append(0x0A)
                offset += 1
                if offset < end && base[offset] == 0x0A { offset += 1 }
            default:
                buffer.append(byte)
                offset += 1
            }
        }
    }

    /// Reads an entity or character reference at `offset` (which holds `&`): the scalar and
    /// the reference's length including `;`, or nil if it is not one.
    private static func entity(base: UnsafePointer<UInt8>, at offset: Int, end: Int) -> (UInt32, Int)? {
        var semicolon = offset + 1
        let limit = min(end, offset + 12)
        while semicolon < limit && base[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < limit else { return nil }
        let nameStart = offset + 1
        let length = semicolon - nameStart
        let total = semicolon - offset + 1
        func named(_ literal: StaticString) -> Bool {
            length == literal.utf8CodeUnitCount && memcmp(base + nameStart, literal.utf8Start, length) == 0
        }
        if named("amp") { return (0x26, total) }
        if named("lt") { return (0x3C, total) }
        if named("gt") { return (0x3E, total) }
        if named("quot") { return (0x22, total) }
        if named("apos") { return (0x27, total) }
        guard length >= 2, base[nameStart] == UInt8(ascii: "#") else { return nil }
        var value: UInt32 = 0
        if base[nameStart + 1] == UInt8(ascii: "x") || base[nameStart + 1] == UInt8(ascii: "X") {
            guard length >= 3 else { return nil }
            for index in (nameStart + 2)..<semicolon {
                guard let digit = hexValue(base[index]) else { return nil }
                value = value << 4 | digit
            }
        } else {
            for index in (nameStart + 1)..<semicolon {
                let digit = UInt32(base[index]) &- 48
                guard digit <= 9 else { return nil }
                value = value * 10 + digit
            }
        }
        return (value, total)
    }

    /// Reads a `_xHHHH_` escape at `offset`: the UTF-16 code unit, or nil.
    private static func escape(base: UnsafePointer<UInt8>, at offset: Int, end: Int) -> UInt32? {
        guard offset + 7 <= end, base[offset] == UInt8(ascii: "_"), base[offset + 1] == UInt8(ascii: "x"),
            base[offset + 6] == UInt8(ascii: "_")
        else { return nil }
        var value: UInt32 = 0
        for index in (offset + 2)..<(offset + 6) {
            guard let digit = hexValue(base[index]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - 55)
        default: return nil
        }
    }
}
