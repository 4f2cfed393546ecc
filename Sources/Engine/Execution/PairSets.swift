import Foundation

/// A set of non-negative keys below `keySpace`, for distinct counts: a bitmap when the key space
/// is small enough (zeroed lazily by `calloc`, so only touched pages cost), else a hash set.
///
///     let seen = KeySet(keySpace: groups * customers, expected: rows)
///     if seen.insert(group * customers + customer) { distinct[group] += 1 }
final class KeySet {
    private let bits: UnsafeMutablePointer<UInt64>?
    private var table: [Int]
    private var used = 0

    // Bitmaps up to 2^27 bits (16 MB): region × month × every customer or order of a year.
    private static let bitmapLimit = 1 << 27

    init(keySpace: Int, expected: Int) {
        if keySpace <= Self.bitmapLimit {
            let words = (keySpace + 63) / 64
            bits = calloc(max(words, 1), 8)!.assumingMemoryBound(to: UInt64.self)
            table = []
        } else {
            bits = nil
            var size = 64
            while size < expected * 2 { size <<= 1 }
            table = Array(repeating: -1, count: size)
        }
    }

    deinit { free(bits) }

    /// Adds the key; true when it was not there.
    @inline(__always)
    func insert(_ key: Int) -> Bool {
        if let bits {
            let word = key >> 6
            let mask = UInt64(1) << UInt64(key & 63)
            if bits[word] & mask != 0 { return false }
            bits[word] |= mask
            return true
        }
        return insertHashed(key)
    }

    func contains(_ key: Int) -> Bool {
        if let bits { return bits[key >> 6] & (UInt64(1) << UInt64(key & 63)) != 0 }
        var slot = IntMap.slot(key, table.count)
        while table[slot] >= 0 {
            if table[slot] == key { return true }
            slot = (slot + 1) & (table.count - 1)
        }
        return false
    }

    private func insertHashed(_ key: Int) -> Bool {
        if (used + 1) * 2 > table.count { grow() }
        var slot = IntMap.slot(key, table.count)
        while table[slot] >= 0 {
            if table[slot] == key { return false }
            slot = (slot + 1) & (table.count - 1)
        }
        table[slot] = key
        used += 1
        return true
    }

    private func grow() {
        let old = table
        table = Array(repeating: -1, count: old.count * 2)
        for key in old where key >= 0 {
            var slot = IntMap.slot(key, table.count)
            while table[slot] >= 0 { slot = (slot + 1) & (table.count - 1) }
            table[slot] = key
        }
    }
}

/// A small counter per non-negative key below `keySpace`: an array when the space is small
/// enough, else a hash table. Used for orders per (group, customer) and retention's stamps.
final class KeyCounts {
    private let dense: UnsafeMutablePointer<UInt32>?
    private var keys: [Int]
    private var values: [UInt32]
    private var used = 0

    // Arrays up to 2^22 counters (16 MB).
    private static let denseLimit = 1 << 22

    init(keySpace: Int, expected: Int) {
        if keySpace <= Self.denseLimit {
            dense = calloc(max(keySpace, 1), 4)!.assumingMemoryBound(to: UInt32.self)
            keys = []
            values = []
        } else {
            dense = nil
            var size = 64
            while size < expected * 2 { size <<= 1 }
            keys = Array(repeating: -1, count: size)
            values = Array(repeating: 0, count: size)
        }
    }

    deinit { free(dense) }

    subscript(key: Int) -> UInt32 {
        get {
            if let dense { return dense[key] }
            var slot = IntMap.slot(key, keys.count)
            while keys[slot] >= 0 {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & (keys.count - 1)
            }
            return 0
        }
        set {
            if let dense {
                dense[key] = newValue
                return
            }
            if (used + 1) * 2 > keys.count { grow() }
            var slot = IntMap.slot(key, keys.count)
            while keys[slot] >= 0 && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
            if keys[slot] < 0 { used += 1 }
            keys[slot] = key
            values[slot] = newValue
        }
    }

    private func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: -1, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        for (key, value) in zip(oldKeys, oldValues) where key >= 0 {
            var slot = IntMap.slot(key, keys.count)
            while keys[slot] >= 0 { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
    }
}
