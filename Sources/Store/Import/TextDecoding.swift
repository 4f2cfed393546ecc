#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The character encodings `kpish import` reads.
///
///     try SalesFile.read("cn_sales_gbk.csv", options: ImportOptions()).encoding   // .gb18030
public enum SourceEncoding: String, Codable, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
    case cp1252 = "Windows-1252"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
}

/// Why the file was read in the encoding it was.
public enum EncodingEvidence: Equatable, Sendable {
    /// The file starts with a byte-order mark.
    case byteOrderMark
    /// Every byte is ASCII, which reads the same in every encoding kpish knows.
    case ascii
    /// The bytes are valid UTF-8 (and not all ASCII).
    case validUTF8
    /// Not UTF-8, and the bytes read as common Chinese characters in GB18030/GBK.
    case chineseText
    /// Neither UTF-8 nor plausible GB18030: Windows-1252 reads any byte.
    case fallback
    /// `--encoding` named it.
    case chosen
    /// A sheet of an Excel workbook, whose text is Unicode.
    case workbook
}

/// A file that is not text, by what it looks like.
public enum BinaryKind: Equatable, Sendable {
    /// A ZIP archive, which is what an .xlsx workbook is.
    case excelWorkbook
    /// An Excel 97–2003 .xls workbook (an OLE compound file).
    case excel97Workbook
    /// An HTML page: web reports often save their tables as .xls files that are HTML inside.
    case html
    case pdf
    case gzip
    case sqlite
    case image
    /// NUL or other control bytes where text has none; the line of the first one.
    case controlBytes(line: Int)
}

/// A file's text as UTF-8, with line breaks where the original had them (every encoding here
/// keeps ASCII bytes, and so line numbers, as they were).
struct DecodedText {
    var text: ByteBuffer
    var encoding: SourceEncoding
    var evidence: EncodingEvidence
    /// Lines holding bytes that are not valid in the encoding (only when `--encoding` forced it):
    /// the rows on them are rejected rather than imported with replacement characters.
    var invalidLines: Set<Int> = []
}

/// Detects a file's encoding and converts it to UTF-8.
/// Where the first byte that is not part of well-formed UTF-8 is, or nil (a script's text, say).
public func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { TextDecoding.firstInvalidUTF8($0) }
}

