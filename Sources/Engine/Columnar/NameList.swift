import Synchronization

/// The names of an entity table (reps, customers, products) by code: as loaded from SQLite, or
/// the snapshot's bytes, each name made into a String only when asked for. Opening a workspace
/// of 100k customers for a question about regions reads none of their names.
struct NameList: RandomAccessCollection, Sendable {
    private var loaded: [String]
    private var mapped: MappedNames?

    init(_ names: [String] = [""]) {
        loaded = names
        mapped = nil
    }

    init(mapped: MappedNames) {
        loaded = []
        self.mapped = mapped
    }

    var startIndex: Int { 0 }
    var endIndex: Int { mapped?.count ?? loaded.count }

    subscript(position: Int) -> String { mapped?.name(position) ?? loaded[position] }

    /// The names of many codes at once, reading the mapped bytes in one pass (a breakdown by
    /// 64k customers asked for each name apart, paying for the lookup every time).
    func names(at codes: [Int]) -> [String] {
        if let mapped { return mapped.names(at: codes) }
        return codes.map { loaded[$0] }
    }

    /// Every name, in code order.
    var all: [String] { mapped?.all ?? loaded }

    mutating func append(_ name: String) {
        if let mapped {
            loaded = mapped.all
            self.mapped = nil
        }
        loaded.append(name)
    }

    /// The names as UTF-8 bytes end to end and where each ends, for the snapshot.
    var packed: (bytes: [UInt8], ends: [Int64]) {
        var bytes: [UInt8] = []
        var ends: [Int64] = []
        ends.reserveCapacity(count)
        for name in self {
            bytes.append(contentsOf: name.utf8)
            ends.append(Int64(bytes.count))
        }
        return (bytes, ends)
    }
}

/// Names in the mapped snapshot: their bytes end to end and where each ends, checked against
/// their checksums when first read. Damaged, every name reads as "" and the file is marked
/// damaged (the engine then answers again from SQLite).
final class MappedNames: Sendable {
    private let ends: Checked<Int64>
    private let bytes: Checked<UInt8>
    private let decoded = Mutex<[String]?>(nil)

    init(ends: Checked<Int64>, bytes: Checked<UInt8>) {
        self.ends = ends
        self.bytes = bytes
    }

    var count: Int { ends.count }

    func name(_ code: Int) -> String { names(at: [code])[0] }

    func names(at codes: [Int]) -> [String] {
        let ends = ends.wrappedValue
        let bytes = bytes.wrappedValue
        return ends.withUnsafeBufferPointer { ends in
            bytes.withUnsafeBufferPointer { bytes in
                codes.map { code in
                    precondition(code >= 0 && code < ends.count, "NameList index out of range")
                    let start = code == 0 ? 0 : Int(ends[code - 1])
                    let end = Int(ends[code])
                    guard start >= 0, start <= end, end <= bytes.count else { return "" }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                }
            }
        }
    }

    var all: [String] {
        decoded.withLock { decoded in
            if let decoded { return decoded }
            let names = (0..<count).map(name)
            decoded = names
            return names
        }
    }
}
