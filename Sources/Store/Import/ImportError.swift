import Model

/// Why a file could not be imported at all. After any of these the workspace is exactly as it
/// was (and the imports log does not mention the attempt: logging it would change the file).
///
///     ImportError.unclosedQuote(line: 3, column: 15).message(.en)
///     // "line 3, column 15: a quote opens a field that never closes (the closing quote is missing)."
public enum ImportError: LocalizedFailure, Equatable {
    case fileNotFound
    case isDirectory
    /// A FIFO, a device or a socket: no file to read.
    case notARegularFile
    case unreadable(detail: String)
    case empty
    case notText(kind: BinaryKind)
    /// Some lines are UTF-8 and others are not (nil `utf8Line`: the file starts with a UTF-8
    /// byte-order mark).
    case mixedEncodings(utf8Line: Int?, otherLine: Int)
    case encodingUnavailable(String)
    /// `--encoding` named one the file's first line does not read in.
    case notInChosenEncoding(encoding: String, line: Int)
    case unclosedQuote(line: Int, column: Int)
    case recordTooLong(line: Int, bytes: Int)
    /// A header and nothing under it.
    case noDataRows(headerLine: Int)
    case noDateColumn(headers: [String])
    case noAmountColumn(headers: [String])
    /// Two columns name one field equally well (or `--map` gave one field twice).
    case ambiguousColumns(field: ImportField, columns: [Int], headers: [String])
    /// `--map` names a header that two columns carry.
    case duplicateHeader(name: String, columns: [Int])
    /// `--map` names a column the file does not have.
    case unknownColumn(name: String, headers: [String])
    /// Every data row was rejected: nothing to import.
    case nothingImportable(rows: Int, reason: Localized, rejectsFile: String?)
    /// `--table` names a table whose fields the headers do not have.
    case notThisTable(table: ImportTable, headers: [String])
    /// No table of METRICS.md fits the headers.
    case unrecognised(headers: [String])
    /// A workbook none of whose sheets kpish recognises (names of the sheets).
    case noRecognisedSheet(sheets: [String])
    /// `--sheet` names a sheet the workbook does not have.
    case unknownSheet(name: String, sheets: [String])
    case workbook(WorkbookProblem)
    /// The file's open stages do not fit the workspace's pipeline.
    case pipelineConflict(workspace: [String], file: [String])
    /// A folder with no file kpish can read.
    case emptyFolder
    /// Ctrl-C.
    case interrupted
    case diskFull
    case writeFailed(detail: String)

