import Model

/// What a rate rests on (METRICS.md: "a rate ranked across members says how many facts it rests
/// on"): the facts its denominator counts. A rank by one of these rates shows the count beside
/// the rate (`win_rate_sample`), puts the larger sample first among equal rates (0 won of 6
/// closed is surer than 0 of 1), and notes members whose rate rests on very few facts.
public enum Samples {
    /// The facts behind each rate, by metric id; rates over money (attainment, gross margin)
    /// have no such count.
    public static let nouns: [String: Localized] = [
        "win_rate": Localized(zh: "个已结束商机", en: "closed deals"),
        "avg_sales_cycle": Localized(zh: "个赢单", en: "won deals"),
        "csat": Localized(zh: "份满意度调查", en: "surveys"),
        "complaint_rate": Localized(zh: "份满意度调查", en: "surveys"),
        "retention_rate": Localized(zh: "个上期活跃客户", en: "customers active before"),
        "churn_rate": Localized(zh: "个上期活跃客户", en: "customers active before"),
        "repeat_rate": Localized(zh: "个活跃客户", en: "active customers"),
        "revisit_rate": Localized(zh: "个活跃客户", en: "active customers"),
        "avg_order_value": Localized(zh: "笔订单", en: "orders"),
        "collaboration_score": Localized(zh: "条互评", en: "reviews"),
        "communication_score": Localized(zh: "条互评", en: "reviews"),
    ]

    /// Fewer facts than this and a member's rate is flagged as resting on little.
    public static let small = 5

    /// The column beside a rate that holds its sample.
    public static func column(_ metric: String) -> String { metric + "_sample" }
}
