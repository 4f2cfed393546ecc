// Engine benchmark (issue 4): warm in-process timings of representative plans.
//
//   kpish-bench engine DB [AS_OF]
//   kpish-bench engine DB AS_OF --once   open, answer revenue by region last month, exit
//
// Prints the engine's start-up (open + load, from SQLite and from the column snapshot), then one
// line per query: `query <id> <median ms> <rows>` after warm-up, the median of 21 runs. The
// queries' ids match bench/engine_duckdb.py, which runs the same questions in DuckDB.
import Engine
import Foundation
import Model
import Store

func runEngineBench(_ arguments: [String]) {
    guard let path = arguments.first else {
        FileHandle.standardError.write(Data("usage: kpish-bench engine DB [AS_OF]\n".utf8))
        exit(2)
    }
    let asOf = arguments.dropFirst().first.flatMap { Day(iso: $0) } ?? Day(year: 2026, month: 11, day: 22)
    do {
        if arguments.contains("--once") {
            // What a one-shot `kpish -c` does besides parsing and printing.
            let engine = try MetricEngine(workspace: try Workspace.open(at: path))
            let answer = try engine.execute(benchPlans(asOf: asOf)[0].1, asOf: asOf)
            print(answer.title.en, answer.rows.count)
            return
        }
        // Start-up twice: the first may rebuild the column snapshot, the second reads it.
        var engine: MetricEngine? = nil
        for attempt in ["first", "again"] {
            engine = nil
            let started = DispatchTime.now()
            let workspace = try Workspace.open(at: path)
            engine = try MetricEngine(workspace: workspace)
            print("startup \(attempt) \(String(format: "%.1f", milliseconds(since: started)))")
        }
        let only = ProcessInfo.processInfo.environment["KPISH_BENCH_ONLY"]
        for (id, plan) in benchPlans(asOf: asOf) + (only != nil ? sweepPlans(asOf: asOf) : [])
        where only == nil || only == id {
            var rows = 0
            for _ in 0..<3 { rows = try engine!.execute(plan, asOf: asOf).rows.count }
            var times: [Double] = []
            for _ in 0..<21 {
                let started = DispatchTime.now()
                _ = try engine!.execute(plan, asOf: asOf)
                times.append(milliseconds(since: started))
            }
            times.sort()
            print("query \(id) \(String(format: "%.3f", times[times.count / 2])) \(rows)")
        }
        if only != nil { return }
        // Every metric by a few cuts, to catch a slow path the representative queries miss.
        var slowest = (0.0, "")
        for (id, plan) in sweepPlans(asOf: asOf) {
            _ = try engine!.execute(plan, asOf: asOf)
            var times: [Double] = []
            for _ in 0..<5 {
                let started = DispatchTime.now()
                _ = try engine!.execute(plan, asOf: asOf)
                times.append(milliseconds(since: started))
            }
            times.sort()
            if times[2] > slowest.0 { slowest = (times[2], id) }
            if times[2] > 5 { print("slow \(id) \(times[2])") }
        }
        print("sweep \(slowest.1) \(String(format: "%.3f", slowest.0)) \(sweepPlans(asOf: asOf).count)")
    } catch let failure as any LocalizedFailure {
        FileHandle.standardError.write(Data((failure.message.en + "\n").utf8))
        exit(1)
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        exit(1)
    }
}

private func milliseconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
}

/// The bench questions as the parser would plan them, with periods resolved against `asOf`.
func benchPlans(asOf: Day) -> [(String, Plan)] {
    let lastMonth = Period(start: asOf.firstOfMonth(adding: -1), end: asOf.firstOfMonth - 1, label: "last month")
    let lastMonthYearBefore = Period(
        start: asOf.firstOfMonth(adding: -13), end: asOf.firstOfMonth(adding: -12) - 1, label: "same period last year")
    let last3 = Period(start: asOf.firstOfMonth(adding: -3), end: asOf.firstOfMonth - 1, label: "last 3 months")
    let last6 = Period(start: asOf.firstOfMonth(adding: -6), end: asOf.firstOfMonth - 1, label: "last 6 months")
    let last12 = Period(start: asOf.firstOfMonth(adding: -12), end: asOf.firstOfMonth - 1, label: "last 12 months")
    let quarterStart = TimeGrain.quarter.start(of: asOf)
    let lastQuarter = Period(
        start: quarterStart.firstOfMonth(adding: -3), end: quarterStart - 1, label: "last quarter")
    let ytd = Period(start: TimeGrain.year.start(of: asOf), end: asOf, label: "ytd")
    return [
        (
            "revenue_by_region",
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: lastMonth)
        ),
        (
            "revenue_by_month",
            Plan(intent: .trend, metrics: ["revenue"], dimensions: ["month"], period: last12, grain: .month)
        ),
        (
            "revenue_by_team_month",
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["team", "month"], period: last6, grain: .month)
        ),
        (
            "top_products",
            Plan(
                intent: .rank, metrics: ["revenue"], dimensions: ["product"], period: last3, order: .descending,
                orderBy: "revenue", limit: 10)
        ),
        (
            "customers_by_region",
            Plan(
                intent: .breakdown, metrics: ["active_customers", "new_customers"], dimensions: ["region"],
                period: lastQuarter)
        ),
        (
            "retention_by_region",
            Plan(intent: .breakdown, metrics: ["retention_rate"], dimensions: ["region"], period: lastMonth)
        ),
        (
            "attainment_by_rep",
            Plan(intent: .breakdown, metrics: ["attainment"], dimensions: ["rep"], period: lastMonth)
        ),
        (
            "win_rate_by_team",
            Plan(intent: .breakdown, metrics: ["win_rate"], dimensions: ["team"], period: lastQuarter)
        ),
        (
            "pipeline_by_region",
            Plan(intent: .breakdown, metrics: ["pipeline_value"], dimensions: ["region"], period: lastMonth)
        ),
        ("csat_by_region", Plan(intent: .breakdown, metrics: ["csat"], dimensions: ["region"], period: last3)),
        (
            "orders_by_channel",
            Plan(intent: .breakdown, metrics: ["orders", "avg_order_value"], dimensions: ["channel"], period: ytd)
        ),
        (
            "revenue_vs_last_year",
            Plan(
                intent: .compare, metrics: ["revenue"], dimensions: ["region"], period: lastMonth,
                compareTo: lastMonthYearBefore)
        ),
    ]
}

/// Every metric of the catalog by region over the last month, by month over the last 12 months,
/// and by rep over the last quarter (where the metric allows the cut).
func sweepPlans(asOf: Day) -> [(String, Plan)] {
    let lastMonth = Period(start: asOf.firstOfMonth(adding: -1), end: asOf.firstOfMonth - 1, label: "last month")
    let last12 = Period(start: asOf.firstOfMonth(adding: -12), end: asOf.firstOfMonth - 1, label: "last 12 months")
    let last3 = Period(start: asOf.firstOfMonth(adding: -3), end: asOf.firstOfMonth - 1, label: "last 3 months")
    var plans: [(String, Plan)] = []
    for metric in Catalog.metrics {
        for (dimension, period) in [("region", lastMonth), ("month", last12), ("rep", last3), ("customer", last3)]
        where metric.allows(dimension) {
            plans.append(
                (
                    "\(metric.id)_by_\(dimension)",
                    Plan(intent: .breakdown, metrics: [metric.id], dimensions: [dimension], period: period)
                ))
        }
    }
    return plans
}
