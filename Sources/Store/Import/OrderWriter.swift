import Foundation
import GRDB
import Model

/// Rows handed from reading to writing: a whole file's kept rows, or — when reading and writing
/// run at once — the next batch of them.
struct RowBatch: Sendable {
    var days: [Int32] = []
    var amounts: [Double] = []
    var quantities: [Double]?
    var unitPrices: [Double]?
    var costs: [Double]?
    var fingerprints: [UInt64] = []
    var orderNumbers: RowTexts?
    /// Distinct-value ids per row, by field.
    var textIDs: [ImportField: [Int32]] = [:]
    /// The distinct values first seen in this batch, continuing the ids of earlier batches.
    var newValues: [ImportField: [String]] = [:]

    var count: Int { days.count }

    /// A whole file's kept rows as one batch.
    init(_ rows: OrderRows) {
        days = rows.days
        amounts = rows.amounts
        quantities = rows.quantities
        unitPrices = rows.unitPrices
        costs = rows.costs
        fingerprints = rows.fingerprints
        orderNumbers = rows.orderNumbers
        for (field, column) in rows.texts {
            textIDs[field] = column.ids
            newValues[field] = column.values
        }
    }

    init() {}
}

/// Writes order lines inside the import's transaction, batch by batch. Rows whose fingerprint
/// the workspace already holds are skipped; customers, products and reps get ids as their names
/// first appear and are inserted at the end (foreign keys are checked by no one mid-import; the
/// transaction commits them together). A dry run counts instead of inserting.
final class OrderWriter {
    private let db: Database
    private let options: ImportOptions
    private let importID: Int64
    private var existing = HashTable(capacity: 1 << 16)
    private var entities: [ImportField: Entities] = [:]
    /// The distinct values of every text field, by id, as batches arrive.
    private var values: [ImportField: [String]] = [:]
    private(set) var imported = 0
    private(set) var skipped = 0

    /// Names already in one of the entity tables, and the ones this import adds.
    private struct Entities {
        let table: String
        var known: [String: Int64]
        var nextID: Int64
        /// Workspace id by distinct-value id (0: not seen in a fresh row yet).
        var references: [Int64] = []
        var created: [Created] = []

        struct Created {
            let id: Int64
            let name: String
            var attributes: [String?]
            var price: Double
            var firstDay: Int32
        }
    }

    /// Starts the import: reads the workspace's fingerprints and names, and logs the run (the log
    /// row is completed by `finish`).
    init(db: Database, file: SalesFile.Header, options: ImportOptions, startedAt: Date) throws {
        self.db = db
        self.options = options
        let stored = try Int64.fetchCursor(db, sql: "SELECT fingerprint FROM orders WHERE fingerprint IS NOT NULL")
        while let fingerprint = try stored.next() { existing.update(UInt64(bitPattern: fingerprint)) { _ in 1 } }
        for (field, table) in [(ImportField.customer, "customers"), (.product, "products"), (.rep, "reps")]
        where file.fields.contains(field) {
            var known: [String: Int64] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT name, MIN(id) FROM \(table) WHERE name IS NOT NULL GROUP BY name")
            {
                known[row[0]] = row[1]
            }
            let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM \(table)") ?? 0
            entities[field] = Entities(table: table, known: known, nextID: last + 1)
        }
        importID = try ImportLog.start(
            db, file: file.path, table: .orders, encoding: file.encoding,
            mapping: file.columns.compactMap { column in column.field.map { (column.header, $0.rawValue) } },
            startedAt: startedAt, dryRun: options.dryRun)
    }

