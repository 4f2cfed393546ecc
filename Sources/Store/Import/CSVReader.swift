/// A field of a CSV record: a byte range of the decoded text.
struct CSVField {
    var start: Int
    var end: Int
    /// `start..<end` lies inside quotes (without them).
    var quoted: Bool
    /// The range is the raw field, quotes and all, and must be unescaped: it holds doubled
    /// quotes, or text after its closing quote (`"abc"def`, which readers join as `abcdef`).
    var irregular: Bool
}

/// Reads CSV and TSV records (RFC 4180, leniently) from UTF-8 bytes, keeping the line each
/// record starts on. Quoted fields may hold delimiters, doubled quotes and line breaks; a quote
/// inside an unquoted field is a plain character (`72"H`); LF, CR LF and a lone CR all end a line.
///
///     var reader = CSVReader(text: bytes, delimiter: UInt8(ascii: ","))
///     while try reader.next() { print(reader.recordLine, reader.fields.count) }
struct CSVReader {
    let text: UnsafeBufferPointer<UInt8>
    let delimiter: UInt8
    /// The current record's fields, reused from record to record.
    private(set) var fields: [CSVField] = []
    /// The line the current record starts on (1-based).
    private(set) var recordLine = 0
    /// The current record's bytes, without its line break.
    private(set) var recordStart = 0
    private(set) var recordEnd = 0
    /// Whether the current record ended with a line break (false: the file ended inside it).
    private(set) var terminated = true
    private(set) var position = 0
    private var line = 1

    /// No sales table has a 16 MB row; past that the file is not one (and memory would suffer).
    static let maximumRecordBytes = 16 << 20

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// A reader at `position` (the start of a record on `line`), by default the start of the text.
    init(text: UnsafeBufferPointer<UInt8>, delimiter: UInt8, position: Int = 0, line: Int = 1) {
        self.text = text
        self.delimiter = delimiter
        self.position = position
        self.line = line
        fields.reserveCapacity(64)
    }

    /// A field of the current record as a string, unescaped.
    func string(_ field: CSVField) -> String {
        guard field.irregular else {
            return String(decoding: UnsafeBufferPointer(rebasing: text[field.start..<field.end]), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        Self.unescape(field, in: text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the next record into `fields`; false at the end of the text.
    mutating func next() throws -> Bool {
        let count = text.count
        guard position < count else { return false }
        fields.removeAll(keepingCapacity: true)
        recordLine = line
        recordStart = position
        while true {
            let field = try readField()
            fields.append(field)
            if position >= count {
                recordEnd = position
                terminated = false
                break
            }
            let byte = text[position]
            if byte == delimiter {
                position += 1
                continue
            }
            // A line break.
            recordEnd = position
            position += 1
            if byte == Self.carriageReturn && position < count && text[position] == Self.lineFeed { position += 1 }
            line += 1
            terminated = true
            break
        }
        if recordEnd - recordStart > Self.maximumRecordBytes {
            throw ImportError.recordTooLong(line: recordLine, bytes: recordEnd - recordStart)
        }
        return true
    }

    /// True when the current record is blank: an empty line, or only spaces and delimiters (as
    /// Excel writes the empty rows under a table: `,,,`).
    var isBlank: Bool {
        var index = recordStart
        while index < recordEnd {
            let byte = text[index]
            if byte != 0x20 && byte != 0x09 && byte != delimiter && byte != Self.quote { return false }
            index += 1
        }
        return true
    }

    private mutating func readField() throws -> CSVField {
        let count = text.count
        let start = position
        if start < count && text[start] == Self.quote {
            var index = start + 1
            var escaped = false
            while true {
                guard index < count else {
                    throw ImportError.unclosedQuote(line: lineOfQuote, column: column(of: start))
                }
                let byte = text[index]
                if byte == Self.quote {
                    if index + 1 < count && text[index + 1] == Self.quote {
                        escaped = true
                        index += 2
                        continue
                    }
                    break
                }
                if byte == Self.lineFeed
                    || (byte == Self.carriageReturn && (index + 1 >= count || text[index + 1] != Self.lineFeed))
                {
                    line += 1
                }
                index += 1
            }
            let contentEnd = index
            index += 1
            var trailing = false
            while index < count {
                let byte = text[index]
                if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                trailing = true
                index += 1
            }
            position = index
            if escaped || trailing {
                return CSVField(start: start, end: index, quoted: true, irregular: true)
            }
            return CSVField(start: start + 1, end: contentEnd, quoted: true, irregular: false)
        }
        var index = start
        while index < count {
            let byte = text[index]
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            index += 1
        }
        position = index
        return CSVField(start: start, end: index, quoted: false, irregular: false)
    }

    /// The line an unclosed quote opened on: the record's line plus the breaks before the field.
    private var lineOfQuote: Int {
        TextDecoding.lineNumber(at: position, in: text) - TextDecoding.lineNumber(at: recordStart, in: text)
            + recordLine
    }

    /// The 1-based character column of a byte offset on its line.
    func column(of offset: Int) -> Int {
        var start = offset
        while start > 0 && text[start - 1] != Self.lineFeed && text[start - 1] != Self.carriageReturn { start -= 1 }
        var column = 1
        for index in start..<offset where text[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// A field's bytes as the file means them: quotes removed, doubled quotes made single.
    static func unescape(_ field: CSVField, in text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var index = field.start
        var inQuotes = false
        while index < field.end {
            let byte = text[index]
            if byte == quote {
                if inQuotes && index + 1 < field.end && text[index + 1] == quote {
                    output.append(quote)
                    index += 2
                    continue
                }
                inQuotes.toggle()
            } else {
                output.append(byte)
            }
            index += 1
        }
    }

    // MARK: - Delimiter

    /// The delimiter the first lines use most: comma, tab, semicolon or bar (a `.tsv` or `.tab`
    /// file prefers tab). Quoted text is not counted.
    static func detectDelimiter(_ text: UnsafeBufferPointer<UInt8>, path: String) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]
        var counts = [Int](repeating: 0, count: candidates.count)
        var lines = 0
        var inQuotes = false
        var index = 0
        while index < text.count && index < 1 << 20 && lines < 10 {
            let byte = text[index]
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lineFeed {
                    lines += 1
                } else if let which = candidates.firstIndex(of: byte) {
                    counts[which] += 1
                }
            }
            index += 1
        }
        let lowered = path.lowercased()
        if (lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab")) && counts[1] > 0 { return 0x09 }
        var best = 0
        for which in counts.indices where counts[which] > counts[best] { best = which }
        return candidates[best]
    }
}
