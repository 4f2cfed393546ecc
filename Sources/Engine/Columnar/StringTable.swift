import Foundation

/// The text values of one dimension, each stored once and named by a small code. Code 0 is
/// "no value" (SQL NULL), so a column of codes needs no separate null mask.
///
///     var regions = StringTable()
///     regions.code(for: "华东")   // 1
///     regions.label(1)            // "华东"
struct StringTable: Sendable {
    /// Values by code; `values[0]` stands for NULL and is never shown.
    private(set) var values: [String] = [""]
    private var codes: [String: Int32] = [:]
    /// The UTF-8 bytes of the first values end to end, and where each ends, for
    /// `code(forBytes:)`'s linear probe.
    private var probeBytes: [UInt8] = []
    private var probeEnds: [Int] = [0]

    /// Codes including the NULL code 0: the size of a table indexed by code.
    var count: Int { values.count }

    /// The non-NULL values in code order.
    var members: ArraySlice<String> { values[1...] }

    /// The code of `text`, adding it when new; 0 for nil.
    mutating func code(for text: String?) -> Int32 {
        guard let text else { return 0 }
        if let code = codes[text] { return code }
        let code = Int32(values.count)
        values.append(text)
        codes[text] = code
        if probeEnds.count <= Self.probeLimit {
            probeBytes.append(contentsOf: text.utf8)
            probeEnds.append(probeBytes.count)
        }
        return code
    }

    /// The code of a value read as UTF-8 bytes. Columns like region and channel hold a handful of
    /// values over a million rows, so a linear probe of the first values beats hashing a String.
    mutating func code(forBytes bytes: UnsafeBufferPointer<UInt8>?) -> Int32 {
        guard let bytes, let start = bytes.baseAddress else { return 0 }
        let found = probeBytes.withUnsafeBufferPointer { known -> Int32 in
            probeEnds.withUnsafeBufferPointer { ends in
                for index in 1..<ends.count where ends[index] - ends[index - 1] == bytes.count {
                    if memcmp(known.baseAddress! + ends[index - 1], start, bytes.count) == 0 { return Int32(index) }
                }
                return 0
            }
        }
        return found != 0 ? found : code(for: String(decoding: bytes, as: UTF8.self))
    }

    /// A table holding `values` (without the NULL slot), in that code order.
    init(members: [String]) {
        for value in members { _ = code(for: value) }
    }

    init() {}

    /// The code of an existing value, nil when the table does not hold it.
    func existingCode(for text: String) -> Int32? { codes[text] }

    /// The value of a code; nil for the NULL code.
    func label(_ code: Int32) -> String? { code == 0 ? nil : values[Int(code)] }

    // The first values get the byte probe: enough for regions, channels, segments, categories
    // and activity types (METRICS.md's fixed vocabularies have at most seven values).
    private static let probeLimit = 16
}
