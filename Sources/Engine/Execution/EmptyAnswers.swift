import Model

/// Why an answer has nothing to show, and what to do (issue 13): a period the facts do not
/// reach gets the span they cover and the as-of date to try; a table with no rows at all gets
/// how to fill it; attainment without targets gets how to set them.
///
///     "2026-11 没有订单数据；数据覆盖 2014-01-03..2017-12-30（可加 --as-of 2017-12-30）。"
enum EmptyAnswers {
    /// Dated facts of a kind: the sorted days (or the days in any order) they fall on.
    struct Facts {
        let noun: Localized
        let days: Vector<Int32>
        let sorted: Bool
    }

    static func facts(_ fact: Catalog.Fact, columns: Columns) -> Facts? {
        switch fact {
        case .orders: Facts(noun: Localized(zh: "订单", en: "orders"), days: columns.orders.date, sorted: true)
        case .opportunities:
            // Sorted by closed date, open deals (no date) last.
            Facts(
                noun: Localized(zh: "已结束的商机", en: "closed opportunities"),
                days: columns.opportunities.closed.leading(
                    columns.opportunities.closed.firstPosition(notBelow: OpportunityTable.noDate)),
                sorted: true)
        case .activities:
            Facts(noun: Localized(zh: "跟进记录", en: "activities"), days: columns.activities.date, sorted: true)
        case .surveys: Facts(noun: Localized(zh: "满意度调查", en: "surveys"), days: columns.surveys.date, sorted: true)
        case .reviews:
            Facts(noun: Localized(zh: "互评", en: "reviews"), days: columns.reviews.monthStart, sorted: false)
        case .targets, .mixed: nil
        }
    }

    /// The first and last day of the facts up to A, and whether any falls in P; nil when there
    /// are none. Sorted days are searched, not scanned (a million orders per answer).
    static func reach(_ facts: Facts, period: Period, asOf: Day) -> (first: Int32, last: Int32, inPeriod: Bool)? {
        let days = facts.days
        guard facts.sorted else {
            let visible = days.filter { $0 <= asOf.number }
            guard let first = visible.min(), let last = visible.max() else { return nil }
            return (first, last, visible.contains { $0 >= period.start.number && $0 <= period.end.number })
        }
        let end = days.firstPosition(notBelow: asOf.number + 1)
        guard end > 0 else { return nil }
        let start = days.firstPosition(notBelow: period.start.number)
        return (days[0], days[end - 1], start < end && days[start] <= period.end.number)
    }

    /// The notes for the metrics of an answer over P, as of A.
    static func notes(metrics: [String], period: Period, asOf: Day, columns: Columns, targets: StoredTargets)
        throws -> [Localized]
    {
        var notes: [Localized] = []
        var seen: Set<String> = []
        for metric in metrics {
            guard let entry = Catalog.metric(metric) else { continue }
            if entry.fact == .targets || metric == "attainment" || metric == "pace" {
                let targets = try targets.rows()
                let overlapping = targets.contains {
                    $0.metric == "revenue" && $0.start <= period.end && $0.end >= period.start
                }
                if !overlapping && seen.insert("targets").inserted {
                    notes.append(
                        Localized(
                            zh: targets.isEmpty
                                ? "还没有目标：可用 set target 设定、kpish coach smart 制定，或导入目标表（kpish import 目标.xlsx）。"
                                : "\(period.label) 没有设定目标：可用 set target、kpish coach smart 或导入目标表。",
                            en: targets.isEmpty
                                ? "no targets yet: set target, kpish coach smart, or import a target sheet (kpish import targets.xlsx)."
                                : "no targets are set for \(period.label): use set target, kpish coach smart, or import a target sheet."
                        ))
                }
            }
            let fact = entry.fact == .mixed ? Catalog.Fact.orders : entry.fact
            guard let facts = facts(fact, columns: columns), seen.insert(fact.rawValue).inserted else { continue }
            guard let (first, last, inPeriod) = reach(facts, period: period, asOf: asOf) else {
                notes.append(
                    Localized(
                        zh: "工作区还没有\(facts.noun.zh)数据：用 kpish import 导入（CSV 或 Excel）。",
                        en: "the workspace has no \(facts.noun.en) yet: import them with kpish import (CSV or Excel)."))
                continue
            }
            guard !inPeriod else { continue }
            let span = "\(Day(number: first).iso)..\(Day(number: last).iso)"
            notes.append(
                Localized(
                    zh: "\(period.label) 没有\(facts.noun.zh)数据；数据覆盖 \(span)"
                        + (last < period.start.number ? "（可加 --as-of \(Day(number: last).iso)）。" : "。"),
                    en: "no \(facts.noun.en) in \(period.label); the data covers \(span)"
                        + (last < period.start.number ? " (try --as-of \(Day(number: last).iso))." : ".")))
        }
        return notes
    }
}
