"""The engine bench questions in DuckDB, over the same rows as the kpish workspace.

Usage: engine_duckdb.py WORKSPACE.db AS_OF WORKDIR

Exports the workspace's tables to CSV (DuckDB's sqlite extension would need a download), loads
them into an in-memory DuckDB database (load time not counted), then prints, per query,
`query <id> <median ms> <rows>`: the median of 21 warm runs of execute + fetchall after three
warm-up runs, with DuckDB's default threads (all cores). The ids and meanings match
bench/Sources/kpish-bench/EngineBench.swift; the SQL follows METRICS.md as the engine does.
"""
import csv
import datetime as dt
import os
import sqlite3
import statistics
import sys
import time

import duckdb

TABLES = {
    "reps": "id BIGINT, name VARCHAR, team VARCHAR, region VARCHAR, hire_date DATE",
    "customers": "id BIGINT, name VARCHAR, region VARCHAR, segment VARCHAR, industry VARCHAR, created_date DATE",
    "products": "id BIGINT, name VARCHAR, category VARCHAR, unit_price DOUBLE",
    "orders": "id BIGINT, order_no VARCHAR, date DATE, customer_id BIGINT, rep_id BIGINT, product_id BIGINT, "
    "region VARCHAR, channel VARCHAR, quantity DOUBLE, amount DOUBLE, cost DOUBLE, opportunity_id BIGINT",
    "opportunities": "id BIGINT, customer_id BIGINT, rep_id BIGINT, product_id BIGINT, stage VARCHAR, "
    "created_date DATE, closed_date DATE, amount DOUBLE, lost_stage VARCHAR",
    "surveys": "id BIGINT, date DATE, customer_id BIGINT, rep_id BIGINT, score DOUBLE, complaint BIGINT",
    "targets": "id BIGINT, metric VARCHAR, scope VARCHAR, scope_value VARCHAR, period_start DATE, period_end DATE, value DOUBLE",
}


def month_start(day, months):
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def periods(as_of):
    this_month = month_start(as_of, 0)
    quarter = dt.date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1)
    one_day = dt.timedelta(days=1)
    return {
        "last_month": (month_start(as_of, -1), this_month - one_day),
        "year_before": (month_start(as_of, -13), month_start(as_of, -12) - one_day),
        "last3": (month_start(as_of, -3), this_month - one_day),
        "last6": (month_start(as_of, -6), this_month - one_day),
        "last12": (month_start(as_of, -12), this_month - one_day),
        "last_quarter": (month_start(quarter, -3), quarter - one_day),
        "ytd": (dt.date(as_of.year, 1, 1), as_of),
    }


