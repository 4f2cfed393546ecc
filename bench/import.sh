#!/usr/bin/env bash
# `kpish import` of a ROWS-row order-line CSV (default 1,000,000), cleaning included, against the
# sqlite3 shell's `.import` of the same file into a plain table. Three runs each, alternating, on
# fresh files; prints the median times and the ratio (above 1: kpish is faster).
# Then the same rows as an Excel workbook: `kpish import` of the .xlsx against the CSV, and against
# Python's openpyxl reading the same workbook in read-only mode (a venv in bench/.venv-xlsx).
# Usage: bench/import.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
command -v sqlite3 >/dev/null || {
  echo "bench/import.sh needs the sqlite3 shell: apt-get install sqlite3 (make deps does) / 需要 sqlite3"
  exit 1
}
swift build -c release --static-swift-stdlib --product kpish >/dev/null
swift build -c release --static-swift-stdlib --product kpish-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
csv="$work/orders.csv"
.build/release/kpish-bench sales-csv "$rows" "$csv"

now() { date +%s.%N; }
kpish_times=()
sqlite_times=()
for run in 1 2 3; do
  rm -f "$work"/kpish.db* "$work"/plain.db*
  start=$(now)
  .build/release/kpish import "$csv" --db "$work/kpish.db" --lang en >"$work/report.txt"
  end=$(now)
  kpish_times+=("$(echo "$end - $start" | bc)")
  start=$(now)
  sqlite3 "$work/plain.db" -cmd ".mode csv" ".import '$csv' orders"
  end=$(now)
  sqlite_times+=("$(echo "$end - $start" | bc)")
done

imported=$(sqlite3 "$work/kpish.db" "SELECT COUNT(*) FROM orders")
plain=$(sqlite3 "$work/plain.db" "SELECT COUNT(*) FROM orders")
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
k=$(median "${kpish_times[@]}")
s=$(median "${sqlite_times[@]}")
awk -v k="$k" -v s="$s" -v rows="$rows" -v imported="$imported" -v plain="$plain" -v size="$(du -h "$csv" | cut -f1)" \
  -v cores="$(nproc)" -v kr="${kpish_times[*]}" -v sr="${sqlite_times[*]}" 'BEGIN {
  printf "import of a %d-row CSV (%s), release build, %d cores, median of 3 runs\n", rows, size, cores
  printf "  kpish import (decode, map, clean, dedup, one transaction)  %6.2f s   %8.0f rows/s   runs: %s\n", k, rows / k, kr
  printf "  sqlite3 .import into a plain table                         %6.2f s   %8.0f rows/s   runs: %s\n", s, rows / s, sr
  printf "  ratio sqlite3 / kpish                                       %6.2f   (bar: 1.00 or more)\n", s / k
  printf "  rows: kpish %d order lines, sqlite3 %d rows\n", imported, plain
}'

# The same rows as a workbook.
xlsx="$work/orders.xlsx"
.build/release/kpish-bench sales-xlsx "$rows" "$xlsx"
if ! bench/.venv-xlsx/bin/python -c 'import openpyxl' 2>/dev/null; then
  python3 -m venv bench/.venv-xlsx
  bench/.venv-xlsx/bin/pip install -q openpyxl
fi
xlsx_times=()
openpyxl_times=()
for run in 1 2 3; do
  rm -f "$work"/kpish.db*
  start=$(now)
  .build/release/kpish import "$xlsx" --db "$work/kpish.db" --lang en >"$work/report-xlsx.txt"
  end=$(now)
  xlsx_times+=("$(echo "$end - $start" | bc)")
  start=$(now)
  bench/.venv-xlsx/bin/python - "$xlsx" >"$work/openpyxl.txt" <<'PY'
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = 0
for row in book.worksheets[0].iter_rows(values_only=True):
    rows += 1
print(rows - 1)
PY
  end=$(now)
  openpyxl_times+=("$(echo "$end - $start" | bc)")
done
from_xlsx=$(sqlite3 "$work/kpish.db" "SELECT COUNT(*) FROM orders")
x=$(median "${xlsx_times[@]}")
o=$(median "${openpyxl_times[@]}")
awk -v x="$x" -v o="$o" -v k="$k" -v rows="$rows" -v imported="$from_xlsx" -v read="$(cat "$work/openpyxl.txt")" \
  -v size="$(du -h "$xlsx" | cut -f1)" -v xr="${xlsx_times[*]}" -v orr="${openpyxl_times[*]}" 'BEGIN {
  printf "import of the same rows as a %d-row .xlsx workbook (%s), median of 3 runs\n", rows, size
  printf "  kpish import of the .xlsx (unzip, XML, clean, one transaction)  %6.2f s   %8.0f rows/s   runs: %s\n", x, rows / x, xr
  printf "  openpyxl read-only, values only (reading, nothing written)       %6.2f s   %8.0f rows/s   runs: %s\n", o, rows / o, orr
  printf "  ratio openpyxl / kpish                                            %6.2f   (goal: above 1)\n", o / x
  printf "  ratio .xlsx / CSV import in kpish                                 %6.2f\n", x / k
  printf "  rows: kpish %d order lines, openpyxl %d rows\n", imported, read
}'
