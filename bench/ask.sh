#!/usr/bin/env bash
# The question corpus: precision and recall per intent, the confusions, questions asked back, and
# matching speed; then each held-out set (corpus/heldout/*, written blind without looking at the
# matcher) with its misses and, where it has them, its follow-up dialogues.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product kpish-bench >/dev/null
.build/release/kpish-bench ask "$PWD" questions
echo
.build/release/kpish-bench ask "$PWD" heldout
for set in corpus/heldout/*/; do
    set=${set#corpus/}
    echo
    .build/release/kpish-bench ask "$PWD" "${set%/}"
done