    public var message: Localized {
        switch self {
        case .fileNotFound:
            return Localized(zh: "文件不存在。", en: "there is no such file.")
        case .isDirectory:
            return Localized(zh: "这是一个目录，不是文件。", en: "this is a directory, not a file.")
        case .notARegularFile:
            return Localized(
                zh: "这不是普通文件（是管道、设备或套接字），无法导入；请先把数据保存成 CSV 或 Excel 文件。",
                en: "this is not a regular file (a pipe, a device or a socket): save the data as a CSV or Excel file first.")
        case .unreadable(let detail):
            return Localized(zh: "无法读取文件：\(detail)", en: "cannot read the file: \(detail)")
        case .empty:
            return Localized(zh: "文件是空的，没有可导入的内容。", en: "the file is empty: there is nothing to import.")
        case .notText(let kind):
            return Self.notText(kind)
        case .mixedEncodings(let utf8Line?, let otherLine):
            return Localized(
                zh:
                    "文件混用了多种编码：第 \(utf8Line) 行是 UTF-8，第 \(otherLine) 行不是。请另存为统一的 UTF-8，或用 --encoding 指定一种编码（无法按该编码读取的行会被拒绝）。",
                en:
                    "the file mixes encodings: line \(utf8Line) is UTF-8 but line \(otherLine) is not. Save it again in one encoding (UTF-8), or name one with --encoding (lines that do not read in it are rejected)."
            )
        case .mixedEncodings(nil, let otherLine):
            return Localized(
                zh: "文件以 UTF-8 标记（BOM）开头，但第 \(otherLine) 行不是 UTF-8：文件混用了多种编码。请另存为统一的 UTF-8，或用 --encoding 指定编码。",
                en:
                    "the file starts with a UTF-8 byte-order mark but line \(otherLine) is not UTF-8: it mixes encodings. Save it again as UTF-8, or name an encoding with --encoding."
            )
        case .notInChosenEncoding(let encoding, let line):
            return Localized(
                zh: "第 \(line) 行不能按 --encoding \(encoding) 读取：文件不是这种编码。去掉 --encoding 让 kpish 自动识别，或指定另一种编码；工作区未作任何改动。",
                en: "line \(line) does not read as --encoding \(encoding): the file is in another encoding. Leave --encoding out for kpish to detect it, or name another; the workspace is unchanged.")
        case .encodingUnavailable(let name):
            return Localized(zh: "本系统的 iconv 不支持 \(name) 编码。", en: "this system's iconv cannot convert \(name).")
        case .unclosedQuote(let line, let column):
            return Localized(
                zh: "第 \(line) 行第 \(column) 列：引号开始的字段直到文件末尾都没有结束（缺少右引号）。",
                en:
                    "line \(line), column \(column): a quote opens a field that never closes (the closing quote is missing)."
            )
        case .recordTooLong(let line, let bytes):
            let size = bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
            return Localized(
                zh: "第 \(line) 行长达 \(size)，超过 16 MB：这不是销售数据表（也可能是引号没有闭合）。",
                en: "line \(line) is \(size) long, over 16 MB: this is not a sales table (or a quote never closes).")
        case .noDataRows(let headerLine):
            return Localized(
                zh: "文件只有表头（第 \(headerLine) 行），没有数据行。",
                en: "the file has a header (line \(headerLine)) and no data rows.")
        case .noDateColumn(let headers):
            return Localized(
                zh:
                    "找不到日期列（列：\(Self.list(headers, zh: true))）。请用 --map 列名=date 指定，例如 --map \"\(headers.first ?? "日期")=date\"。",
                en:
                    "no date column among the headers (\(Self.list(headers, zh: false))). Name it with --map COLUMN=date, e.g. --map \"\(headers.first ?? "Date")=date\"."
            )
        case .noAmountColumn(let headers):
            return Localized(
                zh: "找不到销售额列，也没有可相乘的数量和单价列（列：\(Self.list(headers, zh: true))）。请用 --map 列名=amount 指定。",
                en:
                    "no amount column, and no quantity and unit price columns to multiply (headers: \(Self.list(headers, zh: false))). Name it with --map COLUMN=amount."
            )
        case .ambiguousColumns(let field, let columns, let headers):
            let zh = zip(columns, headers).map { "「\($1)」(#\($0))" }.joined(separator: "、")
            let en = zip(columns, headers).map { "'\($1)' (#\($0))" }.joined(separator: ", ")
            return Localized(
                zh: "多个列都可以作为\(field.title.zh)：\(zh)。请用 --map 指定其中一列，例如 --map \"#\(columns[0])=\(field.rawValue)\"。",
                en:
                    "more than one column could be the \(field.title.en): \(en). Pick one with --map, e.g. --map \"#\(columns[0])=\(field.rawValue)\"."
            )
        case .duplicateHeader(let name, let columns):
            let numbers = columns.map { "#\($0)" }.joined(separator: ", ")
            return Localized(
                zh: "有多个列都叫「\(name)」（\(numbers)）；请改用列号指定，例如 --map \"#\(columns[0])=字段\"。",
                en:
                    "more than one column is called '\(name)' (\(numbers)); name one by its number, e.g. --map \"#\(columns[0])=FIELD\"."
            )
        case .unknownColumn(let name, let headers):
            return Localized(
                zh: "--map 指定的列「\(name)」在文件中不存在。文件的列：\(Self.list(headers, zh: true))。",
                en:
                    "--map names a column '\(name)' that the file does not have. Its columns are: \(Self.list(headers, zh: false))."
            )
        case .nothingImportable(let rows, let reason, let rejectsFile):
            let whereTo = rejectsFile.map { Localized(zh: "详见 \($0)。", en: " See \($0).") } ?? Localized(zh: "", en: "")
            let all = rows == 1 ? "the only data row was" : "all \(grouped(rows)) data rows were"
            return Localized(
                zh: "全部 \(grouped(rows)) 行数据都被拒绝，没有导入任何内容（最常见的原因：\(reason.zh)）。\(whereTo.zh)",
                en: "\(all) rejected, so nothing was imported (most often: \(reason.en)).\(whereTo.en)")
        case .notThisTable(let table, let headers):
            return Localized(
                zh: "表头不像\(table.title.zh)表（列：\(Self.list(headers, zh: true))）；请用 --map 列名=字段 指定，或换一个 --table。",
                en:
                    "the headers do not look like \(table.title.en) (\(Self.list(headers, zh: false))); map them with --map COLUMN=FIELD, or pick another --table."
            )
        case .unrecognised(let headers):
            return Localized(
                zh:
                    "无法从表头判断这是哪种数据（列：\(Self.list(headers, zh: true))）。可导入：订单、商机、跟进记录、满意度调查、互评、销售目标、销售员、客户、产品；请用 --table 指定。",
                en:
                    "the headers do not say what this holds (\(Self.list(headers, zh: false))). kpish imports orders, opportunities, activities, surveys, reviews, targets, reps, customers and products; name one with --table."
            )
        case .noRecognisedSheet(let sheets):
            let zh = sheets.map { "「\($0)」" }.joined()
            let en = sheets.map { "'\($0)'" }.joined(separator: ", ")
            return Localized(
                zh: "工作簿中没有可识别的工作表（\(zh)）：表头既不像订单，也不像商机、跟进记录、目标等。请用 --sheet 和 --table 指定。",
                en:
                    "no sheet of this workbook looks like sales data (\(en)): no headers of orders, opportunities, activities, targets or the rest. Name one with --sheet and --table."
            )
        case .unknownSheet(let name, let sheets):
            return Localized(
                zh: "工作簿中没有名为「\(name)」的工作表；有：\(sheets.map { "「\($0)」" }.joined())。",
                en:
                    "the workbook has no sheet '\(name)'; its sheets are \(sheets.map { "'\($0)'" }.joined(separator: ", "))."
            )
        case .workbook(let problem):
            return problem.message
        case .pipelineConflict(let workspace, let file):
            return Localized(
                zh:
                    "文件的商机阶段（\(file.joined(separator: "、"))）与工作区已有的阶段（\(workspace.joined(separator: " → "))）不一致。请用 --stages 声明完整的阶段顺序。",
                en:
                    "the file's stages (\(file.joined(separator: ", "))) do not fit the workspace's pipeline (\(workspace.joined(separator: " → "))). Declare the whole pipeline with --stages."
            )
        case .emptyFolder:
            return Localized(
                zh: "文件夹中没有可导入的文件（.csv、.tsv、.txt、.xlsx、.xlsm）。",
                en: "the folder holds no file to import (.csv, .tsv, .txt, .xlsx, .xlsm).")
        case .interrupted:
            return Localized(
                zh: "导入已中断（Ctrl-C）；工作区没有任何改动。", en: "import interrupted (Ctrl-C); the workspace is unchanged.")
        case .diskFull:
            return Localized(
                zh: "磁盘已满，导入已撤销；工作区没有任何改动。",
                en: "the disk is full; the import was rolled back and the workspace is unchanged.")
        case .writeFailed(let detail):
            return Localized(
                zh: "写入工作区失败（\(detail)），导入已撤销；工作区没有任何改动。",
                en:
                    "writing to the workspace failed (\(detail)); the import was rolled back and the workspace is unchanged."
            )
        }
    }