    /// Writes the batch's rows that the workspace does not hold yet.
    func write(_ batch: RowBatch) throws {
        for (field, new) in batch.newValues { values[field, default: []].append(contentsOf: new) }
        for field in entities.keys {
            let count = values[field]?.count ?? 0
            entities[field]!.references.append(
                contentsOf: repeatElement(0, count: count - entities[field]!.references.count))
        }
        var fresh: [Int] = []
        fresh.reserveCapacity(batch.count)
        for row in 0..<batch.count {
            if existing[batch.fingerprints[row]] == nil { fresh.append(row) }
        }
        skipped += batch.count - fresh.count
        imported += fresh.count
        for field in entities.keys { assignIDs(field, batch: batch, rows: fresh) }
        if !options.dryRun { try insertOrders(batch, rows: fresh) }
    }

    /// Inserts the new customers, products and reps, completes the log, and reports.
    func finish(_ file: SalesFile, rejectsFile: String?) throws -> ImportReport {
        if !options.dryRun { try insertEntities() }
        let rejected = file.rejections.count
        let message =
            "\(file.rowsRead) read, \(imported) imported, \(file.duplicates) duplicates, "
            + "\(skipped) already present, \(rejected) rejected"
        try db.execute(
            sql: """
                UPDATE imports SET rows_read = ?, rows_imported = ?, finished_at = ?, message = ?, rows_duplicate = ?,
                    rows_existing = ?, rows_rejected = ?, date_order = ?
                WHERE id = ?
                """,
            arguments: [
                file.rowsRead, options.dryRun ? 0 : imported, Date().ISO8601Format(), message, file.duplicates, skipped,
                rejected, file.dateOrder.order?.rawValue, importID,
            ])
        return ImportReport(
            file: file, importID: Int(importID), imported: imported, existing: skipped,
            created: entities.mapValues(\.created.count), rejectsFile: rejectsFile, dryRun: options.dryRun)
    }

    // MARK: - Customers, products, reps

    /// Gives each name a fresh row uses its workspace id: the existing one, else the next free id.
    /// The first fresh row naming a new one supplies its attributes; a customer's earliest order
    /// day is its created date.
    private func assignIDs(_ field: ImportField, batch: RowBatch, rows: [Int]) {
        guard let ids = batch.textIDs[field], let names = values[field] else { return }
        var group = entities[field]!
        entities[field] = nil  // unique ownership while the arrays change
        defer { entities[field] = group }
        let attributes: [ImportField] =
            switch field {
            case .customer: [.region, .segment]
            case .product: [.category]
            default: [.team]
            }
        for row in rows {
            let id = Int(ids[row])
            guard id >= 0 else { continue }
            var reference = group.references[id]
            if reference == 0 {
                if let known = group.known[names[id]] {
                    reference = known
                } else {
                    reference = group.nextID
                    group.nextID += 1
                    let values = attributes.map { attribute -> String? in
                        guard let id = batch.textIDs[attribute]?[row], id >= 0 else { return nil }
                        return self.values[attribute]?[Int(id)]
                    }
                    group.created.append(
                        Entities.Created(
                            id: reference, name: names[id], attributes: values,
                            price: batch.unitPrices?[row] ?? .nan, firstDay: batch.days[row]))
                }
                group.references[id] = reference
            }
            // New ones were numbered in order, so a new customer's place follows from its id.
            if field == .customer, let first = group.created.first?.id, reference >= first {
                let index = Int(reference - first)
                group.created[index].firstDay = min(group.created[index].firstDay, batch.days[row])
            }
        }
    }

    private func insertEntities() throws {
        for (field, group) in entities where !group.created.isEmpty {
            let columns: [String] =
                switch field {
                case .customer: ["id", "name", "region", "segment", "created_date"]
                case .product: ["id", "name", "category", "unit_price"]
                default: ["id", "name", "team"]
                }
            try BulkInsert.rows(db, into: group.table, columns: columns, count: group.created.count) { index, binder in
                let entity = group.created[index]
                binder.int(Int(entity.id))
                binder.text(entity.name)
                for attribute in entity.attributes { binder.text(attribute) }
                switch field {
                case .customer: binder.text(Day(number: entity.firstDay).iso)
                case .product: binder.number(entity.price)
                default: break
                }
            }
        }
    }

