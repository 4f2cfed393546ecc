import Foundation
import Model
import Render
import Store

/// The first line of a file's report: which file, which table it was recognised as, where to.
///
///     reportTitle("crm.xlsx [商机]", table: .opportunities, dryRun: false, workspacePath: "kpish.db", lang: .zh)
///     // "已导入 crm.xlsx [商机] → 商机表（opportunities），工作区 kpish.db"
func reportTitle(_ name: String, table: ImportTable, dryRun: Bool, workspacePath: String, lang: Lang) -> String {
    let what = Localized(
        zh: "\(table.title.zh)表（\(table.rawValue)）",
        en: "\(table.title.en == table.rawValue ? table.rawValue : "\(table.title.en) (\(table.rawValue))")")
    return dryRun
        ? Localized(
            zh: "试导入 \(name)：识别为\(what.zh)（--dry-run：未写入任何数据）",
            en: "Dry run of \(name): recognised as \(what.en) (--dry-run: nothing was written)")(lang)
        : Localized(
            zh: "已导入 \(name) → \(what.zh)，工作区 \(workspacePath)",
            en: "Imported \(name) into \(what.en) in \(workspacePath)")(lang)
}

/// The report of a file of one of the tables besides orders: how it was read and mapped, what
/// was written, updated, already there or rejected, and why.
func tableImportReport(_ report: TableReport, workspacePath: String, lang: Lang) -> String {
    let file = report.file
    func say(_ zh: String, _ en: String) -> String { lang == .zh ? zh : en }
    var sections = [
        reportTitle(file.label, table: file.table, dryRun: report.dryRun, workspacePath: workspacePath, lang: lang)
    ]

    let facts: [[String]] = [
        [say("编码", "encoding"), encodingText(file.encoding, file.encodingEvidence, lang)],
        [say("表头", "header"), say("第 \(file.headerLine) 行", "line \(file.headerLine)")],
    ]
    sections.append(TextTable(header: [say("项目", "item"), say("内容", "value")], rows: facts).render())

    let mapping = file.columns.map { column -> [String] in
        let header = column.header.isEmpty ? "#\(column.index + 1)" : column.header
        switch column.source {
        case .synonym, .option:
            let how = column.source == .option ? say("（--map）", " (--map)") : ""
            return [header, "→ " + (column.field ?? "") + how]
        case .month(let year, let month):
            let label = year == 0 ? say("\(month) 月", "month \(month)") : String(format: "%04d-%02d", year, month)
            return [header, say("→ 目标（\(label)）", "→ target (\(label))")]
        case .ignored:
            return [header, say("不导入（--map ignore）", "not imported (--map ignore)")]
        case .unmapped:
            return [header, say("不导入", "not imported")]
        case .outranked(let by):
            return [
                header,
                say("不导入（取自「\(file.columns[by].header)」）", "not imported ('\(file.columns[by].header)' is used)"),
            ]
        }
    }
    sections.append(TextTable(header: [say("列", "column"), say("导入为", "imported as")], rows: mapping).render())

    if report.dryRun && !file.samples.isEmpty {
        let columns = Array(Set(file.samples.flatMap(\.keys))).filter { $0 != "import_key" }.sorted()
        let sample = TextTable(
            header: columns, rows: file.samples.map { row in columns.map { row[$0] ?? "" } }, rightAligned: [])
        sections.append(
            say("前 \(file.samples.count) 行解析结果：", "The first \(file.samples.count) rows as parsed:") + "\n"
                + sample.render())
    }

    var counts: [[String]] = [
        [say("读取的数据行", "rows read"), count(file.rowsRead)],
        [report.dryRun ? say("将新增", "would be added") : say("新增", "added"), count(report.counts.inserted)],
        [report.dryRun ? say("将更新", "would be updated") : say("已更新", "updated"), count(report.counts.updated)],
        [say("文件内重复行（已去掉）", "duplicates in the file (dropped)"), count(file.duplicates)],
        [say("工作区已有且相同（已跳过）", "already in the workspace, unchanged (skipped)"), count(report.counts.unchanged)],
        [say("被拒绝", "rejected"), count(file.rejections.count)],
    ]
    counts += rejectionRows(file.rejectedByReason, lang: lang)
    sections.append(TextTable(header: [say("行数", "rows"), ""], rows: counts, rightAligned: []).render())

    let notes = file.notes + report.counts.notes
    if !notes.isEmpty {
        sections.append(([say("说明：", "Notes:")] + notes.map { "  - " + $0.message(lang) }).joined(separator: "\n"))
    }
    if let rejects = report.rejectsFile {
        sections.append(say("被拒绝的行（含行号、列和原因）已写入 \(rejects)", "Rejected rows, with line, column and reason: \(rejects)"))
    }
    if report.counts.inserted == 0 && report.counts.updated == 0 && report.counts.unchanged > 0 && !report.dryRun {
        sections.append(
            say("这些行都已导入过，工作区数据没有变化。", "Every row was already imported: the workspace's data did not change."))
    }
    return sections.joined(separator: "\n\n")
}
