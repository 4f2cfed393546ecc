#!/usr/bin/env bash
# Engine benchmark (issue 4): kpish against DuckDB on the same rows, warm, in one run.
#   1. builds kpish and kpish-bench in release;
#   2. generates the demo company at ORDERS order lines (default 1,000,000);
#   3. times the bench queries in kpish (in process) and in DuckDB (Python duckdb from PyPI, in a
#      venv this script creates, over the same rows exported from the workspace);
#   4. prints per query kpish warm, DuckDB warm and the ratio, then the default demo (50k) timings
#      (bar: under 20 ms each), the engine's start-up and a one-shot `kpish -c`.
# Usage: bench/engine.sh [ORDERS]
set -euo pipefail
cd "$(dirname "$0")/.."
orders="${1:-1000000}"
as_of=2026-11-22
swift build -c release --static-swift-stdlib --product kpish >/dev/null
swift build -c release --static-swift-stdlib --product kpish-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! bench/.venv/bin/python -c 'import duckdb' 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q duckdb
fi

echo "generating the demo company: $orders order lines ..."
.build/release/kpish demo --orders "$orders" --seed 1 --as-of "$as_of" --db "$work/bench.db" --lang en >/dev/null
.build/release/kpish demo --seed 1 --as-of "$as_of" --db "$work/demo.db" --lang en >/dev/null

.build/release/kpish-bench engine "$work/bench.db" "$as_of" >"$work/kpish.txt"
bench/.venv/bin/python bench/engine_duckdb.py "$work/bench.db" "$as_of" "$work" >"$work/duckdb.txt"
.build/release/kpish-bench engine "$work/demo.db" "$as_of" >"$work/demo.txt"

# One-shot: open the workspace, answer one question, exit (the column snapshot is current).
one_shot="n/a"
start=$(date +%s.%N)
if .build/release/kpish --db "$work/bench.db" --as-of "$as_of" -c "revenue by region in 2026-10" >"$work/one-shot.txt" 2>&1; then
  end=$(date +%s.%N)
  one_shot=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f ms", (e - s) * 1000 }')
fi

# The same without the CLI: a new process opens the workspace, loads the engine, answers, exits.
start=$(date +%s.%N)
.build/release/kpish-bench engine "$work/bench.db" "$as_of" --once >/dev/null
end=$(date +%s.%N)
once=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f ms", (e - s) * 1000 }')

python3 - "$work" "$orders" "$one_shot" "$(nproc)" "$once" <<'PY'
import sys
work, orders, one_shot, cores, once = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

def read(name):
    startup, queries = {}, {}
    for line in open(f"{work}/{name}"):
        parts = line.split()
        if parts[0] == "query":
            queries[parts[1]] = (float(parts[2]), int(parts[3]))
        elif parts[0] in ("startup", "load"):
            startup[parts[1] if parts[0] == "startup" else "load"] = float(parts[-1])
    return startup, queries

kpish_startup, kpish = read("kpish.txt")
duck_startup, duck = read("duckdb.txt")
demo_startup, demo = read("demo.txt")
print(f"\nkpish engine vs DuckDB, {orders:,} order lines, warm medians of 21 runs ({cores} cores)")
print(f"{'query':<24}{'kpish ms':>10}{'DuckDB ms':>11}{'ratio':>8}  rows")
slower = []
for name, (ms, rows) in kpish.items():
    duck_ms, duck_rows = duck[name]
    ratio = ms / duck_ms
    if ratio >= 1:
        slower.append(name)
    note = "" if rows == duck_rows else f"  (DuckDB {duck_rows} rows)"
    print(f"{name:<24}{ms:>10.3f}{duck_ms:>11.3f}{ratio:>8.2f}  {rows}{note}")
print("kpish faster on every query" if not slower else f"kpish slower on: {', '.join(slower)}")
print(f"\ndefault demo company (50,000 order lines), kpish warm (bar: under 20 ms)")
for name, (ms, rows) in demo.items():
    print(f"{name:<24}{ms:>10.3f}  {'ok' if ms < 20 else 'OVER'}")
print(f"\nengine start-up at {orders:,}: open + load {kpish_startup['first']:.0f} ms from SQLite "
      f"(writes the column snapshot), {kpish_startup['again']:.0f} ms from the snapshot")
print(f"one-shot kpish -c \"revenue by region in 2026-10\": {one_shot}")
print(f"one-shot without the CLI (kpish-bench engine --once, a new process): {once}")
print(f"(DuckDB load from CSV, not counted: {duck_startup['load']:.0f} ms)")
PY
