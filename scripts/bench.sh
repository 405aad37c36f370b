#!/usr/bin/env bash
# bench.sh: run every benchmark with the iteration counts the README's
# table is made with. Each benchmark's target is in a comment above it.
# The GUI benchmarks of the root package each run in a process of their
# own, so that the peak memory (peakRSS-MB) they report is theirs alone.
# `scripts/bench.sh whole` runs only the whole-process section.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != whole ]; then
  run() { echo "== $*" >&2; go test -run '^$' "$@"; }
  run -bench . -benchtime 3x ./annotate/format/
  run -bench . -benchtime 3x ./storage/
  run -bench . -benchtime 20x ./app/
  for b in BenchmarkGUIOpenArticle BenchmarkGUILabelSpan BenchmarkGUIJump BenchmarkGUIRewrap; do
    run -bench "^$b\$" -benchtime 50x .
  done
fi

# The whole process, as a user runs it: the built binary importing and
# exporting the benchmark corpus (400,000 spans), with its peak memory, and
# in the same run the plain Python equivalents (scripts/pyimport.py and
# scripts/pyexport.py: C json and sqlite3) on the same corpus. Targets:
# tagdesk takes at most 0.8x Python's wall time to import and 0.5x to
# export, in under 50 MB.
go build -o bin/tagdesk .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/gencorpus -n 20000 -o "$tmp/corpus.jsonl"
spans=400000
timed() { # timed NAME CMD...: wall time, spans/s and peak RSS of CMD; the time goes to $tmp/NAME.s
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b-a }' >"$tmp/${name// /_}.s"
  awk -v n="$name" -v a="$t0" -v b="$t1" -v s="$spans" -v r="$(tail -1 "$tmp/rss")" \
    'BEGIN { printf "%-16s %6.2f s  %9.0f spans/s  peak %5.1f MB\n", n, b-a, s/(b-a), r/1024 }'
}
ratio() { # ratio WHAT TARGET: tagdesk's wall time over Python's
  awk -v w="$1" -v t="$2" -v a="$(cat "$tmp/tagdesk_$1.s")" -v b="$(cat "$tmp/python_$1.s")" \
    'BEGIN { printf "%-6s tagdesk/python %.2f (target <= %.1f)%s\n", w, a/b, t, (a/b <= t ? "" : "  MISSED") }'
}
echo "== tagdesk and Python import / export of $spans spans (whole process)" >&2
timed "tagdesk import" bin/tagdesk import --db "$tmp/b.db" "$tmp/corpus.jsonl"
timed "tagdesk export" bin/tagdesk export --db "$tmp/b.db" -o "$tmp/out.jsonl"
timed "python import" python3 scripts/pyimport.py "$tmp/corpus.jsonl" "$tmp/py.db"
timed "python export" python3 scripts/pyexport.py "$tmp/py.db" "$tmp/py.jsonl"
ratio import 0.8
ratio export 0.5