enum TextDecoding {
    static func decode(_ file: ByteBuffer, choice: EncodingChoice, path: String) throws -> DecodedText {
        let raw = file.bytes
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            let little = raw[0] == 0xFF
            return DecodedText(
                text: ByteBuffer(copying: utf16ToUTF8(UnsafeBufferPointer(rebasing: raw[2...]), littleEndian: little)),
                encoding: little ? .utf16LittleEndian : .utf16BigEndian, evidence: .byteOrderMark)
        }
        if let kind = sniffBinary(raw) { throw ImportError.notText(kind: kind) }
        let hasBOM = raw.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? file.dropping(first: 3) : file
        switch choice {
        case .utf8:
            guard firstInvalidUTF8(body.bytes) != nil else {
                return DecodedText(text: body, encoding: .utf8, evidence: hasBOM ? .byteOrderMark : .chosen)
            }
            let (text, lines) = utf8Replacing(body.bytes)
            // The first line is the header (or a title): if it does not read, nothing will.
            if lines.contains(1) { throw ImportError.notInChosenEncoding(encoding: "utf8", line: 1) }
            return DecodedText(text: ByteBuffer(copying: text), encoding: .utf8, evidence: .chosen, invalidLines: lines)
        case .gb18030:
            let (text, lines) = try gb18030ToUTF8(body.bytes)
            if lines.contains(1) { throw ImportError.notInChosenEncoding(encoding: "gb18030", line: 1) }
            return DecodedText(
                text: ByteBuffer(copying: text), encoding: .gb18030, evidence: .chosen, invalidLines: lines)
        case .cp1252:
            return DecodedText(
                text: ByteBuffer(copying: cp1252ToUTF8(body.bytes)), encoding: .cp1252, evidence: .chosen)
        case .auto:
            return try detect(body, hasBOM: hasBOM, path: path)
        }
    }

    // MARK: - Detection

    /// UTF-8 when the bytes are valid UTF-8; else GB18030 when they read as common Chinese
    /// characters — tried before Windows-1252, which "decodes" any byte and would turn GBK into
    /// Latin letters; else Windows-1252. A file that is UTF-8 on some lines and not on others is
    /// refused: no single encoding reads it.
    private static func detect(_ body: ByteBuffer, hasBOM: Bool, path: String) throws -> DecodedText {
        let bytes = body.bytes
        guard let invalid = firstInvalidUTF8(bytes) else {
            let ascii = !hasBOM && bytes.allSatisfy { $0 < 0x80 }
            return DecodedText(
                text: body, encoding: .utf8, evidence: hasBOM ? .byteOrderMark : ascii ? .ascii : .validUTF8)
        }
        let badLine = lineNumber(at: invalid, in: bytes)
        if hasBOM {
            throw ImportError.mixedEncodings(utf8Line: nil, otherLine: badLine)
        }
        if let utf8Line = firstConvincingUTF8Line(bytes) {
            throw ImportError.mixedEncodings(utf8Line: utf8Line, otherLine: badLine)
        }
        if looksLikeGB18030(bytes) {
            let (text, lines) = try gb18030ToUTF8(bytes)
            if lines.isEmpty {
                return DecodedText(text: ByteBuffer(copying: text), encoding: .gb18030, evidence: .chineseText)
            }
        }
        return DecodedText(text: ByteBuffer(copying: cp1252ToUTF8(bytes)), encoding: .cp1252, evidence: .fallback)
    }

    /// Magic numbers of the files people mistake for CSV, then control bytes.
    static func sniffBinary(_ raw: UnsafeBufferPointer<UInt8>) -> BinaryKind? {
        let magics: [([UInt8], BinaryKind)] = [
            ([0x50, 0x4B, 0x03, 0x04], .excelWorkbook),
            ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], .excel97Workbook),
            (Array("%PDF".utf8), .pdf),
            ([0x1F, 0x8B], .gzip),
            (Array("SQLite format 3".utf8) + [0], .sqlite),
            ([0x89, 0x50, 0x4E, 0x47], .image),
            ([0xFF, 0xD8, 0xFF], .image),
            (Array("GIF8".utf8), .image),
        ]
        for (magic, kind) in magics where raw.starts(with: magic) { return kind }
        let start = raw.prefix(512).drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF || $0 <= 0x20 }
        let opening = String(decoding: start.prefix(20), as: UTF8.self).lowercased()
        if opening.hasPrefix("<html") || opening.hasPrefix("<!doctype html") || opening.hasPrefix("<table")
            || opening.hasPrefix("<?xml")
        {
            return .html
        }
        do {
            let bytes = raw
            // Text has no NUL bytes; a few other control bytes may be stray, many are not text.
            if let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) {
                let offset = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
                return .controlBytes(line: lineNumber(at: offset, in: bytes))
            }
            let sample = UnsafeBufferPointer(rebasing: bytes.prefix(65_536))
            var controls = 0
            var first: Int?
            for (offset, byte) in sample.enumerated() where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
            {
                // ^Z ends old DOS text files; ESC appears in some terminal captures.
                if byte == 0x1A || byte == 0x1B || byte == 0x0C { continue }
                controls += 1
                if first == nil { first = offset }
            }
            if let first, controls * 100 > sample.count || controls > 16 {
                return .controlBytes(line: lineNumber(at: first, in: bytes))
            }
            return nil
        }
    }

    /// A line that is valid UTF-8 with at least two multi-byte characters: GBK text almost never
    /// forms that by accident (SOURCES.md: no such line in either real GBK file).
    private static func firstConvincingUTF8Line(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var line = 1
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if firstInvalidUTF8(slice) == nil {
                let multiByte = slice.reduce(0) { $0 + ($1 >= 0xC2 && $1 <= 0xF4 ? 1 : 0) }
                if multiByte >= 2 { return line }
            }
            if end < bytes.count && bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A { end += 1 }
            start = end + 1
            line += 1
        }
        return nil
    }

    /// Valid GB18030 whose two-byte characters are nearly all in the GB2312 area (both bytes
    /// 0xA1 or above), where everyday Chinese lives. Windows-1252 text forms GBK pairs too
    /// ("Mü" + "ller"), but those fall outside it.
    static func looksLikeGB18030(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var pairs = 0
        var common = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard lead >= 0x81 && lead <= 0xFE && index + 1 < count else { return false }
            let second = bytes[index + 1]
            if second >= 0x30 && second <= 0x39 {
                guard index + 3 < count, (0x81...0xFE).contains(bytes[index + 2]),
                    (0x30...0x39).contains(bytes[index + 3])
                else { return false }
                index += 4
                continue
            }
            guard (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) else { return false }
            pairs += 1
            if lead >= 0xA1 && second >= 0xA1 { common += 1 }
            index += 2
        }
        return pairs > 0 && common * 10 >= pairs * 9
    }

    // MARK: - UTF-8

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index < count {
            // Eight ASCII bytes at a time: most of a sales file is digits and separators.
            if index + 8 <= count,
                raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xED: (length, high) = (3, 0x9F)
            case 0xE1...0xEF: length = 3
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF4: (length, high) = (4, 0x8F)
            case 0xF1...0xF3: length = 4
            default: return index
            }
            guard index + length <= count, base[index + 1] >= low, base[index + 1] <= high else { return index }
            for next in 2..<length where base[index + next] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// UTF-8 with each invalid byte replaced by U+FFFD, and the lines that held one.
    private static func utf8Replacing(_ bytes: UnsafeBufferPointer<UInt8>) -> ([UInt8], Set<Int>) {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var lines: Set<Int> = []
        var counter = LineCounter(bytes)
        var start = 0
        while start < bytes.count {
            let rest = UnsafeBufferPointer(rebasing: bytes[start...])
            guard let invalid = firstInvalidUTF8(rest) else {
                output.append(contentsOf: rest)
                break
            }
            output.append(contentsOf: rest[..<invalid])
            output.append(contentsOf: replacementCharacter)
            lines.insert(counter.line(at: start + invalid))
            start += invalid + 1
        }
        return (output, lines)
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    // MARK: - Other encodings

    /// GB18030 (a superset of GBK and GB2312) through iconv, which glibc and macOS both ship.
    /// Bytes iconv rejects become U+FFFD and their lines are returned.
    static func gb18030ToUTF8(_ body: UnsafeBufferPointer<UInt8>) throws -> ([UInt8], Set<Int>) {
        let converter = iconv_open("UTF-8", "GB18030")
        guard Int(bitPattern: converter) != -1 else { throw ImportError.encodingUnavailable("GB18030") }
        defer { iconv_close(converter) }
        // A GB18030 character of 1, 2 or 4 bytes becomes at most 4 UTF-8 bytes, never more
        // than twice its length (2 → 3, 4 → 4); a replacement takes 3 bytes for 1.
        var output = [UInt8](repeating: 0, count: body.count * 3 + 16)
        var lines: Set<Int> = []
        var written = 0
        do {
            let input = body
            output.withUnsafeMutableBufferPointer { out in
                guard let inputBase = input.baseAddress, let outBase = out.baseAddress else { return }
                var consumed = 0
                var counter = LineCounter(input)
                while consumed < input.count {
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                        mutating: inputBase + consumed
                    ).assumingMemoryBound(to: CChar.self)
                    var inLeft = input.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase + written)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = out.count - written
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    consumed = input.count - inLeft
                    written = out.count - outLeft
                    if result != -1 { break }
                    // EILSEQ or EINVAL (a sequence cut off at the end): replace one byte, go on.
                    lines.insert(counter.line(at: consumed))
                    for byte in replacementCharacter {
                        outBase[written] = byte
                        written += 1
                    }
                    consumed += 1
                }
            }
        }
        output.removeSubrange(written...)
        return (output, lines)
    }

    /// Windows-1252: Latin-1 but for 0x80–0x9F, which hold €, curly quotes, dashes and a few
    /// letters. The five bytes it leaves undefined read as the C1 controls of the same value, as
    /// Windows does.
    static func cp1252ToUTF8(_ body: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count + body.count / 8)
        for byte in body {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = byte <= 0x9F ? cp1252High[Int(byte - 0x80)] : UInt32(byte)
            appendUTF8(scalar, to: &output)
        }
        return output
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    private static func utf16ToUTF8(_ body: UnsafeBufferPointer<UInt8>, littleEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(body.count / 2)
        var index = body.startIndex
        while index + 1 < body.endIndex {
            let (a, b) = (UInt16(body[index]), UInt16(body[index + 1]))
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count * 2)
        _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: false) {
            output.append($0)
        }
        return output
    }

    static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The 1-based line of a byte offset, counting LF, CR LF and a lone CR as one line break each,
    /// as `CSVReader` does.
    static func lineNumber(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var counter = LineCounter(bytes)
        return counter.line(at: offset)
    }
}

