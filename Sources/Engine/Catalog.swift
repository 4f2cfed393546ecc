import Model

/// Every metric and dimension of METRICS.md: names, unit, definition, the dimensions it can be
/// cut by, and which way is good.
///
///     Catalog.metric("csat")?.allows("product")   // false: surveys carry no product
public enum Catalog {
    public enum Unit: String, Codable, Sendable {
        case money, count, rate, days, score
    }

    /// The fact table a metric is computed from; it decides which dimensions apply.
    public enum Fact: String, Sendable {
        case orders, targets, opportunities, activities, surveys, reviews, mixed
    }

    public struct Metric: Sendable {
        public let id: String
        public let zh: String
        public let en: String
        public let unit: Unit
        public let fact: Fact
        public let definition: Localized
        /// Non-time dimensions it can be cut by (every metric can be cut by every time grain its
        /// facts are dated to).
        public let dimensions: [String]
        /// The finest time grain its facts carry (reviews are monthly).
        public let finestGrain: TimeGrain
        public let upIsGood: Bool
        /// Sums over disjoint periods and members add up (revenue yes, rates no): forecastable.
        public let additive: Bool

        public func allows(_ dimension: String) -> Bool {
            if let grain = TimeGrain(rawValue: dimension) { return grain >= finestGrain }
            return dimensions.contains(dimension)
        }
    }

    public struct Dimension: Sendable {
        public let id: String
        public let zh: String
        public let en: String
        public let isTime: Bool
        public let definition: Localized
    }

    // Dimension sets by fact (METRICS.md: region is the order's; for other facts the rep's region).
    private static let orderDimensions = [
        "region", "team", "rep", "product", "category", "customer", "segment", "channel",
    ]
    private static let customerLifecycleDimensions = ["region", "team", "rep", "customer", "segment"]
    private static let opportunityDimensions = ["region", "team", "rep", "product", "category", "customer", "segment"]
    private static let activityDimensions = ["region", "team", "rep", "customer", "segment"]
    private static let surveyDimensions = ["region", "team", "rep", "customer", "segment"]
    private static let reviewDimensions = ["region", "team", "rep"]
    private static let targetDimensions = ["region", "team", "rep"]

    private static func metric(
        _ id: String, _ zh: String, _ en: String, _ unit: Unit, _ fact: Fact, _ dimensions: [String],
        zh definitionZh: String, en definitionEn: String, grain: TimeGrain = .day, upIsGood: Bool = true,
        additive: Bool = false
    ) -> Metric {
        Metric(
            id: id, zh: zh, en: en, unit: unit, fact: fact, definition: Localized(zh: definitionZh, en: definitionEn),
            dimensions: dimensions, finestGrain: grain, upIsGood: upIsGood, additive: additive)
    }

