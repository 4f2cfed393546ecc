import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport

/// Independent expectations: METRICS.md's definitions written as SQL over the workspace tables,
/// never through engine code. A breakdown by a time grain runs the SQL once per bucket of the
/// period (clipped to it), each bucket being its own period P.
enum Oracle {
    /// Dimension values (NULL as nil) → the metric's value (NULL as nil).
    typealias Table = [[String?]: Double?]

    enum Fact {
        case orders, opportunities, activities, surveys, reviews

        var from: String {
            switch self {
            case .orders:
                return """
                    orders o LEFT JOIN reps r ON r.id = o.rep_id LEFT JOIN customers c ON c.id = o.customer_id
                    LEFT JOIN products p ON p.id = o.product_id
                    """
            case .opportunities:
                return """
                    opportunities x LEFT JOIN reps r ON r.id = x.rep_id LEFT JOIN customers c ON c.id = x.customer_id
                    LEFT JOIN products p ON p.id = x.product_id
                    """
            case .activities:
                return "activities a LEFT JOIN reps r ON r.id = a.rep_id LEFT JOIN customers c ON c.id = a.customer_id"
            case .surveys:
                return "surveys s LEFT JOIN reps r ON r.id = s.rep_id LEFT JOIN customers c ON c.id = s.customer_id"
            case .reviews:
                return "reviews v LEFT JOIN reps r ON r.id = v.rep_id"
            }
        }

        /// METRICS.md's dimension table: region is the order's, else the rep's, else the customer's.
        func dimension(_ id: String) -> String {
            switch id {
            case "region":
                return self == .orders ? "o.region" : self == .reviews ? "r.region" : "COALESCE(r.region, c.region)"
            case "team": return "r.team"
            case "rep": return "r.name"
            case "product": return "p.name"
            case "category": return "p.category"
            case "customer": return "c.name"
            case "segment": return "c.segment"
            case "channel": return "o.channel"
            default: fatalError("not a dimension: \(id)")
            }
        }
    }

    /// A period P with its as-of date (P is already clipped at it).
    struct Span {
        var start: Day
        var end: Day
        var asOf: Day
        var s: String { "'\(start.iso)'" }
        var e: String { "'\(end.iso)'" }
        var a: String { "'\(asOf.iso)'" }
    }