/// Line numbers of offsets asked for in increasing order, counted on from the last one: a file
/// with a bad byte on every line (GBK read as UTF-8) was counted from its start for each, and
/// 4 MB took hours.
struct LineCounter {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The 1-based line of `offset` (LF, CRLF and a lone CR each end a line); an offset before
    /// the last one asked for starts the count again.
    mutating func line(at offset: Int) -> Int {
        if offset < index { (index, line) = (0, 1) }
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
            } else if byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A) {
                line += 1
            }
            index += 1
        }
        return line
    }
}

/// A file's bytes, mapped read-only from the file (so that a 100 MB file is neither copied nor
/// zero-filled first), or text made in memory; released with the last reference.
///
///     let file = try ByteBuffer(mapping: "sales.csv")
///     file.bytes.count
final class ByteBuffer: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    private let release: () -> Void
    /// Another buffer whose memory this one's bytes lie in.
    private let parent: ByteBuffer?

    private init(bytes: UnsafeBufferPointer<UInt8>, parent: ByteBuffer?, release: @escaping () -> Void) {
        self.bytes = bytes
        self.parent = parent
        self.release = release
    }

    deinit { release() }

    /// A copy of `array`.
    convenience init(copying array: [UInt8]) {
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(array.count, 1))
        _ = memory.initialize(from: array)
        self.init(bytes: UnsafeBufferPointer(rebasing: memory[..<array.count]), parent: nil) { memory.deallocate() }
    }

    /// The file at `path`, mapped.
    static func mapping(_ path: String) throws -> ByteBuffer {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ImportError.unreadable(detail: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ImportError.unreadable(detail: String(cString: strerror(errno)))
        }
        let size = Int(status.st_size)
        guard size > 0 else { return ByteBuffer(copying: []) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw ImportError.unreadable(detail: String(cString: strerror(errno)))
        }
        madvise(address, size, MADV_SEQUENTIAL)
        let bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        return ByteBuffer(bytes: bytes, parent: nil) { munmap(address, size) }
    }

    /// The bytes after the first `count`, sharing this buffer's memory.
    func dropping(first count: Int) -> ByteBuffer {
        ByteBuffer(bytes: UnsafeBufferPointer(rebasing: bytes[min(count, bytes.count)...]), parent: self) {}
    }
}