    public static let metrics: [Metric] = [
        metric(
            "revenue", "销售额", "revenue", .money, .orders, orderDimensions,
            zh: "订单金额合计", en: "sum of order amounts", additive: true),
        metric(
            "orders", "订单数", "orders", .count, .orders, orderDimensions,
            zh: "不同订单号的个数（无订单号的行各算一单）", en: "distinct order numbers (a line without one is an order of its own)",
            additive: true),
        metric(
            "quantity", "销量", "quantity", .count, .orders, orderDimensions,
            zh: "销售数量合计", en: "sum of quantities", additive: true),
        metric(
            "avg_order_value", "客单价", "average order value", .money, .orders, orderDimensions,
            zh: "销售额 ÷ 订单数", en: "revenue / orders"),
        metric(
            "gross_profit", "毛利", "gross profit", .money, .orders, orderDimensions,
            zh: "有成本的订单的（金额 − 成本）合计", en: "sum of amount − cost over orders with a cost", additive: true),
        metric(
            "gross_margin", "毛利率", "gross margin", .rate, .orders, orderDimensions,
            zh: "毛利 ÷ 同一批订单的销售额", en: "gross profit / revenue of the same orders"),
        metric(
            "active_customers", "活跃客户数", "active customers", .count, .orders, orderDimensions,
            zh: "期间内下过单的不同客户数", en: "distinct customers with orders in the period"),
        metric(
            "new_customers", "新增客户数", "new customers", .count, .orders, customerLifecycleDimensions,
            zh: "首单（截至查看日期）落在期间内的客户数", en: "customers whose first order ever falls in the period", additive: true),
        metric(
            "retention_rate", "客户留存率", "retention rate", .rate, .orders, customerLifecycleDimensions,
            zh: "上一个等长期间的活跃客户中，本期仍活跃的比例",
            en: "share of the customers active in the equal period before who are active again"),
        metric(
            "churn_rate", "流失率", "churn rate", .rate, .orders, customerLifecycleDimensions,
            zh: "1 − 客户留存率", en: "1 − retention rate", upIsGood: false),
        metric(
            "repeat_rate", "复购率", "repeat rate", .rate, .orders,
            ["region", "team", "rep", "product", "category", "segment", "channel"],
            zh: "期间内下单 ≥ 2 次的活跃客户占比", en: "share of active customers with two or more orders in the period"),
        metric(
            "target", "目标", "target", .money, .targets, targetDimensions,
            zh: "与期间重叠的销售额目标合计（未单独设定时为其销售员目标之和）",
            en: "revenue targets overlapping the period (the sum of its reps' where none is set)", grain: .month,
            additive: true),
        metric(
            "attainment", "达成率", "attainment", .rate, .mixed, targetDimensions,
            zh: "销售额 ÷ 同范围同期间的目标", en: "revenue / target for the same scope and period", grain: .month),
        metric(
            "revenue_per_rep", "人均销售额", "revenue per rep", .money, .orders,
            ["region", "team", "product", "category", "segment", "channel"],
            zh: "销售额 ÷ 期间内有订单的销售员数", en: "revenue / distinct reps with orders in the period"),
        metric(
            "win_rate", "赢单率", "win rate", .rate, .opportunities, opportunityDimensions,
            zh: "期间内关闭的商机中 赢单 ÷（赢单 + 输单）", en: "won / (won + lost) of opportunities closed in the period"),
        metric(
            "pipeline_value", "商机金额", "pipeline value", .money, .opportunities, opportunityDimensions,
            zh: "期末仍在进行中的商机金额合计", en: "amount of opportunities still open at the period's end"),
        metric(
            "avg_sales_cycle", "平均销售周期", "average sales cycle", .days, .opportunities, opportunityDimensions,
            zh: "期间内赢单商机从创建到关闭的平均天数", en: "average days from creation to close of deals won in the period",
            upIsGood: false),
        metric(
            "stage_conversion", "阶段转化率", "stage conversion", .rate, .opportunities, opportunityDimensions,
            zh: "期间内创建的商机，到达某阶段后继续推进的比例",
            en: "per stage, of opportunities created in the period that reached it, the share that went beyond"),
        metric(
            "calls", "电话数", "calls", .count, .activities, activityDimensions,
            zh: "电话次数", en: "count of calls", additive: true),
        metric(
            "visits", "拜访数", "visits", .count, .activities, activityDimensions,
            zh: "拜访次数", en: "count of visits", additive: true),
        metric(
            "demos", "演示数", "demos", .count, .activities, activityDimensions,
            zh: "演示次数", en: "count of demos", additive: true),
        metric(
            "follow_ups", "跟进数", "follow-ups", .count, .activities, activityDimensions,
            zh: "跟进次数", en: "count of follow-ups", additive: true),
        metric(
            "csat", "客户满意度", "customer satisfaction", .score, .surveys, surveyDimensions,
            zh: "满意度调查平均分（1–5）", en: "average survey score (1–5)"),
        metric(
            "complaint_rate", "投诉率", "complaint rate", .rate, .surveys, surveyDimensions,
            zh: "投诉数 ÷ 调查数", en: "complaints / surveys", upIsGood: false),
        metric(
            "revisit_rate", "回访率", "revisit rate", .rate, .mixed, activityDimensions,
            zh: "期间内有跟进或拜访的活跃客户 ÷ 活跃客户数",
            en: "active customers with a follow-up or visit in the period / active customers"),
        metric(
            "collaboration_score", "团队协作评分", "collaboration score", .score, .reviews, reviewDimensions,
            zh: "协作互评平均分（1–5）", en: "average collaboration review score (1–5)", grain: .month),
        metric(
            "communication_score", "沟通效果评分", "communication score", .score, .reviews, reviewDimensions,
            zh: "沟通互评平均分（1–5）", en: "average communication review score (1–5)", grain: .month),
        // Beyond METRICS.md (issue 13): share of total, and pace against target.
        metric(
            "share", "占比", "share", .rate, .mixed, orderDimensions,
            zh: "前一个指标（未写时为销售额）占同期、同筛选下全部成员合计的比例",
            en:
                "the metric before it (revenue when none) as a share of the total over every member, same period and filters"
        ),
        metric(
            "time_progress", "时间进度", "time progress", .rate, .mixed, targetDimensions,
            zh: "期间内截至查看日期已过的天数 ÷ 期间天数（11 月 22 日：22 ÷ 30 = 73%）",
            en: "days of the period up to the as-of date / days of the period (22 November: 22 / 30 = 73%)"),
        metric(
            "pace", "进度达成比", "pace", .rate, .mixed, targetDimensions,
            zh: "至今销售额 ÷ 整个期间（本季度即整季）的目标 ÷ 时间进度：100% 为按进度，低于 100% 落后于进度",
            en:
                "revenue so far / the whole period's target (this quarter: the quarter's) / time progress: 100% is on pace, below it behind",
            grain: .month),
        metric(
            "target_gap", "目标差额", "gap to target", .money, .mixed, targetDimensions,
            zh: "整个期间的目标 − 至今销售额", en: "the whole period's target − revenue so far", grain: .month,
            upIsGood: false),
        metric(
            "needed_per_day", "每工作日需完成", "needed per working day", .money, .mixed, targetDimensions,
            zh: "目标差额 ÷ 查看日期之后期间内剩余的工作日（周一至周五）",
            en: "gap to target / the period's working days (Monday to Friday) after the as-of date", grain: .month,
            upIsGood: false),
        metric(
            "projected_end", "预计期末销售额", "projected period end", .money, .mixed, targetDimensions,
            zh: "至今销售额 ÷ 时间进度（按至今的日均推算到期末）",
            en: "revenue so far / time progress (the run rate to the period's end)", grain: .month),
    ]

