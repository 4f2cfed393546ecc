import Foundation

/// The workbook's shared string table (xl/sharedStrings.xml), each string kept as a finished CSV
/// field: decoded, and quoted if it needs to be, so that writing a `t="s"` cell is one copy.
struct SharedStrings: Sendable {
    /// All fields back to back.
    let bytes: [UInt8]
    /// `ends[i]` is where field `i` ends in `bytes`; it starts where field `i - 1` ends.
    let ends: [Int]

    /// The table of a workbook without shared strings.
    static let empty = SharedStrings(bytes: [], ends: [])

    var count: Int { ends.count }

    /// The byte range of field `index` in `bytes`, or nil if there is no such string.
    @inline(__always)
    func range(of index: Int) -> (start: Int, end: Int)? {
        guard index >= 0 && index < ends.count else { return nil }
        return (index == 0 ? 0 : ends[index - 1], ends[index])
    }

    /// The decoded text of string `index` (unquoted), for tests and diagnostics.
    func text(at index: Int) -> String? {
        guard let (start, end) = range(of: index) else { return nil }
        var field = Array(bytes[start..<end])
        if field.first == UInt8(ascii: "\""), field.count >= 2 {
            field = Array(field[1..<(field.count - 1)])
            var unquoted: [UInt8] = []
            var index = 0
            while index < field.count {
                unquoted.append(field[index])
                index += field[index] == UInt8(ascii: "\"") ? 2 : 1
            }
            field = unquoted
        }
        return String(decoding: field, as: UTF8.self)
    }

    // MARK: - Reading sharedStrings.xml

    /// Reads every `<si>` of a shared strings part, concatenating rich-text runs and leaving out
    /// phonetic (`<rPh>`) runs.
    static func parse(_ xml: [UInt8], part: String) throws(WorkbookError) -> SharedStrings {
        let result: SharedStrings? = xml.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return SharedStrings.empty }
            var cursor = XMLCursor(base: base, end: buffer.count)
            // Roughly: the table's text is about half of its XML.
            var fields = GrowingBuffer(capacity: buffer.count / 2)
            var ends: [Int] = []
            var runs: [ByteRange] = []
            while let tag = cursor.nextTag() {
                if tag.isClosing {
                    cursor.finishTag()
                    continue
                }
                if cursor.matches(tag.name, "sst") {
                    while let attribute = cursor.nextAttribute() {
                        if cursor.matches(attribute.name, "uniqueCount"), let count = cursor.integer(attribute.value) {
                            ends.reserveCapacity(min(count, 50_000_000))
                        }
                    }
                } else if cursor.matches(tag.name, "si") {
                    if !cursor.finishTag() {
                        runs.removeAll(keepingCapacity: true)
                        guard cursor.collectTextRuns(until: "si", into: &runs) else { return nil }
                        let start = fields.count
                        for run in runs { XMLTextDecoder.append(base: base, range: run, into: &fields) }
                        CSVQuoting.quoteIfNeeded(&fields, from: start)
                    }
                    ends.append(fields.count)
                } else {
                    cursor.finishTag()
                }
            }
            return SharedStrings(bytes: fields.bytes(), ends: ends)
        }
        guard let result else { throw .malformed(part: part, detail: "a shared string is not closed") }
        return result
    }
}
