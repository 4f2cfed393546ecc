import Foundation
import Model

/// What a column of a sales file can hold when it is imported as order lines.
///
///     ImportField(name: "unit_price")   // .unitPrice
///     ImportField(name: "单价")          // .unitPrice: the Chinese name works too
public enum ImportField: String, CaseIterable, Codable, Sendable {
    case date
    case amount
    case quantity
    case unitPrice = "unit_price"
    case profit
    case cost
    case orderNumber = "order_no"
    case customer
    case product
    case category
    case rep
    case team
    case region
    case segment
    case channel

    /// The field's name for people, in both languages.
    public var title: Localized {
        switch self {
        case .date: Localized(zh: "日期", en: "date")
        case .amount: Localized(zh: "销售额", en: "amount")
        case .quantity: Localized(zh: "数量", en: "quantity")
        case .unitPrice: Localized(zh: "单价", en: "unit price")
        case .profit: Localized(zh: "利润", en: "profit")
        case .cost: Localized(zh: "成本", en: "cost")
        case .orderNumber: Localized(zh: "订单号", en: "order number")
        case .customer: Localized(zh: "客户", en: "customer")
        case .product: Localized(zh: "产品", en: "product")
        case .category: Localized(zh: "品类", en: "category")
        case .rep: Localized(zh: "销售员", en: "rep")
        case .team: Localized(zh: "团队", en: "team")
        case .region: Localized(zh: "区域", en: "region")
        case .segment: Localized(zh: "客户类型", en: "segment")
        case .channel: Localized(zh: "渠道", en: "channel")
        }
    }

    /// A field by its id (`unit_price`) or Chinese name (`单价`); nil for anything else.
    public init?(name: String) {
        let trimmed = name.trimmingSpaces.lowercased()
        if let field = ImportField(rawValue: trimmed) {
            self = field
        } else if let field = ImportField.allCases.first(where: { $0.title.zh == trimmed }) {
            self = field
        } else {
            return nil
        }
    }

    var isNumber: Bool { [.amount, .quantity, .unitPrice, .profit, .cost].contains(self) }
}

/// The character encoding to read a file in: `auto` detects it.
public enum EncodingChoice: String, CaseIterable, Sendable {
    case auto, utf8, gb18030, cp1252

    /// Parses `--encoding`, accepting the usual spellings (`utf-8`, `gbk`, `windows-1252`, `latin1`).
    ///
    ///     EncodingChoice(argument: "GBK")   // .gb18030 (GB18030 is a superset of GBK)
    public init?(argument: String) {
        switch argument.lowercased().replacingAll("_", with: "-") {
        case "auto": self = .auto
        case "utf8", "utf-8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        case "cp1252", "windows-1252", "win1252", "latin1", "latin-1", "iso-8859-1": self = .cp1252
        default: return nil
        }
    }
}

/// How a date written as `A/B/YEAR` is read.
public enum DateOrder: String, Codable, Sendable {
    /// `A` is the month: 1/5/2026 is January 5 (the US order).
    case monthFirst = "mdy"
    /// `A` is the day: 1/5/2026 is May 1 (the UK and European order).
    case dayFirst = "dmy"
}

/// The table a file (or a workbook's sheet) is imported into: every table of METRICS.md.
/// `kpish import` recognises it from the headers; `--table` overrides.
///
///     ImportTable(name: "商机")   // .opportunities
public enum ImportTable: String, CaseIterable, Codable, Sendable {
    /// Order lines; customers, products and reps are created from their names.
    case orders
    case opportunities
    case activities
    case surveys
    case reviews
    case targets
    case reps
    case customers
    case products

    /// The table's name for people, in both languages.
    public var title: Localized {
        switch self {
        case .orders: Localized(zh: "订单", en: "orders")
        case .opportunities: Localized(zh: "商机", en: "opportunities")
        case .activities: Localized(zh: "跟进记录", en: "activities")
        case .surveys: Localized(zh: "满意度调查", en: "surveys")
        case .reviews: Localized(zh: "互评", en: "peer reviews")
        case .targets: Localized(zh: "销售目标", en: "targets")
        case .reps: Localized(zh: "销售员", en: "reps")
        case .customers: Localized(zh: "客户", en: "customers")
        case .products: Localized(zh: "产品", en: "products")
        }
    }

