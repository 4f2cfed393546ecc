import Foundation
import Model
import Store

/// The columns saved beside the workspace (`kpish.db-columns`), so that opening a big workspace
/// reads one file instead of decoding every row from SQLite. The snapshot is keyed by the
/// store's change token: any write to the workspace changes it, and a stale snapshot is rebuilt.
enum ColumnSnapshot {
    /// The store's columns: from a current snapshot when there is one, else loaded (then saved,
    /// when nothing wrote meanwhile).
    static func columns(of source: any FactSource) throws -> Columns {
        if let path = source.snapshotPath, let token = source.changeToken(), let columns = read(path, token: token) {
            return columns
        }
        return try rebuild(for: source)
    }

    /// The store's columns loaded afresh, saved as its snapshot when nothing wrote meanwhile.
    static func rebuild(for source: any FactSource) throws -> Columns {
        let token = source.changeToken()
        let columns = try ColumnLoader.load(from: source)
        // The parallel load reads on two connections: if anything wrote meanwhile, the halves
        // may disagree, so read again in one transaction.
        guard let token, token == source.changeToken() else {
            return try ColumnLoader.loadInOneTransaction(from: source)
        }
        if let path = source.snapshotPath { write(columns, to: path, token: token) }
        return columns
    }

    // "KPCOLS" + format version: bump the version whenever `Columns.transfer` changes.
    private static let magic: [UInt8] = Array("KPCOLS09".utf8)

    /// The snapshot's columns, mapped and not yet read: the operating system pages in what a
    /// query touches. Nil when the file is not a whole snapshot of this version of the workspace.
    static func read(_ path: String, token: ChangeToken) -> Columns? {
        guard let file = MappedFile(path: path) else { return nil }
        var reader = SnapshotReader(file: file)
        guard reader.bytes(magic.count) == magic, reader.changeToken() == token else { return nil }
        var columns = Columns()
        columns.transfer(&reader)
        guard !reader.failed, reader.offset == file.count, columns.hasMatchingLengths else { return nil }
        columns.snapshot = file
        return columns
    }

    /// Where each column's values lie in the snapshot file, in `transfer` order (for tests that
    /// damage one column).
    static func columnRanges(_ path: String, token: ChangeToken) -> [Range<Int>] {
        guard let file = MappedFile(path: path) else { return [] }
        var reader = SnapshotReader(file: file)
        guard reader.bytes(magic.count) == magic, reader.changeToken() == token else { return [] }
        var columns = Columns()
        columns.transfer(&reader)
        return reader.columnRanges
    }

    /// Writes the snapshot atomically (a temporary file renamed over the old one), readable by
    /// the owner only like the workspace. Failing to write only costs the next start-up time.
    static func write(_ columns: Columns, to path: String, token: ChangeToken) {
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        guard descriptor >= 0 else { return }
        var writer = SnapshotWriter(descriptor: descriptor)
        writer.write(magic)
        writer.append(token)
        var copy = columns
        copy.transfer(&writer)
        writer.flush()
        close(descriptor)
        if writer.failed || rename(temporary, path) != 0 { unlink(temporary) }
    }
}

// MARK: - Encoding

/// Moves every column through a coder in one fixed order, for writing and reading alike.
protocol SnapshotCoder {
    var isReading: Bool { get }
    mutating func field<T: BitwiseCopyable>(_ values: inout Checked<T>)
    mutating func field(_ strings: inout [String])
    mutating func field(_ value: inout Int)
}

extension SnapshotCoder {
    /// Names go as two columns, where each ends and their bytes, read only when asked for.
    mutating func field(_ names: inout NameList) {
        let packed = isReading ? (bytes: [], ends: []) : names.packed
        var ends = Checked(wrappedValue: Vector(packed.ends))
        var bytes = Checked(wrappedValue: Vector(packed.bytes))
        field(&ends)
        field(&bytes)
        if isReading { names = NameList(mapped: MappedNames(ends: ends, bytes: bytes)) }
    }
}

