#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A 64-bit hash that is the same in every process and on every platform: row fingerprints are
/// stored in the workspace and compared by later runs, so Swift's per-process seeded `Hasher`
/// will not do.
///
///     var hash = StableHash()
///     hash.combine(bytes)
///     hash.combine(UInt64(day))
///     let fingerprint = hash.value
struct StableHash {
    private(set) var state: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Mixes one 64-bit word into the state.
    mutating func combine(_ word: UInt64) {
        state = Self.mix(state ^ word &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// Mixes bytes eight at a time, then their count (so "ab" + "c" differs from "a" + "bc").
    mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        combine(Self.hash(bytes))
    }

    var value: UInt64 { Self.mix(state) }

    /// The hash of a byte string on its own: wyhash's multiply-fold over 8-byte words.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0x5151_5151 }
        let raw = UnsafeRawPointer(base)
        var state: UInt64 = 0xA076_1D64_78BD_642F ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            state = fold(state ^ word, 0xE703_7ED1_A0B4_28DB)
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            state = fold(state ^ tail, 0x8EBC_6AF0_9C88_C6E3)
        }
        return mix(state)
    }

    /// The high and low halves of a 128-bit product, folded together.
    @inline(__always) private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// MurmurHash3's finaliser: every input bit affects every output bit.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }
}

/// Distinct byte strings numbered in order of first appearance, without making a `String` per
/// row: a million rows of customer and product names cost one `String` per distinct name.
///
///     var names = TextInterner()
///     let id = names.intern(bytes)   // 0, then the same 0 for equal bytes
///     names.string(id)               // "华东"
struct TextInterner {
    private var arena: [UInt8] = []
    private struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int
    }
    /// Each distinct string's place in `arena` and its stable hash, by id.
    private var entries: [Entry] = []
    /// Open addressing: id + 1, or 0 for an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)

    var count: Int { entries.count }

    /// The `StableHash` of each distinct string, by id (fingerprints reuse them).
    var hashes: [UInt64] { entries.map(\.hash) }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = StableHash.hash(bytes)
        if (entries.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            if entries[entry - 1].hash == hash && equals(entry - 1, bytes) { return Int32(entry - 1) }
            slot = (slot + 1) & mask
        }
        let id = entries.count
        entries.append(Entry(hash: hash, start: arena.count, length: bytes.count))
        arena.append(contentsOf: bytes)
        slots[slot] = Int32(id + 1)
        return Int32(id)
    }

    /// Calls `body` with the bytes of string `id`.
    @inline(__always)
    func withBytes<Result>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let entry = entries[Int(id)]
        return try arena.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[entry.start..<entry.start + entry.length]))
        }
    }

    func string(_ id: Int32) -> String { withBytes(id) { String(decoding: $0, as: UTF8.self) } }

    /// Every distinct string, by id.
    func strings() -> [String] { (0..<count).map { string(Int32($0)) } }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[id]
        guard entry.length == bytes.count else { return false }
        guard let base = bytes.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + entry.start, base, bytes.count) == 0 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }
}

/// A map from 64-bit hashes to small integers by open addressing: the hashes are already well
/// mixed, so unlike `Dictionary` it does not hash them again (SipHash was a tenth of an import's
/// reading time), and key and value share a slot (one cache miss per lookup, not three).
///
///     var counts = HashTable(capacity: rows)
///     counts.update(hash) { $0 + 1 }   // the value before: 0 the first time
struct HashTable {
    private struct Slot {
        var key: UInt64
        /// The value + 1; 0 marks an empty slot.
        var stored: Int64
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: 0, stored: 0), count: size)
        mask = size - 1
    }

    subscript(key: UInt64) -> Int32? {
        var index = Int(truncatingIfNeeded: key) & mask
        while slots[index].stored != 0 {
            if slots[index].key == key { return Int32(slots[index].stored - 1) }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Sets the value for `key` to `change(current)` (`current` is `initial` for a new key) and
    /// returns the value before the change.
    @discardableResult
    mutating func update(_ key: UInt64, initial: Int32 = 0, _ change: (Int32) -> Int32) -> Int32 {
        if (count + 1) * 2 > slots.count { grow() }
        var index = Int(truncatingIfNeeded: key) & mask
        while slots[index].stored != 0 {
            if slots[index].key == key {
                let old = Int32(slots[index].stored - 1)
                slots[index].stored = Int64(change(old)) + 1
                return old
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(key: key, stored: Int64(change(initial)) + 1)
        count += 1
        return initial
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, stored: 0), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.stored != 0 {
            var index = Int(truncatingIfNeeded: slot.key) & mask
            while slots[index].stored != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
