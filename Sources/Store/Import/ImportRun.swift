import Foundation
import GRDB
import Model

/// What one file, or one sheet of a workbook, became.
public enum ImportItem: Sendable {
    case orders(ImportReport, sheet: String?)
    case table(TableReport)

    public var table: ImportTable {
        switch self {
        case .orders: .orders
        case .table(let report): report.file.table
        }
    }
}

/// What importing a file of one of the other tables did.
public struct TableReport: Sendable {
    public var file: TableFile
    public var counts: TableWriteCounts
    public var rejectsFile: String?
    public var dryRun: Bool
}

/// A whole `kpish import`: the items in the order they were written, and the sheets of
/// workbooks that held nothing kpish recognises.
public struct ImportRun: Sendable {
    public var items: [ImportItem]
    public var skippedSheets: [(file: String, sheet: String)]
}

extension Workspace {
    /// Imports files, folders (their .csv, .tsv, .txt, .xlsx and .xlsm files) and workbooks
    /// (every sheet whose headers kpish recognises, or `--sheet`) into the workspace at
    /// `workspacePath`, in one transaction: afterwards it holds all of them or, after any error,
    /// exactly what it held before. Each file or sheet goes to the table its headers say
    /// (`options.table` overrides); master data is written before the facts that name it.
    ///
    ///     let run = try Workspace.importFiles(["crm/"], into: "kpish.db", options: ImportOptions())
    ///     run.items.map(\.table)   // [.reps, .products, .customers, .opportunities]
    public static func importFiles(_ paths: [String], into workspacePath: String, options: ImportOptions) throws
        -> ImportRun
    {
        // A dry run leaves no workspace behind where there was none.
        let existed = FileManager.default.fileExists(atPath: workspacePath)
        defer {
            if options.dryRun && !existed {
                for suffix in ["", "-wal", "-shm", "-columns"] { try? FileManager.default.removeItem(atPath: workspacePath + suffix) }
            }
        }
        let files = try expand(paths)
        // A single order file streams: read and written at once, as fast as the slower half.
        if files.count == 1, !Self.isWorkbook(files[0]), options.table ?? .orders == .orders {
            if try options.table == .orders
                || detect(try SourceText.read(files[0], encoding: options.encoding, head: true), options: options)
                    == .orders
            {
                let report = try importFile(files[0], into: workspacePath, options: options)
                return ImportRun(items: [.orders(report, sheet: nil)], skippedSheets: [])
            }
        }
        var read: [ReadSource] = []
        var skipped: [(file: String, sheet: String)] = []
        for file in files {
            if Self.isWorkbook(file) {
                let (sources, unrecognised) = try workbookSources(file, options: options)
                read += sources
                skipped += unrecognised.map { (file, $0) }
            } else {
                let source = try SourceText.read(file, encoding: options.encoding)
                guard let table = try options.table ?? detect(source, options: options) else {
                    throw ImportError.unrecognised(headers: try firstRecord(source))
                }
                read.append(try ReadSource.read(source, as: table, options: options))
            }
        }
        read.sort { $0.table.writeOrder < $1.table.writeOrder }
        return try write(read, skipped: skipped, into: workspacePath, options: options)
    }

