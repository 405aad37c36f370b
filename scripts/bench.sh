#!/usr/bin/env bash
# bench.sh: run every benchmark with the iteration counts the README's
# table is made with. Each benchmark's target is in a comment above it.
# The GUI benchmarks of the root package each run in a process of their
# own, so that the peak memory (peakRSS-MB) they report is theirs alone.
set -euo pipefail
cd "$(dirname "$0")/.."
run() { echo "== $*" >&2; go test -run '^$' "$@"; }
run -bench . -benchtime 3x ./annotate/
run -bench . -benchtime 3x ./storage/
run -bench . -benchtime 20x ./app/
for b in BenchmarkGUIOpenArticle BenchmarkGUILabelSpan BenchmarkGUIJump BenchmarkGUIRewrap; do
  run -bench "^$b\$" -benchtime 50x .
done
