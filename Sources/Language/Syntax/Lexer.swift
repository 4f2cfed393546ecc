import Model

/// Splits query text into tokens. Never fails on its own except for an unterminated string;
/// characters it does not know become one-character symbols the parser reports.
struct Lexer {
    private let bytes: [UInt8]
    private let source: String
    private var position = 0

    init(_ source: String) {
        self.source = source
        bytes = Array(source.utf8)
    }

    static func tokens(of source: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.isEnd { return tokens }
        }
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    private mutating func next() throws(Diagnostic) -> Token {
        skipSpaceAndComments()
        let start = position
        guard position < bytes.count else { return Token(kind: .end, text: "", span: start..<start) }
        let byte = bytes[position]
        if isDigit(byte) { return number(from: start) }
        if let closing = closingQuote(at: position) { return try string(from: start, closing: closing) }
        if isWordStart(at: position) {
            while position < bytes.count && isWordContinuation(at: position) { advanceScalar() }
            return Token(kind: .word, text: text(start..<position), span: start..<position)
        }
        // Symbols: two-character ones first.
        for symbol in ["..", "!=", "<=", ">=", "<>"] where matches(symbol) {
            position += symbol.utf8.count
            return Token(kind: .symbol, text: symbol == "<>" ? "!=" : symbol, span: start..<position)
        }
        advanceScalar()
        let character = text(start..<position)
        // Full-width punctuation a Chinese keyboard produces reads as its ASCII twin.
        let ascii = ["，": ",", "（": "(", "）": ")", "＝": "=", "；": ";", "＜": "<", "＞": ">"][character] ?? character
        return Token(kind: .symbol, text: ascii, span: start..<position)
    }

    private mutating func skipSpaceAndComments() {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while position < bytes.count && bytes[position] != 0x0A { position += 1 }
            } else if matches("\u{3000}") {  // ideographic space
                position += 3
            } else {
                return
            }
        }
    }

    // MARK: - Numbers and period literals

    private mutating func number(from start: Int) -> Token {
        let digits = scanDigits()
        // 2026-10, 2026-Q3, 2026-W05, 2026-H1, 2026-10-05
        if digits == 4 && position + 1 < bytes.count && bytes[position] == UInt8(ascii: "-") {
            let next = bytes[position + 1]
            if isDigit(next) || "QqWwHh".utf8.contains(next) {
                position += 1
                if !isDigit(next) { position += 1 }
                _ = scanDigits()
                if position + 1 < bytes.count && bytes[position] == UInt8(ascii: "-") && isDigit(bytes[position + 1]) {
                    position += 1
                    _ = scanDigits()
                }
                return Token(kind: .periodLiteral, text: text(start..<position), span: start..<position)
            }
        }
        if position + 1 < bytes.count && bytes[position] == UInt8(ascii: ".") && isDigit(bytes[position + 1]) {
            position += 1
            _ = scanDigits()
        }
        let numberText = text(start..<position)
        var value = Double(numberText) ?? 0
        // 3月: a month named in Chinese.
        if matches("月"), !numberText.contains("."), let month = Int(numberText) {
            position += "月".utf8.count
            return Token(kind: .chineseMonth(month), text: text(start..<position), span: start..<position)
        }
        for (suffix, factor) in [("%", 0.01), ("万", 1e4), ("亿", 1e8), ("k", 1e3), ("K", 1e3), ("M", 1e6)]
        where matches(suffix) && !(suffix.count == 1 && suffix.first!.isLetter && isWordContinuation(at: position + 1))
        {
            position += suffix.utf8.count
            // Percent is a division so that 80% is exactly the double nearest 0.8.
            value = factor == 0.01 ? value / 100 : value * factor
            break
        }
        return Token(kind: .number(value), text: text(start..<position), span: start..<position)
    }

    private mutating func scanDigits() -> Int {
        let start = position
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        return position - start
    }

    // MARK: - Strings

    private static let quotes: [(open: String, close: String)] = [
        ("\"", "\""), ("'", "'"), ("“", "”"), ("‘", "’"), ("「", "」"), ("『", "』"),
    ]

    private func closingQuote(at offset: Int) -> String? {
        Lexer.quotes.first { matches($0.open, at: offset) }?.close
    }

    private mutating func string(from start: Int, closing: String) throws(Diagnostic) -> Token {
        let open = Lexer.quotes.first { $0.close == closing && matches($0.open, at: start) }!.open
        position += open.utf8.count
        var content: [UInt8] = []
        while position < bytes.count {
            if matches(closing) {
                position += closing.utf8.count
                return Token(kind: .string, text: String(decoding: content, as: UTF8.self), span: start..<position)
            }
            if bytes[position] == UInt8(ascii: "\\") && position + 1 < bytes.count {
                position += 1
            }
            content.append(bytes[position])
            position += 1
        }
        throw Diagnostic(span: start..<position, reason: .unterminatedString)
    }

    // MARK: - Characters

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func matches(_ text: String, at offset: Int? = nil) -> Bool {
        let start = offset ?? position
        let utf8 = text.utf8
        guard start + utf8.count <= bytes.count else { return false }
        return zip(bytes[start..<start + utf8.count], utf8).allSatisfy { $0 == $1 }
    }

    private func scalar(at offset: Int) -> Unicode.Scalar? {
        guard offset < bytes.count else { return nil }
        var iterator = bytes[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    private func isWordStart(at offset: Int) -> Bool {
        guard let scalar = scalar(at: offset) else { return false }
        return scalar == "_" || scalar.properties.isAlphabetic
    }

    private func isWordContinuation(at offset: Int) -> Bool {
        guard let scalar = scalar(at: offset) else { return false }
        return scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private mutating func advanceScalar() {
        let lead = bytes[position]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        position = min(bytes.count, position + max(1, length))
    }
}