    /// The files to import: each path, or the importable files of a folder (by name).
    private static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            guard try FileKind.of(path) == .folder else {
                files.append(path)
                continue
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted().filter { name in
                let lowered = name.lowercased()
                return !lowered.hasPrefix(".") && !lowered.hasSuffix(".rejects.csv")
                    && [".csv", ".tsv", ".txt", ".xlsx", ".xlsm"].contains { lowered.hasSuffix($0) }
            }
            guard !names.isEmpty else { throw ImportError.emptyFolder }
            files += names.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
        }
        return files
    }

    /// Whether the file is a ZIP or OLE container (a workbook, or what claims to be one).
    static func isWorkbook(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        return Workbook.kind(ofFileStartingWith: head) != nil
    }

    /// The sheets of a workbook that kpish recognises, read; and the names of the others.
    private static func workbookSources(_ path: String, options: ImportOptions) throws -> ([ReadSource], [String]) {
        let workbook = try openWorkbook(path)
        var sheets = workbook.sheets.filter { !$0.isHidden }
        if let wanted = options.sheet {
            guard
                let sheet = workbook.sheets.first(where: {
                    $0.name == wanted || HeaderSynonyms.key($0.name) == HeaderSynonyms.key(wanted)
                })
            else { throw ImportError.unknownSheet(name: wanted, sheets: workbook.sheets.map(\.name)) }
            sheets = [sheet]
        }
        var sources: [ReadSource] = []
        var unrecognised: [String] = []
        for sheet in sheets {
            let csv = try sheetText(workbook, sheet)
            let source = SourceText(
                path: path, sheet: sheet.name,
                decoded: DecodedText(text: ByteBuffer(copying: csv), encoding: .utf8, evidence: .workbook))
            if csv.allSatisfy({ $0 == 0x0A || $0 == 0x2C || $0 == 0x20 }) {
                unrecognised.append(sheet.name)
                continue
            }
            guard let table = try options.table ?? detect(source, options: options) else {
                if options.sheet != nil { throw ImportError.unrecognised(headers: try firstRecord(source)) }
                unrecognised.append(sheet.name)
                continue
            }
            sources.append(try ReadSource.read(source, as: table, options: options))
        }
        guard !sources.isEmpty else {
            throw ImportError.noRecognisedSheet(sheets: workbook.sheets.map(\.name))
        }
        return (sources, unrecognised)
    }

    private static func openWorkbook(_ path: String) throws(ImportError) -> Workbook {
        do {
            return try Workbook.open(path)
        } catch {
            throw ImportError.workbook(error.problem)
        }
    }

    private static func sheetText(_ workbook: Workbook, _ sheet: Workbook.Sheet) throws(ImportError) -> [UInt8] {
        do {
            return try workbook.csv(sheet)
        } catch {
            throw ImportError.workbook(error.problem)
        }
    }

    /// The table the headers say the text holds: the one whose fields they name most, among those
    /// whose required fields they all name; orders on a tie. A header that names more order
    /// fields than any table's, but lacks what orders need (no date, say), is an order file with
    /// a problem: orders, so that their reader names it. Nil when nothing fits.
    static func detect(_ source: SourceText, options: ImportOptions) throws -> ImportTable? {
        // The header is among the first ten non-blank records; blank ones may come between.
        let records = try source.records(limit: 64)
        var best: (table: ImportTable, score: Int)?
        for spec in TableSpec.all {
            guard let header = TableHeader.find(in: records, spec: spec, options: options) else { continue }
            if best == nil || header.score > best!.score { best = (spec.table, header.score) }
        }
        let orders = orderEvidence(records, options: options)
        if orders.complete ? orders.count >= (best?.score ?? 0) : orders.count > (best?.score ?? 1) {
            return .orders
        }
        return best?.table
    }

    /// How many headers name an order field (in the record among the first ten that names
    /// most), and whether one of them maps a date and an amount (or quantity and unit price).
    private static func orderEvidence(_ records: [TextRecord], options: ImportOptions) -> (count: Int, complete: Bool) {
        var count = 0
        var complete = false
        for record in records.filter({ !$0.isBlank }).prefix(10) {
            let headers = record.fields.map(\.trimmingSpaces)
            let named = headers.filter { HeaderSynonyms.standard.match($0) != nil || options.mapping[$0] != nil }.count
            if let columns = try? HeaderMapping.infer(headers: headers, overrides: options.mapping) {
                let fields = Set(columns.compactMap(\.field))
                if fields.contains(.date), fields.contains(.amount) || fields.isSuperset(of: [.quantity, .unitPrice]) {
                    complete = true
                    count = max(count, fields.count)
                }
            }
            count = max(count, named)
        }
        return (count, complete)
    }

    private static func firstRecord(_ source: SourceText) throws -> [String] {
        try source.records(limit: 64).first { !$0.isBlank }?.fields.map(\.trimmingSpaces) ?? []
    }

    // MARK: - Writing

    private static func write(
        _ sources: [ReadSource], skipped: [(file: String, sheet: String)], into workspacePath: String,
        options: ImportOptions
    ) throws -> ImportRun {
        let existed = FileManager.default.fileExists(atPath: workspacePath)
        var rejectsFiles: [String?] = []
        for source in sources {
            let rejects = options.dryRun ? nil : source.writeRejects(options: options, workspacePath: workspacePath)
            rejectsFiles.append(rejects)
            if !options.dryRun, source.rowsKept == 0 {
                let top = source.rejectedByReason.first?.reason.message ?? Localized(zh: "", en: "")
                throw ImportError.nothingImportable(rows: source.rowsRead, reason: top, rejectsFile: rejects)
            }
        }
        do {
            let workspace = try Workspace.open(at: workspacePath)
            let startedAt = Date()
            let items = try workspace.importTransaction(fresh: !existed) { db -> [ImportItem] in
                var items: [ImportItem] = []
                for (source, rejects) in zip(sources, rejectsFiles) {
                    if options.isCancelled() { throw ImportError.interrupted }
                    switch source {
                    case .orders(let file, let sheet):
                        let writer = try OrderWriter(db: db, file: file.header, options: options, startedAt: startedAt)
                        try writer.write(RowBatch(file.rows))
                        items.append(.orders(try writer.finish(file, rejectsFile: rejects), sheet: sheet))
                    case .table(let file):
                        let counts = try TableWriter(db: db, options: options).write(file, startedAt: startedAt)
                        items.append(
                            .table(
                                TableReport(file: file, counts: counts, rejectsFile: rejects, dryRun: options.dryRun)))
                    }
                }
                return items
            }
            return ImportRun(items: items, skippedSheets: skipped)
        } catch {
            if !existed {
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    try? FileManager.default.removeItem(atPath: workspacePath + suffix)
                }
            }
            throw error
        }
    }
}

