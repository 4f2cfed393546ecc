#!/usr/bin/env bash
# Forecast accuracy benchmark (issue 7): kpish against statsforecast on the same rolling-origin
# back-tests, in one run.
#   1. builds kpish and kpish-bench in release;
#   2. generates the default demo company (seed 1, as of 2026-11-22);
#   3. makes a venv (bench/.venv-forecast) with statsforecast from PyPI, once;
#   4. bench/forecast.py writes the series (US retail sales, champagne, Superstore by region and
#      by category, the demo company by region), runs `kpish-bench forecast` and statsforecast's
#      AutoETS, AutoTheta and SeasonalNaive on the same origins, and prints sMAPE and MASE per
#      series and overall, 80%/95% interval coverage and the time taken.
# Usage: bench/forecast.sh
set -euo pipefail
cd "$(dirname "$0")/.."
as_of=2026-11-22
swift build -c release --static-swift-stdlib --product kpish >/dev/null
swift build -c release --static-swift-stdlib --product kpish-bench >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! bench/.venv-forecast/bin/python -c 'import statsforecast' 2>/dev/null; then
  python3 -m venv bench/.venv-forecast
  bench/.venv-forecast/bin/pip install -q statsforecast
fi

.build/release/kpish demo --seed 1 --as-of "$as_of" --db "$work/demo.db" --lang en >/dev/null
bench/.venv-forecast/bin/python bench/forecast.py "$work" "$work/demo.db" .build/release/kpish-bench "$as_of"
