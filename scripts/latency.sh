#!/usr/bin/env bash
# latency.sh: key-to-pixel latency of the real tagdesk window under Xvfb,
# side by side with the floor of the renderer on the same display.
#
# The headless benchmarks do not paint; this measures what a user waits
# for: scripts/xlatency.c hashes a screen region, runs one xdotool action
# and reports when the region's pixels changed. Every tagdesk action is
# measured beside its counterpart in cmd/floorwin, a Fyne window of the
# same size that only redraws a label (a key changes it, a drag step
# changes it, a resize moves it): the floor of Fyne's event loop, layout,
# OpenGL paint and buffer swap on this machine. The two windows stand side
# by side and are measured in turn, so that the load of a shared machine
# falls on both alike; the ratio of the medians is the figure that holds
# from one machine to the next (target: tagdesk within 1.5x of the floor).
#
# Actions (N times each, default 20; median and p90):
#   PageDown        sample article, from the top (Ctrl+Home, not timed, after each)
#   label a word    double-click "Canada" (not timed), then key 4 (timed); Ctrl+Z after
#   scroll bar      one 20 px step of a scroll-bar drag, alternately down and up
#   resize          xdotool windowsize, alternately 100 px wider and back
#   Ctrl+PageDown   the next article in a 20,000-article corpus (cmd/gencorpus)
# Every timing includes starting xdotool (15-40 ms here), the same for both
# windows. Every wait is a condition with a deadline (the region unchanged
# for SETTLE_MS); the only sleep is a 0.1 s pace between measurements.
#
# BEFORE=FILE times another tagdesk binary (an earlier build) in the same
# run, as a third window beside the two, so that a change is measured
# before and after under the same load. ACTIONS picks the actions (any of
# pagedown label scroll resize next; default all). DISPLAYS=FIRST-LAST
# picks the X display numbers to try (default 141-190).
#
#   scripts/latency.sh            N=40 scripts/latency.sh
#   git stash; go build -o /tmp/before .; git stash pop
#   BEFORE=/tmp/before ACTIONS="label next" scripts/latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20}
BEFORE=${BEFORE:-}
ACTIONS=${ACTIONS:-pagedown label scroll resize next}
want() { [[ " $ACTIONS " == *" $1 "* ]]; }
SETTLE_MS=${SETTLE_MS:-300}
go build -o bin/tagdesk .
go build -o bin/floorwin ./cmd/floorwin
cc -O2 -o bin/xlatency scripts/xlatency.c -lX11
bin=$PWD/bin