    /// METRICS.md's 环比 span before P, by the calendar: the month before a whole month, the
    /// quarter before a quarter, the year before a year, the same days of last month for a
    /// month so far, else as many days just before (Foundation's calendar does the months).
    static func previousSpan(_ p: Span) -> Span {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func date(_ day: Day) -> Date {
            calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.components.day))!
        }
        func day(_ date: Date) -> Day {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return Day(year: parts.year!, month: parts.month!, day: parts.day!)
        }
        let start = date(p.start)
        let firstOfMonth = p.start.components.day == 1
        for months in [12, 3, 1] where firstOfMonth && (months == 1 || (p.start.month - 1) % months == 0) {
            let next = calendar.date(byAdding: .month, value: months, to: start)!
            if day(next) - 1 == p.end {
                return Span(
                    start: day(calendar.date(byAdding: .month, value: -months, to: start)!), end: p.start - 1,
                    asOf: p.asOf)
            }
        }
        if firstOfMonth && p.end.month == p.start.month && p.end.year == p.start.year {
            let first = day(calendar.date(byAdding: .month, value: -1, to: start)!)
            return Span(start: first, end: min(first + (p.end - p.start), p.start - 1), asOf: p.asOf)
        }
        let length = p.end - p.start + 1
        return Span(start: p.start - length, end: p.start - 1, asOf: p.asOf)
    }

    // MARK: - Metric SQL (one SELECT of the non-time dimensions then the value)

    static func sql(_ metric: String, dimensions: [String], _ p: Span) -> String {
        let o = Fact.orders
        func keys(_ fact: Fact) -> String { dimensions.map { fact.dimension($0) + ", " }.joined() }
        func group(_ fact: Fact) -> String {
            dimensions.isEmpty ? "" : "GROUP BY " + dimensions.map { fact.dimension($0) }.joined(separator: ", ")
        }
        let inP = "o.date BETWEEN \(p.s) AND \(p.e)"
        let orderNumber = "COALESCE(o.order_no, 'line:' || o.id)"
        func activities(_ type: String) -> String {
            "SELECT \(keys(.activities))COUNT(*) FROM \(Fact.activities.from) WHERE a.type = '\(type)' AND a.date BETWEEN \(p.s) AND \(p.e) \(group(.activities))"
        }
        func reviews(_ kind: String) -> String {
            """
            SELECT \(keys(.reviews))AVG(v.score) FROM \(Fact.reviews.from)
            WHERE v.kind = '\(kind)' AND v.period || '-01' >= \(p.s) AND date(v.period || '-01', '+1 month', '-1 day') <= \(p.e)
            \(group(.reviews))
            """
        }
        switch metric {
        case "revenue": return "SELECT \(keys(o))SUM(o.amount) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "orders": return "SELECT \(keys(o))COUNT(DISTINCT \(orderNumber)) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "quantity": return "SELECT \(keys(o))SUM(o.quantity) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "avg_order_value":
            return
                "SELECT \(keys(o))SUM(o.amount) * 1.0 / COUNT(DISTINCT \(orderNumber)) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "gross_profit":
            return
                "SELECT \(keys(o))SUM(CASE WHEN o.cost IS NOT NULL THEN o.amount - o.cost END) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "gross_margin":
            return """
                SELECT \(keys(o))SUM(CASE WHEN o.cost IS NOT NULL THEN o.amount - o.cost END)
                    / SUM(CASE WHEN o.cost IS NOT NULL THEN o.amount END)
                FROM \(o.from) WHERE \(inP) \(group(o))
                """
        case "active_customers":
            return "SELECT \(keys(o))COUNT(DISTINCT o.customer_id) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "new_customers":
            return """
                SELECT \(keys(o))COUNT(DISTINCT o.customer_id) FROM \(o.from)
                JOIN (SELECT customer_id AS id, MIN(date) AS first FROM orders
                      WHERE date <= \(p.a) AND customer_id IS NOT NULL GROUP BY customer_id) f
                  ON f.id = o.customer_id AND f.first = o.date
                WHERE \(inP) \(group(o))
                """
        case "retention_rate", "churn_rate":
            let before = previousSpan(p)
            let names = dimensions.indices.map { "k\($0)" }
            let select = zip(dimensions, names).map { "\(o.dimension($0)) AS \($1), " }.joined()
            let join = names.map { "cur.\($0) IS prev.\($0) AND " }.joined()
            let rate = "COUNT(cur.id) * 1.0 / COUNT(*)"
            return """
                WITH prev AS (SELECT DISTINCT \(select)o.customer_id AS id FROM \(o.from)
                              WHERE o.date BETWEEN \(before.s) AND \(before.e) AND o.customer_id IS NOT NULL),
                     cur AS (SELECT DISTINCT \(select)o.customer_id AS id FROM \(o.from)
                             WHERE \(inP) AND o.customer_id IS NOT NULL)
                SELECT \(names.map { "prev.\($0), " }.joined())\(metric == "churn_rate" ? "1 - " : "")\(rate)
                FROM prev LEFT JOIN cur ON \(join)cur.id = prev.id
                \(names.isEmpty ? "" : "GROUP BY " + names.map { "prev.\($0)" }.joined(separator: ", "))
                """
        case "repeat_rate":
            let names = dimensions.indices.map { "k\($0)" }
            return """
                SELECT \(names.map { "\($0), " }.joined())AVG(CASE WHEN n >= 2 THEN 1.0 ELSE 0.0 END) FROM (
                    SELECT \(zip(dimensions, names).map { "\(o.dimension($0)) AS \($1), " }.joined())o.customer_id,
                           COUNT(DISTINCT \(orderNumber)) AS n
                    FROM \(o.from) WHERE \(inP) AND o.customer_id IS NOT NULL
                    GROUP BY \((dimensions.map { o.dimension($0) } + ["o.customer_id"]).joined(separator: ", ")))
                \(names.isEmpty ? "" : "GROUP BY " + names.joined(separator: ", "))
                """
        case "revenue_per_rep":
            return
                "SELECT \(keys(o))SUM(o.amount) * 1.0 / COUNT(DISTINCT o.rep_id) FROM \(o.from) WHERE \(inP) \(group(o))"
        case "win_rate":
            let x = Fact.opportunities
            return """
                SELECT \(keys(x))SUM(x.stage = 'won') * 1.0 / SUM(x.stage IN ('won', 'lost')) FROM \(x.from)
                WHERE x.closed_date BETWEEN \(p.s) AND \(p.e) \(group(x)) HAVING SUM(x.stage IN ('won', 'lost')) > 0
                """
        case "pipeline_value":
            let x = Fact.opportunities
            return """
                SELECT \(keys(x))SUM(x.amount) FROM \(x.from)
                WHERE x.created_date <= \(p.e)
                  AND ((x.closed_date IS NULL AND x.stage NOT IN ('won', 'lost')) OR x.closed_date > \(p.e))
                \(group(x))
                """
        case "avg_sales_cycle":
            let x = Fact.opportunities
            return """
                SELECT \(keys(x))AVG(julianday(x.closed_date) - julianday(x.created_date)) FROM \(x.from)
                WHERE x.stage = 'won' AND x.closed_date BETWEEN \(p.s) AND \(p.e) \(group(x))
                """
        case "calls": return activities("call")
        case "visits": return activities("visit")
        case "demos": return activities("demo")
        case "follow_ups": return activities("follow_up")
        case "csat":
            return
                "SELECT \(keys(.surveys))AVG(s.score) FROM \(Fact.surveys.from) WHERE s.date BETWEEN \(p.s) AND \(p.e) \(group(.surveys))"
        case "complaint_rate":
            return """
                SELECT \(keys(.surveys))SUM(s.complaint) * 1.0 / COUNT(*) FROM \(Fact.surveys.from)
                WHERE s.date BETWEEN \(p.s) AND \(p.e) \(group(.surveys))
                """
        case "revisit_rate":
            let names = dimensions.indices.map { "k\($0)" }
            let a = Fact.activities
            let join = names.map { "act.\($0) IS cur.\($0) AND " }.joined()
            return """
                WITH act AS (SELECT DISTINCT \(zip(dimensions, names).map { "\(a.dimension($0)) AS \($1), " }.joined())a.customer_id AS id
                             FROM \(a.from) WHERE a.type IN ('visit', 'follow_up') AND a.date BETWEEN \(p.s) AND \(p.e)),
                     cur AS (SELECT DISTINCT \(zip(dimensions, names).map { "\(o.dimension($0)) AS \($1), " }.joined())o.customer_id AS id
                             FROM \(o.from) WHERE \(inP) AND o.customer_id IS NOT NULL)
                SELECT \(names.map { "cur.\($0), " }.joined())AVG(CASE WHEN act.id IS NOT NULL THEN 1.0 ELSE 0.0 END)
                FROM cur LEFT JOIN act ON \(join)act.id = cur.id
                \(names.isEmpty ? "" : "GROUP BY " + names.map { "cur.\($0)" }.joined(separator: ", "))
                """
        case "collaboration_score": return reviews("collaboration")
        case "communication_score": return reviews("communication")
        case "target": return targetSQL(dimensions: dimensions, p)
        default: fatalError("no oracle for \(metric)")
        }
    }

    /// METRICS.md's target: revenue targets overlapping P, for the scope (the finest of region,
    /// team, rep among the dimensions): its own where set, else the sum of its reps' (company:
    /// all reps).
    static func targetSQL(dimensions: [String], _ p: Span) -> String {
        let overlap = "t.metric = 'revenue' AND t.period_start <= \(p.e) AND t.period_end >= \(p.s)"
        let repTargets =
            "SELECT SUM(t.value) FROM targets t JOIN reps rr ON t.scope = 'rep' AND t.scope_value = rr.name WHERE \(overlap)"
        if dimensions.contains("rep") {
            let select = dimensions.map { "r.\($0 == "rep" ? "name" : $0), " }.joined()
            return """
                SELECT \(select)SUM(t.value) FROM reps r JOIN targets t ON t.scope = 'rep' AND t.scope_value = r.name
                WHERE \(overlap) GROUP BY r.id
                """
        }
        for level in ["team", "region"] where dimensions.contains(level) {
            // A team's region: its reps' region (one per team in the demo).
            let select = dimensions.map { "m.\($0), " }.joined()
            return """
                SELECT \(select)COALESCE(
                    (SELECT SUM(t.value) FROM targets t WHERE t.scope = '\(level)' AND t.scope_value = m.\(level) AND \(overlap)),
                    (\(repTargets) AND rr.\(level) = m.\(level)))
                FROM (SELECT DISTINCT \(dimensions.joined(separator: ", ")) FROM reps) m
                """
        }
        return """
            SELECT COALESCE((SELECT SUM(t.value) FROM targets t WHERE t.scope = 'company' AND \(overlap)), (\(repTargets)))
            """
    }

    // MARK: - Running

    /// The oracle's table for a metric over a period, by the dimensions (time grains last in the
    /// key, as `Oracle.key(of:)` orders an answer's row).
    static func table(
        _ metric: String, dimensions: [String], start: Day, end: Day, asOf: Day, in workspace: Workspace
    ) throws -> Table {
        let end = min(end, asOf)
        let attributes = dimensions.filter { TimeGrain(rawValue: $0) == nil }
        let grains = dimensions.compactMap(TimeGrain.init(rawValue:))
        precondition(grains.count <= 1, "the oracle splits by one time grain")
        let buckets: [(Day, Day, String?)] =
            grains.first.map { grain in Self.buckets(start, end, grain).map { ($0.0, $0.1, Optional($0.2)) } }
            ?? [(start, end, nil)]
        var table: Table = [:]
        for (first, last, label) in buckets {
            let span = Span(start: first, end: last, asOf: asOf)
            let query = metric == "attainment" ? "" : sql(metric, dimensions: attributes, span)
            let rows: [[String?]: Double?]
            if metric == "attainment" {
                let revenue = try run(sql("revenue", dimensions: attributes, span), attributes.count, workspace)
                let target = try run(sql("target", dimensions: attributes, span), attributes.count, workspace)
                var combined: [[String?]: Double?] = [:]
                for key in Set(revenue.keys).union(target.keys) {
                    guard let goal = target[key] ?? nil, goal != 0 else {
                        combined[key] = .some(nil)
                        continue
                    }
                    combined[key] = ((revenue[key] ?? nil) ?? 0) / goal
                }
                rows = combined
            } else {
                rows = try run(query, attributes.count, workspace)
            }
            for (key, value) in rows { table[label.map { key + [$0] } ?? key] = value }
        }
        return table
    }

    static func run(_ sql: String, _ keyCount: Int, _ workspace: Workspace) throws -> Table {
        try workspace.database.read { db in
            var table: Table = [:]
            for row in try Row.fetchAll(db, sql: sql) {
                let key = (0..<keyCount).map { row[$0] as String? }
                let value = row[keyCount] as Double?
                // A grand total over no rows is one NULL row: no group.
                if keyCount == 0 && value == nil { continue }
                table[key] = value
            }
            return table
        }
    }

    /// The spans of a grain over [start, end], clipped to it, with their labels (2026-10, 2026-Q3).
    static func buckets(_ start: Day, _ end: Day, _ grain: TimeGrain) -> [(Day, Day, String)] {
        var result: [(Day, Day, String)] = []
        var first = start
        while first <= end {
            let (year, month, _) = first.components
            let last: Day
            let label: String
            switch grain {
            case .month:
                last = first.lastOfMonth
                label = String(format: "%04d-%02d", year, month)
            case .quarter:
                let quarter = (month - 1) / 3
                last = Day(year: year, month: quarter * 3 + 1, day: 1).firstOfMonth(adding: 3) - 1
                label = "\(year)-Q\(quarter + 1)"
            case .year:
                last = Day(year: year, month: 12, day: 31)
                label = "\(year)"
            default:
                fatalError("the oracle buckets months, quarters and years")
            }
            result.append((first, min(last, end), label))
            first = last + 1
        }
        return result
    }

    /// An answer's rows as a table keyed like the oracle's (time grains last).
    static func table(of answer: Answer, metric: String) -> Table {
        let dimensions = answer.columns.filter { Catalog.dimension($0) != nil }
        let order =
            dimensions.filter { TimeGrain(rawValue: $0) == nil } + dimensions.filter { TimeGrain(rawValue: $0) != nil }
        let metricIndex = answer.columns.firstIndex(of: metric)!
        var table: Table = [:]
        for row in answer.rows {
            let key = order.map { row[answer.columns.firstIndex(of: $0)!].text }
            table[key] = row[metricIndex].number
        }
        return table
    }
}
