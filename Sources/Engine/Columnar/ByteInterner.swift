/// Distinct byte strings numbered 0, 1, 2, … in order of first sight, without building a
/// `String` for each: order numbers are a million short strings that only need telling apart.
///
///     var numbers = ByteInterner()
///     numbers.code(for: bytes("SO00000001"))   // 0
///     numbers.code(for: bytes("SO00000002"))   // 1
///     numbers.code(for: bytes("SO00000001"))   // 0
struct ByteInterner {
    private var arena: [UInt8] = []
    /// Start of each value in `arena`, plus one end marker.
    private var offsets: [Int] = [0]
    /// Open addressing: code + 1 per slot, 0 when empty.
    private var slots: [Int32]
    private var hashes: [UInt64]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        hashes = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// How many distinct values it holds.
    var count: Int { offsets.count - 1 }

    mutating func code(for bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if hashes[slot] == hash && equals(Int(entry - 1), bytes) { return entry - 1 }
            slot = (slot + 1) & mask
        }
        let code = Int32(count)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        slots[slot] = code + 1
        hashes[slot] = hash
        if count * 2 > slots.count { grow() }
        return code
    }

    private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[code]
        let end = offsets[code + 1]
        guard end - start == bytes.count else { return false }
        for index in 0..<bytes.count where arena[start + index] != bytes[index] { return false }
        return true
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: size)
        var newHashes = [UInt64](repeating: 0, count: size)
        let newMask = size - 1
        for slot in 0..<slots.count where slots[slot] != 0 {
            var target = Int(truncatingIfNeeded: hashes[slot]) & newMask
            while newSlots[target] != 0 { target = (target + 1) & newMask }
            newSlots[target] = slots[slot]
            newHashes[target] = hashes[slot]
        }
        slots = newSlots
        hashes = newHashes
        mask = newMask
    }

    // FNV-1a, then a multiply-shift finaliser so that the low bits (the slot) depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash ^= hash >> 29
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 32)
    }
}
