#!/usr/bin/env bash
# Times `kpish demo --orders N` (default 1,000,000) in a release build and prints rows per second.
# Usage: bench/demo.sh [ORDERS]
set -euo pipefail
cd "$(dirname "$0")/.."
orders="${1:-1000000}"
swift build -c release --static-swift-stdlib --product kpish >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/bench.db"

start=$(date +%s.%N)
.build/release/kpish demo --orders "$orders" --seed 1 --as-of 2026-11-22 --db "$db" --lang en >"$work/summary.txt"
end=$(date +%s.%N)

rows=$(python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = ["reps", "customers", "products", "orders", "opportunities", "activities", "surveys", "reviews", "targets"]
print(sum(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables))
PY
)
awk -v s="$start" -v e="$end" -v orders="$orders" -v rows="$rows" -v cores="$(nproc)" -v size="$(du -h "$db" | cut -f1)" 'BEGIN {
  t = e - s
  printf "kpish demo --orders %d (release, %d cores)\n", orders, cores
  printf "  wall time          %.2f s   (bar: under 15 s)\n", t
  printf "  order lines        %d  -> %.0f order lines/s\n", orders, orders / t
  printf "  rows, all tables   %d  -> %.0f rows/s\n", rows, rows / t
  printf "  file size          %s\n", size
}'
