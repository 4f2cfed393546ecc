import Dispatch
import Foundation
import Model
import Render
import Store

/// `kpish import FILE...`: reads the files (folders: their CSV and workbook files; workbooks:
/// every sheet kpish recognises), writes their rows into the workspace in one transaction, and
/// reports what each became — in Chinese or English. The workspace is opened only once every
/// file has been read, so a file that cannot be imported never creates or touches one.
///
///     let result = importFiles(["crm/"], workspacePath: "kpish.db", options: ImportOptions(), lang: .zh)
///     result.status   // 0 imported (rows may have been rejected), 1 nothing could be imported
public func importFiles(_ paths: [String], workspacePath: String, options: ImportOptions, lang: Lang)
    -> CommandOutput
{
    let interruption = Interruption()
    interruption.install()
    defer { interruption.uninstall() }
    let bar = ProgressBar(lang: lang)
    defer { bar.finish() }
    var options = options
    options.lang = lang
    options.isCancelled = { interruption.isRequested }
    options.progress = { bar.update($0) }
    let run: ImportRun
    do {
        run = try Workspace.importFiles(paths, into: workspacePath, options: options)
    } catch let failure as any LocalizedFailure {
        bar.finish()
        return CommandOutput(error: "kpish: \(paths.joined(separator: " ")): " + failure.message(lang), status: 1)
    } catch {
        bar.finish()
        return CommandOutput(error: "kpish: \(paths.joined(separator: " ")): \(error)", status: 1)
    }
    bar.finish()
    var reports = run.items.map { item -> String in
        switch item {
        case .orders(let report, let sheet):
            return importReport(report, sheet: sheet, workspacePath: workspacePath, lang: lang)
        case .table(let report):
            return tableImportReport(report, workspacePath: workspacePath, lang: lang)
        }
    }
    if !run.skippedSheets.isEmpty {
        let names = run.skippedSheets.map { importLabel(path: $0.file, sheet: $0.sheet) }
        reports.append(
            Localized(
                zh: "未识别、未导入的工作表：\(names.joined(separator: "、"))（可用 --sheet 和 --table 指定）",
                en:
                    "Sheets not recognised and not imported: \(names.joined(separator: ", ")) (name one with --sheet and --table)"
            )(lang))
    }
    let separator = run.items.count > 1 ? "\n\n" + String(repeating: "─", count: 40) + "\n\n" : "\n\n"
    return CommandOutput(output: reports.joined(separator: separator))
}

/// One file: `importFiles` with a single path.
public func importFile(_ path: String, workspacePath: String, options: ImportOptions, lang: Lang) -> CommandOutput {
    importFiles([path], workspacePath: workspacePath, options: options, lang: lang)
}

/// Parses `--map COLUMN=FIELD` entries (`FIELD` may be `ignore`); the last `=` splits, since
/// field names never hold one. A field is an order field (by id or Chinese name) or a field of
/// any other table (`stage`, `closed_date`); which table's, the file's headers decide.
///
///     try parseMapping(["成交日期=date", "备注=ignore"]).orders   // ["成交日期": .date, "备注": nil]
public func parseMapping(_ entries: [String]) throws -> (orders: [String: ImportField?], fields: [String: String?]) {
    var orders: [String: ImportField?] = [:]
    var fields: [String: String?] = [:]
    let known = Set(ImportTable.allCases.flatMap(\.fieldIDs))
    // Each column means one thing, and each field comes from one column: a second, different
    // entry is a mistake to point out, never one to resolve by keeping the last.
    var entryOfColumn: [String: String] = [:]
    var columnOfField: [String: String] = [:]
    for entry in entries {
        guard let split = entry.lastIndex(of: "="), split != entry.startIndex else {
            throw MappingError.notAPair(entry)
        }
        let column = String(entry[..<split])
        let name = String(entry[entry.index(after: split)...]).trimmingCharacters(in: .whitespaces)
        let ignored = ["ignore", "-", "", "忽略"].contains(name.lowercased())
        let meaning = ignored ? "ignore" : ImportField(name: name)?.rawValue ?? name.lowercased()
        if let earlier = entryOfColumn[column] {
            guard earlier == meaning else { throw MappingError.columnTwice(column: column, earlier, name) }
            continue
        }
        entryOfColumn[column] = meaning
        if !ignored, let other = columnOfField[meaning] {
            throw MappingError.fieldTwice(field: name, other, column)
        }
        if !ignored { columnOfField[meaning] = column }
        if ignored {
            orders[column] = .some(nil)
            fields[column] = .some(nil)
        } else if let field = ImportField(name: name) {
            orders[column] = field
            fields[column] = field.rawValue
        } else if known.contains(name.lowercased()) {
            fields[column] = name.lowercased()
        } else {
            throw MappingError.unknownField(name)
        }
    }
    return (orders, fields)
}

