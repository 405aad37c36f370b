#!/usr/bin/env bash
# bench.sh: run every benchmark with the iteration counts the README's
# table is made with. Each benchmark's target is in a comment above it.
# The GUI benchmarks of the root package each run in a process of their
# own, so that the peak memory (peakRSS-MB) they report is theirs alone.
set -euo pipefail
cd "$(dirname "$0")/.."
run() { echo "== $*" >&2; go test -run '^$' "$@"; }
run -bench . -benchtime 3x ./annotate/format/
run -bench . -benchtime 1x ./annotate/agree/
run -bench . -benchtime 3x ./storage/
run -bench . -benchtime 20x ./app/
for b in BenchmarkGUIOpenArticle BenchmarkGUILabelSpan BenchmarkGUIJump BenchmarkGUIRewrap; do
  run -bench "^$b\$" -benchtime 50x .
done

# The whole process, as a user runs it: the built binary importing and
# exporting the benchmark corpus (400,000 spans), with its peak memory.
go build -o bin/tagdesk .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/gencorpus -n 20000 -o "$tmp/corpus.jsonl"
spans=400000
timed() { # timed NAME CMD...: wall time, spans/s and peak RSS of CMD
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v n="$name" -v a="$t0" -v b="$t1" -v s="$spans" -v r="$(tail -1 "$tmp/rss")" \
    'BEGIN { printf "%-16s %6.2f s  %9.0f spans/s  peak %5.1f MB\n", n, b-a, s/(b-a), r/1024 }'
}
echo "== tagdesk import / export of $spans spans (whole process)" >&2
timed "tagdesk import" bin/tagdesk import --db "$tmp/b.db" "$tmp/corpus.jsonl"
timed "tagdesk export" bin/tagdesk export --db "$tmp/b.db" -o "$tmp/out.jsonl"

# Agreement: the corpus labelled by three annotators (bob's and carol's
# spans are alice's, perturbed: internal/corpus.Annotated), 1.16 M spans;
# target ≤ 5 s for the whole `tagdesk agree`.
go run ./cmd/gencorpus -n 20000 -three -o "$tmp/three.jsonl"
bin/tagdesk import --db "$tmp/three.db" "$tmp/three.jsonl" 2>/dev/null
spans=$(bin/tagdesk stats --db "$tmp/three.db" | awk '/^spans/ { print $2 }')
echo "== tagdesk agree, three annotators, $spans spans (whole process)" >&2
timed "tagdesk agree" bin/tagdesk agree --db "$tmp/three.db"
