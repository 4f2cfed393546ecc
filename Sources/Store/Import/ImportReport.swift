import Model

/// Why a row was not imported.
///
///     RejectReason.notANumber(column: "销售额", value: "一百").message(.en)
///     // "'销售额' value '一百' is not a number"
public enum RejectReason: Hashable, Sendable {
    /// The row has another number of fields than the header.
    case fieldCount(found: Int, expected: Int)
    /// The file ends inside this row: its last line was cut off.
    case truncatedLastLine(found: Int, expected: Int)
    /// Bytes that are not valid in the encoding the file was read in.
    case invalidBytes(SourceEncoding)
    /// A value the table cannot do without is empty.
    case missing(ImportField)
    case notANumber(column: String, value: String)
    case notADate(column: String, value: String)
    /// A month above 12 or a day past the month's end (read in the column's order, if any).
    case impossibleDate(column: String, value: String, order: DateOrder?)
    /// Before 1900 or after 2199.
    case dateOutOfRange(column: String, value: String)
    /// A field the table cannot do without is empty (by its column's header).
    case missingValue(column: String)
    /// A stage that is neither won nor lost nor a stage of the pipeline.
    case unknownStage(column: String, value: String)
    /// A date before the one it must follow (a deal closed before it was created, a rep who
    /// left before being hired): the later column, its value, the earlier column and its value.
    case datesOutOfOrder(later: String, value: String, earlier: String, earlierValue: String)
    /// A score outside 1–5.
    case outOfScale(column: String, value: String)
    /// A number beyond what a sales figure can be (`Figures.largest`).
    case tooLarge(column: String, value: String)
    /// Neither yes nor no.
    case notAFlag(column: String, value: String)
    /// A negative number where none can be (a target).
    case negative(column: String, value: String)
    /// A value outside a fixed vocabulary (an activity type, a review kind, a scope).
    case notInVocabulary(column: String, value: String, allowed: Localized)
    /// Not a month, quarter or year.
    case notAPeriod(column: String, value: String)

    /// The reason without the value, for counting rows by reason.
    public var group: RejectReason {
        switch self {
        case .fieldCount(_, let expected): .fieldCount(found: 0, expected: expected)
        case .truncatedLastLine(_, let expected): .truncatedLastLine(found: 0, expected: expected)
        case .notANumber(let column, _): .notANumber(column: column, value: "")
        case .notADate(let column, _): .notADate(column: column, value: "")
        case .impossibleDate(let column, _, let order): .impossibleDate(column: column, value: "", order: order)
        case .dateOutOfRange(let column, _): .dateOutOfRange(column: column, value: "")
        case .unknownStage(let column, _): .unknownStage(column: column, value: "")
        case .datesOutOfOrder(let later, _, let earlier, _):
            .datesOutOfOrder(later: later, value: "", earlier: earlier, earlierValue: "")
        case .outOfScale(let column, _): .outOfScale(column: column, value: "")
        case .tooLarge(let column, _): .tooLarge(column: column, value: "")
        case .notAFlag(let column, _): .notAFlag(column: column, value: "")
        case .negative(let column, _): .negative(column: column, value: "")
        case .notInVocabulary(let column, _, let allowed): .notInVocabulary(column: column, value: "", allowed: allowed)
        case .notAPeriod(let column, _): .notAPeriod(column: column, value: "")
        case .invalidBytes, .missing, .missingValue: self
        }
    }

