#!/usr/bin/env bash
# The question corpus: precision and recall per intent, the confusions, and questions per second;
# then the held-out set (corpus/heldout, written without looking at the matcher), with its misses.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kpish-bench >/dev/null
.build/release/kpish-bench ask "$PWD" questions
echo
.build/release/kpish-bench ask "$PWD" heldout
