import Foundation
import GRDB
import Model

/// What writing one table file did.
public struct TableWriteCounts: Equatable, Sendable {
    /// Rows added.
    public var inserted = 0
    /// Rows the workspace had (by the table's key) whose values the file changed.
    public var updated = 0
    /// Rows the workspace had already, as they are: importing the same file twice adds nothing.
    public var unchanged = 0
    /// Reps, customers and products created because rows named them, by table.
    public var created: [String: Int] = [:]
    /// What the writing found: names matched, the pipeline declared.
    public var notes: [ImportNote] = []
}

/// Writes a `TableFile` into the workspace inside the import's transaction, by its
/// `TableSpec`: references resolved by name (missing reps, customers and products created),
/// rows matched by the table's key and inserted, updated or left alone. A dry run counts only.
struct TableWriter {
    let db: Database
    let options: ImportOptions

    func write(_ file: TableFile, startedAt: Date) throws -> TableWriteCounts {
        guard let spec = TableSpec.of(file.table) else { preconditionFailure("orders have OrderWriter") }
        var counts = TableWriteCounts()
        let importID = try logStart(file, startedAt: startedAt)
        var masters = MasterNames(db: db, dryRun: options.dryRun)
        if file.table == .opportunities { counts.notes += try declarePipeline(file) }
        var existing = try ExistingRows(db: db, spec: spec, file: file)
        var occurrences: [String: Int] = [:]
        for record in file.records {
            // The key a new row is known by afterwards, so that a later row of the file with the
            // same key updates it rather than adding it twice.
            var keyOfNewRow: String?
            var values = record.values
            for (column, reference) in record.references {
                values[column] = .integer(Int(try masters.id(reference.table, reference.name)))
            }
            for master in record.masters {
                _ = try masters.id(master.table, master.name, attributes: master.attributes)
            }
            switch spec.key {
            case .columns(let key) where spec.table.isMaster:
                try writeMaster(spec, values, key: key[0], masters: &masters, counts: &counts)
                continue
            case .columns(let key):
                let name = key.map { values[$0]?.keyText ?? "" }.joined(separator: "\u{1F}")
                if let match = existing.byKey[name] {
                    try update(spec, id: match.id, old: match.values, new: values, counts: &counts)
                    continue
                }
                keyOfNewRow = name
            case .externalID where values["external_id"] != nil:
                if let match = existing.byKey[values["external_id"]!.keyText] {
                    try update(spec, id: match.id, old: match.values, new: values, counts: &counts)
                    continue
                }
                keyOfNewRow = values["external_id"]!.keyText
            case .externalID, .fingerprint:
                let text = values.keys.sorted().map { "\($0)=\(values[$0]!.keyText)" }.joined(separator: "\u{1F}")
                let occurrence = occurrences[text, default: 0]
                occurrences[text] = occurrence + 1
                let key = StableHash.hash(Array((text + "#\(occurrence)").utf8)).hex
                if existing.fingerprints.contains(key) {
                    counts.unchanged += 1
                    continue
                }
                values["import_key"] = .text(key)
            }
            counts.inserted += 1
            if !options.dryRun { try insert(spec, values, importID: importID) }
            if let key = keyOfNewRow { existing.byKey[key] = (options.dryRun ? 0 : db.lastInsertedRowID, values) }
        }
        counts.created = masters.created
        for (table, count) in masters.created.sorted(by: { $0.key < $1.key }) where count > 0 {
            counts.notes.append(.mastersCreated(table: ImportTable(rawValue: table)!, count: count))
        }
        counts.notes += masters.matches.map { match in
            .matchedByName(
                table: ImportTable(rawValue: match.table.rawValue)!, written: match.written, existing: match.existing,
                rows: match.rows)
        }
        try logFinish(file, importID: importID, counts: counts)
        return counts
    }

    // MARK: - Rows

    private func insert(_ spec: TableSpec, _ values: [String: SQLValue], importID: Int64) throws {
        let columns = values.keys.sorted()
        let sql =
            "INSERT INTO \(spec.table.rawValue)(\(columns.joined(separator: ", ")), import_id) VALUES ("
            + Array(repeating: "?", count: columns.count + 1).joined(separator: ", ") + ")"
        try db.execute(sql: sql, arguments: StatementArguments(columns.map { values[$0]!.database } + [importID]))
    }