    /// One row of the table, in English: "rep", "customer", "product"…
    var one: String {
        switch self {
        case .reps: "rep"
        case .customers: "customer"
        case .products: "product"
        case .opportunities: "opportunity"
        case .activities: "activity"
        case .surveys: "survey"
        case .reviews: "review"
        case .targets: "target"
        case .orders: "order line"
        }
    }

    /// A table by its id (`opportunities`) or Chinese name (`商机`); nil for anything else.
    public init?(name: String) {
        let trimmed = name.trimmingSpaces.lowercased()
        guard let table = ImportTable(rawValue: trimmed) ?? Self.allCases.first(where: { $0.title.zh == trimmed })
        else { return nil }
        self = table
    }

    /// Master data first, so that facts find their reps, customers and products; then the facts.
    var writeOrder: Int {
        switch self {
        case .reps: 0
        case .products: 1
        case .customers: 2
        case .targets: 3
        case .opportunities: 4
        case .orders: 5
        case .activities: 6
        case .surveys: 7
        case .reviews: 8
        }
    }
}

/// How far an import has got, for a progress bar.
public struct ImportProgress: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        /// Decoding, parsing and cleaning the file; `done` and `total` count bytes.
        case reading
        /// Writing to the workspace; `done` and `total` count rows.
        case writing
    }

    public var phase: Phase
    public var done: Int
    public var total: Int

    public var fraction: Double { total == 0 ? 1 : min(1, Double(done) / Double(total)) }

    public init(phase: Phase, done: Int, total: Int) {
        self.phase = phase
        self.done = done
        self.total = total
    }
}

/// How `kpish import` reads and writes a file. The defaults infer everything from the file.
///
///     var options = ImportOptions()
///     options.mapping = ["成交日期": .date, "备注": nil]   // nil: do not import that column
///     options.encoding = .gb18030
///     let file = try SalesFile.read("1月.csv", options: options)
public struct ImportOptions: Sendable {
    /// The table to import into; nil: the one the headers say.
    public var table: ImportTable?
    /// Column header → field, overriding what the headers imply; nil drops the column.
    public var mapping: [String: ImportField?] = [:]
    /// `--map` for the other tables: column header → field id of the table (`stage`,
    /// `closed_date`), nil to drop the column. Order files read `mapping`.
    public var fieldMapping: [String: String?] = [:]
    /// `--stages "A,B,C"`: the workspace's own ordered open stages (METRICS.md, "Stages").
    public var stages: [String]?
    /// `--sheet NAME`: the one sheet of a workbook to import; nil: every sheet kpish recognises.
    public var sheet: String?
    public var encoding: EncodingChoice = .auto
    /// Forces the order of day and month; nil decides per column from the values.
    public var dateOrder: DateOrder?
    /// The day the import runs (the session's as-of date): facts dated after it are noted, since
    /// a date in 2099 is more often a typing slip than a plan. Nil: no such note.
    public var today: Day?
    /// Read, map and count, and write no rows (the run is noted in the imports log).
    public var dryRun = false
    /// Where rejected rows go; nil: `FILE.rejects.csv` beside the file, else beside the workspace.
    public var rejectsPath: String?
    /// The language of the reasons in the rejects file.
    public var lang: Lang = .zh
    /// Polled between batches of rows: returning true abandons the import, changing nothing.
    public var isCancelled: @Sendable () -> Bool = { false }
    /// Called between batches of rows.
    public var progress: @Sendable (ImportProgress) -> Void = { _ in }

    public init() {}
}

extension String {
    /// Without leading and trailing white space (ideographic and no-break spaces included).
    var trimmingSpaces: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    func replacingAll(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
