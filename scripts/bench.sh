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
  run -bench . -benchtime 1x ./annotate/agree/
  run -bench . -benchtime 3x ./storage/
  run -bench SideBySide -benchtime 3x ./storage/postgres/  # PostgreSQL vs SQLite import/export, ratios ≤ 2
  run -bench Load -benchtime 1x ./storage/postgres/  # 20 annotators × 10 actions/s for 60 s, p99 ≤ 20 ms
  run -bench SuggestSideBySide -benchtime 3x ./internal/cli/  # suggest --patterns, whole process, PostgreSQL vs SQLite, ratio ≤ 2
  run -bench . -benchtime 20x ./app/
  for b in BenchmarkGUIOpenArticle BenchmarkGUILabelSpan BenchmarkGUIJump BenchmarkGUIRewrap; do
    run -bench "^$b\$" -benchtime 50x .
  done
  run -bench '^BenchmarkGUIOpenArticleRelations$' -benchtime 1x .  # cold, as a fresh process
  for b in BenchmarkGUIAddRelation BenchmarkGUIScrollRelations; do
    run -bench "^$b\$" -benchtime 50x .
  done
fi

# The whole process, as a user runs it: the built binary importing and
# exporting the benchmark corpus (400,000 spans), with its peak memory, and
# in the same run the plain Python equivalents (scripts/pyimport.py and
# scripts/pyexport.py: C json and sqlite3) on the same corpus. Targets:
# tagdesk takes at most 0.8x Python's wall time to import and 0.5x to
# export, in under 50 MB. The four run in turn ROUNDS times (default 3)
# and each keeps its best time, so that a burst of other work on a shared
# machine does not decide a ratio.
go build -o bin/tagdesk .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/gencorpus -n 20000 -o "$tmp/corpus.jsonl"
spans=400000
timed() { # timed NAME CMD...: appends "NAME seconds peak-KB" to $tmp/times
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v n="$name" -v a="$t0" -v b="$t1" -v r="$(tail -1 "$tmp/rss")" 'BEGIN { printf "%s %.3f %d\n", n, b-a, r }' >>"$tmp/times"
}
echo "== tagdesk and Python import / export of $spans spans (whole process, best of ${ROUNDS:-3})" >&2
for _ in $(seq "${ROUNDS:-3}"); do
  rm -f "$tmp"/b.db*
  timed tagdesk-import bin/tagdesk import --db "$tmp/b.db" "$tmp/corpus.jsonl"
  timed tagdesk-export bin/tagdesk export --db "$tmp/b.db" -o "$tmp/out.jsonl"
  timed python-import python3 scripts/pyimport.py "$tmp/corpus.jsonl" "$tmp/py.db"
  timed python-export python3 scripts/pyexport.py "$tmp/py.db" "$tmp/py.jsonl"
done
awk -v s="$spans" '
  !($1 in best) || $2 < best[$1] { best[$1] = $2 }
  $3 > peak[$1] { peak[$1] = $3 }
  { all[$1] = all[$1] sprintf(" %.2f", $2) }
  END {
    split("tagdesk-import tagdesk-export python-import python-export", order, " ")
    for (i = 1; i <= 4; i++) {
      n = order[i]
      printf "%-15s %6.2f s  %9.0f spans/s  peak %5.1f MB  (runs:%s)\n", n, best[n], s/best[n], peak[n]/1024, all[n]
    }
    split("import 0.8 export 0.5", t, " ")
    for (i = 1; i <= 3; i += 2) {
      r = best["tagdesk-" t[i]] / best["python-" t[i]]
      printf "%-6s tagdesk/python %.2f (target <= %.1f)%s\n", t[i], r, t[i+1], (r <= t[i+1] ? "" : "  MISSED")
    }
  }' "$tmp/times"

# Suggestions: 100,000 phrase patterns over the corpus, and Python's.
scripts/bench_suggest.sh

# Agreement: the corpus labelled by three annotators (bob's and carol's
# spans are alice's, perturbed: internal/corpus.Annotated), 1.16 M spans;
# target ≤ 5 s for the whole `tagdesk agree`.
go run ./cmd/gencorpus -n 20000 -three -o "$tmp/three.jsonl"
bin/tagdesk import --db "$tmp/three.db" "$tmp/three.jsonl" 2>/dev/null
spans=$(bin/tagdesk stats --db "$tmp/three.db" | awk '$1 == "spans" && $2 ~ /^[0-9]+$/ { print $2 }')
echo "== tagdesk agree, three annotators, $spans spans (whole process)" >&2
t0=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$tmp/rss" bin/tagdesk agree --db "$tmp/three.db" >/dev/null
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v r="$(tail -1 "$tmp/rss")" 'BEGIN { printf "tagdesk-agree   %6.2f s  peak %5.1f MB (target <= 5 s)\n", b-a, r/1024 }'
