import Foundation
import Model
import Store

/// The columns saved beside the workspace (`kpish.db-columns`), so that opening a big workspace
/// reads one file instead of decoding every row from SQLite. The snapshot is keyed by the size
/// and modification time of the database and its write-ahead log and by the schema version:
/// any write to the workspace changes the key, and a stale snapshot is rebuilt.
enum ColumnSnapshot {
    /// The workspace's columns: from a current snapshot when there is one, else from SQLite
    /// (then saved, when nothing wrote meanwhile).
    static func columns(of workspace: Workspace) throws -> Columns {
        let path = workspace.path + "-columns"
        let key = FileKey(workspace: workspace.path)
        if let key, let columns = read(path, key: key) { return columns }
        let columns = try ColumnLoader.load(from: workspace)
        // The parallel load reads on two connections: if anything wrote meanwhile, the halves
        // may disagree, so read again in one transaction.
        guard let key, key == FileKey(workspace: workspace.path) else {
            return try ColumnLoader.loadInOneTransaction(from: workspace)
        }
        write(columns, to: path, key: key)
        return columns
    }

    // "KPCOLS" + format version: bump the version whenever `Columns.transfer` changes.
    private static let magic: [UInt8] = Array("KPCOLS05".utf8)

    static func read(_ path: String, key: FileKey) -> Columns? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { bytes -> Columns? in
            var reader = SnapshotReader(bytes: bytes)
            guard reader.bytes(magic.count) == magic, reader.fileKey() == key else { return nil }
            var columns = Columns()
            columns.transfer(&reader)
            guard !reader.failed, reader.offset == bytes.count, columns.isConsistent else { return nil }
            columns.deriveColumns()
            return columns
        }
    }

    /// Writes the snapshot atomically (a temporary file renamed over the old one), readable by
    /// the owner only like the workspace. Failing to write only costs the next start-up time.
    static func write(_ columns: Columns, to path: String, key: FileKey) {
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        guard descriptor >= 0 else { return }
        var writer = SnapshotWriter(descriptor: descriptor)
        writer.write(magic)
        writer.append(key)
        var copy = columns
        copy.transfer(&writer)
        writer.flush()
        close(descriptor)
        if writer.failed || rename(temporary, path) != 0 { unlink(temporary) }
    }
}

/// What identifies a version of the workspace's contents on disk.
struct FileKey: Equatable {
    var schemaVersion: Int64
    var size: Int64
    var modified: Int64
    var walSize: Int64
    var walModified: Int64

    init(schemaVersion: Int64, size: Int64, modified: Int64, walSize: Int64, walModified: Int64) {
        self.schemaVersion = schemaVersion
        self.size = size
        self.modified = modified
        self.walSize = walSize
        self.walModified = walModified
    }

    /// The key of the workspace at `path` now; nil when it cannot be read.
    init?(workspace path: String) {
        guard let main = Self.fileState(path) else { return nil }
        // An empty log holds no changes: SQLite creates and truncates it as connections come and go.
        let wal = Self.fileState(path + "-wal").flatMap { $0.size > 0 ? $0 : nil } ?? (size: 0, modified: 0)
        self.init(
            schemaVersion: Int64(Workspace.schemaVersion), size: main.size, modified: main.modified, walSize: wal.size,
            walModified: wal.modified)
    }

    private static func fileState(_ path: String) -> (size: Int64, modified: Int64)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return (Int64(size), Int64((modified.timeIntervalSince1970 * 1e9).rounded()))
    }
}

// MARK: - Encoding

/// Moves every column through a coder in one fixed order, for writing and reading alike.
protocol SnapshotCoder {
    var isReading: Bool { get }
    mutating func field<T: BitwiseCopyable>(_ values: inout [T])
    mutating func field(_ strings: inout [String])
    mutating func field(_ value: inout Int)
}

extension Columns {
    /// Every stored column in one fixed order (derived columns are recomputed, not stored).
    mutating func transfer(_ coder: inout some SnapshotCoder) {
        for keyPath in [\Columns.regions, \.teams, \.categories, \.segments, \.channels] {
            var members = Array(self[keyPath: keyPath].members)
            coder.field(&members)
            if coder.isReading { self[keyPath: keyPath] = StringTable(members: members) }
        }
        coder.field(&reps.names)
        coder.field(&reps.team)
        coder.field(&reps.region)
        coder.field(&reps.hired)
        coder.field(&reps.left)
        coder.field(&customers.names)
        coder.field(&customers.region)
        coder.field(&customers.segment)
        coder.field(&products.names)
        coder.field(&products.category)

        coder.field(&orders.date)
        coder.field(&orders.order)
        coder.field(&orders.customer)
        coder.field(&orders.rep)
        coder.field(&orders.product)
        coder.field(&orders.region)
        coder.field(&orders.channel)
        coder.field(&orders.quantity)
        coder.field(&orders.amount)
        coder.field(&orders.cost)
        coder.field(&orders.orderCount)

        coder.field(&opportunities.created)
        coder.field(&opportunities.closed)
        coder.field(&opportunities.customer)
        coder.field(&opportunities.rep)
        coder.field(&opportunities.product)
        coder.field(&opportunities.stage)
        coder.field(&opportunities.lostStage)
        coder.field(&opportunities.amount)
        coder.field(&pipeline.openStages)

        coder.field(&activities.date)
        coder.field(&activities.customer)
        coder.field(&activities.rep)
        coder.field(&activities.type)

        coder.field(&surveys.date)
        coder.field(&surveys.customer)
        coder.field(&surveys.rep)
        coder.field(&surveys.score)
        coder.field(&surveys.complaint)

        coder.field(&reviews.monthStart)
        coder.field(&reviews.monthEnd)
        coder.field(&reviews.rep)
        coder.field(&reviews.kind)
        coder.field(&reviews.score)
    }
}