/// A file or sheet read for its table.
private enum ReadSource {
    case orders(SalesFile, sheet: String?)
    case table(TableFile)

    static func read(_ source: SourceText, as table: ImportTable, options: ImportOptions) throws -> ReadSource {
        if table == .orders {
            return .orders(try SalesFile.read(source, options: options), sheet: source.sheet)
        }
        return .table(try TableFile.read(source, as: table, options: options))
    }

    var table: ImportTable {
        switch self {
        case .orders: .orders
        case .table(let file): file.table
        }
    }

    var rowsKept: Int {
        switch self {
        case .orders(let file, _): file.rowsKept
        case .table(let file): file.rowsKept
        }
    }

    var rowsRead: Int {
        switch self {
        case .orders(let file, _): file.rowsRead
        case .table(let file): file.rowsRead
        }
    }

    var rejectedByReason: [RejectGroup] {
        switch self {
        case .orders(let file, _): file.rejectedByReason
        case .table(let file): file.rejectedByReason
        }
    }

    func writeRejects(options: ImportOptions, workspacePath: String) -> String? {
        switch self {
        case .orders(let file, let sheet):
            RejectsFile.write(
                path: file.path, sheet: sheet, headers: file.headers, rejections: file.rejections, options: options,
                workspacePath: workspacePath)
        case .table(let file):
            RejectsFile.write(
                path: file.path, sheet: file.sheet, headers: file.headers, rejections: file.rejections,
                options: options, workspacePath: workspacePath)
        }
    }
}

extension WorkbookError {
    var problem: WorkbookProblem {
        switch self {
        case .notAZip, .truncated: .truncated
        case .legacyExcel: .legacyExcel
        case .encrypted: .encrypted
        case .notAWorkbook: .notAWorkbook
        case .malformed(let part, let detail): .malformed(part: part, detail: detail)
        }
    }
}