tmp=$(mktemp -d)
pids=()
cleanup() {
  xdotool mouseup 1 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
. scripts/xvfb.sh
# After xvfb.sh, whose fail this one replaces: it shows every window's log.
fail() { echo "latency: FAIL: $*" >&2; for f in "$tmp"/*.log; do sed "s|^|  $(basename "$f"): |" "$f" >&2; done; exit 1; }

if want next; then
  echo "== corpus: 20,000 articles" >&2
  go run ./cmd/gencorpus -n 20000 -o "$tmp/corpus.jsonl"
  # Imported by the older build when there is one: the newer opens (and
  # upgrades) its copy, never the reverse.
  "${BEFORE:-$bin/tagdesk}" import --db "$tmp/corpus.db" "$tmp/corpus.jsonl" >/dev/null 2>&1 || fail "corpus import"
fi

# Room for the 1280x860 windows side by side, each 100 px wider at most.
range=${DISPLAYS:-141-190}
start_xvfb "${range%-*}" "${range#*-}" 4220x880x24 bench

# The windows are 1280x860 and measured on the same 660x740 region: the
# floor's around its label, tagdesk's the article view (window x 270).
fx=0 ax=1420 bx=2840
freg="$((fx + 310)) 64 660 740"
areg="$((ax + 270)) 64 660 740"
breg="$((bx + 270)) 64 660 740"

# start NAME X CMD...: start a window, wait for it, move it to X; sets $win.
start() {
  local name=$1 x=$2; shift 2
  "$@" >"$tmp/$name.log" 2>&1 &
  local pid=$!
  pids+=($pid)
  eval "${name}_pid=$pid"
  win=
  find_win() {
    kill -0 "$pid" 2>/dev/null || fail "$name exited before its window appeared"
    win=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -1 || true)
    [ -n "$win" ]
  }
  until_ok 60 find_win || fail "no $name window after 60 s"
  xdotool windowmove --sync "$win" "$x" 0
}
# quiet REGION: the region's pixels stay the same for SETTLE_MS.
quiet() { "$bin/xlatency" $1 "$SETTLE_MS" | grep -q '(changes 0,'; }
settle() { until_ok 20 quiet "$1" || fail "the region $1 did not settle in 20 s"; }
# focus WIN REGION: give WIN the keyboard and wait until it is drawn as such.
focus() { xdotool windowfocus --sync "$1"; settle "$2"; }
# measure NAME REGION XDOTOOL_ARGS...: one timed action; appends
# "NAME ms" to $tmp/times, or "NAME miss" when nothing changed in 1 s.
measure() {
  local name=$1 reg=$2; shift 2
  local out ms
  out=$("$bin/xlatency" $reg 1000 "$@")
  ms=$(sed -n 's/.*changes at \([0-9][0-9]*\).*/\1/p' <<<"$out")
  echo "$name ${ms:-miss}" >>"$tmp/times"
  settle "$reg"
  sleep 0.1 # pace
}

start floorwin $fx "$bin/floorwin"
fwin=$win
settle "$freg"

# The tagdesk windows: "tagdesk" (this build) and, with BEFORE, "before".
apps=(tagdesk)
[ -n "$BEFORE" ] && apps+=(before)
# open_all DB: start every tagdesk window on its own copy of DB (a new
# database, seeded with the sample article, when DB does not exist).
open_all() {
  local app db
  for app in "${apps[@]}"; do
    db="$tmp/$app-$(basename "$1")"
    [ -f "$1" ] && cp "$1" "$db"
    if [ "$app" = tagdesk ]; then start tagdesk $ax "$bin/tagdesk" --db "$db"; twin=$win
    else start before $bx "$BEFORE" --db "$db"; bwin=$win; fi
  done
  for app in "${apps[@]}"; do until_ok 60 quiet "$(reg "$app")" || fail "the $app window did not settle"; done
}
close_all() { for p in "$tagdesk_pid" ${before_pid:-}; do kill "$p"; wait "$p" 2>/dev/null || true; done; }
reg() { if [ "$1" = tagdesk ]; then echo "$areg"; else echo "$breg"; fi; }
wid() { if [ "$1" = tagdesk ]; then echo "$twin"; else echo "$bwin"; fi; }
# label APP NAME: the name an action's figures go under ("before NAME" for BEFORE).
label() { if [ "$1" = tagdesk ]; then echo "$2"; else echo "before $2"; fi; }

echo "== sample article ($N times each action: ${ACTIONS}; the floor and ${apps[*]} in turn)" >&2
open_all "$tmp/sample.db"
if want pagedown; then
  for i in $(seq "$N"); do
    focus "$fwin" "$freg"; measure "floor Next" "$freg" key Next
    for app in "${apps[@]}"; do
      r=$(reg "$app"); focus "$(wid "$app")" "$r"; measure "$(label "$app" PageDown)" "$r" key Next
      xdotool key ctrl+Home; settle "$r"
    done
  done
fi
if want label; then
  for i in $(seq "$N"); do
    focus "$fwin" "$freg"; measure "floor 4" "$freg" key 4
    for app in "${apps[@]}"; do
      # "Canada", the first word of the sample text (window 300,88).
      r=$(reg "$app"); w=$(wid "$app")
      focus "$w" "$r"; xdotool mousemove --window "$w" 300 88 click --repeat 2 --delay 80 1; settle "$r"
      measure "$(label "$app" "label a word")" "$r" key 4
      xdotool key ctrl+z; settle "$r"
    done
  done
fi
# Scroll-bar drag: press on the thumb (tagdesk: its scroll bar at window
# x 938, near the top), start the drag, then time 20 px steps.
drag_steps() { # drag_steps NAME WIN REGION X Y
  xdotool mousemove --window "$2" "$4" "$5" mousedown 1 mousemove_relative 0 4
  settle "$3"
  for i in $(seq "$N"); do
    if [ $((i % 2)) = 1 ]; then measure "$1" "$3" mousemove_relative 0 20
    else measure "$1" "$3" mousemove_relative -- 0 -20; fi
  done
  xdotool mouseup 1
  settle "$3"
}
if want scroll; then
  focus "$fwin" "$freg"; drag_steps "floor drag" "$fwin" "$freg" 640 300
  for app in "${apps[@]}"; do
    r=$(reg "$app"); w=$(wid "$app")
    focus "$w" "$r"; xdotool key ctrl+Home; settle "$r"
    drag_steps "$(label "$app" "scroll bar")" "$w" "$r" 938 150
  done
fi
if want resize; then
  for i in $(seq "$N"); do
    w=$((1280 + 100 * (i % 2)))
    measure "floor resize" "$freg" windowsize "$fwin" $w 860
    for app in "${apps[@]}"; do measure "$(label "$app" resize)" "$(reg "$app")" windowsize "$(wid "$app")" $w 860; done
  done
fi
close_all

if want next; then
  echo "== corpus of 20,000 articles: Ctrl+PageDown ($N times)" >&2
  open_all "$tmp/corpus.db"
  for i in $(seq "$N"); do
    focus "$fwin" "$freg"; measure "floor Ctrl+key" "$freg" key ctrl+Next
    for app in "${apps[@]}"; do
      r=$(reg "$app"); focus "$(wid "$app")" "$r"; measure "$(label "$app" Ctrl+PageDown)" "$r" key ctrl+Next
    done
  done
  close_all
fi
for f in "$tmp"/tagdesk.log "$tmp"/before.log; do
  [ -f "$f" ] && grep -q panic "$f" && fail "$(basename "$f" .log) panicked"
done

# The table: each action beside its floor, medians and p90 (nearest rank).
awk '
  {
    name = $1; for (i = 2; i < NF; i++) name = name " " $i
    if ($NF == "miss") { miss[name]++; next }
    n[name]++; v[name, n[name]] = $NF
  }
  function pct(name, p,   k, i, j, t, a) {
    k = n[name]; for (i = 1; i <= k; i++) a[i] = v[name, i]
    for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
    i = int(p * k + 0.999999); if (i < 1) i = 1
    return a[i]
  }
  END {
    split("PageDown|floor Next|label a word|floor 4|scroll bar|floor drag|resize|floor resize|Ctrl+PageDown|floor Ctrl+key", o, "|")
    printf "%-14s %18s %18s %7s", "action", "tagdesk med (p90)", "floor med (p90)", "ratio"
    if (before) printf " %18s %7s", "before med (p90)", "ratio"
    printf "  %s\n", "(target <= 1.5)"
    for (i = 1; i <= 10; i += 2) {
      a = o[i]; f = o[i+1]; b = "before " a
      if (!n[a] || !n[f]) { if (n[a] + n[f] + miss[a]) printf "%-14s no figures (misses: %d)\n", a, miss[a]; continue }
      am = pct(a, 0.5); fm = pct(f, 0.5); r = am / fm
      printf "%-14s %8d ms (%4d) %8d ms (%4d) %6.2fx", a, am, pct(a, 0.9), fm, pct(f, 0.9), r
      if (before && n[b]) printf " %8d ms (%4d) %6.2fx", pct(b, 0.5), pct(b, 0.9), pct(b, 0.5) / fm
      printf "  %s%s\n", (r <= 1.5 ? "ok" : "OVER"), (miss[a] + miss[f] ? sprintf("  (no change in 1 s: %d, floor %d)", miss[a], miss[f]) : "")
    }
  }' before="$BEFORE" "$tmp/times"
