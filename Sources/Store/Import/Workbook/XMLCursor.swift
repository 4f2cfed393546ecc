import Foundation

// A byte-level reader for the well-formed XML that spreadsheet writers produce.
//
// It is not a general XML parser: it knows tags, attributes, text, comments, processing
// instructions and CDATA sections, and nothing about DTDs or namespaces beyond stripping a
// prefix ("x:row" reads as "row"). It never allocates: names, attribute values and text are
// handed out as ranges into the document, decoded only when they are copied out.

// MARK: - Byte ranges

/// A half-open range of byte offsets into an XML document.
struct ByteRange: Equatable {
    var start: Int
    var end: Int

    var count: Int { end - start }
    var isEmpty: Bool { start >= end }

    static let empty = ByteRange(start: 0, end: 0)
}

// MARK: - Cursor

/// A position in an XML document with the moves the part readers need.
///
/// The usual loop is `while let tag = cursor.nextTag() { ... }`; after `nextTag` the cursor
/// stands just past the tag's name, so the caller reads attributes with `nextAttribute()` (which
/// also steps past the tag's end) or skips them with `finishTag()`.
struct XMLCursor {
    /// A start or end tag, named by its local name (the prefix dropped).
    struct Tag {
        let name: ByteRange
        let isClosing: Bool
    }

    let base: UnsafePointer<UInt8>
    /// The offset where reading stops (exclusive).
    let end: Int
    /// The current offset.
    var position: Int
    /// Whether the tag most recently finished was written `<name/>`.
    private(set) var lastTagWasSelfClosing = false

    init(base: UnsafePointer<UInt8>, start: Int = 0, end: Int) {
        self.base = base
        self.position = start
        self.end = end
    }

    // MARK: Tags

