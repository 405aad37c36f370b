#!/usr/bin/env bash
# bench_suggest.sh: the suggestion benchmark, whole process. 100,000
# phrase patterns (cmd/gencorpus -patterns) matched against the 20,000
# articles of the benchmark corpus by `tagdesk suggest --patterns`, which
# stores what it finds; in the same run the plain Python equivalent
# (scripts/pysuggest.py: a dict of token tuples, as spaCy's PhraseMatcher)
# on the same database. Targets: tagdesk >= 50 MB/s of article text, peak
# memory < 200 MB. Each runs ROUNDS times (default 3) and keeps its best
# wall and CPU (user + system) time: on a shared machine the CPU time
# says what the wall time cannot, and the load average is printed before
# and after. MB per CPU-second times the cores is the speed the wall time
# would show on an idle machine, at best.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/tagdesk .
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go run ./cmd/gencorpus -n 20000 -o "$tmp/corpus.jsonl"
go run ./cmd/gencorpus -patterns 100000 -o "$tmp/patterns.jsonl"
bin/tagdesk import --no-backups --db "$tmp/s.db" "$tmp/corpus.jsonl" 2>/dev/null
bin/tagdesk patterns --db "$tmp/s.db" --set "$tmp/patterns.jsonl" >/dev/null
mb=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT sum(length(CAST(text AS BLOB))) FROM articles").fetchone()[0] / 1e6)' "$tmp/s.db")
echo "== tagdesk suggest --patterns and Python, 100,000 patterns over $mb MB of text (whole process, best of ${ROUNDS:-3}), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for _ in $(seq "${ROUNDS:-3}"); do
  for who in tagdesk python; do
    t0=$(date +%s.%N)
    if [ "$who" = tagdesk ]; then
      /usr/bin/time -f '%M %U %S' -o "$tmp/rss" bin/tagdesk suggest --db "$tmp/s.db" --patterns 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    else
      /usr/bin/time -f '%M %U %S' -o "$tmp/rss" python3 scripts/pysuggest.py "$tmp/s.db" "$tmp/patterns.jsonl" "$tmp/py.db" 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    fi
    t1=$(date +%s.%N)
    found=$(grep -o '[0-9]* suggestions' "$tmp/err" | tail -1 | cut -d' ' -f1)
    read -r rss usr sys < <(tail -1 "$tmp/rss")
    echo "$who $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b-a }') $rss $found $(awk -v u="$usr" -v s="$sys" 'BEGIN { print u+s }')" >>"$tmp/times"
  done
done
echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
awk -v mb="$mb" -v cores="$(nproc)" '
  !($1 in best) || $2 < best[$1] { best[$1] = $2 }
  $3 > peak[$1] { peak[$1] = $3 }
  { n[$1] = $4 }
  !($1 in cpu) || $5 < cpu[$1] { cpu[$1] = $5 }
  END {
    for (w in best) printf "suggest-%-8s %6.2f s  %6.1f MB/s  cpu %6.2f s = %5.1f MB per CPU-second  peak %5.1f MB  %d suggestions\n", w, best[w], mb/best[w], cpu[w], mb/cpu[w], peak[w]/1024, n[w]
    r = best["python"] / best["tagdesk"]
    printf "suggest tagdesk %.1fx faster than python in wall time, %.1fx less CPU; %.1f MB/s (target >= 50)%s, at best %.1f MB/s on %d idle cores; peak %.1f MB (target < 200)%s\n", r, cpu["python"] / cpu["tagdesk"], mb/best["tagdesk"], (mb/best["tagdesk"] >= 50 ? "" : "  MISSED"), cores*mb/cpu["tagdesk"], cores, peak["tagdesk"]/1024, (peak["tagdesk"] < 204800 ? "" : "  MISSED")
  }' "$tmp/times"
