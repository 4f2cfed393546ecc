import Model

/// One importable table, described once: its fields (kinds, SQL columns, names for people),
/// what a row cannot do without, how a row is keyed so that importing the same file twice adds
/// nothing, and which workspace table it writes. The header synonyms of its fields are data, in
/// grammar/import/tables.tsv. Orders are described here too (for recognising a file), but read
/// and written by their own tuned pipeline (`SalesFile`, `OrderWriter`).
///
///     TableSpec.of(.surveys).field("score")?.kind   // .score
struct TableSpec: Sendable {
    let table: ImportTable
    let fields: [FieldSpec]
    /// Groups of fields of which a row needs at least one each: [["date"], ["type"]].
    let required: [[String]]
    let key: TableKey
    /// Date fields that cannot come before another: (earlier, later).
    var ordered: [(earlier: String, later: String)] = []

    func field(_ id: String) -> FieldSpec? { fields.first { $0.id == id } }

    /// Every table but orders, in the order they are written.
    static let all: [TableSpec] = [reps, products, customers, targets, opportunities, activities, surveys, reviews]

    static func of(_ table: ImportTable) -> TableSpec? { all.first { $0.table == table } }
}

/// How an imported row is matched with the rows already in the workspace.
enum TableKey: Sendable {
    /// These SQL columns name the row (a rep by name; a target by metric, scope and period): a
    /// matching row is updated with the file's values, never doubled.
    case columns([String])
    /// The row's values and how many rows with the same values came before it in the file, kept
    /// in `import_key`: facts that legitimately repeat (two calls on one day) stay two.
    case fingerprint
    /// The CRM's own id (`external_id`) when the file has one, else the fingerprint; a deal
    /// imported again from a newer export is updated (its stage, close date and amount).
    case externalID
}

/// A field of an importable table.
struct FieldSpec: Sendable {
    let id: String
    let kind: FieldKind
    /// The SQL column it is written to; nil for fields that only help read others.
    let column: String?
    let title: Localized
}

/// What a field's values are and how they are read.
enum FieldKind: Sendable, Equatable {
    case text
    /// A rep, customer or product by name: created when missing, as order lines do.
    case reference(ReferenceTable)
    case date
    case number
    /// A number that cannot be negative (a target).
    case amount
    /// 1–5.
    case score
    /// 是/否, yes/no, 1/0, TRUE/FALSE.
    case flag
    /// A pipeline stage: won and lost by their many names, open stages by the workspace's pipeline.
    case stage
    /// call, visit, demo, follow_up, email, and their Chinese names.
    case activityType
    /// collaboration or communication.
    case reviewKind
    /// company, region, team, rep.
    case scope
    /// A month, quarter or year (2026-10, 2026-Q4, 2026年10月, 2026), or a day (its month).
    case period
    /// A month (reviews.period is YYYY-MM): 2026-10, 2026年10月, or a day in it.
    case month
}

/// The master tables that rows refer to by name.
enum ReferenceTable: String, Sendable, CaseIterable {
    case reps, customers, products

    var title: Localized {
        switch self {
        case .reps: Localized(zh: "销售员", en: "rep")
        case .customers: Localized(zh: "客户", en: "customer")
        case .products: Localized(zh: "产品", en: "product")
        }
    }
}

// MARK: - The tables

extension TableSpec {
    private static func field(_ id: String, _ kind: FieldKind, _ column: String?, _ zh: String, _ en: String)
        -> FieldSpec
    {
        FieldSpec(id: id, kind: kind, column: column, title: Localized(zh: zh, en: en))
    }

    static let reps = TableSpec(
        table: .reps,
        fields: [
            field("name", .text, "name", "姓名", "name"),
            field("team", .text, "team", "团队", "team"),
            field("region", .text, "region", "区域", "region"),
            field("hire_date", .date, "hire_date", "入职日期", "hire date"),
            field("left_date", .date, "left_date", "离职日期", "left date"),
        ],
        required: [["name"], ["team", "region", "hire_date", "left_date"]], key: .columns(["name"]),
        ordered: [("hire_date", "left_date")])

