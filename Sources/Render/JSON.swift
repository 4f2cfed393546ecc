import Foundation

/// Pretty JSON with non-ASCII text kept readable (销售额, not \u9500…).
public func jsonText<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    // Sorted keys: the same answer prints the same bytes every time.
    encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes, .sortedKeys]
    guard let data = try? encoder.encode(value) else { return "null" }
    return String(decoding: data, as: UTF8.self)
}
