import CPCRE2

/// A PCRE2 pattern compiled once in UTF mode, matched against UTF-8 text.
///
///     let pattern = try Pattern("(华东|华南)区?")
///     pattern.firstMatch(in: "上季度华东区达成率")?.groups[0]   // "华东区"
public final class Pattern: @unchecked Sendable {
    // The compiled code is immutable after init; match data is created per call, so sharing
    // a Pattern across threads is safe (PCRE2 documents pcre2_code as thread-safe for matching).
    private let code: OpaquePointer
    public let source: String

    /// A pattern that failed to compile: PCRE2's message and the offset (in UTF-8 bytes).
    public struct CompileError: Error, Equatable {
        public let message: String
        public let offset: Int
    }

    public init(_ source: String, caseInsensitive: Bool = false) throws {
        self.source = source
        var errorCode: Int32 = 0
        var errorOffset = 0
        var options = UInt32(PCRE2_UTF | PCRE2_UCP)
        if caseInsensitive { options |= UInt32(PCRE2_CASELESS) }
        let compiled = source.withCString { text in
            text.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) {
                pcre2_compile_8($0, source.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
            throw CompileError(
                message: String(decoding: buffer.prefix(max(0, Int(length))), as: UTF8.self), offset: errorOffset)
        }
        // Not JIT-compiled: the questions are a few dozen bytes, and PCRE2's interpreter matched
        // the question corpus faster (650 µs a question against 712) without the 3–5 ms that
        // JIT-compiling the grammar's 130 patterns added to every one-shot question.
        code = compiled
    }

    deinit { pcre2_code_free_8(code) }

    /// PCRE2_UNSET, `~(PCRE2_SIZE)0`, which Swift does not import; PCRE2_SIZE is size_t.
    private static let unset = Int(bitPattern: UInt.max)

    /// A match: the whole matched text first, then each capture group (nil when it took no part).
    public struct Match: Equatable, Sendable {
        public let groups: [String?]
        /// The whole match as a range of UTF-8 byte offsets.
        public let range: Range<Int>
    }

    public func firstMatch(in text: String, from offset: Int = 0) -> Match? {
        let data = pcre2_match_data_create_from_pattern_8(code, nil)
        defer { pcre2_match_data_free_8(data) }
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { buffer in
            pcre2_match_8(code, buffer.baseAddress, buffer.count, offset, 0, data, nil)
        }
        guard result > 0, let vector = pcre2_get_ovector_pointer_8(data) else { return nil }
        var groups: [String?] = []
        for group in 0..<Int(result) {
            let start = vector[2 * group]
            let end = vector[2 * group + 1]
            if start == Self.unset || end < start {
                groups.append(nil)
            } else {
                groups.append(String(decoding: bytes[start..<end], as: UTF8.self))
            }
        }
        return Match(groups: groups, range: vector[0]..<vector[1])
    }

    /// Every non-overlapping match, left to right.
    public func allMatches(in text: String) -> [Match] {
        var matches: [Match] = []
        var offset = 0
        let length = text.utf8.count
        while offset <= length, let match = firstMatch(in: text, from: offset) {
            matches.append(match)
            offset = match.range.isEmpty ? match.range.upperBound + 1 : match.range.upperBound
        }
        return matches
    }
}