    static let customers = TableSpec(
        table: .customers,
        fields: [
            field("name", .text, "name", "客户名称", "name"),
            field("region", .text, "region", "区域", "region"),
            field("segment", .text, "segment", "客户类型", "segment"),
            field("industry", .text, "industry", "行业", "industry"),
            field("created_date", .date, "created_date", "创建日期", "created date"),
        ],
        required: [["name"], ["region", "segment", "industry", "created_date"]], key: .columns(["name"]))

    static let products = TableSpec(
        table: .products,
        fields: [
            field("name", .text, "name", "产品名称", "name"),
            field("category", .text, "category", "品类", "category"),
            field("unit_price", .amount, "unit_price", "单价", "unit price"),
        ],
        required: [["name"], ["category", "unit_price"]], key: .columns(["name"]))

    static let opportunities = TableSpec(
        table: .opportunities,
        fields: [
            field("external_id", .text, "external_id", "商机编号", "opportunity id"),
            field("customer", .reference(.customers), "customer_id", "客户", "customer"),
            field("rep", .reference(.reps), "rep_id", "销售员", "rep"),
            field("product", .reference(.products), "product_id", "产品", "product"),
            field("stage", .stage, "stage", "阶段", "stage"),
            field("created_date", .date, "created_date", "创建日期", "created date"),
            field("closed_date", .date, "closed_date", "成交日期", "close date"),
            field("amount", .number, "amount", "金额", "amount"),
        ],
        required: [["stage"]], key: .externalID, ordered: [("created_date", "closed_date")])

    static let activities = TableSpec(
        table: .activities,
        fields: [
            field("date", .date, "date", "日期", "date"),
            field("type", .activityType, "type", "类型", "type"),
            field("rep", .reference(.reps), "rep_id", "销售员", "rep"),
            field("customer", .reference(.customers), "customer_id", "客户", "customer"),
        ],
        required: [["date"], ["type"]], key: .fingerprint)

    static let surveys = TableSpec(
        table: .surveys,
        fields: [
            field("date", .date, "date", "日期", "date"),
            field("score", .score, "score", "评分", "score"),
            field("complaint", .flag, "complaint", "投诉", "complaint"),
            field("customer", .reference(.customers), "customer_id", "客户", "customer"),
            field("rep", .reference(.reps), "rep_id", "销售员", "rep"),
        ],
        required: [["date"], ["score"]], key: .fingerprint)

    static let reviews = TableSpec(
        table: .reviews,
        fields: [
            field("period", .month, "period", "月份", "period"),
            field("rep", .reference(.reps), "rep_id", "被评人", "rep"),
            field("reviewer", .reference(.reps), "reviewer_id", "评价人", "reviewer"),
            field("kind", .reviewKind, "kind", "评价类型", "kind"),
            field("score", .score, "score", "评分", "score"),
        ],
        required: [["period"], ["rep"], ["kind"], ["score"]],
        key: .columns(["period", "rep_id", "reviewer_id", "kind"]))

    /// Long (scope, member, period, value) or wide (a member per row, a month per column); the
    /// wide shape is recognised by its month headers (`TargetSheet`). `rep`, `team` and
    /// `region` are member columns that imply the scope.
    static let targets = TableSpec(
        table: .targets,
        fields: [
            field("scope", .scope, "scope", "范围", "scope"),
            field("member", .text, "scope_value", "对象", "member"),
            field("rep", .text, nil, "销售员", "rep"),
            field("team", .text, nil, "团队", "team"),
            field("region", .text, nil, "区域", "region"),
            field("period", .period, nil, "期间", "period"),
            field("metric", .text, "metric", "指标", "metric"),
            field("value", .amount, "value", "目标值", "target"),
            field("total", .amount, nil, "全年合计", "total"),
        ],
        required: [["period"], ["value"], ["scope", "member", "rep", "team", "region"]],
        key: .columns(["metric", "scope", "scope_value", "period_start", "period_end"]))
}

extension ImportTable {
    /// The field ids `--map` takes for this table.
    ///
    ///     ImportTable.opportunities.fieldIDs   // ["external_id", "customer", "rep", …]
    public var fieldIDs: [String] {
        self == .orders ? ImportField.allCases.map(\.rawValue) : TableSpec.of(self)?.fields.map(\.id) ?? []
    }
}
