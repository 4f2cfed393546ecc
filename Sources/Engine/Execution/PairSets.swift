import Foundation

/// A set of non-negative keys below `keySpace`, for distinct counts: a bitmap when the key space
/// is small enough (zeroed lazily by `calloc`, so only touched pages cost), else a hash table.
///
///     let seen = KeySet(keySpace: groups * customers, expected: rows)
///     if seen.insert(group * customers + customer) { distinct[group] += 1 }
final class KeySet {
    private let bits: UnsafeMutablePointer<UInt64>?
    private var table: HashTable<Bool>

    // Bitmaps up to 2^27 bits (16 MB): region × month × every customer or order of a year.
    private static let bitmapLimit = 1 << 27

    init(keySpace: Int, expected: Int) {
        if keySpace <= Self.bitmapLimit {
            bits = calloc((keySpace + 63) / 64 + 1, 8)!.assumingMemoryBound(to: UInt64.self)
            table = HashTable()
        } else {
            bits = nil
            table = HashTable(expected: expected)
        }
    }

    deinit { free(bits) }

    /// Adds the key; true when it was not there.
    @inline(__always)
    func insert(_ key: Int) -> Bool {
        guard let bits else {
            if table[key] != nil { return false }
            table[key] = true
            return true
        }
        let word = key >> 6
        let mask = UInt64(1) << UInt64(key & 63)
        if bits[word] & mask != 0 { return false }
        bits[word] |= mask
        return true
    }

    func contains(_ key: Int) -> Bool {
        guard let bits else { return table[key] != nil }
        return bits[key >> 6] & (UInt64(1) << UInt64(key & 63)) != 0
    }
}

/// A small counter per non-negative key below `keySpace`: an array when the space is small
/// enough, else a hash table. Used for orders per (group, customer) and retention's stamps.
final class KeyCounts {
    private let dense: UnsafeMutablePointer<UInt32>?
    private var table: HashTable<UInt32>

    // Arrays up to 2^25 counters (128 MB of address space, zeroed lazily: only the pages a
    // query touches cost). (region, customer) pairs at 10M order lines are 8M keys: hashed, they
    // took most of a second.
    private static let denseLimit = 1 << 25

    init(keySpace: Int, expected: Int) {
        if keySpace <= Self.denseLimit {
            dense = calloc(max(keySpace, 1), 4)!.assumingMemoryBound(to: UInt32.self)
            table = HashTable()
        } else {
            dense = nil
            table = HashTable(expected: expected)
        }
    }

    deinit { free(dense) }

    subscript(key: Int) -> UInt32 {
        get { dense?[key] ?? table[key] ?? 0 }
        set {
            if let dense { dense[key] = newValue } else { table[key] = newValue }
        }
    }
}