    public var message: Localized {
        switch self {
        case .fieldCount(let found, let expected) where found == 0:
            return Localized(zh: "字段数与表头（\(expected) 列）不符", en: "field count differs from the header's \(expected)")
        case .fieldCount(let found, let expected):
            return Localized(
                zh: "有 \(found) 个字段，表头有 \(expected) 列", en: "\(found) fields where the header has \(expected)")
        case .truncatedLastLine(let found, _) where found == 0:
            return Localized(zh: "最后一行不完整（文件被截断）", en: "the last line is cut off (truncated file)")
        case .truncatedLastLine(let found, let expected):
            return Localized(
                zh: "最后一行不完整（文件被截断）：只有 \(found) 个字段，表头有 \(expected) 列",
                en: "the last line is cut off (truncated file): \(found) of \(expected) fields")
        case .invalidBytes(let encoding):
            return Localized(
                zh: "含有不符合 \(encoding.rawValue) 编码的字节", en: "bytes that are not valid \(encoding.rawValue)")
        case .missing(let field):
            return Localized(zh: "缺少\(field.title.zh)", en: "no \(field.title.en)")
        case .notANumber(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」不是数字", en: "'\(column)' is not a number")
                : Localized(zh: "「\(column)」的值「\(value)」不是数字", en: "'\(column)' value '\(value)' is not a number")
        case .notADate(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」不是日期", en: "'\(column)' is not a date")
                : Localized(zh: "「\(column)」的值「\(value)」不是日期", en: "'\(column)' value '\(value)' is not a date")
        case .impossibleDate(let column, let value, let order):
            let how: Localized =
                switch order {
                case .dayFirst?: Localized(zh: "（按日/月/年读）", en: " (read day first)")
                case .monthFirst?: Localized(zh: "（按月/日/年读）", en: " (read month first)")
                case nil: Localized(zh: "", en: "")
                }
            return value.isEmpty
                ? Localized(zh: "「\(column)」是不存在的日期\(how.zh)", en: "'\(column)' is an impossible date\(how.en)")
                : Localized(
                    zh: "「\(column)」的值「\(value)」是不存在的日期\(how.zh)",
                    en: "'\(column)' value '\(value)' is an impossible date\(how.en)")
        case .missingValue(let column):
            return Localized(zh: "「\(column)」为空", en: "'\(column)' is empty")
        case .unknownStage(let column, let value):
            return value.isEmpty
                ? Localized(
                    zh: "「\(column)」不是已知的商机阶段（可用 --stages 声明自己的阶段）",
                    en: "'\(column)' is not a known stage (declare your pipeline with --stages)")
                : Localized(
                    zh: "「\(column)」的值「\(value)」不是已知的商机阶段（可用 --stages \"阶段1,阶段2,…\" 声明自己的阶段）",
                    en:
                        "'\(column)' value '\(value)' is not a known stage (declare your pipeline with --stages \"A,B,…\")"
                )
        case .datesOutOfOrder(let later, let value, let earlier, let earlierValue):
            return value.isEmpty
                ? Localized(zh: "「\(later)」早于「\(earlier)」", en: "'\(later)' is before '\(earlier)'")
                : Localized(
                    zh: "「\(later)」\(value) 早于「\(earlier)」\(earlierValue)",
                    en: "'\(later)' \(value) is before '\(earlier)' \(earlierValue)")
        case .tooLarge(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」的数值大得不像销售数据", en: "'\(column)' is too large for a sales figure")
                : Localized(
                    zh: "「\(column)」的值「\(value)」大得不像销售数据（最多 10^15）",
                    en: "'\(column)' value '\(value)' is too large for a sales figure (10^15 at most)")
        case .outOfScale(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」不在 1–5 分之间", en: "'\(column)' is outside the 1–5 scale")
                : Localized(
                    zh: "「\(column)」的值「\(value)」不在 1–5 分之间", en: "'\(column)' value '\(value)' is outside the 1–5 scale"
                )
        case .notAFlag(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」不是 是/否", en: "'\(column)' is not yes or no")
                : Localized(
                    zh: "「\(column)」的值「\(value)」不是 是/否（是、否、1、0）",
                    en: "'\(column)' value '\(value)' is not yes or no (yes, no, 1, 0)")
        case .negative(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」是负数", en: "'\(column)' is negative")
                : Localized(zh: "「\(column)」的值「\(value)」是负数", en: "'\(column)' value '\(value)' is negative")
        case .notInVocabulary(let column, let value, let allowed):
            return value.isEmpty
                ? Localized(zh: "「\(column)」不是可用的值（\(allowed.zh)）", en: "'\(column)' is none of \(allowed.en)")
                : Localized(
                    zh: "「\(column)」的值「\(value)」不是可用的值（\(allowed.zh)）",
                    en: "'\(column)' value '\(value)' is none of \(allowed.en)")
        case .notAPeriod(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」不是月份、季度或年份", en: "'\(column)' is not a month, quarter or year")
                : Localized(
                    zh: "「\(column)」的值「\(value)」不是月份、季度或年份",
                    en: "'\(column)' value '\(value)' is not a month, quarter or year")
        case .dateOutOfRange(let column, let value):
            return value.isEmpty
                ? Localized(zh: "「\(column)」的日期不在 1900–2199 年之间", en: "'\(column)' is a date outside 1900–2199")
                : Localized(
                    zh: "「\(column)」的值「\(value)」不在 1900–2199 年之间",
                    en: "'\(column)' value '\(value)' is a date outside 1900–2199")
        }
    }
}

/// A row that was not imported: where it is, why, and its fields as the file has them.
public struct Rejection: Equatable, Sendable {
    /// The line the row starts on.
    public var line: Int
    /// The column (from 1) holding the bad value, when one value is to blame.
    public var column: Int?
    public var reason: RejectReason
    public var fields: [String]
}

/// Rejected rows counted by reason, with the first few lines.
public struct RejectGroup: Equatable, Sendable {
    public var reason: RejectReason
    public var count: Int
    public var lines: [Int]
}

/// Something about the file a user should know: what was cleaned, assumed or left out.
///
///     ImportNote.truncatedLastLine(line: 39_531).message(.zh)
///     // "第 39531 行（最后一行）不完整，文件可能被截断；该行已拒绝。"
public enum ImportNote: Equatable, Sendable {
    /// Lines above the header (a report title) were skipped.
    case titleLinesSkipped(headerLine: Int)
    /// Headers with stray spaces or full-width characters, as written.
    case headersCleaned([String])
    case blankLinesSkipped(Int)
    /// A unit in a header scales its values (金额（万元） → × 10,000).
    case unitScaled(header: String, scale: Double)
    /// Every value in the date column reads both ways; the order was assumed.
    case dateOrderUndecidable(column: String, assumed: DateOrder)
    /// Values of both orders; `contradicting` rows did not fit the order taken and were rejected.
    case dateOrderConflict(column: String, order: DateOrder, contradicting: Int)
    /// One date column written in several forms (an Excel locale round trip), with row counts.
    case mixedDateForms(column: String, forms: [DateFormCount])
    /// An optional column is empty in some rows (they are imported without it).
    case emptyValues(column: String, field: ImportField, count: Int)
    /// Numbers written with thousands separators, currency signs, percent or 万/亿.
    case formattedNumbers(column: String, count: Int)
    /// No amount column (or empty amounts): amount = quantity × unit price.
    case amountComputed(rows: Int)
    /// Cost is amount − profit.
    case costFromProfit(column: String)
    case negativeAmounts(Int)
    case zeroAmounts(Int)
    /// A field that describes another (segment → customer) without that other column.
    case attributeWithoutOwner(field: ImportField, owner: ImportField)
    /// Dimensions the file does not have: metrics by them will find no data in these rows.
    case missingDimensions([ImportField])
    /// The last line is cut off (no line break and too few fields).
    case truncatedLastLine(line: Int)
    /// A 合计/总计 row under the data, not imported.
    case summaryRowSkipped(line: Int, label: String)
    /// Deals without a created date: kept, but no funnel period can count them.
    case undatedDeals(Int)
    /// A wide target sheet's 全年/合计 column disagrees with its months.
    case totalMismatch(line: Int, member: String, stated: Double, months: Double)
    /// A wide target sheet's 1月 … 12月 are read in the year its title or name gives.
    case yearFromTitle(year: Int, text: String)
    /// … or, with no year anywhere, in this year.
    case yearAssumed(Int)
    /// Rows dated after the day of the import (imported as they are), and the latest date.
    case futureDates(column: String, count: Int, after: Day, latest: Day)
    /// The workspace's pipeline is now these open stages, in order.
    case stagesDeclared([String])
    /// Rows name a rep, customer or product that the workspace spells otherwise; matched to it.
    case matchedByName(table: ImportTable, written: String, existing: String, rows: Int)
    /// Rows name reps, customers or products the workspace did not have: created.
    case mastersCreated(table: ImportTable, count: Int)

    public var message: Localized {
        switch self {
        case .titleLinesSkipped(let headerLine):
            return Localized(
                zh: "表头在第 \(headerLine) 行；上方的标题行已跳过。",
                en: "the header is on line \(headerLine); the title lines above it were skipped.")
        case .headersCleaned(let headers):
            let zh = headers.map { "「\($0)」" }.joined(separator: "")
            let en = headers.map { "'\($0)'" }.joined(separator: ", ")
            return Localized(
                zh: "表头含多余空格或全角字符，已按规范化后的名称匹配：\(zh)",
                en: "headers with stray spaces or full-width characters were matched as cleaned: \(en)")
        case .blankLinesSkipped(let count):
            return Localized(zh: "跳过了 \(grouped(count)) 个空行。", en: "\(lines(count)) skipped (blank).")
        case .unitScaled(let header, let scale):
            return Localized(
                zh: "「\(header)」的单位换算为 ×\(Int(scale))。",
                en: "'\(header)' is in units of \(Int(scale)): values × \(Int(scale)).")
        case .dateOrderUndecidable(let column, let assumed):
            let order = assumed == .monthFirst ? ("月/日/年", "month/day/year") : ("日/月/年", "day/month/year")
            let other = assumed == .monthFirst ? "dmy" : "mdy"
            return Localized(
                zh: "「\(column)」的每个日期都既可读作月/日也可读作日/月（没有大于 12 的日），无法判断；已按\(order.0)读取。若不对，请加 --date-order \(other)。",
                en:
                    "every date in '\(column)' reads both as month/day and as day/month (no day above 12), so the order cannot be decided; read as \(order.1). If that is wrong, add --date-order \(other)."
            )
        case .dateOrderConflict(let column, let order, let contradicting):
            let name = order == .monthFirst ? ("月/日/年", "month/day/year") : ("日/月/年", "day/month/year")
            return Localized(
                zh: "「\(column)」中两种日期顺序都有；多数行按\(name.0)读取，另外 \(grouped(contradicting)) 行不符，已拒绝。",
                en:
                    "'\(column)' holds dates in both orders; most rows read as \(name.1), and \(rows(contradicting, "that does not was", "that do not were")) rejected."
            )
        case .mixedDateForms(let column, let forms):
            let list = forms.map { "\($0.form) (\(grouped($0.rows)))" }.joined(separator: ", ")
            return Localized(
                zh: "「\(column)」混用了多种日期格式：\(list)；均已正确读取。",
                en: "'\(column)' mixes date forms: \(list); all were read.")
        case .emptyValues(let column, let field, let count):
            return Localized(
                zh: "「\(column)」有 \(grouped(count)) 行为空（这些行没有\(field.title.zh)）。",
                en: "'\(column)' is empty in \(rows(count)) (without a \(field.title.en)).")
        case .formattedNumbers(let column, let count):
            return Localized(
                zh: "「\(column)」有 \(grouped(count)) 个值带千位分隔符、货币符号、百分号或万/亿，已按数值读取。",
                en:
                    "'\(column)' has \(grouped(count)) values written with thousands separators, currency signs, percent or 万/亿; read as numbers."
            )
        case .amountComputed(let rows):
            return Localized(
                zh: "\(grouped(rows)) 行的销售额按 数量 × 单价 计算。",
                en: "the amount of \(Self.rows(rows)) is quantity × unit price.")
        case .costFromProfit(let column):
            return Localized(zh: "成本 = 销售额 − 「\(column)」。", en: "cost = amount − '\(column)'.")
        case .negativeAmounts(let count):
            return Localized(
                zh: "\(grouped(count)) 行销售额为负数（退货或取消），按负收入导入。",
                en:
                    "\(rows(count, "has", "have")) a negative amount (returns or cancellations), counted as negative revenue."
            )
        case .zeroAmounts(let count):
            return Localized(zh: "\(grouped(count)) 行销售额为 0。", en: "\(rows(count, "has", "have")) an amount of 0.")
        case .attributeWithoutOwner(let field, let owner):
            return Localized(
                zh: "有\(field.title.zh)列但没有\(owner.title.zh)列，\(field.title.zh)未导入。",
                en:
                    "there is a \(field.title.en) column but no \(owner.title.en) column, so \(field.title.en) was not imported."
            )
        case .missingDimensions(let fields):
            return Localized(
                zh: "文件没有\(fields.map(\.title.zh).joined(separator: "、"))列：按这些维度的指标在这些行上没有数据。",
                en:
                    "the file has no \(fields.map(\.title.en).joined(separator: ", ")) column: metrics by those find no data in these rows."
            )
        case .truncatedLastLine(let line):
            return Localized(
                zh: "第 \(line) 行（最后一行）不完整，文件可能被截断；该行已拒绝。",
                en: "line \(line), the last, is cut off: the file looks truncated; that row was rejected.")
        case .summaryRowSkipped(let line, let label):
            return Localized(
                zh: "第 \(line) 行是「\(label)」行（汇总，不是数据），未导入。",
                en: "line \(line) is a '\(label)' row (a sum, not data): not imported.")
        case .undatedDeals(let count):
            return Localized(
                zh: "\(grouped(count)) 个商机没有创建日期：已导入，但漏斗（按创建日期统计）不计入它们。",
                en:
                    "\(Self.rows(count, "has", "have")) no created date: imported, but the funnel (by created date) cannot count them."
            )
        case .totalMismatch(let line, let member, let stated, let months):
            let difference = grouped(stated - months, decimals: 0)
            return Localized(
                zh:
                    "第 \(line) 行（\(member)）的全年合计 \(grouped(stated, decimals: 0)) 与各月之和 \(grouped(months, decimals: 0)) 相差 \(difference)；按各月导入。",
                en:
                    "line \(line) (\(member)): the total \(grouped(stated, decimals: 0)) differs from the months' sum \(grouped(months, decimals: 0)) by \(difference); the months were imported."
            )
        case .yearFromTitle(let year, let text):
            return Localized(
                zh: "月份列按 \(year) 年读取（取自「\(text)」）。", en: "the month columns are read as \(year) (from '\(text)').")
        case .futureDates(let column, let count, let after, let latest):
            return Localized(
                zh: "「\(column)」有 \(grouped(count)) 行日期晚于今天（\(after.iso)），最晚 \(latest.iso)；已照原样导入，请确认是否写错。",
                en: "'\(column)' dates \(grouped(count)) rows after today (\(after.iso)), the latest \(latest.iso); imported as written: check they are not typing slips.")
        case .yearAssumed(let year):
            return Localized(
                zh: "月份列没有年份，按今年（\(year) 年）读取。", en: "the month columns name no year: read as this year, \(year).")
        case .stagesDeclared(let stages):
            return Localized(
                zh: "工作区的商机阶段为：\(stages.joined(separator: " → "))，之后是赢单或输单。",
                en: "the workspace's pipeline is: \(stages.joined(separator: " → ")), then won or lost.")
        case .matchedByName(let table, let written, let existing, let rows):
            return Localized(
                zh: "「\(written)」与已有的\(table.title.zh)「\(existing)」只差大小写或空格，按同一个导入（\(grouped(rows)) 行）。",
                en:
                    "'\(written)' differs from the existing \(table.one) '\(existing)' only in case or spaces: taken as the same (\(Self.rows(rows)))."
            )
        case .mastersCreated(let table, let count):
            return Localized(
                zh: "新建了 \(grouped(count)) 个\(table.title.zh)。",
                en: "\(grouped(count)) new \(count == 1 ? table.one : table.title.en) created.")
        }
    }
}

extension ImportNote {
    /// "1 row", "2,000 rows", and a verb agreeing with it ("1 row has", "2 rows have").
    fileprivate static func rows(_ count: Int, _ singular: String = "", _ plural: String = "") -> String {
        let noun = count == 1 ? "1 row" : "\(grouped(count)) rows"
        let verb = count == 1 ? singular : plural
        return verb.isEmpty ? noun : noun + " " + verb
    }

    fileprivate func rows(_ count: Int, _ singular: String = "", _ plural: String = "") -> String {
        Self.rows(count, singular, plural)
    }

    fileprivate func lines(_ count: Int) -> String { count == 1 ? "1 line was" : "\(grouped(count)) lines were" }
}

/// A date form and how many rows use it.
public struct DateFormCount: Equatable, Sendable {
    public var form: String
    public var rows: Int

    public init(form: String, rows: Int) {
        self.form = form
        self.rows = rows
    }
}

/// A parsed row as it would be imported, for `--dry-run`.
public struct SampleRow: Equatable, Sendable {
    public var line: Int
    /// Display text by field; fields the file does not map are absent.
    public var values: [ImportField: String]
}

/// What an import did.
///
///     let report = try Workspace.importFile("1月.csv", into: "kpish.db", options: ImportOptions())
///     report.imported                 // rows written
///     report.file.rejectedByReason    // rows not written, by reason
public struct ImportReport: Sendable {
    /// What reading the file found: mapping, encoding, date order, rows read, duplicates,
    /// rejections, notes and samples.
    public var file: SalesFile
    /// The imports log row (also for a dry run).
    public var importID: Int
    /// Rows written (for a dry run: that would be written).
    public var imported: Int
    /// Rows already in the workspace from an earlier import, skipped.
    public var existing: Int
    /// Customers, products and reps created (or that would be).
    public var created: [ImportField: Int]
    /// Where the rejected rows were written.
    public var rejectsFile: String?
    public var dryRun: Bool

    /// Rejected rows by reason, most frequent first.
    public var rejectedByReason: [RejectGroup] { file.rejectedByReason }
}
