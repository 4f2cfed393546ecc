import Foundation

/// The zip CRC-32 (polynomial 0xEDB88320), sixteen bytes a step ("slicing-by-16").
///
/// ZIPFoundation checks CRCs on Linux with a byte-at-a-time table loop that costs as much as the
/// inflating itself, so parts are extracted with its check off and checked here instead.
struct CRC32Checksum {
    /// The running value (pre- and post-inverted as the zip format wants).
    private(set) var value: UInt32 = 0

    /// Sixteen 256-entry tables: table k gives the CRC of a byte followed by k zero bytes.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 16 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[byte] = crc
        }
        for byte in 0..<256 {
            var crc = tables[byte]
            for slice in 1..<16 {
                crc = tables[Int(crc & 0xFF)] ^ (crc >> 8)
                tables[slice * 256 + byte] = crc
            }
        }
        return tables
    }()

    /// Folds `bytes` into the checksum.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        var crc = ~value
        var pointer = start
        var remaining = bytes.count
        Self.tables.withUnsafeBufferPointer { table in
            guard let t = table.baseAddress else { return }
            @inline(__always) func lookup(_ slice: Int, _ index: UInt64) -> UInt32 {
                t[slice &* 256 &+ Int(truncatingIfNeeded: index & 0xFF)]
            }
            while remaining >= 16 {
                let first = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self)) ^ UInt64(crc)
                let second = UInt64(littleEndian: (pointer + 8).loadUnaligned(as: UInt64.self))
                crc =
                    lookup(15, first) ^ lookup(14, first >> 8) ^ lookup(13, first >> 16) ^ lookup(12, first >> 24)
                    ^ lookup(11, first >> 32) ^ lookup(10, first >> 40) ^ lookup(9, first >> 48)
                    ^ lookup(8, first >> 56)
                    ^ lookup(7, second) ^ lookup(6, second >> 8) ^ lookup(5, second >> 16) ^ lookup(4, second >> 24)
                    ^ lookup(3, second >> 32) ^ lookup(2, second >> 40) ^ lookup(1, second >> 48)
                    ^ lookup(0, second >> 56)
                pointer += 16
                remaining -= 16
            }
            let tail = pointer.assumingMemoryBound(to: UInt8.self)
            for index in 0..<remaining {
                crc = t[Int((crc ^ UInt32(tail[index])) & 0xFF)] ^ (crc >> 8)
            }
        }
        value = ~crc
    }
}