    /// Sets the columns whose values the file changed; counts the row as updated or unchanged.
    private func update(
        _ spec: TableSpec, id: Int64, old: [String: SQLValue], new: [String: SQLValue], counts: inout TableWriteCounts
    ) throws {
        let changed = new.keys.filter { $0 != "import_key" && old[$0] != new[$0] }.sorted()
        guard !changed.isEmpty else {
            counts.unchanged += 1
            return
        }
        counts.updated += 1
        guard !options.dryRun else { return }
        let sql =
            "UPDATE \(spec.table.rawValue) SET " + changed.map { "\($0) = ?" }.joined(separator: ", ") + " WHERE id = ?"
        try db.execute(sql: sql, arguments: StatementArguments(changed.map { new[$0]!.database } + [id]))
    }

    /// A rep, customer or product by name: added, or given the attributes the file states.
    private func writeMaster(
        _ spec: TableSpec, _ values: [String: SQLValue], key: String, masters: inout MasterNames,
        counts: inout TableWriteCounts
    ) throws {
        guard case .text(let name)? = values[key], let table = ReferenceTable(rawValue: spec.table.rawValue) else {
            return
        }
        var attributes = values
        attributes[key] = nil
        switch try masters.upsert(table, name, attributes: attributes) {
        case .inserted: counts.inserted += 1
        case .updated: counts.updated += 1
        case .unchanged: counts.unchanged += 1
        }
    }

    // MARK: - The pipeline

    /// The workspace's open stages after this file: `--stages` as declared, the default stages
    /// when the file uses them, else the CRM's own names in pipeline order.
    private func declarePipeline(_ file: TableFile) throws -> [ImportNote] {
        let current = try String.fetchAll(db, sql: "SELECT name FROM pipeline_stages ORDER BY position")
        let inUse = try String.fetchAll(
            db, sql: "SELECT DISTINCT stage FROM opportunities WHERE stage NOT IN ('won', 'lost') ORDER BY stage")
        let workspace = current.isEmpty ? StageName.defaultOpenStages : current
        var pipeline: [String]
        if let declared = options.stages {
            pipeline = declared
        } else if file.openStages.allSatisfy(StageName.isDefault) {
            guard current.isEmpty else {
                throw ImportError.pipelineConflict(workspace: workspace, file: file.openStages)
            }
            return []
        } else {
            let fresh = file.openStages.filter { !current.contains($0) }
            if fresh.isEmpty { return [] }
            guard !inUse.contains(where: StageName.isDefault) || !current.isEmpty else {
                throw ImportError.pipelineConflict(workspace: workspace, file: file.openStages)
            }
            pipeline = current + fresh
            let rank: (String) -> Int = { name in
                if case .open(_, let rank?)? = StageName.read(name, declared: nil) { return rank }
                return Int.max
            }
            pipeline = pipeline.enumerated().sorted { a, b in
                rank(a.element) != rank(b.element) ? rank(a.element) < rank(b.element) : a.offset < b.offset
            }.map(\.element)
        }
        let stranded = inUse.filter { !pipeline.contains($0) }
        guard stranded.isEmpty else { throw ImportError.pipelineConflict(workspace: workspace, file: pipeline) }
        guard pipeline != current else { return [] }
        if !options.dryRun {
            try db.execute(sql: "DELETE FROM pipeline_stages")
            for (position, name) in pipeline.enumerated() {
                try db.execute(
                    sql: "INSERT INTO pipeline_stages(position, name) VALUES (?, ?)", arguments: [position, name])
            }
        }
        return [.stagesDeclared(pipeline)]
    }

    // MARK: - The imports log

    private func logStart(_ file: TableFile, startedAt: Date) throws -> Int64 {
        try ImportLog.start(
            db, file: file.label, table: file.table, encoding: file.encoding,
            mapping: file.columns.compactMap { column in column.field.map { (column.header, $0) } },
            startedAt: startedAt, dryRun: options.dryRun)
    }

