import Foundation

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
    /// Open addressing: per slot the value's hash and its code + 1 (0 when empty).
    private var slots: [(hash: UInt64, entry: Int32)]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: (0, 0), count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 12)
        offsets.reserveCapacity(capacity + 1)
    }

    /// How many distinct values it holds.
    var count: Int { offsets.count - 1 }

    mutating func code(for bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                offsets.withUnsafeBufferPointer { offsets in
                    while true {
                        let (slotHash, entry) = slots[slot]
                        if entry == 0 { return nil }
                        if slotHash == hash {
                            let start = offsets[Int(entry - 1)]
                            let length = offsets[Int(entry)] - start
                            if length == bytes.count
                                && (length == 0 || memcmp(arena.baseAddress! + start, bytes.baseAddress!, length) == 0)
                            {
                                return entry - 1
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        let code = Int32(count)
        arena.append(contentsOf: bytes)
        offsets.append(arena.count)
        slots[slot] = (hash, code + 1)
        if count * 2 > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [(hash: UInt64, entry: Int32)](repeating: (0, 0), count: size)
        let newMask = size - 1
        for old in slots where old.entry != 0 {
            var target = Int(truncatingIfNeeded: old.hash) & newMask
            while newSlots[target].entry != 0 { target = (target + 1) & newMask }
            newSlots[target] = old
        }
        slots = newSlots
        mask = newMask
    }

    // FNV-1a, then a multiply-shift finaliser so that the low bits (the slot) depend on every byte.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash ^= hash >> 29
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 32)
    }
}
