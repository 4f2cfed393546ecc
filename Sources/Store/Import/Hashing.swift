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
    /// Start and length of each distinct string in `arena`, by id.
    private var starts: [Int] = []
    private var lengths: [Int] = []
    /// The stable hash of each distinct string, by id (fingerprints reuse it).
    private(set) var hashes: [UInt64] = []
    /// Open addressing: id + 1, or 0 for an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)

    var count: Int { starts.count }

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = StableHash.hash(bytes)
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let id = entry - 1
            if hashes[id] == hash && equals(id, bytes) { return Int32(id) }
            slot = (slot + 1) & mask
        }
        let id = starts.count
        if (id + 1) * 2 > slots.count {
            grow()
            mask = slots.count - 1
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
        }
        starts.append(arena.count)
        lengths.append(bytes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        slots[slot] = Int32(id + 1)
        return Int32(id)
    }

    func string(_ id: Int32) -> String {
        let id = Int(id)
        return arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[starts[id]..<starts[id] + lengths[id]]), as: UTF8.self)
        }
    }

    /// Every distinct string, by id.
    func strings() -> [String] { (0..<count).map { string(Int32($0)) } }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lengths[id] == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            guard let base = bytes.baseAddress, let storedBase = stored.baseAddress else { return true }
            return memcmp(storedBase + starts[id], base, bytes.count) == 0
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id + 1)
        }
        slots = bigger
    }
}
