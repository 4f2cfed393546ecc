#!/usr/bin/env bash
# Parsing a typical query (bar: under 50 µs), against SQLite preparing the same question in SQL.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product kpish-bench >/dev/null
.build/release/kpish-bench parse "$@"
