#!/usr/bin/env bash
# The question corpus: precision and recall per intent, the confusions, and questions per second.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kpish-bench >/dev/null
.build/release/kpish-bench ask "$PWD"
