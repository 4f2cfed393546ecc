import Foundation
import GRDB
import Model

extension Workspace {
    /// Writes a file's kept rows as order lines, in one transaction: afterwards the workspace holds
    /// all of them or, after any error (Ctrl-C, a full disk), exactly what it held before. Rows
    /// already imported (same fingerprint) are skipped, so importing a file twice adds nothing.
    /// Customers, products and reps named by the rows are created when missing. Rejected rows go
    /// to the rejects file. The run is logged in `imports` (a dry run too, writing no rows).
    ///
    ///     let file = try SalesFile.read("1月.csv", options: options)
    ///     let report = try workspace.importRows(from: file, options: options)
    ///     report.imported   // rows written
    public func importRows(from file: SalesFile, options: ImportOptions) throws -> ImportReport {
        var rejectsFile: String?
        if !options.dryRun {
            rejectsFile = RejectsFile.write(file, options: options, workspacePath: path)
            if file.rowsKept == 0 {
                let top = file.rejectedByReason.first?.reason.message ?? Localized(zh: "", en: "")
                throw ImportError.nothingImportable(rows: file.rowsRead, reason: top, rejectsFile: rejectsFile)
            }
        }
        let startedAt = Date()
        // A large page cache keeps the transaction from spilling into the WAL early; parents are
        // written before their children, so per-row foreign-key lookups are skipped (as the demo
        // generator does). With WAL, synchronous NORMAL skips the fsync at commit: a killed
        // process still loses nothing (the system has the pages) and a power cut can lose this
        // last import but never corrupt the workspace.
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA cache_size = -262144; PRAGMA foreign_keys = OFF; PRAGMA synchronous = NORMAL")
        }
        defer {
            try? database.writeWithoutTransaction {
                try $0.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000; PRAGMA synchronous = FULL")
            }
        }
        do {
            return try database.write { db in
                var writer = OrderWriter(db: db, file: file, options: options)
                return try writer.write(startedAt: startedAt, rejectsFile: rejectsFile)
            }
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_FULL { throw ImportError.diskFull }
            throw ImportError.writeFailed(detail: error.message ?? "\(error.resultCode)")
        }
    }
}

/// Writes one file's rows inside the import's transaction.
private struct OrderWriter {
    let db: Database
    let file: SalesFile
    let rows: OrderRows
    let options: ImportOptions

    init(db: Database, file: SalesFile, options: ImportOptions) {
        self.db = db
        self.file = file
        self.rows = file.rows
        self.options = options
    }

    mutating func write(startedAt: Date, rejectsFile: String?) throws -> ImportReport {
        var existing = HashTable(capacity: 1 << 16)
        let stored = try Int64.fetchCursor(db, sql: "SELECT fingerprint FROM orders WHERE fingerprint IS NOT NULL")
        while let fingerprint = try stored.next() { existing.update(UInt64(bitPattern: fingerprint)) { _ in 1 } }
        let fresh = (0..<rows.count).filter { existing[rows.fingerprints[$0]] == nil }
        var created: [ImportField: Int] = [:]
        var references: [ImportField: [Int64]] = [:]
        for (field, table) in [(ImportField.customer, "customers"), (.product, "products"), (.rep, "reps")] {
            guard let column = rows.texts[field] else { continue }
            let (resolved, new) = try resolve(column, table: table, rows: fresh)
            references[field] = resolved
            created[field] = new
        }
        let importID = try log(startedAt: startedAt, imported: fresh.count)
        if !options.dryRun {
            try insertOrders(fresh, references: references, importID: importID)
            try db.execute(
                sql: "UPDATE imports SET finished_at = ? WHERE id = ?", arguments: [Date().ISO8601Format(), importID])
        }
        return ImportReport(
            file: file, importID: Int(importID), imported: fresh.count, existing: rows.count - fresh.count,
            created: created, rejectsFile: rejectsFile, dryRun: options.dryRun)
    }

    // MARK: - Customers, products, reps

