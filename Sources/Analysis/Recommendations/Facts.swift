import Engine
import Model

/// What a recommendation rule may look up beyond its answer: the workspace's numbers as of the
/// answer's date. The engine answers in kpish; tests answer with fixed numbers.
protocol Facts {
    var asOf: Day { get }
    /// A metric over a period under filters; nil when it has no value.
    func value(_ metric: String, filters: [Filter], period: Period) -> Double?
    /// A metric per member of a dimension (members without a value left out).
    func values(_ metric: String, by dimension: String, filters: [Filter], period: Period) -> [String: Double]
    /// How many facts a rate rests on per member (surveys behind csat, closed deals behind win
    /// rate: `Samples`).
    func samples(_ metric: String, by dimension: String, filters: [Filter], period: Period) -> [String: Double]
    /// How likely the revenue targets of a period are, and what closing the gap takes.
    func advice(filters: [Filter], period: Period) -> TargetAdvice?
}

/// Facts read through the engine; a metric that cannot be computed is simply absent.
struct EngineFacts: Facts {
    let analyst: Analyst
    let asOf: Day

    func value(_ metric: String, filters: [Filter], period: Period) -> Double? {
        let plan = Plan(intent: .value, metrics: [metric], filters: filters, period: period)
        return (try? analyst.engine.execute(plan, asOf: asOf))?.rows.first?.first?.number
    }

    func values(_ metric: String, by dimension: String, filters: [Filter], period: Period) -> [String: Double] {
        let plan = Plan(
            intent: .breakdown, metrics: [metric], dimensions: [dimension], filters: filters, period: period)
        guard let answer = try? analyst.engine.execute(plan, asOf: asOf) else { return [:] }
        var values: [String: Double] = [:]
        for row in answer.rows {
            if let member = row[0].text, let value = row[1].number { values[member] = value }
        }
        return values
    }

    func samples(_ metric: String, by dimension: String, filters: [Filter], period: Period) -> [String: Double] {
        // A rank by a rate carries its sample.
        let plan = Plan(intent: .rank, metrics: [metric], dimensions: [dimension], filters: filters, period: period)
        guard let answer = try? analyst.engine.execute(plan, asOf: asOf),
            let column = answer.columns.firstIndex(of: Samples.column(metric))
        else { return [:] }
        var samples: [String: Double] = [:]
        for row in answer.rows {
            if let member = row[0].text, let count = row[column].number { samples[member] = count }
        }
        return samples
    }

    func advice(filters: [Filter], period: Period) -> TargetAdvice? {
        try? analyst.targetAdvice(for: period, filters: filters, asOf: asOf)
    }
}