def queries(as_of):
    p = {name: (f"DATE '{s}'", f"DATE '{e}'") for name, (s, e) in periods(as_of).items()}
    a = f"DATE '{as_of}'"
    s, e = p["last_month"]
    # Retention's previous period: the same number of days just before the period.
    first, last = periods(as_of)["last_month"]
    length = (last - first).days + 1
    before = (f"DATE '{first - dt.timedelta(days=length)}'", f"DATE '{first - dt.timedelta(days=1)}'")
    return [
        ("revenue_by_region", f"""
            SELECT region, SUM(amount) AS revenue FROM orders WHERE date BETWEEN {s} AND {e}
            GROUP BY region ORDER BY revenue DESC"""),
        ("revenue_by_month", f"""
            WITH m AS (SELECT date_trunc('month', date) AS month, SUM(amount) AS revenue FROM orders
                       WHERE date BETWEEN {p['last12'][0]} AND {p['last12'][1]} GROUP BY 1)
            SELECT strftime(month, '%Y-%m'), revenue, revenue / LAG(revenue) OVER (ORDER BY month) - 1
            FROM m ORDER BY month"""),
        ("revenue_by_team_month", f"""
            SELECT team, strftime(month, '%Y-%m'), revenue FROM (
                SELECT r.team, date_trunc('month', o.date) AS month, SUM(o.amount) AS revenue
                FROM orders o LEFT JOIN reps r ON r.id = o.rep_id
                WHERE o.date BETWEEN {p['last6'][0]} AND {p['last6'][1]} GROUP BY 1, 2)
            ORDER BY month, revenue DESC"""),
        ("top_products", f"""
            SELECT p.name, SUM(o.amount) AS revenue FROM orders o LEFT JOIN products p ON p.id = o.product_id
            WHERE o.date BETWEEN {p['last3'][0]} AND {p['last3'][1]} GROUP BY 1 ORDER BY revenue DESC LIMIT 10"""),
        ("customers_by_region", f"""
            WITH f AS (SELECT customer_id, MIN(date) AS first FROM orders
                       WHERE date <= {a} AND customer_id IS NOT NULL GROUP BY customer_id)
            SELECT o.region, COUNT(DISTINCT o.customer_id) AS active,
                   COUNT(DISTINCT CASE WHEN o.date = f.first THEN o.customer_id END) AS new
            FROM orders o LEFT JOIN f ON f.customer_id = o.customer_id
            WHERE o.date BETWEEN {p['last_quarter'][0]} AND {p['last_quarter'][1]}
            GROUP BY 1 ORDER BY active DESC"""),
        ("retention_by_region", f"""
            WITH prev AS (SELECT DISTINCT region, customer_id FROM orders
                          WHERE date BETWEEN {before[0]} AND {before[1]} AND customer_id IS NOT NULL),
                 cur AS (SELECT DISTINCT region, customer_id FROM orders
                         WHERE date BETWEEN {s} AND {e} AND customer_id IS NOT NULL)
            SELECT prev.region, COUNT(cur.customer_id) / COUNT(*) AS retention
            FROM prev LEFT JOIN cur ON cur.region IS NOT DISTINCT FROM prev.region AND cur.customer_id = prev.customer_id
            GROUP BY 1 ORDER BY retention DESC"""),
        ("attainment_by_rep", f"""
            WITH rev AS (SELECT rep_id, SUM(amount) AS revenue FROM orders WHERE date BETWEEN {s} AND {e} GROUP BY 1),
                 tgt AS (SELECT scope_value AS name, SUM(value) AS target FROM targets
                         WHERE metric = 'revenue' AND scope = 'rep' AND period_start <= {e} AND period_end >= {s}
                         GROUP BY 1)
            SELECT r.name, COALESCE(rev.revenue, 0) / tgt.target AS attainment
            FROM reps r LEFT JOIN rev ON rev.rep_id = r.id LEFT JOIN tgt ON tgt.name = r.name
            WHERE rev.revenue IS NOT NULL OR tgt.target IS NOT NULL ORDER BY attainment DESC NULLS LAST"""),
        ("win_rate_by_team", f"""
            SELECT r.team, SUM(CASE WHEN x.stage = 'won' THEN 1 ELSE 0 END)
                         / SUM(CASE WHEN x.stage IN ('won', 'lost') THEN 1 ELSE 0 END) AS win_rate
            FROM opportunities x LEFT JOIN reps r ON r.id = x.rep_id
            WHERE x.closed_date BETWEEN {p['last_quarter'][0]} AND {p['last_quarter'][1]}
            GROUP BY 1 HAVING SUM(CASE WHEN x.stage IN ('won', 'lost') THEN 1 ELSE 0 END) > 0
            ORDER BY win_rate DESC"""),
        ("pipeline_by_region", f"""
            SELECT COALESCE(r.region, c.region) AS region, SUM(x.amount) AS pipeline
            FROM opportunities x LEFT JOIN reps r ON r.id = x.rep_id LEFT JOIN customers c ON c.id = x.customer_id
            WHERE x.created_date <= {e}
              AND ((x.closed_date IS NULL AND x.stage NOT IN ('won', 'lost')) OR x.closed_date > {e})
            GROUP BY 1 ORDER BY pipeline DESC"""),
        ("csat_by_region", f"""
            SELECT COALESCE(r.region, c.region) AS region, AVG(s.score) AS csat
            FROM surveys s LEFT JOIN reps r ON r.id = s.rep_id LEFT JOIN customers c ON c.id = s.customer_id
            WHERE s.date BETWEEN {p['last3'][0]} AND {p['last3'][1]} GROUP BY 1 ORDER BY csat DESC"""),
        ("orders_by_channel", f"""
            SELECT channel, orders, revenue / orders AS avg_order_value FROM (
                -- A line without an order number is an order of its own.
                SELECT channel, COUNT(DISTINCT order_no) + COUNT(*) FILTER (WHERE order_no IS NULL) AS orders,
                       SUM(amount) AS revenue
                FROM orders WHERE date BETWEEN {p['ytd'][0]} AND {p['ytd'][1]} GROUP BY 1)
            ORDER BY orders DESC"""),
        ("revenue_vs_last_year", f"""
            WITH cur AS (SELECT region, SUM(amount) AS v FROM orders WHERE date BETWEEN {s} AND {e} GROUP BY 1),
                 prev AS (SELECT region, SUM(amount) AS v FROM orders
                          WHERE date BETWEEN {p['year_before'][0]} AND {p['year_before'][1]} GROUP BY 1)
            SELECT COALESCE(cur.region, prev.region), cur.v, prev.v, cur.v / prev.v - 1
            FROM cur FULL OUTER JOIN prev ON cur.region = prev.region ORDER BY cur.v DESC NULLS LAST"""),
    ]


def csv_tables(path, workdir):
    """Each table of the workspace to a CSV file in `workdir`; yields (file, the DuckDB statement
    that loads it with explicit types, dates as DATE)."""
    source = sqlite3.connect(path)
    for table, columns in TABLES.items():
        names = [column.split()[0] for column in columns.split(", ")]
        file = os.path.join(workdir, table + ".csv")
        with open(file, "w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(names)
            writer.writerows(source.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY id"))
        types = ", ".join(f"'{c.split()[0]}': '{c.split()[1]}'" for c in columns.split(", "))
        yield file, f"CREATE TABLE {table} AS SELECT * FROM read_csv('{file}', header = true, columns = {{{types}}})"


def export(path, workdir):
    """The workspace's tables in an in-memory DuckDB database."""
    con = duckdb.connect()
    for file, statement in csv_tables(path, workdir):
        con.execute(statement)
        os.remove(file)
    return con


def main():
    path, as_of, workdir = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), sys.argv[3]
    started = time.perf_counter()
    con = export(path, workdir)
    print(f"load {1000 * (time.perf_counter() - started):.1f}")
    for name, sql in queries(as_of):
        for _ in range(3):
            rows = len(con.execute(sql).fetchall())
        times = []
        for _ in range(21):
            started = time.perf_counter()
            con.execute(sql).fetchall()
            times.append(1000 * (time.perf_counter() - started))
        print(f"query {name} {statistics.median(times):.3f} {rows}", flush=True)


if __name__ == "__main__":
    main()
