"""One-shot answers: `kpish -c` against the DuckDB CLI binary, a fresh process each, same rows.

Usage: oneshot.py KPISH WORKSPACE.db AS_OF DUCKDB_CLI WORKDIR [RUNS]

Exports the workspace's tables to CSV and has the CLI load them into a DuckDB database file (not
timed; the CLI writes its own storage version), then for each line runs `kpish --db WORKSPACE -c LINE` and `duckdb FILE -c SQL` in turn, RUNS
times each (default 9), and prints the median wall time and the peak resident memory of each
(from wait4), and their ratio. The SQL computes what the line answers, following METRICS.md as
the engine does; for the forecast, DuckDB computes the monthly history the forecast is fitted on
(it has no forecasting), so the ratio there flatters DuckDB. Last, the REPL on a pseudo-terminal:
the first answer, from Enter to the answer printed, with the question typed a second after the
prompt and sent at once, and a session with piped input.
"""
import datetime as dt
import os
import pty
import select
import statistics
import subprocess
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_duckdb  # noqa: E402


def lines(as_of):
    p = {name: (f"DATE '{s}'", f"DATE '{e}'") for name, (s, e) in engine_duckdb.periods(as_of).items()}
    lm, prev = p["last_month"], engine_duckdb.periods(engine_duckdb.month_start(as_of, -1))["last_month"]
    pm = (f"DATE '{prev[0]}'", f"DATE '{prev[1]}'")
    quarter = dt.date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1)
    lq = (f"DATE '{engine_duckdb.month_start(quarter, -3)}'", f"DATE '{quarter - dt.timedelta(days=1)}'")
    october = ("DATE '2026-10-01'", "DATE '2026-10-31'")
    year = ("DATE '2026-01-01'", f"DATE '{as_of}'")
    pipeline_at = lm[1]
    return [
        ("revenue by region in 2026-10", f"""
            SELECT region, SUM(amount) AS revenue FROM orders WHERE date BETWEEN {october[0]} AND {october[1]}
            GROUP BY 1 ORDER BY revenue DESC"""),
        ("active_customers by region in last 3 months", f"""
            SELECT region, COUNT(DISTINCT customer_id) FROM orders
            WHERE date BETWEEN {p['last3'][0]} AND {p['last3'][1]} GROUP BY 1 ORDER BY 2 DESC"""),
        ("revenue by month in last 12 months", f"""
            SELECT strftime(date_trunc('month', date), '%Y-%m') AS month, SUM(amount) FROM orders
            WHERE date BETWEEN {p['last12'][0]} AND {p['last12'][1]} GROUP BY 1 ORDER BY 1"""),
        ("revenue by customer in 2026", f"""
            SELECT c.name, SUM(o.amount) AS revenue FROM orders o JOIN customers c ON c.id = o.customer_id
            WHERE o.date BETWEEN {year[0]} AND {year[1]} GROUP BY 1 ORDER BY revenue DESC"""),
        ("哪个区域需求大", f"""
            WITH cur AS (SELECT region, SUM(amount) AS v FROM orders WHERE date BETWEEN {lm[0]} AND {lm[1]} GROUP BY 1),
                 prev AS (SELECT region, SUM(amount) AS v FROM orders WHERE date BETWEEN {pm[0]} AND {pm[1]} GROUP BY 1),
                 pipe AS (SELECT COALESCE(r.region, c.region) AS region, SUM(x.amount) AS v
                          FROM opportunities x LEFT JOIN reps r ON r.id = x.rep_id
                          LEFT JOIN customers c ON c.id = x.customer_id
                          WHERE x.created_date <= {pipeline_at}
                            AND ((x.closed_date IS NULL AND x.stage NOT IN ('won', 'lost')) OR x.closed_date > {pipeline_at})
                          GROUP BY 1)
            SELECT cur.region, cur.v, prev.v, cur.v / prev.v - 1, pipe.v FROM cur
            LEFT JOIN prev USING (region) LEFT JOIN pipe USING (region) ORDER BY cur.v DESC LIMIT 1"""),
        ("上个月各团队毛利", f"""
            SELECT r.team, SUM(o.amount - o.cost) AS gp FROM orders o LEFT JOIN reps r ON r.id = o.rep_id
            WHERE o.date BETWEEN {lm[0]} AND {lm[1]} GROUP BY 1 ORDER BY gp DESC"""),
        ("哪个销售员赢单率最低", f"""
            SELECT r.name, SUM(CASE WHEN x.stage = 'won' THEN 1 ELSE 0 END)
                   / SUM(CASE WHEN x.stage IN ('won', 'lost') THEN 1 ELSE 0 END) AS win_rate
            FROM opportunities x JOIN reps r ON r.id = x.rep_id
            WHERE x.closed_date BETWEEN {lm[0]} AND {lm[1]}
            GROUP BY 1 HAVING SUM(CASE WHEN x.stage IN ('won', 'lost') THEN 1 ELSE 0 END) > 0
            ORDER BY win_rate ASC LIMIT 1"""),
        ("上个月华东区订单数", f"""
            SELECT COUNT(DISTINCT order_no) + COUNT(*) FILTER (WHERE order_no IS NULL) FROM orders
            WHERE region = '华东' AND date BETWEEN {lm[0]} AND {lm[1]}"""),
        ("funnel in last quarter", f"""
            SELECT stage, COUNT(*) FROM opportunities
            WHERE created_date BETWEEN {lq[0]} AND {lq[1]} GROUP BY 1 ORDER BY 2 DESC"""),
        ("forecast revenue next 3 months", f"""
            SELECT strftime(date_trunc('month', date), '%Y-%m') AS month, SUM(amount) FROM orders
            WHERE date < DATE '{engine_duckdb.month_start(as_of, 0)}' GROUP BY 1 ORDER BY 1"""),
        ("top 20 customer by revenue in 2026", f"""
            SELECT c.name, SUM(o.amount) AS revenue FROM orders o JOIN customers c ON c.id = o.customer_id
            WHERE o.date BETWEEN {year[0]} AND {year[1]} GROUP BY 1 ORDER BY revenue DESC LIMIT 20"""),
        ("revenue by region, channel in 2026-10", f"""
            SELECT region, channel, SUM(amount) FROM orders WHERE date BETWEEN {october[0]} AND {october[1]}
            GROUP BY 1, 2 ORDER BY 1, 2"""),
    ]