    private func logFinish(_ file: TableFile, importID: Int64, counts: TableWriteCounts) throws {
        let message =
            "\(file.rowsRead) read, \(counts.inserted) imported, \(counts.updated) updated, \(file.duplicates) duplicates, "
            + "\(counts.unchanged) already present, \(file.rejections.count) rejected"
        try db.execute(
            sql: """
                UPDATE imports SET rows_read = ?, rows_imported = ?, finished_at = ?, message = ?, rows_duplicate = ?,
                    rows_existing = ?, rows_rejected = ?
                WHERE id = ?
                """,
            arguments: [
                file.rowsRead, options.dryRun ? 0 : counts.inserted, Date().ISO8601Format(), message, file.duplicates,
                counts.unchanged, file.rejections.count, importID,
            ])
    }

}

extension ImportTable {
    /// Reps, customers and products: rows other tables name.
    var isMaster: Bool { self == .reps || self == .customers || self == .products }
}

extension SQLValue {
    var database: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .number(let number): number.databaseValue
        case .integer(let number): number.databaseValue
        }
    }

    init?(_ value: DatabaseValue) {
        switch value.storage {
        case .string(let text): self = .text(text)
        case .double(let number): self = .number(number)
        case .int64(let number): self = .integer(Int(number))
        default: return nil
        }
    }
}

