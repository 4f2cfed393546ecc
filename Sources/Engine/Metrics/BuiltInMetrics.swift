import Model

extension Evaluation {
    /// A built-in metric of METRICS.md by id.
    func builtIn(_ metric: String, filters: [Filter]) throws -> MetricColumn {
        switch metric {
        case "revenue": return revenue(filters)
        case "orders": return orderCount(filters)
        case "quantity": return quantity(filters)
        case "avg_order_value": return try averageOrderValue(filters)
        case "gross_profit": return grossProfit(filters)
        case "gross_margin": return grossMargin(filters)
        case "active_customers": return activeCustomers(filters)
        case "new_customers": return newCustomers(filters)
        case "retention_rate": return retentionRate(filters)
        case "churn_rate": return try churnRate(filters)
        case "repeat_rate": return repeatRate(filters)
        case "target": return try target(filters)
        case "attainment": return try attainment(filters)
        case "revenue_per_rep": return try revenuePerRep(filters)
        case "time_progress": return timeProgress()
        case "pace": return try pace(filters)
        case "target_gap": return try targetGap(filters)
        case "needed_per_day": return try neededPerDay(filters)
        case "projected_end": return try projected(filters)
        case "win_rate": return winRate(filters)
        case "pipeline_value": return pipelineValue(filters)
        case "avg_sales_cycle": return averageSalesCycle(filters)
        case "calls": return activityCount(.call, filters)
        case "visits": return activityCount(.visit, filters)
        case "demos": return activityCount(.demo, filters)
        case "follow_ups": return activityCount(.followUp, filters)
        case "csat": return satisfaction(filters)
        case "complaint_rate": return complaintRate(filters)
        case "revisit_rate": return revisitRate(filters)
        case "collaboration_score": return reviewScore(.collaboration, filters)
        case "communication_score": return reviewScore(.communication, filters)
        // stage_conversion is per stage: the answer builder gives it a stage column.
        case "stage_conversion": throw EngineError.stageConversionNeedsItsOwnAnswer
        default: throw EngineError.unknownMetric(metric)
        }
    }
}