    private static func notText(_ kind: BinaryKind) -> Localized {
        switch kind {
        case .excelWorkbook:
            return Localized(
                zh: "这是 Excel 工作簿（.xlsx）或其他压缩包，不是 CSV 文本。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后再导入。",
                en:
                    "this is an Excel workbook (.xlsx) or another ZIP archive, not CSV text. In Excel choose Save As → CSV UTF-8 (Comma delimited), then import that."
            )
        case .excel97Workbook:
            return Localized(
                zh: "这是 Excel 97–2003 工作簿（.xls），不是 CSV 文本。请在 Excel 中另存为 CSV UTF-8 后再导入。",
                en:
                    "this is an Excel 97–2003 workbook (.xls), not CSV text. Save it as CSV UTF-8 from Excel, then import that."
            )
        case .html:
            return Localized(
                zh: "这是网页（HTML/XML）文件，不是 CSV 文本；网页系统导出的 .xls 常常如此。请用 Excel 打开后另存为 CSV UTF-8。",
                en:
                    "this is a web page (HTML/XML), not CSV text; web systems often export those as .xls. Open it in Excel and save it as CSV UTF-8."
            )
        case .pdf:
            return Localized(zh: "这是 PDF 文档，不是 CSV 文本。", en: "this is a PDF document, not CSV text.")
        case .gzip:
            return Localized(zh: "这是 gzip 压缩文件，请先解压。", en: "this is a gzip-compressed file; decompress it first.")
        case .sqlite:
            return Localized(zh: "这是 SQLite 数据库，不是 CSV 文本。", en: "this is an SQLite database, not CSV text.")
        case .image:
            return Localized(zh: "这是图片，不是 CSV 文本。", en: "this is an image, not CSV text.")
        case .controlBytes(let line):
            return Localized(
                zh: "这不是文本文件：第 \(line) 行含有 NUL 等控制字节（二进制文件，或没有 BOM 的 UTF-16）。",
                en:
                    "this is not a text file: line \(line) holds NUL or other control bytes (a binary file, or UTF-16 without a byte-order mark)."
            )
        }
    }