    // MARK: - Orders

    private func insertOrders(_ batch: RowBatch, rows fresh: [Int]) throws {
        guard !fresh.isEmpty else { return }
        // Everything the loop reads, taken out of dictionaries and optionals once.
        let orderNumbers = batch.orderNumbers ?? RowTexts()
        let regions = batch.textIDs[.region] ?? []
        let channels = batch.textIDs[.channel] ?? []
        let regionNames = values[.region] ?? []
        let channelNames = values[.channel] ?? []
        let customers = (batch.textIDs[.customer] ?? [], entities[.customer]?.references ?? [])
        let reps = (batch.textIDs[.rep] ?? [], entities[.rep]?.references ?? [])
        let products = (batch.textIDs[.product] ?? [], entities[.product]?.references ?? [])
        let days = batch.days
        let amounts = batch.amounts
        let quantities = batch.quantities ?? []
        let costs = batch.costs ?? []
        let fingerprints = batch.fingerprints
        let first = days.min() ?? 0
        // Each day's ISO text, ten bytes, made once per day.
        var dayText = [UInt8](repeating: 0, count: (Int((days.max() ?? 0) - first) + 1) * 10)
        for row in fresh where dayText[Int(days[row] - first) * 10] == 0 {
            let start = Int(days[row] - first) * 10
            dayText.replaceSubrange(start..<start + 10, with: Day(number: days[row]).iso.utf8)
        }
        let columns = [
            "order_no", "date", "customer_id", "rep_id", "product_id", "region", "channel", "quantity", "amount",
            "cost",
            "import_id", "fingerprint",
        ]
        let importID = Int(self.importID)
        try dayText.withUnsafeBufferPointer { dayBytes in
            try BulkInsert.rows(
                db, into: "orders", columns: columns, count: fresh.count,
                progress: { [options] in options.progress(ImportProgress(phase: .writing, done: $0, total: fresh.count)) }
            ) { done, binder in
                if done & 0x3FFF == 0x3FFF && options.isCancelled() { throw ImportError.interrupted }
                let row = fresh[done]
                let day = Int(days[row] - first) * 10
                orderNumbers.bind(row, to: &binder)
                binder.text(bytes: UnsafeBufferPointer(rebasing: dayBytes[day..<day + 10]))
                binder.reference(customers, row)
                binder.reference(reps, row)
                binder.reference(products, row)
                binder.name(regions, regionNames, row)
                binder.name(channels, channelNames, row)
                binder.number(quantities.isEmpty ? .nan : quantities[row])
                binder.double(amounts[row])
                binder.number(costs.isEmpty ? .nan : costs[row])
                binder.int(importID)
                binder.int(Int(Int64(bitPattern: fingerprints[row])))
            }
        }
    }

}

extension BulkInsert.Binder {
    /// A double, or NULL for NaN (kpish's "no value" in parsed columns).
    fileprivate mutating func number(_ value: Double) {
        if value.isNaN { null() } else { double(value) }
    }

    /// A row's workspace id through its distinct-value id; NULL when it has none.
    fileprivate mutating func reference(_ column: (ids: [Int32], references: [Int64]), _ row: Int) {
        guard !column.ids.isEmpty, column.ids[row] >= 0 else { return null() }
        int(Int(column.references[Int(column.ids[row])]))
    }

    /// A row's text through its distinct-value id; NULL when it has none.
    fileprivate mutating func name(_ ids: [Int32], _ names: [String], _ row: Int) {
        guard !ids.isEmpty, ids[row] >= 0 else { return null() }
        text(names[Int(ids[row])])
    }
}

extension RowTexts {
    /// Binds a row's value, or NULL.
    fileprivate func bind(_ row: Int, to binder: inout BulkInsert.Binder) {
        guard !ends.isEmpty else { return binder.null() }
        withBytes(row) { $0.isEmpty ? binder.null() : binder.text(bytes: $0) }
    }
}
