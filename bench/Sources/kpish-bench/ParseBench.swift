import Engine
import Foundation
import GRDBSQLite
import Language
import Model

/// Parsing and planning a typical query, against SQLite preparing the equivalent SQL statement
/// (both turn text into an executable plan; SQLite's parser is the named peer).
func runParseBench(_ arguments: [String]) {
    let asOf = Day(iso: "2026-11-22")!
    let vocabulary = Catalog.vocabulary(
        values: [
            "region": ["东北", "华东", "华中", "华北", "华南", "西北", "西南"], "team": ["华东一组", "华东二组"],
            "channel": ["直销", "渠道", "线上"],
        ])
    let cases: [(query: String, sql: String)] = [
        (
            #"revenue by rep where team = "华东一组" and channel in ("直销", "渠道") in 2026-Q3"#,
            "SELECT r.name, SUM(o.amount) FROM orders o JOIN reps r ON r.id = o.rep_id WHERE r.team = '华东一组' AND o.channel IN ('直销', '渠道') AND o.date BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY r.name"
        ),
        (
            "top 3 region by revenue in last 3 months",
            "SELECT region, SUM(amount) AS revenue FROM orders WHERE date BETWEEN '2026-08-01' AND '2026-10-31' GROUP BY region ORDER BY revenue DESC LIMIT 3"
        ),
        (
            "trend revenue by month in last 12 months",
            "SELECT substr(date, 1, 7) AS month, SUM(amount) FROM orders WHERE date BETWEEN '2025-11-01' AND '2026-10-31' GROUP BY month ORDER BY month"
        ),
    ]
    var db: OpaquePointer?
    sqlite3_open(":memory:", &db)
    sqlite3_exec(
        db,
        """
        CREATE TABLE orders(id INTEGER PRIMARY KEY, order_no TEXT, date TEXT, customer_id INTEGER, rep_id INTEGER,
          product_id INTEGER, region TEXT, channel TEXT, quantity REAL, amount REAL, cost REAL);
        CREATE TABLE reps(id INTEGER PRIMARY KEY, name TEXT, team TEXT, region TEXT, hire_date TEXT);
        """, nil, nil, nil)
    let rounds = Int(arguments.first ?? "") ?? 20_000
    print(
        "parse + plan a typical query (median of \(rounds) runs) vs SQLite sqlite3_prepare_v2 of the same question in SQL"
    )
    print("query".padding(toLength: 60, withPad: " ", startingAt: 0) + "   kpish µs  sqlite µs  ratio")
    for (query, sql) in cases {
        let kpish = medianMicroseconds(rounds) { _ = try? parse(query, vocabulary: vocabulary, asOf: asOf) }
        let sqlite = medianMicroseconds(rounds) {
            var statement: OpaquePointer?
            sqlite3_prepare_v2(db, sql, -1, &statement, nil)
            sqlite3_finalize(statement)
        }
        let label = query.count > 50 ? String(query.prefix(49)) + "…" : query
        print(
            label + String(repeating: " ", count: max(0, 60 - displayWidth(label)))
                + String(format: "  %8.1f  %9.1f  %5.2f", kpish, sqlite, kpish / sqlite))
    }
    sqlite3_close(db)
}

/// The median wall time of `body` in microseconds, after a warm-up.
func medianMicroseconds(_ rounds: Int, _ body: () -> Void) -> Double {
    for _ in 0..<min(1000, rounds / 10) { body() }
    var samples: [Double] = []
    samples.reserveCapacity(rounds)
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
    }
    samples.sort()
    return samples[samples.count / 2]
}