extension Columns {
    /// Every column in one fixed order, the derived ones too (so that reading computes nothing).
    mutating func transfer(_ coder: inout some SnapshotCoder) {
        for keyPath in [\Columns.regions, \.teams, \.categories, \.segments, \.channels] {
            var members = Array(self[keyPath: keyPath].members)
            coder.field(&members)
            if coder.isReading { self[keyPath: keyPath] = StringTable(members: members) }
        }
        coder.field(&reps.names)
        coder.field(&reps.$nameRank)
        coder.field(&reps.$team)
        coder.field(&reps.$region)
        coder.field(&reps.$hired)
        coder.field(&reps.$left)
        coder.field(&customers.names)
        coder.field(&customers.$nameRank)
        coder.field(&customers.$region)
        coder.field(&customers.$segment)
        coder.field(&products.names)
        coder.field(&products.$nameRank)
        coder.field(&products.$category)

        coder.field(&orders.$date)
        coder.field(&orders.$order)
        coder.field(&orders.$customer)
        coder.field(&orders.$rep)
        coder.field(&orders.$product)
        coder.field(&orders.$region)
        coder.field(&orders.$channel)
        coder.field(&orders.$team)
        coder.field(&orders.$category)
        coder.field(&orders.$segment)
        coder.field(&orders.$quantity)
        coder.field(&orders.$amount)
        coder.field(&orders.$cost)
        coder.field(&orders.$firstOrderDay)
        coder.field(&orders.orderCount)

        coder.field(&opportunities.$created)
        coder.field(&opportunities.$closed)
        coder.field(&opportunities.$customer)
        coder.field(&opportunities.$rep)
        coder.field(&opportunities.$product)
        coder.field(&opportunities.$stage)
        coder.field(&opportunities.$lostStage)
        coder.field(&opportunities.$amount)
        coder.field(&opportunities.$region)
        coder.field(&opportunities.$team)
        coder.field(&opportunities.$category)
        coder.field(&opportunities.$segment)
        coder.field(&pipeline.openStages)

        coder.field(&activities.$date)
        coder.field(&activities.$customer)
        coder.field(&activities.$rep)
        coder.field(&activities.$type)
        coder.field(&activities.$region)
        coder.field(&activities.$team)
        coder.field(&activities.$segment)

        coder.field(&surveys.$date)
        coder.field(&surveys.$customer)
        coder.field(&surveys.$rep)
        coder.field(&surveys.$score)
        coder.field(&surveys.$complaint)
        coder.field(&surveys.$region)
        coder.field(&surveys.$team)
        coder.field(&surveys.$segment)

        coder.field(&reviews.$monthStart)
        coder.field(&reviews.$monthEnd)
        coder.field(&reviews.$rep)
        coder.field(&reviews.$kind)
        coder.field(&reviews.$score)
        coder.field(&reviews.$region)
        coder.field(&reviews.$team)
    }
}

/// The layout: after the magic and the key, each column is its count, its checksum and, from
/// the next multiple of 64 bytes, its values; a list of strings is its count, the payload's size
/// and checksum, then each string's length and bytes. Integers are 8 bytes, little-endian.
private let columnAlignment = 64

/// Streams columns to a file: small values gather in a buffer, whole columns go straight from
/// their memory to `write(2)` (a 100 MB snapshot is never copied in memory).
struct SnapshotWriter: SnapshotCoder {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var written = 0
    private(set) var failed = false
    var isReading: Bool { false }

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func field<T: BitwiseCopyable>(_ values: inout Checked<T>) {
        let vector = values.wrappedValue
        vector.withUnsafeBufferPointer { values in
            let bytes = UnsafeRawBufferPointer(values)
            var count = values.count
            field(&count)
            var sum = Int(bitPattern: UInt(Checksum.of(bytes)))
            field(&sum)
            buffer.append(contentsOf: repeatElement(0, count: padding(at: written + buffer.count)))
            flush()
            write(bytes)
        }
    }

    mutating func field(_ strings: inout [String]) {
        var payload: [UInt8] = []
        for string in strings {
            withUnsafeBytes(of: Int64(string.utf8.count).littleEndian) { payload.append(contentsOf: $0) }
            payload.append(contentsOf: string.utf8)
        }
        var count = strings.count
        field(&count)
        var size = payload.count
        field(&size)
        var sum = payload.withUnsafeBytes { Int(bitPattern: UInt(Checksum.of($0))) }
        field(&sum)
        buffer.append(contentsOf: payload)
    }

    mutating func field(_ value: inout Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { buffer.append(contentsOf: $0) }
    }

    mutating func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// The token's length, then its parts.
    mutating func append(_ token: ChangeToken) {
        var count = token.parts.count
        field(&count)
        for var value in token.parts.map(Int.init) { field(&value) }
    }

    mutating func flush() {
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        pending.withUnsafeBytes { write($0) }
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count && !failed {
            let count = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count <= 0 { failed = true } else { offset += count }
        }
        written += offset
    }
}

/// The zero bytes that bring `offset` to the next column boundary.
private func padding(at offset: Int) -> Int { (columnAlignment - offset % columnAlignment) % columnAlignment }

/// Reads the layout `SnapshotWriter` writes. Columns are not read here: each becomes a vector
/// over the mapped file with a check that runs when a query first asks for it.
struct SnapshotReader: SnapshotCoder {
    let file: MappedFile
    var offset = 0
    var failed = false
    private(set) var columnRanges: [Range<Int>] = []
    var isReading: Bool { true }