def padded(text, width):
    """Text padded to `width` terminal cells (a Chinese character takes two)."""
    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - cells)


def export(workspace, workdir, cli, database):
    """The tables into a DuckDB file made by the CLI itself (its own storage version)."""
    tables = list(engine_duckdb.csv_tables(workspace, workdir))
    subprocess.run([cli, database, "-c", "; ".join(statement for _, statement in tables) + ";"], check=True)
    for file, _ in tables:
        os.remove(file)


def timed(command, runs, stdin=None):
    times, peaks = [], []
    for _ in range(runs):
        before = time.perf_counter()
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        if stdin:
            process.stdin.write(stdin.encode())
            process.stdin.close()
        _, status, usage = os.wait4(process.pid, 0)
        times.append(1000 * (time.perf_counter() - before))
        peaks.append(usage.ru_maxrss / 1024)
        if status != 0:
            raise SystemExit(f"failed ({status}): {' '.join(command)}\n{process.stderr.read().decode()}")
    return statistics.median(times), max(peaks)


def alternated(ours, theirs, runs):
    """(median ms, peak MB) of each command, run in turn — ours, theirs, ours, … — so that both
    see the same moments of the machine's load."""
    our_runs, their_runs = [], []
    for _ in range(runs):
        our_runs.append(timed(ours, 1))
        their_runs.append(timed(theirs, 1))
    return tuple((statistics.median(t for t, _ in each), max(p for _, p in each)) for each in (our_runs, their_runs))