extension UInt64 {
    fileprivate var hex: String {
        let digits = String(self, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension StableHash {
    /// The hash of `bytes`.
    static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { hash($0) } }
}

// MARK: - What the workspace holds

/// The rows of a fact table that an import may meet again, by the table's key.
private struct ExistingRows {
    var byKey: [String: (id: Int64, values: [String: SQLValue])] = [:]
    var fingerprints: Set<String> = []

    init(db: Database, spec: TableSpec, file: TableFile) throws {
        let columns = Self.columns(spec, file)
        switch spec.key {
        case .columns(let key) where !spec.table.isMaster:
            try load(db, spec, columns: columns, key: key, where: "1")
        case .externalID:
            try load(db, spec, columns: columns, key: ["external_id"], where: "external_id IS NOT NULL")
            fingerprints = Set(
                try String.fetchAll(
                    db, sql: "SELECT import_key FROM \(spec.table.rawValue) WHERE import_key IS NOT NULL"))
        case .fingerprint:
            fingerprints = Set(
                try String.fetchAll(
                    db, sql: "SELECT import_key FROM \(spec.table.rawValue) WHERE import_key IS NOT NULL"))
        case .columns:
            break
        }
    }

    private mutating func load(
        _ db: Database, _ spec: TableSpec, columns: [String], key: [String], where condition: String
    )
        throws
    {
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, \(columns.joined(separator: ", ")) FROM \(spec.table.rawValue) WHERE \(condition)")
        for row in rows {
            var values: [String: SQLValue] = [:]
            for column in columns {
                if let value = SQLValue(row[column] as DatabaseValue) { values[column] = value }
            }
            let name = key.map { values[$0]?.keyText ?? "" }.joined(separator: "\u{1F}")
            if byKey[name] == nil { byKey[name] = (row["id"], values) }
        }
    }

    /// The SQL columns the file's records carry.
    private static func columns(_ spec: TableSpec, _ file: TableFile) -> [String] {
        var columns = Set<String>()
        for record in file.records {
            columns.formUnion(record.values.keys)
            columns.formUnion(record.references.keys)
        }
        if case .columns(let key) = spec.key { columns.formUnion(key) }
        if case .externalID = spec.key { columns.insert("external_id") }
        return columns.sorted()
    }
}

/// Reps, customers and products by name, as rows name them: the workspace's, and the ones this
/// import creates. A name that differs from a known one only in case, spaces or punctuation
/// (GTXPro and GTX Pro) is taken for it, and reported.
struct MasterNames {
    let db: Database
    let dryRun: Bool
    private var exact: [ReferenceTable: [String: Int64]] = [:]
    private var loose: [ReferenceTable: [String: [(name: String, id: Int64)]]] = [:]
    private var nextID: [ReferenceTable: Int64] = [:]
    private(set) var created: [String: Int] = [:]
    private(set) var matches: [(table: ReferenceTable, written: String, existing: String, rows: Int)] = []

    init(db: Database, dryRun: Bool) {
        self.db = db
        self.dryRun = dryRun
    }

    enum Outcome { case inserted, updated, unchanged }

    /// The id of `name` in `table`, creating the row (with `attributes`) when there is none.
    mutating func id(_ table: ReferenceTable, _ name: String, attributes: [String: String] = [:]) throws -> Int64 {
        try load(table)
        if let id = exact[table]![name] {
            if !attributes.isEmpty { try fill(table, id: id, attributes.mapValues { .text($0) }) }
            return id
        }
        let candidates = loose[table]![Self.looseKey(name)] ?? []
        if candidates.count == 1 {
            let match = candidates[0]
            if let index = matches.firstIndex(where: { $0.table == table && $0.written == name }) {
                matches[index].rows += 1
            } else {
                matches.append((table, name, match.name, 1))
            }
            return match.id
        }
        return try insert(table, name, attributes.mapValues { .text($0) })
    }

    /// A master row from a master file: added, or updated with the values the file states.
    mutating func upsert(_ table: ReferenceTable, _ name: String, attributes: [String: SQLValue]) throws -> Outcome {
        try load(table)
        guard let id = exact[table]![name] else {
            _ = try insert(table, name, attributes, counted: false)
            return .inserted
        }
        let old = try Row.fetchOne(db, sql: "SELECT * FROM \(table.rawValue) WHERE id = ?", arguments: [id])
        let changed = attributes.filter { column, value in
            guard let old else { return true }
            return SQLValue(old[column] as DatabaseValue) != value
        }
        guard !changed.isEmpty else { return .unchanged }
        if !dryRun {
            let columns = changed.keys.sorted()
            try db.execute(
                sql: "UPDATE \(table.rawValue) SET " + columns.map { "\($0) = ?" }.joined(separator: ", ")
                    + " WHERE id = ?",
                arguments: StatementArguments(columns.map { changed[$0]!.database } + [id]))
        }
        return .updated
    }

    /// Sets the attributes a row lacks (a rep without a team gets the team beside it).
    private func fill(_ table: ReferenceTable, id: Int64, _ attributes: [String: SQLValue]) throws {
        guard !dryRun else { return }
        for (column, value) in attributes {
            try db.execute(
                sql: "UPDATE \(table.rawValue) SET \(column) = ? WHERE id = ? AND \(column) IS NULL",
                arguments: [value.database, id])
        }
    }

    private mutating func insert(
        _ table: ReferenceTable, _ name: String, _ attributes: [String: SQLValue], counted: Bool = true
    ) throws -> Int64 {
        let id = nextID[table]!
        nextID[table] = id + 1
        exact[table]![name] = id
        loose[table]![Self.looseKey(name), default: []].append((name, id))
        if counted { created[table.rawValue, default: 0] += 1 }
        if !dryRun {
            let columns = ["id", "name"] + attributes.keys.sorted()
            let values =
                [id.databaseValue, name.databaseValue] + attributes.keys.sorted().map { attributes[$0]!.database }
            try db.execute(
                sql: "INSERT INTO \(table.rawValue)(\(columns.joined(separator: ", "))) VALUES ("
                    + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")",
                arguments: StatementArguments(values))
        }
        return id
    }

    private mutating func load(_ table: ReferenceTable) throws {
        guard exact[table] == nil else { return }
        var names: [String: Int64] = [:]
        var keys: [String: [(String, Int64)]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT name, MIN(id) AS id FROM \(table.rawValue) WHERE name IS NOT NULL GROUP BY name")
        {
            let name: String = row["name"]
            let id: Int64 = row["id"]
            names[name] = id
            keys[Self.looseKey(name), default: []].append((name, id))
        }
        exact[table] = names
        loose[table] = keys
        nextID[table] = (try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM \(table.rawValue)") ?? 0) + 1
    }

    /// Letters and digits only, lowercased: "GTX Pro" and "GTXPro" are "gtxpro".
    static func looseKey(_ name: String) -> String {
        String(
            name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(
                Character.init))
    }
}