/// `--stages "Prospecting,Engaging"` (commas, Chinese commas or arrows between names).
///
///     parseStages("初步接洽，需求确认 → 方案报价")   // ["初步接洽", "需求确认", "方案报价"]
public func parseStages(_ text: String) -> [String] {
    text.replacingOccurrences(of: "→", with: ",").replacingOccurrences(of: "，", with: ",")
        .replacingOccurrences(of: "、", with: ",").split(separator: ",")
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// A `--map` entry that cannot be read.
public enum MappingError: LocalizedFailure, Equatable {
    case notAPair(String)
    case unknownField(String)
    /// One column given two fields: the column, then each field as written.
    case columnTwice(column: String, String, String)
    /// One field given to two columns: the field as written, then each column.
    case fieldTwice(field: String, String, String)

    public var message: Localized {
        let fields = ImportField.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .notAPair(let entry):
            return Localized(
                zh: "--map 需要 列名=字段 的形式，而不是「\(entry)」", en: "--map takes COLUMN=FIELD, not '\(entry)'")
        case .unknownField(let name):
            return Localized(
                zh: "--map：没有「\(name)」这个字段；订单的字段：\(fields)（其他表的字段见 kpish import --help），或 ignore（不导入该列）",
                en:
                    "--map: there is no field '\(name)'; order fields are \(fields) (other tables' fields: kpish import --help), or ignore (do not import the column)"
            )
        case .columnTwice(let column, let first, let second):
            return Localized(
                zh: "--map 给了列「\(column)」两个字段：\(first) 和 \(second)；每列只能导入为一个字段，请删去其中一个",
                en: "--map gives column '\(column)' two fields, \(first) and \(second); a column imports as one field: drop one")
        case .fieldTwice(let field, let first, let second):
            return Localized(
                zh: "--map 把字段 \(field) 给了两列：「\(first)」和「\(second)」；一个字段只能来自一列，请删去其中一个",
                en: "--map gives field \(field) to two columns, '\(first)' and '\(second)'; a field comes from one column: drop one")
        }
    }
}

// MARK: - The report

