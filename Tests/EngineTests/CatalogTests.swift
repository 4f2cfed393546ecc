import Engine
import Testing

@Suite struct CatalogTests {
    /// METRICS.md's metric ids and Chinese names, copied from the table.
    static let metricsTable: [(String, String)] = [
        ("revenue", "销售额"), ("orders", "订单数"), ("quantity", "销量"), ("avg_order_value", "客单价"),
        ("gross_profit", "毛利"), ("gross_margin", "毛利率"), ("active_customers", "活跃客户数"),
        ("new_customers", "新增客户数"), ("retention_rate", "客户留存率"), ("churn_rate", "流失率"),
        ("repeat_rate", "复购率"), ("target", "目标"), ("attainment", "达成率"), ("revenue_per_rep", "人均销售额"),
        ("win_rate", "赢单率"), ("pipeline_value", "商机金额"), ("avg_sales_cycle", "平均销售周期"),
        ("stage_conversion", "阶段转化率"), ("calls", "电话数"), ("visits", "拜访数"), ("demos", "演示数"),
        ("follow_ups", "跟进数"), ("csat", "客户满意度"), ("complaint_rate", "投诉率"), ("revisit_rate", "回访率"),
        ("collaboration_score", "团队协作评分"), ("communication_score", "沟通效果评分"),
    ]

    /// Metrics kpish adds after METRICS.md's (issue 13: share of total, pace against target).
    static let additions = ["share", "time_progress", "pace", "target_gap", "needed_per_day", "projected_end"]

    @Test func everyMetricOfMetricsMdIsCatalogued() {
        #expect(Catalog.metrics.map(\.id) == Self.metricsTable.map(\.0) + Self.additions)
        #expect(Catalog.metrics.prefix(Self.metricsTable.count).map(\.zh) == Self.metricsTable.map(\.1))
    }

    @Test func cutsThatTheFactsDoNotCarryAreRefused() {
        #expect(Catalog.metric("csat")?.allows("product") == false)
        #expect(Catalog.metric("csat")?.allows("region") == true)
        #expect(Catalog.metric("calls")?.allows("channel") == false)
        #expect(Catalog.metric("collaboration_score")?.allows("day") == false)
        #expect(Catalog.metric("collaboration_score")?.allows("month") == true)
        #expect(Catalog.metric("revenue")?.allows("week") == true)
    }
}
