import Engine
import Foundation
import GRDB
import Model
import Store
import TestSupport
import Testing

/// What the demo company never has: rows stored out of date order, and NULLs where METRICS.md
/// says how to count them. Checked against the same SQL oracle on a workspace of its own.
@Suite struct ColumnLoaderTests {
    @Test func nullsAndUnsortedRowsCountAsMetricsSays() throws {
        let workspace = try StatementTests.workspace()
        try workspace.database.write { db in
            // Early dates appended last; NULL order numbers, customers, costs, regions.
            try db.execute(
                sql: """
                    INSERT INTO orders(order_no, date, customer_id, rep_id, product_id, region, channel, quantity, amount, cost)
                    VALUES (NULL, '2026-10-03', 1, 1, 1, '华东', '直销', 1, 100, 40),
                           (NULL, '2026-10-03', 1, 1, 1, '华东', '直销', 1, 200, NULL),
                           ('X-1', '2026-10-02', NULL, 1, 1, '华东', '线上', 2, 300, 100),
                           ('X-1', '2026-10-02', NULL, 1, 2, '华东', '线上', 1, 50, 10),
                           ('X-2', '2026-10-01', 2, NULL, NULL, NULL, NULL, 1, 70, NULL);
                    INSERT INTO activities(date, rep_id, customer_id, type) VALUES ('2026-10-01', 1, 1, 'visit');
                    INSERT INTO surveys(date, customer_id, rep_id, score, complaint) VALUES ('2026-10-01', 1, NULL, NULL, 1);
                    """)
        }
        let engine = try MetricEngine(workspace: workspace)
        let october = QueryTests.month(2026, 10)
        for metric in [
            "revenue", "orders", "quantity", "gross_profit", "gross_margin", "active_customers", "new_customers",
            "repeat_rate", "csat", "complaint_rate", "visits", "revisit_rate",
        ] {
            for dimensions in [["region"], ["channel"], [], ["team", "month"]]
            where Catalog.metric(metric)!.allows(dimensions.first ?? "region") {
                let answer = try engine.execute(
                    Plan(
                        intent: dimensions.isEmpty ? .value : .breakdown, metrics: [metric], dimensions: dimensions,
                        period: october),
                    asOf: Fixtures.asOf)
                let expected = try Oracle.table(
                    metric, dimensions: dimensions, start: october.start, end: october.end, asOf: Fixtures.asOf,
                    in: workspace)
                MetricOracleTests.expectSame(
                    Oracle.table(of: answer, metric: metric), expected,
                    zeroWhenEmpty: MetricOracleTests.zeroWhenEmpty.contains(metric), "\(metric) by \(dimensions)")
            }
        }
        // The NULL region is a group of its own, shown as null, listed last.
        let byRegion = try engine.execute(
            Plan(intent: .breakdown, metrics: ["revenue"], dimensions: ["region"], period: october), asOf: Fixtures.asOf
        )
        #expect(byRegion.rows.last?[0] == .null)
        #expect(byRegion.rows.last?[1] == .number(70))
    }
}