/// An import's report for people: what was read, how it was understood, what was written.
func importReport(_ report: ImportReport, sheet: String? = nil, workspacePath: String, lang: Lang) -> String {
    let file = report.file
    let zh = lang == .zh
    func say(_ zh: String, _ en: String) -> String { lang == .zh ? zh : en }
    let name = importLabel(path: file.path, sheet: sheet)
    var sections: [String] = []

    sections.append(reportTitle(name, table: .orders, dryRun: report.dryRun, workspacePath: workspacePath, lang: lang))

    var facts: [[String]] = []
    facts.append([say("编码", "encoding"), encodingText(file.encoding, file.encodingEvidence, lang)])
    let delimiter =
        file.delimiter == "\t" ? say("制表符", "tab") : file.delimiter == "," ? say("逗号", "comma") : "'\(file.delimiter)'"
    facts.append([
        say("分隔符", "delimiter"), delimiter + say("；表头在第 \(file.headerLine) 行", "; header on line \(file.headerLine)"),
    ])
    facts.append([say("日期顺序", "date order"), dateOrderText(file.dateOrder, lang)])
    sections.append(TextTable(header: [say("项目", "item"), say("内容", "value")], rows: facts).render())

    let mapping = file.columns.map { column -> [String] in
        let header = column.header.isEmpty ? "#\(column.index + 1)" : column.header
        switch column.source {
        case .synonym, .option:
            let field = column.field!
            let how = column.source == .option ? say("（--map）", " (--map)") : ""
            return [header, "→ " + field.rawValue + " " + (zh ? field.title.zh : "") + how]
        case .ignored:
            return [header, say("不导入（--map ignore）", "not imported (--map ignore)")]
        case .unmapped:
            return [header, say("不导入", "not imported")]
        case .outranked(let field, let by):
            let winner = file.columns[by].header
            return [
                header,
                say("不导入（\(field.rawValue) 取自「\(winner)」）", "not imported (\(field.rawValue) comes from '\(winner)')"),
            ]
        }
    }
    sections.append(TextTable(header: [say("列", "column"), say("导入为", "imported as")], rows: mapping).render())

    if report.dryRun && !file.samples.isEmpty {
        let fields = ImportField.allCases.filter { field in file.samples[0].values[field] != nil }
        let sample = TextTable(
            header: [say("行", "line")] + fields.map(\.rawValue),
            rows: file.samples.map { row in [String(row.line)] + fields.map { row.values[$0] ?? "" } },
            rightAligned: Set(
                [0]
                    + fields.indices.filter { [.amount, .quantity, .unitPrice, .cost].contains(fields[$0]) }.map {
                        $0 + 1
                    }))
        let first =
            file.samples.count == 1 ? "The first row as parsed:" : "The first \(file.samples.count) rows as parsed:"
        sections.append(say("前 \(file.samples.count) 行解析结果：", first) + "\n" + sample.render())
    }

    var counts: [[String]] = [
        [say("读取的数据行", "rows read"), count(file.rowsRead)],
        [report.dryRun ? say("将导入", "would be imported") : say("已导入", "imported"), count(report.imported)],
        [say("文件内重复行（已去掉）", "duplicates in the file (dropped)"), count(file.duplicates)],
        [say("工作区已有（已跳过）", "already in the workspace (skipped)"), count(report.existing)],
        [say("被拒绝", "rejected"), count(file.rejections.count)],
    ]
    counts += rejectionRows(report.rejectedByReason, lang: lang)
    sections.append(TextTable(header: [say("行数", "rows"), ""], rows: counts, rightAligned: []).render())

    let created = [(ImportField.customer, "个客户", "customer"), (.product, "个产品", "product"), (.rep, "个销售员", "rep")]
        .compactMap { field, zhName, enName -> String? in
            guard let number = report.created[field] else { return nil }
            return zh ? "\(count(number)) \(zhName)" : "\(count(number)) \(enName)" + (number == 1 ? "" : "s")
        }
    if !created.isEmpty {
        sections.append(
            (report.dryRun ? say("将新建：", "Would create: ") : say("新建：", "Created: "))
                + created.joined(separator: say("，", ", ")))
    }

    if !file.notes.isEmpty {
        sections.append(([say("说明：", "Notes:")] + file.notes.map { "  - " + $0.message(lang) }).joined(separator: "\n"))
    }
    if let rejects = report.rejectsFile {
        sections.append(say("被拒绝的行（含行号、列和原因）已写入 \(rejects)", "Rejected rows, with line, column and reason: \(rejects)"))
    } else if !file.rejections.isEmpty && !report.dryRun {
        sections.append(say("无法写入被拒绝行的文件。", "The rejects file could not be written."))
    }
    if report.imported == 0 && report.existing > 0 && !report.dryRun {
        sections.append(
            say("这些行都已导入过，工作区数据没有变化。", "Every row was already imported: the workspace's data did not change."))
    }
    return sections.joined(separator: "\n\n")
}

func encodingText(_ encoding: SourceEncoding, _ evidence: EncodingEvidence, _ lang: Lang) -> String {
    let why: Localized =
        switch evidence {
        case .byteOrderMark: Localized(zh: "文件开头有 BOM", en: "byte-order mark")
        case .ascii: Localized(zh: "纯 ASCII", en: "plain ASCII")
        case .validUTF8: Localized(zh: "有效的 UTF-8", en: "valid UTF-8")
        case .chineseText:
            Localized(zh: "不是 UTF-8，按 GB18030/GBK 读出常用汉字", en: "not UTF-8; reads as common Chinese in GB18030/GBK")
        case .fallback: Localized(zh: "既不是 UTF-8 也不是 GB18030", en: "neither UTF-8 nor GB18030")
        case .chosen: Localized(zh: "--encoding 指定", en: "--encoding")
        case .workbook: Localized(zh: "Excel 工作簿", en: "Excel workbook")
        }
    return "\(encoding.rawValue) (\(why(lang)))"
}