/// Streams columns to a file: small values gather in a buffer, whole arrays go straight from
/// their storage to `write(2)` (a 100 MB snapshot is never copied in memory).
struct SnapshotWriter: SnapshotCoder {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var failed = false
    var isReading: Bool { false }

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func field<T: BitwiseCopyable>(_ values: inout [T]) {
        var count = values.count
        field(&count)
        flush()
        values.withUnsafeBytes { write($0) }
    }

    mutating func field(_ strings: inout [String]) {
        var count = strings.count
        field(&count)
        for string in strings {
            var length = string.utf8.count
            field(&length)
            buffer.append(contentsOf: string.utf8)
        }
    }

    mutating func field(_ value: inout Int) {
        var value = Int64(value)
        withUnsafeBytes(of: &value) { buffer.append(contentsOf: $0) }
    }

    mutating func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    mutating func append(_ key: FileKey) {
        for var value in [key.schemaVersion, key.size, key.modified, key.walSize, key.walModified].map(Int.init) {
            field(&value)
        }
    }

    mutating func flush() {
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        pending.withUnsafeBytes { write($0) }
    }

    private mutating func write(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count && !failed {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { failed = true } else { offset += written }
        }
    }
}

struct SnapshotReader: SnapshotCoder {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    var failed = false
    var isReading: Bool { true }

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func bytes(_ count: Int) -> [UInt8]? {
        guard !failed, offset + count <= bytes.count else {
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
        value = Int(bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self))
        offset += 8
    }

    mutating func field<T: BitwiseCopyable>(_ values: inout [T]) {
        var count = 0
        field(&count)
        let size = count * MemoryLayout<T>.stride
        guard !failed, count >= 0, offset + size <= bytes.count else {
            failed = true
            return
        }
        values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size]))
            initialized = count
        }
        offset += size
    }

    mutating func field(_ strings: inout [String]) {
        var count = 0
        field(&count)
        guard !failed, count >= 0, count <= bytes.count else {
            failed = true
            return
        }
        strings = []
        strings.reserveCapacity(count)
        for _ in 0..<count {
            var length = 0
            field(&length)
            guard !failed, length >= 0, offset + length <= bytes.count else {
                failed = true
                return
            }
            strings.append(
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self))
            offset += length
        }
    }

    mutating func fileKey() -> FileKey? {
        var values = [Int](repeating: 0, count: 5)
        for index in values.indices { field(&values[index]) }
        guard !failed else { return nil }
        return FileKey(
            schemaVersion: Int64(values[0]), size: Int64(values[1]), modified: Int64(values[2]),
            walSize: Int64(values[3]), walModified: Int64(values[4]))
    }
}

extension Columns {
    /// Whether every table's columns have one length and every code indexes its table: a
    /// snapshot that fails this is ignored rather than trusted.
    var isConsistent: Bool {
        func within(_ codes: [Int32], _ count: Int) -> Bool { codes.allSatisfy { $0 >= 0 && Int($0) < count } }
        func stages(_ values: [Int8]) -> Bool { values.allSatisfy { $0 >= -1 && $0 <= pipeline.lost } }
        let entities =
            reps.team.count == reps.count && reps.region.count == reps.count && reps.hired.count == reps.count
            && reps.left.count == reps.count && within(reps.team, teams.count)
            && within(reps.region, regions.count) && customers.region.count == customers.count
            && customers.segment.count == customers.count && within(customers.region, regions.count)
            && within(customers.segment, segments.count) && products.category.count == products.count
            && within(products.category, categories.count)
        let orderCount = orders.count
        let ordersFit =
            [
                orders.order.count, orders.customer.count, orders.rep.count, orders.product.count, orders.region.count,
                orders.channel.count, orders.quantity.count, orders.amount.count, orders.cost.count,
            ]
            .allSatisfy { $0 == orderCount } && within(orders.order, orders.orderCount)
            && within(orders.customer, customers.count) && within(orders.rep, reps.count)
            && within(orders.product, products.count) && within(orders.region, regions.count)
            && within(orders.channel, channels.count)
        let dealCount = opportunities.count
        let dealsFit =
            [
                opportunities.closed.count, opportunities.customer.count, opportunities.rep.count,
                opportunities.product.count, opportunities.stage.count, opportunities.lostStage.count,
                opportunities.amount.count,
            ].allSatisfy { $0 == dealCount }
            && within(opportunities.customer, customers.count) && within(opportunities.rep, reps.count)
            && within(opportunities.product, products.count) && stages(opportunities.stage)
            && stages(opportunities.lostStage)
        let othersFit =
            [activities.customer.count, activities.rep.count, activities.type.count].allSatisfy {
                $0 == activities.count
            }
            && within(activities.customer, customers.count) && within(activities.rep, reps.count)
            && [surveys.customer.count, surveys.rep.count, surveys.score.count, surveys.complaint.count]
                .allSatisfy { $0 == surveys.count }
            && within(surveys.customer, customers.count) && within(surveys.rep, reps.count)
            && [reviews.monthStart.count, reviews.monthEnd.count, reviews.kind.count, reviews.score.count]
                .allSatisfy { $0 == reviews.count }
            && within(reviews.rep, reps.count)
        // Periods are found by binary search: the date columns must be sorted.
        func sorted(_ dates: [Int32]) -> Bool { zip(dates, dates.dropFirst()).allSatisfy { $0 <= $1 } }
        let datesSorted =
            sorted(orders.date) && sorted(opportunities.closed) && sorted(activities.date) && sorted(surveys.date)
        return entities && ordersFit && dealsFit && othersFit && datesSorted
    }
}
