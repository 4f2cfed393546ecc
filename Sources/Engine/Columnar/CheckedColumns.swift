import Foundation
import Synchronization

/// A column that may come from the snapshot file, checked against its checksum the first time
/// a query reads it. A damaged column reads as zeros (code 0 is "no value" in every table, so
/// nothing indexes out of range) and marks the file damaged; the engine then loads the
/// workspace from SQLite and answers again (`MetricEngine.execute`).
@propertyWrapper
struct Checked<Element: BitwiseCopyable>: Sendable {
    private var stored: Vector<Element>
    private var check: ColumnCheck?

    init(wrappedValue: Vector<Element>) {
        stored = wrappedValue
        check = nil
    }

    init(_ vector: Vector<Element>, check: ColumnCheck) {
        stored = vector
        self.check = check
    }

    var wrappedValue: Vector<Element> {
        // Yielded, not returned: a loop reading `table.column[i]` then costs no reference counting.
        _read {
            if let check, !check.isIntact {
                yield Vector(zeroed: stored.count)
            } else {
                yield stored
            }
        }
        set {
            stored = newValue
            check = nil
        }
        // In place, so that appending while loading does not copy the column each time.
        _modify {
            check = nil
            yield &stored
        }
    }

    /// The column's length, known without reading (or checking) it.
    var count: Int { stored.count }

    var projectedValue: Checked<Element> {
        get { self }
        set { self = newValue }
    }
}

/// One column's bytes in the mapped file and the checksum written with them, verified once.
final class ColumnCheck: @unchecked Sendable {
    private let start: UnsafeRawPointer?
    private let count: Int
    private let checksum: UInt64
    private let file: MappedFile
    /// 0 not yet verified, 1 intact, 2 damaged.
    private let state = Atomic<UInt8>(0)

    init(_ bytes: UnsafeRawBufferPointer, checksum: UInt64, file: MappedFile) {
        start = bytes.baseAddress
        count = bytes.count
        self.checksum = checksum
        self.file = file
    }

    var isIntact: Bool {
        switch state.load(ordering: .acquiring) {
        case 1: return true
        case 2: return false
        default:
            let intact = Checksum.of(UnsafeRawBufferPointer(start: start, count: count)) == checksum
            state.store(intact ? 1 : 2, ordering: .releasing)
            if !intact { file.isDamaged = true }
            return intact
        }
    }
}

/// A file mapped read-only into memory, unmapped when the last column over it goes.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let damaged = Atomic<Bool>(false)

    /// Whether a column's checksum failed: the file is not what kpish wrote.
    var isDamaged: Bool {
        get { damaged.load(ordering: .acquiring) }
        set { damaged.store(newValue, ordering: .releasing) }
    }

    var count: Int { bytes.count }

    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else {
            return nil
        }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            return nil
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// A Fletcher-style sum over 64-bit words in four lanes: any changed byte changes it, and so
/// does moving words around; it runs at memory speed.
enum Checksum {
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var first: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var second: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let blocks = bytes.count / 32
        if let base = bytes.baseAddress {
            for block in 0..<blocks {
                let at = block * 32
                first.0 &+= base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                first.1 &+= base.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)
                first.2 &+= base.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self)
                first.3 &+= base.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)
                second.0 &+= first.0
                second.1 &+= first.1
                second.2 &+= first.2
                second.3 &+= first.3
            }
        }
        var tail: UInt64 = 0
        for index in (blocks * 32)..<bytes.count { tail = tail &* 31 &+ UInt64(bytes[index]) &+ 1 }
        var sum = UInt64(bytes.count)
        for part in [first.0, first.1, first.2, first.3, second.0, second.1, second.2, second.3, tail] {
            sum = (sum ^ part) &* 0x9E37_79B9_7F4A_7C15
            sum ^= sum >> 29
        }
        return sum
    }
}
