import Model

/// A ratio metric as its numerator and denominator per group (win rate: deals won over deals
/// closed), so that a change of the ratio can be split into rate and mix effects.
struct RatioColumns {
    var numerator: MetricColumn
    var denominator: MetricColumn
}

extension Evaluation {
    /// numerator / denominator for every group the denominator reaches; NULL where it is 0.
    func ratio(_ parts: RatioColumns) -> MetricColumn {
        var result = MetricColumn(count: space.count, empty: .nan)
        for id in parts.denominator.present.indices where parts.denominator.present[id] {
            let denominator = parts.denominator.values[id]
            result.set(id, denominator != 0 ? parts.numerator.value(id) / denominator : .nan)
        }
        return result
    }

    /// Parts from per-group sums and counts: only groups with a count are present.
    func counts(_ sums: [Double], over counts: [Int32]) -> RatioColumns {
        var numerator = MetricColumn(count: space.count, empty: 0)
        var denominator = MetricColumn(count: space.count, empty: 0)
        for id in counts.indices where counts[id] > 0 {
            numerator.set(id, sums[id])
            denominator.set(id, Double(counts[id]))
        }
        return RatioColumns(numerator: numerator, denominator: denominator)
    }

    /// The numerator and denominator of a ratio metric, built-in or defined (a defined quotient
    /// of two metrics is their ratio); nil for sums, counts and anything else.
    func parts(_ metric: String, filters: [Filter]) throws -> RatioColumns? {
        if let expression = definitions[metric] {
            switch expression {
            case .metric(let base, let own):
                return try parts(base, filters: filters + own)
            case .binary(.divide, let numerator, let denominator):
                return RatioColumns(
                    numerator: try evaluate(numerator, filters: filters),
                    denominator: try evaluate(denominator, filters: filters))
            default:
                return nil
            }
        }
        switch metric {
        case "avg_order_value":
            return RatioColumns(
                numerator: try column("revenue", filters: filters), denominator: try column("orders", filters: filters))
        case "gross_margin": return grossMarginParts(filters)
        case "attainment":
            return RatioColumns(
                numerator: try column("revenue", filters: filters), denominator: try column("target", filters: filters))
        case "revenue_per_rep": return try revenuePerRepParts(filters)
        case "win_rate": return winRateParts(filters)
        case "avg_sales_cycle": return averageSalesCycleParts(filters)
        case "retention_rate": return retentionRateParts(filters)
        case "churn_rate":
            var parts = retentionRateParts(filters)
            for id in parts.numerator.present.indices where parts.numerator.present[id] {
                parts.numerator.values[id] = parts.denominator.values[id] - parts.numerator.values[id]
            }
            return parts
        case "repeat_rate": return repeatRateParts(filters)
        case "csat": return satisfactionParts(filters)
        case "complaint_rate": return complaintRateParts(filters)
        case "revisit_rate": return revisitRateParts(filters)
        case "collaboration_score": return reviewScoreParts(.collaboration, filters)
        case "communication_score": return reviewScoreParts(.communication, filters)
        default: return nil
        }
    }
}
