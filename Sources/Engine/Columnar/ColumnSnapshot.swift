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
        if let key, key == FileKey(workspace: workspace.path) { write(columns, to: path, key: key) }
        return columns
    }

    // "KPCOLS" + format version: bump the version whenever `Columns.transfer` changes.
    private static let magic: [UInt8] = Array("KPCOLS01".utf8)

    static func read(_ path: String, key: FileKey) -> Columns? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { bytes -> Columns? in
            var reader = SnapshotReader(bytes: bytes)
            guard reader.bytes(magic.count) == magic, reader.fileKey() == key else { return nil }
            var columns = Columns()
            columns.transfer(&reader)
            return reader.failed || reader.offset != bytes.count ? nil : columns
        }
    }

    /// Writes the snapshot atomically (a temporary file renamed over the old one), readable by
    /// the owner only like the workspace. Failing to write only costs the next start-up time.
    static func write(_ columns: Columns, to path: String, key: FileKey) {
        var writer = SnapshotWriter()
        writer.data.append(contentsOf: magic)
        writer.append(key)
        var copy = columns
        copy.transfer(&writer)
        let temporary = path + ".\(getpid()).tmp"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: writer.data, attributes: [.posixPermissions: 0o600])
        else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
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
    mutating func transfer(_ coder: inout some SnapshotCoder) {
        for keyPath in [\Columns.regions, \.teams, \.categories, \.segments, \.channels] {
            var members = Array(self[keyPath: keyPath].members)
            coder.field(&members)
            if coder.isReading { self[keyPath: keyPath] = StringTable(members: members) }
        }
        coder.field(&reps.names)
        coder.field(&reps.team)
        coder.field(&reps.region)
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
        coder.field(&orders.team)
        coder.field(&orders.category)
        coder.field(&orders.segment)
        coder.field(&orders.quantity)
        coder.field(&orders.amount)
        coder.field(&orders.cost)
        coder.field(&orders.firstOrderDay)
        coder.field(&orders.orderCount)

        coder.field(&opportunities.created)
        coder.field(&opportunities.closed)
        coder.field(&opportunities.customer)
        coder.field(&opportunities.rep)
        coder.field(&opportunities.product)
        coder.field(&opportunities.stage)
        coder.field(&opportunities.lostStage)
        coder.field(&opportunities.amount)
        coder.field(&opportunities.region)
        coder.field(&opportunities.team)
        coder.field(&opportunities.category)
        coder.field(&opportunities.segment)

        coder.field(&activities.date)
        coder.field(&activities.customer)
        coder.field(&activities.rep)
        coder.field(&activities.type)
        coder.field(&activities.region)
        coder.field(&activities.team)
        coder.field(&activities.segment)

        coder.field(&surveys.date)
        coder.field(&surveys.customer)
        coder.field(&surveys.rep)
        coder.field(&surveys.score)
        coder.field(&surveys.complaint)
        coder.field(&surveys.region)
        coder.field(&surveys.team)
        coder.field(&surveys.segment)

        coder.field(&reviews.monthStart)
        coder.field(&reviews.monthEnd)
        coder.field(&reviews.rep)
        coder.field(&reviews.kind)
        coder.field(&reviews.score)
        coder.field(&reviews.region)
        coder.field(&reviews.team)
    }
}

struct SnapshotWriter: SnapshotCoder {
    var data = Data()
    var isReading: Bool { false }

    mutating func field<T: BitwiseCopyable>(_ values: inout [T]) {
        var count = values.count
        field(&count)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
    }

    mutating func field(_ strings: inout [String]) {
        var count = strings.count
        field(&count)
        for string in strings {
            var length = string.utf8.count
            field(&length)
            data.append(contentsOf: string.utf8)
        }
    }

    mutating func field(_ value: inout Int) {
        var value = Int64(value)
        withUnsafeBytes(of: &value) { data.append(contentsOf: $0) }
    }

    mutating func append(_ key: FileKey) {
        for var value in [key.schemaVersion, key.size, key.modified, key.walSize, key.walModified].map(Int.init) {
            field(&value)
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