    static func list(_ headers: [String], zh: Bool) -> String {
        let shown = headers.prefix(12).map { zh ? "「\($0)」" : "'\($0)'" }.joined(separator: zh ? "" : ", ")
        return headers.count > 12 ? shown + " …" : shown
    }
}

/// Why a workbook cannot be read.
public enum WorkbookProblem: Equatable, Sendable {
    /// An Excel 97–2003 .xls (BIFF).
    case legacyExcel
    /// A password-protected workbook.
    case encrypted
    /// The ZIP container is damaged or cut off.
    case truncated
    /// A ZIP that is not a workbook (a .docx, say).
    case notAWorkbook
    /// A part kpish cannot read.
    case malformed(part: String, detail: String)

    public var message: Localized {
        switch self {
        case .legacyExcel:
            return Localized(
                zh: "这是 Excel 97–2003 工作簿（.xls），kpish 不读这种旧格式。请在 Excel 或 WPS 中另存为 .xlsx 或 CSV UTF-8 后再导入。",
                en:
                    "this is an Excel 97–2003 workbook (.xls), an old format kpish does not read. Save it as .xlsx or CSV UTF-8 from Excel, then import that."
            )
        case .encrypted:
            return Localized(
                zh: "这个工作簿设置了密码（已加密），无法读取。请在 Excel 中取消密码后另存为 .xlsx 或 CSV 再导入。",
                en:
                    "this workbook is password-protected (encrypted) and cannot be read. Remove the password in Excel and save it as .xlsx or CSV, then import that."
            )
        case .truncated:
            return Localized(
                zh: "工作簿已损坏或不完整（压缩包被截断）。请重新导出，或在 Excel 中打开后另存为 .xlsx 或 CSV。",
                en:
                    "the workbook is damaged or incomplete (the ZIP container is cut off). Export it again, or open it in Excel and save it as .xlsx or CSV."
            )
        case .notAWorkbook:
            return Localized(
                zh: "这是 ZIP 压缩包，但不是 Excel 工作簿。请导入 .xlsx 或 CSV。",
                en: "this is a ZIP archive but not an Excel workbook. Import an .xlsx or CSV file.")
        case .malformed(let part, let detail):
            return Localized(
                zh: "工作簿的 \(part) 无法读取（\(detail)）。请在 Excel 中另存为 .xlsx 或 CSV 后再导入。",
                en:
                    "the workbook's \(part) cannot be read (\(detail)). Save it again as .xlsx or CSV from Excel, then import that."
            )
        }
    }
}