    init(file: MappedFile) { self.file = file }

    private var bytes: UnsafeRawBufferPointer { file.bytes }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard !failed, count >= 0, offset + count <= bytes.count else {
            failed = true
            return nil
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func field(_ value: inout Int) {
        guard !failed, offset + 8 <= bytes.count else {
            failed = true
            return
        }
        value = Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        offset += 8
    }

    mutating func field<T: BitwiseCopyable>(_ values: inout Checked<T>) {
        var count = 0
        var sum = 0
        field(&count)
        field(&sum)
        offset += padding(at: offset)
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !failed, count >= 0, !overflow, offset <= bytes.count, size <= bytes.count - offset else {
            failed = true
            return
        }
        let region = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size])
        let pointer = region.baseAddress.map { $0.bindMemory(to: T.self, capacity: count) }
        let vector = pointer.map { Vector(mapped: $0, count: count, owner: file) } ?? Vector()
        values = Checked(vector, check: ColumnCheck(region, checksum: UInt64(UInt(bitPattern: sum)), file: file))
        columnRanges.append(offset..<offset + size)
        offset += size
    }

    mutating func field(_ strings: inout [String]) {
        var count = 0
        var size = 0
        var sum = 0
        field(&count)
        field(&size)
        field(&sum)
        guard !failed, count >= 0, size >= 0, offset <= bytes.count, size <= bytes.count - offset,
            count <= size / 8
        else {
            failed = true
            return
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size])
        // Names are few and read at once (the question matcher needs them): checked at once too.
        guard Checksum.of(payload) == UInt64(UInt(bitPattern: sum)) else {
            failed = true
            return
        }
        let end = offset + size
        strings = []
        strings.reserveCapacity(count)
        for _ in 0..<count {
            var length = 0
            field(&length)
            guard !failed, length >= 0, length <= end - offset else {
                failed = true
                return
            }
            strings.append(
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self))
            offset += length
        }
        if offset != end { failed = true }
    }

    mutating func changeToken() -> ChangeToken? {
        var count = 0
        field(&count)
        // A token is a handful of numbers: a longer one is not a snapshot kpish wrote.
        guard !failed, (0...64).contains(count) else { return nil }
        var values = [Int](repeating: 0, count: count)
        for index in values.indices { field(&values[index]) }
        guard !failed else { return nil }
        return ChangeToken(parts: values.map(Int64.init))
    }
}

extension Columns {
    /// Whether every table's columns have one length: a snapshot that fails this is ignored.
    /// (What the values are is the checksums' business: the snapshot holds what a load from
    /// SQLite gave, whose codes index their tables and whose dates are sorted.)
    var hasMatchingLengths: Bool {
        let entities =
            [reps.$nameRank.count, reps.$team.count, reps.$region.count, reps.$hired.count, reps.$left.count].allSatisfy { $0 == reps.count }
            && [customers.$nameRank.count, customers.$region.count, customers.$segment.count].allSatisfy { $0 == customers.count }
            && [products.$nameRank.count, products.$category.count].allSatisfy { $0 == products.count }
        let ordersFit = [
            orders.$order.count, orders.$customer.count, orders.$rep.count, orders.$product.count, orders.$region.count,
            orders.$channel.count, orders.$team.count, orders.$category.count, orders.$segment.count,
            orders.$quantity.count, orders.$amount.count, orders.$cost.count, orders.$firstOrderDay.count,
        ].allSatisfy { $0 == orders.count }
        let dealsFit = [
            opportunities.$closed.count, opportunities.$customer.count, opportunities.$rep.count,
            opportunities.$product.count, opportunities.$stage.count, opportunities.$lostStage.count,
            opportunities.$amount.count, opportunities.$region.count, opportunities.$team.count,
            opportunities.$category.count, opportunities.$segment.count,
        ].allSatisfy { $0 == opportunities.count }
        let othersFit =
            [
                activities.$customer.count, activities.$rep.count, activities.$type.count, activities.$region.count,
                activities.$team.count, activities.$segment.count,
            ].allSatisfy { $0 == activities.count }
            && [
                surveys.$customer.count, surveys.$rep.count, surveys.$score.count, surveys.$complaint.count,
                surveys.$region.count, surveys.$team.count, surveys.$segment.count,
            ].allSatisfy { $0 == surveys.count }
            && [
                reviews.$monthStart.count, reviews.$monthEnd.count, reviews.$kind.count, reviews.$score.count,
                reviews.$region.count, reviews.$team.count,
            ].allSatisfy { $0 == reviews.count }
        return entities && ordersFit && dealsFit && othersFit
    }
}