private func dateOrderText(_ decision: DateOrderDecision, _ lang: Lang) -> String {
    func name(_ order: DateOrder) -> String {
        order == .monthFirst
            ? Localized(zh: "月/日/年", en: "month/day/year")(lang) : Localized(zh: "日/月/年", en: "day/month/year")(lang)
    }
    switch decision {
    case .notNeeded:
        return Localized(zh: "年在前，无需判断", en: "year first: nothing to decide")(lang)
    case .evidence(let order, let line, let value):
        return name(order)
            + Localized(zh: "（第 \(line) 行的「\(value)」只能这样读）", en: " ('\(value)' on line \(line) reads no other way)")(
                lang)
    case .chosen(let order):
        return name(order) + Localized(zh: "（--date-order 指定）", en: " (--date-order)")(lang)
    case .undecidable(let order):
        return name(order) + Localized(zh: "（无法判断，按此假定；见说明）", en: " (undecidable, assumed; see the notes)")(lang)
    case .conflicting(let order, let agreeing, let contradicting, _, _):
        return name(order)
            + Localized(
                zh: "（\(agreeing) 行如此，\(contradicting) 行相反）", en: " (\(agreeing) agree, \(contradicting) disagree)")(
                lang)
    }
}

/// The report's rows for rejected rows by reason: the reason, how many, and the first lines.
func rejectionRows(_ groups: [RejectGroup], lang: Lang) -> [[String]] {
    groups.map { group in
        let lines =
            group.lines.map(String.init).joined(separator: ", ") + (group.count > group.lines.count ? ", …" : "")
        let where_ =
            lang == .zh ? "（第 \(lines) 行）" : group.lines.count == 1 ? " (line \(lines))" : " (lines \(lines))"
        return ["  " + group.reason.message(lang), count(group.count) + where_]
    }
}

func count(_ value: Int) -> String { grouped(Double(value), decimals: 0) }

// MARK: - Ctrl-C and progress

/// Ctrl-C during an import: the first asks the import to stop (it rolls back and says so);
/// a second ends the process at once (SQLite's write-ahead log still keeps the workspace whole).
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var source: (any DispatchSourceSignal)?

    var isRequested: Bool { lock.withLock { requested } }

    func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            self?.lock.withLock { self?.requested = true }
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
        self.source = source
    }

    func uninstall() {
        source?.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// A progress bar on standard error, drawn only on a terminal and only once the work has taken
/// more than a second (a quick import or demo prints nothing extra).
///
///     let bar = ProgressBar(lang: .zh)
///     bar.update(Localized(zh: "写入工作区", en: "writing"), fraction: 0.25)
///     bar.finish()
public final class ProgressBar: @unchecked Sendable {
    private let lang: Lang
    private let start = Date()
    private let lock = NSLock()
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var drawn = false
    private var lastDraw = Date.distantPast

    public init(lang: Lang) { self.lang = lang }

    public func update(_ phase: Localized, fraction: Double) {
        guard isTerminal else { return }
        let now = Date()
        lock.withLock {
            guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            drawn = true
            FileHandle.standardError.write(Data(("\r" + progressLine(phase(lang), fraction: fraction, width: 30)).utf8))
        }
    }

    func update(_ progress: ImportProgress) { update(progress.phaseName, fraction: progress.fraction) }

    public func finish() {
        lock.withLock {
            guard drawn else { return }
            drawn = false
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}

extension ImportProgress {
    var phaseName: Localized {
        switch phase {
        case .reading: Localized(zh: "读取文件", en: "reading")
        case .writing: Localized(zh: "写入工作区", en: "writing")
        }
    }
}

/// One line of the progress bar: the phase, a bar `width` cells wide and the percentage.
///
///     progressLine(ImportProgress(phase: .writing, done: 1, total: 4), lang: .en, width: 8)
///     // "writing  [##------]  25%"
func progressLine(_ progress: ImportProgress, lang: Lang, width: Int) -> String {
    progressLine(progress.phaseName(lang), fraction: progress.fraction, width: width)
}

func progressLine(_ phase: String, fraction: Double, width: Int) -> String {
    let fraction = min(1, max(0, fraction.isFinite ? fraction : 0))
    let filled = Int((fraction * Double(width)).rounded(.down))
    let percent = Int((fraction * 100).rounded(.down))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let number = String(percent)
    return "\(phase)  [\(bar)] " + String(repeating: " ", count: 3 - number.count) + number + "%"
}
