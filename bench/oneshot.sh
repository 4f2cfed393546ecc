#!/usr/bin/env bash
# One-shot benchmark (issue 16): `kpish -c` against the DuckDB CLI binary, a fresh process per
# answer, over the same rows, in one run.
#   1. builds kpish in release;
#   2. installs duckdb and duckdb-cli (PyPI) in bench/.venv, and runs the CLI binary inside the
#      duckdb-cli package, not its Python wrapper;
#   3. generates the demo company at each ORDERS (default 1,000,000 and 10,000,000);
#   4. prints per line the median of 9 runs of each (run in turn), the ratio, and each one's peak memory, then
#      the REPL's first answer after opening.
# Usage: bench/oneshot.sh [ORDERS...]
set -euo pipefail
cd "$(dirname "$0")/.."
as_of=2026-11-22
if ! built="$(swift build -c release --static-swift-stdlib --product kpish 2>&1)"; then
  echo "$built" | grep -E 'error' | head -20 >&2
  echo "the release build of kpish failed" >&2
  exit 1
fi
if ! bench/.venv/bin/python -c 'import duckdb, duckdb_cli' 2>/dev/null; then
  [ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q duckdb duckdb-cli
fi
cli="$(find bench/.venv -type f -name duckdb -perm -u+x ! -path '*/bin/duckdb' | head -1)"
[ -n "$cli" ] || cli="$(find bench/.venv -type f -name duckdb -perm -u+x | head -1)"
if file "$cli" 2>/dev/null | grep -q 'text'; then
  echo "the duckdb found is a script, not the binary: $cli" >&2
  exit 1
fi
echo "DuckDB CLI: $cli ($("$cli" --version))"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for orders in "${@:-1000000 10000000}"; do
  for count in $orders; do
    echo
    echo "== $count order lines =="
    started=$(date +%s.%N)
    .build/release/kpish demo --orders "$count" --seed 7 --as-of "$as_of" --db "$work/oneshot.db" --lang en >/dev/null
    ended=$(date +%s.%N)
    awk -v s="$started" -v e="$ended" -v n="$count" 'BEGIN { printf "demo generation: %.1f s for %d order lines\n", e - s, n }'
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    bench/.venv/bin/python bench/oneshot.py .build/release/kpish "$work/oneshot.db" "$as_of" "$cli" "$work"
    rm -f "$work"/oneshot.db*
  done
done