def main():
    kpish, workspace, as_of, cli, workdir = sys.argv[1:6]
    runs = int(sys.argv[6]) if len(sys.argv) > 6 else 9
    as_of = dt.date.fromisoformat(as_of)
    database = os.path.join(workdir, "oneshot.duckdb")
    if os.path.exists(database):
        os.remove(database)
    export(workspace, workdir, cli, database)
    base = [kpish, "--db", workspace, "--as-of", str(as_of), "--lang", "en"]
    # Both warm: the column snapshot is current and the DuckDB file is in the page cache.
    subprocess.run(base + ["-c", "revenue"], check=True, capture_output=True)
    print(f"{'line':<46} {'kpish ms':>9} {'duckdb ms':>10} {'ratio':>6} {'kpish MB':>9} {'duckdb MB':>10}")
    ratios = []
    for line, sql in lines(as_of):
        (ours, our_peak), (theirs, their_peak) = alternated(
            base + ["-c", line], [cli, database, "-c", " ".join(sql.split())], runs)
        ratios.append(ours / theirs)
        print(f"{padded(line, 46)} {ours:>9.1f} {theirs:>10.1f} {ours / theirs:>6.2f} {our_peak:>9.1f} {their_peak:>10.1f}",
              flush=True)
    (csv_ours, csv_peak), (csv_theirs, csv_their_peak) = alternated(
        base + ["--format", "csv", "-c", "revenue by customer in 2026"],
        [cli, database, "-csv", "-c", " ".join(lines(as_of)[3][1].split())], runs)
    ratios.append(csv_ours / csv_theirs)
    print(f"{'revenue by customer in 2026 (csv)':<46} {csv_ours:>9.1f} {csv_theirs:>10.1f} "
          f"{csv_ours / csv_theirs:>6.2f} {csv_peak:>9.1f} {csv_their_peak:>10.1f}")
    print(f"worst ratio {max(ratios):.2f}, geometric mean {statistics.geometric_mean(ratios):.2f} (bar: every ratio <= 1.0)")
    # The REPL on a terminal (a pseudo-terminal here): open it, wait for the prompt, give the
    # person a second to type, then time the first answer from Enter to the answer printed. Piped
    # input (no terminal) answers as soon as the workspace is loaded.
    firsts = [repl_first_answer(base, typing=1.0) for _ in range(runs)]
    print(f"REPL on a terminal, the question typed 1 s after the prompt: first answer "
          f"{statistics.median(firsts):.1f} ms from Enter (median of {runs}; bar: under 50 ms)")
    at_once = [repl_first_answer(base, typing=0.0) for _ in range(runs)]
    print(f"REPL on a terminal, the question sent with the prompt: first answer "
          f"{statistics.median(at_once):.1f} ms from Enter (the load not hidden)")
    whole, peak = timed(base, runs, stdin="revenue by region in 2026-10\n")
    print(f"REPL with piped input: whole session {whole:.1f} ms, {peak:.1f} MB")


def repl_first_answer(base, typing):
    """Milliseconds from sending the first question to its answer's last line, on a pty."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["COLUMNS"] = "120"
        os.execv(base[0], base)
    def read_until(marker, timeout=120):
        data = b""
        deadline = time.perf_counter() + timeout
        while marker not in data and time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    data += os.read(fd, 65536)
                except OSError:
                    break
        return data
    read_until(b"kpish> ")
    time.sleep(typing)
    started = time.perf_counter()
    os.write(fd, "revenue by region in 2026-10\n".encode())
    # The answer, then the prompt again.
    read_until(b"kpish> ")
    elapsed = 1000 * (time.perf_counter() - started)
    os.write(fd, b"quit\n")
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed


if __name__ == "__main__":
    main()