    /// The workspace id of each distinct name in `column` that a fresh row uses (0 for the others),
    /// creating the missing ones (none in a dry run); and how many were (or would be) created.
    private func resolve(_ column: TextColumn, table: String, rows fresh: [Int]) throws -> ([Int64], Int) {
        var known: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, MIN(id) FROM \(table) WHERE name IS NOT NULL GROUP BY name") {
            known[row[0]] = row[1]
        }
        // The first fresh row naming each value supplies its attributes; a customer's first
        // order day is its created date.
        let names = column.values
        var firstRow = [Int](repeating: -1, count: names.count)
        var firstDay = [Int32](repeating: .max, count: names.count)
        for row in fresh {
            let id = Int(column.ids[row])
            guard id >= 0 else { continue }
            if firstRow[id] < 0 { firstRow[id] = row }
            firstDay[id] = min(firstDay[id], rows.days[row])
        }
        var resolved = [Int64](repeating: 0, count: names.count)
        var insert: BulkInsert?
        switch (table, options.dryRun) {
        case (_, true): break
        case ("customers", _):
            insert = try BulkInsert(db, "INSERT INTO customers(name, region, segment, created_date) VALUES (?, ?, ?, ?)")
        case ("products", _):
            insert = try BulkInsert(db, "INSERT INTO products(name, category, unit_price) VALUES (?, ?, ?)")
        default:
            insert = try BulkInsert(db, "INSERT INTO reps(name, team) VALUES (?, ?)")
        }
        var new = 0
        for (id, name) in names.enumerated() where firstRow[id] >= 0 {
            if let existing = known[name] {
                resolved[id] = existing
                continue
            }
            new += 1
            guard insert != nil else { continue }
            let row = firstRow[id]
            switch table {
            case "customers":
                try insert!.row {
                    $0.text(name)
                    $0.text(rows.texts[.region]?.value(row))
                    $0.text(rows.texts[.segment]?.value(row))
                    $0.text(Day(number: firstDay[id]).iso)
                }
            case "products":
                try insert!.row {
                    $0.text(name)
                    $0.text(rows.texts[.category]?.value(row))
                    $0.number(rows.unitPrices?[row] ?? .nan)
                }
            default:
                try insert!.row {
                    $0.text(name)
                    $0.text(rows.texts[.team]?.value(row))
                }
            }
            resolved[id] = db.lastInsertedRowID
        }
        return (resolved, new)
    }

    // MARK: - Orders

    private func insertOrders(_ fresh: [Int], references: [ImportField: [Int64]], importID: Int64) throws {
        // Everything the loop reads, taken out of dictionaries and optionals once.
        let none = TextColumn()
        let orderNumbers = rows.orderNumbers ?? RowTexts()
        let regions = rows.texts[.region] ?? none
        let channels = rows.texts[.channel] ?? none
        let customers = (rows.texts[.customer]?.ids ?? [], references[.customer] ?? [])
        let reps = (rows.texts[.rep]?.ids ?? [], references[.rep] ?? [])
        let products = (rows.texts[.product]?.ids ?? [], references[.product] ?? [])
        let days = rows.days
        let amounts = rows.amounts
        let quantities = rows.quantities ?? []
        let costs = rows.costs ?? []
        let fingerprints = rows.fingerprints
        let first = days.min() ?? 0
        // Each day's ISO text, ten bytes, made once per day.
        var dayText = [UInt8](repeating: 0, count: (Int((days.max() ?? 0) - first) + 1) * 10)
        for row in fresh where dayText[Int(days[row] - first) * 10] == 0 {
            dayText.replaceSubrange(
                Int(days[row] - first) * 10..<Int(days[row] - first) * 10 + 10, with: Day(number: days[row]).iso.utf8)
        }
        let columns = [
            "order_no", "date", "customer_id", "rep_id", "product_id", "region", "channel", "quantity", "amount", "cost",
            "import_id", "fingerprint",
        ]
        try dayText.withUnsafeBufferPointer { dayBytes in
            try BulkInsert.rows(db, into: "orders", columns: columns, count: fresh.count) { done, binder in
                if done & 0x3FFF == 0 {
                    if options.isCancelled() { throw ImportError.interrupted }
                    options.progress(ImportProgress(phase: .writing, done: done, total: fresh.count))
                }
                let row = fresh[done]
                let day = Int(days[row] - first) * 10
                orderNumbers.bind(row, to: &binder)
                binder.text(bytes: UnsafeBufferPointer(rebasing: dayBytes[day..<day + 10]))
                binder.reference(customers, row)
                binder.reference(reps, row)
                binder.reference(products, row)
                regions.bind(row, to: &binder)
                channels.bind(row, to: &binder)
                binder.number(quantities.isEmpty ? .nan : quantities[row])
                binder.double(amounts[row])
                binder.number(costs.isEmpty ? .nan : costs[row])
                binder.int(Int(importID))
                binder.int(Int(Int64(bitPattern: fingerprints[row])))
            }
        }
        options.progress(ImportProgress(phase: .writing, done: fresh.count, total: fresh.count))
    }

    // MARK: - Log

    /// The imports row: status `ok` (finished_at set once the rows are in) or `dry_run`.
    private func log(startedAt: Date, imported: Int) throws -> Int64 {
        let mapping = file.columns.compactMap { column in
            column.field.map { "\(jsonString(column.header)): \(jsonString($0.rawValue))" }
        }
        let rejected = file.rejections.count
        let message =
            "\(file.rowsRead) read, \(imported) imported, \(file.duplicates) duplicates, "
            + "\(rows.count - imported) already present, \(rejected) rejected"
        try db.execute(
            sql: """
                INSERT INTO imports(file, target_table, encoding, mapping, rows_read, rows_imported, started_at,
                    finished_at, status, message, rows_duplicate, rows_existing, rows_rejected, date_order)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                file.path, options.table.rawValue, file.encoding.rawValue, "{" + mapping.joined(separator: ", ") + "}",
                file.rowsRead, options.dryRun ? 0 : imported, startedAt.ISO8601Format(),
                options.dryRun ? Date().ISO8601Format() : nil, options.dryRun ? "dry_run" : "ok", message,
                file.duplicates, rows.count - imported, rejected, file.dateOrder.order?.rawValue,
            ])
        return db.lastInsertedRowID
    }

    private func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
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
}

extension RowTexts {
    /// Binds a row's value, or NULL.
    fileprivate func bind(_ row: Int, to binder: inout BulkInsert.Binder) {
        guard !ends.isEmpty else { return binder.null() }
        withBytes(row) { $0.isEmpty ? binder.null() : binder.text(bytes: $0) }
    }
}

extension TextColumn {
    /// Binds a row's value, or NULL.
    fileprivate func bind(_ row: Int, to binder: inout BulkInsert.Binder) {
        guard !ids.isEmpty, ids[row] >= 0 else { return binder.null() }
        distinct.withBytes(ids[row]) { binder.text(bytes: $0) }
    }
}

// MARK: - Rejects file

/// FILE.rejects.csv: each rejected row with its line, column and reason, then its fields as the
/// file has them. UTF-8 with a byte-order mark, so that Excel shows Chinese text correctly.
enum RejectsFile {
    /// Writes the file and returns its path; nil when there is nothing to write (a stale file
    /// at the default path is removed) or it could not be written.
    static func write(_ file: SalesFile, options: ImportOptions, workspacePath: String) -> String? {
        let candidates = options.rejectsPath.map { [$0] } ?? defaultPaths(file.path, workspacePath: workspacePath)
        guard !file.rejections.isEmpty else {
            if options.rejectsPath == nil, let path = candidates.first { try? FileManager.default.removeItem(atPath: path) }
            return nil
        }
        let lang = options.lang
        var text = "\u{FEFF}"
        let header = [lang == .zh ? "行" : "line", lang == .zh ? "列" : "column", lang == .zh ? "原因" : "reason"]
        text += (header + file.headers).map(csvField).joined(separator: ",") + "\r\n"
        for rejection in file.rejections {
            let cells = [String(rejection.line), rejection.column.map(String.init) ?? "", rejection.reason.message(lang)]
            text += (cells + rejection.fields).map(csvField).joined(separator: ",") + "\r\n"
        }
        for path in candidates {
            if FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) { return path }
        }
        return nil
    }

    /// Beside the file (`sales.csv` → `sales.rejects.csv`), else beside the workspace when the
    /// file's folder is read-only.
    static func defaultPaths(_ path: String, workspacePath: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        var name = url.lastPathComponent
        for suffix in [".csv", ".tsv", ".txt", ".CSV", ".TSV", ".TXT"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
        }
        name += ".rejects.csv"
        let besideWorkspace = URL(fileURLWithPath: workspacePath).deletingLastPathComponent().appendingPathComponent(name)
        return [url.deletingLastPathComponent().appendingPathComponent(name).path, besideWorkspace.path]
    }

    private static func csvField(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
