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
        var start: Int32
        var length: Int32
    }
    /// Each distinct string's place in `arena`, by id (16 GB of names would overflow; a sales
    /// file holds megabytes).
    private var entries: [Entry] = []
    /// The stable hash of each distinct string, by id: fingerprints read one per row and field.
    private var hashes: [UInt64] = []
    /// Open addressing: the hash's top 32 bits and the id + 1, so that most mismatches are told
    /// apart without touching `hashes` or `arena` (two cache misses per lookup were a tenth of
    /// reading a file); 0 is an empty slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)

    var count: Int { entries.count }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = StableHash.hash(bytes)
        if (entries.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry >> 32 == tag {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if hashes[id] == hash && equals(id, bytes) { return Int32(id) }
            }
            slot = (slot + 1) & mask
        }
        let id = entries.count
        entries.append(Entry(start: Int32(arena.count), length: Int32(bytes.count)))
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        slots[slot] = tag << 32 | UInt64(id + 1)
        return Int32(id)
    }

    /// The `StableHash` of string `id` (fingerprints reuse it).
    func hash(_ id: Int32) -> UInt64 { hashes[Int(id)] }

    /// Calls `body` with the bytes of string `id`.
    @inline(__always)
    func withBytes<Result>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let entry = entries[Int(id)]
        let start = Int(entry.start)
        return try arena.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[start..<start + Int(entry.length)]))
        }
    }

    func string(_ id: Int32) -> String { withBytes(id) { String(decoding: $0, as: UTF8.self) } }

    /// Every distinct string, by id.
    func strings() -> [String] { (0..<count).map { string(Int32($0)) } }

    /// Compares eight bytes at a time: names are short, and calling `memcmp` for each of millions
    /// of lookups cost more than the comparing.
    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[id]
        let count = bytes.count
        guard Int(entry.length) == count else { return false }
        guard let base = bytes.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { stored in
            let left = UnsafeRawPointer(stored.baseAddress! + Int(entry.start))
            let right = UnsafeRawPointer(base)
            var offset = 0
            while offset + 8 <= count {
                if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                {
                    return false
                }
                offset += 8
            }
            while offset < count {
                if left.load(fromByteOffset: offset, as: UInt8.self)
                    != right.load(fromByteOffset: offset, as: UInt8.self)
                {
                    return false
                }
                offset += 1
            }
            return true
        }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (hash >> 32) << 32 | UInt64(id + 1)
        }
    }
}

/// A map from 64-bit hashes to integers by open addressing: the hashes are already well mixed,
/// so unlike `Dictionary` it does not hash them again (SipHash was a tenth of an import's reading
/// time), and key and value share a slot (one cache miss per lookup, not three).
///
///     var counts = HashTable(capacity: rows)
///     counts.update(hash) { $0 + 1 }   // the value before: 0 the first time
struct HashTable {
    private struct Slot {
        var key: UInt64
        var value: Int64
        var used: Bool
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity + capacity / 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: 0, value: 0, used: false), count: size)
        mask = size - 1
    }

    subscript(key: UInt64) -> Int64? {
        var index = Int(truncatingIfNeeded: key) & mask
        while slots[index].used {
            if slots[index].key == key { return slots[index].value }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Sets the value for `key` to `change(current)` (`current` is `initial` for a new key) and
    /// returns the value before the change.
    @discardableResult
    mutating func update(_ key: UInt64, initial: Int64 = 0, _ change: (Int64) -> Int64) -> Int64 {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var index = Int(truncatingIfNeeded: key) & mask
        while slots[index].used {
            if slots[index].key == key {
                let old = slots[index].value
                slots[index].value = change(old)
                return old
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(key: key, value: change(initial), used: true)
        count += 1
        return initial
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, value: 0, used: false), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.used {
            var index = Int(truncatingIfNeeded: slot.key) & mask
            while slots[index].used { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}

/// The first record with each value hash: eight bytes a slot (32 bits of the hash, 32 of the
/// record), so that a million rows' table is 16 MB, where a slot per key and value was 48 MB of
/// cache misses — a tenth of an import's time.
///
///     var first = FirstRecordTable(capacity: rows)
///     first.claim(hash, record: 7) { hashes[Int($0)] }   // nil: 7 is the first; else the earlier record
struct FirstRecordTable {
    private var slots: [UInt64]
    private var mask: Int
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity + capacity / 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// Reads the slot `hash` starts at, so that it is in the cache by the time `claim` needs it.
    @inline(__always)
    func touch(_ hash: UInt64) -> UInt64 { slots[Int(truncatingIfNeeded: hash) & mask] }

    /// The earlier record whose hash (as `hashOf` tells) is `hash`; nil after recording `record`
    /// as the first.
    mutating func claim(_ hash: UInt64, record: Int32, hashOf: (Int32) -> UInt64) -> Int32? {
        if (count + 1) * 4 > slots.count * 3 { grow(hashOf) }
        let tag = hash >> 32
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] != 0 {
            let slot = slots[index]
            if slot >> 32 == tag {
                let earlier = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                if hashOf(earlier) == hash { return earlier }
            }
            index = (index + 1) & mask
        }
        slots[index] = tag << 32 | UInt64(record + 1)
        count += 1
        return nil
    }

    private mutating func grow(_ hashOf: (Int32) -> UInt64) {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            let record = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
            var index = Int(truncatingIfNeeded: hashOf(record)) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