    public static let dimensions: [Dimension] = [
        Dimension(
            id: "region", zh: "区域", en: "region", isTime: false,
            definition: Localized(zh: "订单的区域；其他数据取销售员所在区域", en: "the order's region; for other facts the rep's")),
        Dimension(
            id: "team", zh: "团队", en: "team", isTime: false, definition: Localized(zh: "销售员所在团队", en: "the rep's team")),
        Dimension(
            id: "rep", zh: "销售员", en: "rep", isTime: false, definition: Localized(zh: "销售员姓名", en: "the sales rep")),
        Dimension(
            id: "product", zh: "产品", en: "product", isTime: false, definition: Localized(zh: "产品名称", en: "the product")),
        Dimension(
            id: "category", zh: "品类", en: "category", isTime: false,
            definition: Localized(zh: "产品品类", en: "the product's category")),
        Dimension(
            id: "customer", zh: "客户", en: "customer", isTime: false,
            definition: Localized(zh: "客户名称", en: "the customer")),
        Dimension(
            id: "segment", zh: "客户类型", en: "segment", isTime: false,
            definition: Localized(zh: "客户类型（大客户、中型客户、小微客户）", en: "the customer's segment")),
        Dimension(
            id: "channel", zh: "渠道", en: "channel", isTime: false,
            definition: Localized(zh: "订单渠道（直销、渠道、线上）", en: "the order's channel")),
        Dimension(id: "day", zh: "日", en: "day", isTime: true, definition: Localized(zh: "日期", en: "the day")),
        Dimension(
            id: "week", zh: "周", en: "week", isTime: true,
            definition: Localized(zh: "周（周一开始）", en: "the week (Monday first)")),
        Dimension(id: "month", zh: "月", en: "month", isTime: true, definition: Localized(zh: "月份", en: "the month")),
        Dimension(
            id: "quarter", zh: "季度", en: "quarter", isTime: true,
            definition: Localized(zh: "季度", en: "the calendar quarter")),
        Dimension(id: "year", zh: "年", en: "year", isTime: true, definition: Localized(zh: "年份", en: "the year")),
    ]

    public static func metric(_ id: String) -> Metric? { metrics.first { $0.id == id } }
    public static func dimension(_ id: String) -> Dimension? { dimensions.first { $0.id == id } }

    /// The vocabulary for the recognisers: the catalog's names plus what the workspace adds.
    public static func vocabulary(
        definedMetrics: [String] = [], aliases: [String: String] = [:], values: [String: [String]] = [:],
        plans: [String] = []
    ) -> Vocabulary {
        Vocabulary(
            metrics: metrics.map { Vocabulary.Entry(id: $0.id, zh: $0.zh, en: $0.en) }
                + definedMetrics.map { Vocabulary.Entry(id: $0, zh: "", en: "") },
            dimensions: dimensions.map { Vocabulary.Entry(id: $0.id, zh: $0.zh, en: $0.en) },
            aliases: aliases, values: values, plans: plans)
    }
}
