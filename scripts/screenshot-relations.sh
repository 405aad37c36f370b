#!/usr/bin/env bash
# screenshot-relations.sh BIN OUT.png [THEME] [WxH]: start the real
# tagdesk binary under Xvfb on the bundled sample article, labelled as in
# assets (the spans of the sample) with a few sanctions relations (who
# imposes which measure on whom), scroll to the relations and choose a
# span so that the side panel lists its relations, and save the window
# as OUT.png. THEME is light (default) or dark; WxH the window's size
# (default 900x600). docs/screenshot-relations.png is made by
#   scripts/screenshot-relations.sh /tmp/tagdesk docs/screenshot-relations.png light 1100x700
set -euo pipefail
bin=$(realpath "$1")
out=$2
theme=${3:-light}
geom=${4:-900x600}
here=$(dirname "$(realpath "$0")")
sample=${SAMPLE:-$here/../assets/sample.spans.jsonl}
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "screenshot: FAIL: $*" >&2; [ -f "$tmp/app.log" ] && sed 's/^/  app: /' "$tmp/app.log" >&2; exit 1; }
. "$here/xvfb.sh"

[ -f "$sample" ] || fail "no sample $sample (set SAMPLE)"
# The sample's spans with relations between them, by (text, label).
python3 - "$sample" >"$tmp/rel.jsonl" <<'PY'
import json, sys
rec = json.loads(open(sys.argv[1], encoding="utf-8").readline())
rec["annotator"], rec["status"] = "screenshot", "in_progress"
def at(text, label, nth=0):
    hits = [i for i, s in enumerate(rec["spans"]) if s["text"] == text and s["label"] == label]
    return hits[nth]
rels = [
    ("ban them from travelling to Canada", "MEASURE", "imposed_by", "Canada", "JURISDICTION", 0),
    ("ban them from travelling to Canada", "MEASURE", "targets", "Zhu Hailun", "PERSON", 0),
    ("providing them with financial services", "MEASURE", "targets", "Zhu Hailun", "PERSON", 0),
    ("providing them with financial services", "MEASURE", "targets", "Wang Junzheng", "PERSON", 0),
    ("Zhu Hailun", "PERSON", "affiliated_with", "13th People's Congress of the Xinjiang Uyghur Autonomous Region", "ORG", 0),
    ("Wang Junzheng", "PERSON", "affiliated_with", "Xinjiang Public Security Bureau", "ORG", 0),
    ("Wang Mingshan", "PERSON", "affiliated_with", "Xinjiang Public Security Bureau", "ORG", 0),
    ("sanctions", "MEASURE", "imposed_by", "Canada", "JURISDICTION", 0),
]
rec["relations"] = [{"head": at(h, hl), "child": at(t, tl, n), "label": l, "note": ""} for h, hl, l, t, tl, n in rels]
print(json.dumps(rec, ensure_ascii=False))
PY
db="$tmp/shot.db"
"$bin" import --db "$db" "$tmp/rel.jsonl" >/dev/null || fail "import"

start_xvfb 71 79 1600x1000x24 screenshot
export FYNE_THEME=$theme
"$bin" --db "$db" >"$tmp/app.log" 2>&1 &
app=$!
pids+=($app)
win=
find_win() {
  kill -0 "$app" 2>/dev/null || fail "tagdesk exited before its window appeared"
  win=$(xdotool search --onlyvisible --name '^tagdesk' 2>/dev/null | head -1 || true)
  [ -n "$win" ]
}
until_ok 60 find_win || fail "no tagdesk window"
xdotool windowsize --sync "$win" "${geom%x*}" "${geom#*x}" || true
xdotool windowmove --sync "$win" 0 0 || true
shot() { import -display "$disp" -window "$win" "$1" 2>/dev/null; }
settled() {
  shot "$tmp/a.png" && [ "$(convert "$tmp/a.png" -format '%k' info:)" -ge 16 ] &&
    shot "$1" && [ "$(compare -metric AE "$tmp/a.png" "$1" null: 2>&1)" = 0 ]
}
until_ok 60 settled "$tmp/open.png" || fail "the window was not drawn"
# Find "Zhu Hailun": the view scrolls to it; Esc gives the keys back to
# the text.
xdotool key --window "$win" ctrl+f
until_ok 10 settled "$tmp/find.png" || fail "find bar"
xdotool type --window "$win" --delay 20 "Wang Junzheng"
xdotool key --window "$win" Return
until_ok 10 settled "$tmp/found.png" || fail "find"
xdotool key --window "$win" Escape
until_ok 10 settled "$tmp/found2.png" || fail "find closed"
# Choose the span under the first match (the view keeps the match's
# selection; a click at the selection's place picks the span there).
if [ -n "${CLICK:-}" ]; then
  xdotool mousemove --window "$win" ${CLICK% *} ${CLICK#* } click 1
  until_ok 10 settled "$tmp/chosen.png" || fail "choose"
fi
cp "$tmp/$(ls -t "$tmp" | grep png | head -1)" "$out"
[ -z "${KEEPLOG:-}" ] || cp "$tmp/app.log" "$KEEPLOG"
echo "screenshot: $out"