    /// Moves to the next start or end tag and returns it, skipping text, comments, processing
    /// instructions, CDATA and declarations. Returns nil at the end of the range.
    @inline(__always)
    mutating func nextTag() -> Tag? {
        while position < end {
            // In a sheet the next tag usually starts right here; memchr only for text between tags.
            if base[position] != UInt8(ascii: "<") {
                guard let found = memchr(base + position, Int32(UInt8(ascii: "<")), end - position) else {
                    position = end
                    return nil
                }
                position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            position += 1
            guard position < end else { return nil }
            let first = base[position]
            if first == UInt8(ascii: "?") {
                skip(past: "?>")
                continue
            }
            if first == UInt8(ascii: "!") {
                if startsWith("!--", at: position) {
                    skip(past: "-->")
                } else if startsWith("![CDATA[", at: position) {
                    skip(past: "]]>")
                } else {
                    skip(past: ">")
                }
                continue
            }
            let isClosing = first == UInt8(ascii: "/")
            if isClosing { position += 1 }
            var localStart = position
            while position < end {
                let byte = base[position]
                if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || Self.isSpace(byte) { break }
                if byte == UInt8(ascii: ":") { localStart = position + 1 }
                position += 1
            }
            lastTagWasSelfClosing = false
            return Tag(name: ByteRange(start: localStart, end: position), isClosing: isClosing)
        }
        return nil
    }

    /// Reads the next attribute of the tag just returned by `nextTag()`; at the tag's end,
    /// steps past `>` (recording whether it was `/>`) and returns nil.
    @inline(__always)
    mutating func nextAttribute() -> (name: ByteRange, value: ByteRange)? {
        while position < end {
            let byte = base[position]
            if Self.isSpace(byte) {
                position += 1
                continue
            }
            if byte == UInt8(ascii: ">") {
                position += 1
                lastTagWasSelfClosing = false
                return nil
            }
            if byte == UInt8(ascii: "/") {
                // "/>" ends a self-closing tag; a lone "/" elsewhere is malformed and skipped.
                position += 1
                if position < end && base[position] == UInt8(ascii: ">") {
                    position += 1
                    lastTagWasSelfClosing = true
                    return nil
                }
                continue
            }
            // An attribute: name [space] = [space] quoted value.
            let nameStart = position
            while position < end {
                let next = base[position]
                if next == UInt8(ascii: "=") || Self.isSpace(next) || next == UInt8(ascii: ">")
                    || next == UInt8(ascii: "/")
                {
                    break
                }
                position += 1
            }
            let name = ByteRange(start: nameStart, end: position)
            while position < end && Self.isSpace(base[position]) { position += 1 }
            guard position < end, base[position] == UInt8(ascii: "=") else { continue }
            position += 1
            while position < end && Self.isSpace(base[position]) { position += 1 }
            guard position < end else { break }
            let quote = base[position]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { continue }
            position += 1
            let valueStart = position
            // Attribute values are short ("A1", "inlineStr"): a plain loop beats a memchr call.
            while position < end && base[position] != quote { position += 1 }
            guard position < end else { break }
            let value = ByteRange(start: valueStart, end: position)
            position += 1
            return (name, value)
        }
        position = end
        return nil
    }

    /// Skips the rest of the current tag (its attributes) and reports whether it was self-closing.
    @discardableResult
    mutating func finishTag() -> Bool {
        while nextAttribute() != nil {}
        return lastTagWasSelfClosing
    }

    /// Returns the text from here up to the next `<` and stands on that `<`.
    mutating func text() -> ByteRange {
        let start = position
        // Most cell text is short; look at a few bytes before paying for a memchr call.
        let quickEnd = min(end, position + 16)
        while position < quickEnd {
            if base[position] == UInt8(ascii: "<") { return ByteRange(start: start, end: position) }
            position += 1
        }
        if position < end {
            if let found = memchr(base + position, Int32(UInt8(ascii: "<")), end - position) {
                position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                position = end
            }
        }
        return ByteRange(start: start, end: position)
    }

    /// Skips everything up to and including the end tag whose local name is `name`,
    /// returning false if the range ended first.
    mutating func skipElement(named name: StaticString) -> Bool {
        var depth = 1
        while let tag = nextTag() {
            let matches = self.matches(tag.name, name)
            if tag.isClosing {
                finishTag()
                if matches {
                    depth -= 1
                    if depth == 0 { return true }
                }
            } else if !finishTag() && matches {
                depth += 1
            }
        }
        return false
    }

    // MARK: Comparisons

    /// Whether the bytes of `range` equal the ASCII `literal`.
    @inline(__always)
    func matches(_ range: ByteRange, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard range.count == length else { return false }
        // Names are short: compare in place rather than call memcmp.
        let bytes = literal.utf8Start
        for index in 0..<length where base[range.start + index] != bytes[index] { return false }
        return true
    }

    /// Whether the bytes at `offset` begin with the ASCII `literal`.
    @inline(__always)
    func startsWith(_ literal: StaticString, at offset: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard end - offset >= length else { return false }
        let bytes = literal.utf8Start
        for index in 0..<length where base[offset + index] != bytes[index] { return false }
        return true
    }

    /// The local part of an attribute name ("r:id" → "id").
    func localName(_ range: ByteRange) -> ByteRange {
        var index = range.end - 1
        while index >= range.start {
            if base[index] == UInt8(ascii: ":") { return ByteRange(start: index + 1, end: range.end) }
            index -= 1
        }
        return range
    }

    /// Parses a run of decimal digits as a non-negative integer; nil if there is none or it overflows.
    func integer(_ range: ByteRange) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for offset in range.start..<range.end {
            let digit = Int(base[offset]) &- 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// The bytes of `range` decoded as XML text (entities and `_xHHHH_` escapes) into a String.
    func string(_ range: ByteRange) -> String {
        var buffer = GrowingBuffer(capacity: range.count)
        XMLTextDecoder.append(base: base, range: range, into: &buffer)
        return buffer.string()
    }

    // MARK: Helpers

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private mutating func skip(past terminator: StaticString) {
        let length = terminator.utf8CodeUnitCount
        let first = Int32(terminator.utf8Start.pointee)
        while position < end {
            guard let found = memchr(base + position, first, end - position) else {
                position = end
                return
            }
            position = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if startsWith(terminator, at: position) {
                position += length
                return
            }
            position += 1
        }
    }
}

// MARK: - Rich text

extension XMLCursor {
    /// Collects the text ranges of the `<t>` elements up to the end tag named `terminator`
    /// (`si` or `is`), leaving out phonetic runs (`<rPh>`). Returns false if the range ended first.
    ///
    /// Covers plain strings (`<si><t>a</t></si>`) and rich ones (`<si><r><rPr/><t>a</t></r>…</si>`).
    mutating func collectTextRuns(until terminator: StaticString, into runs: inout [ByteRange]) -> Bool {
        while let tag = nextTag() {
            if tag.isClosing {
                finishTag()
                if matches(tag.name, terminator) { return true }
            } else if matches(tag.name, "t") {
                if !finishTag() { runs.append(text()) }
            } else if matches(tag.name, "rPh") {
                if !finishTag() && !skipElement(named: "rPh") { return false }
            } else {
                finishTag()
            }
        }
        return false
    }
}
