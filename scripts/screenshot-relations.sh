#!/usr/bin/env bash
# screenshot-relations.sh BIN OUT.png [THEME] [WxH]: start the real
# tagdesk binary under Xvfb on the bundled sample article, labelled as in
# assets (the spans of the sample) with a few sanctions relations (who
# imposes which measure on whom), scroll to the relations and choose a
# span so that the side panel lists its relations, and save the window
# as OUT.png. THEME is light (default) or dark; WxH the window's size
# (default 900x600). docs/screenshot-relations.png is made by
#   CLICKS="485 341,960 327" scripts/screenshot-relations.sh /tmp/tagdesk docs/screenshot-relations.png light 1100x700
# (a click on "Wang Junzheng", then on its affiliated_with relation).
set -euo pipefail
bin=$(realpath "$1")
out=$2
theme=${3:-light}
geom=${4:-900x600}
here=$(dirname "$(realpath "$0")")
sample=${SAMPLE:-$here/../assets/sample.spans.jsonl}
. "$here/xvfb.sh"
xvfb_setup screenshot

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
start_window "$theme" --db "$db"
xdotool windowsize --sync "$win" "${geom%x*}" "${geom#*x}" || true
xdotool windowmove --sync "$win" 0 0 || true
shot() { import -display "$disp" -window "$win" "$1" 2>/dev/null; }
settled() {
  shot "$tmp/a.png" && [ "$(convert "$tmp/a.png" -format '%k' info:)" -ge 16 ] &&
    shot "$1" && [ "$(compare -metric AE "$tmp/a.png" "$1" null: 2>&1)" = 0 ]
}
until_ok 60 settled "$tmp/open.png" || fail "the window was not drawn"
# Find "Wang Junzheng": the view scrolls to it; Esc gives the keys back
# to the text. (The find box's cursor blinks: the window is only
# compared once it is closed.)
xdotool key --window "$win" ctrl+f
differs() { shot "$tmp/a.png" && [ "$(compare -metric AE "$tmp/open.png" "$tmp/a.png" null: 2>&1)" != 0 ]; }
until_ok 10 differs || fail "no find bar"
xdotool type --window "$win" --delay 20 "Wang Junzheng"
xdotool key --window "$win" Return Escape
moved() { settled "$tmp/found.png" && [ "$(compare -metric AE "$tmp/open.png" "$tmp/found.png" null: 2>&1)" != 0 ]; }
until_ok 20 moved || fail "the view did not move to the match"
shot=found.png
# CLICKS="X Y,X Y…" clicks there in turn (a span, to list its relations
# on the right; an entry of that list, to choose a relation).
n=0
IFS=, read -ra points <<<"${CLICKS:-}"
for p in "${points[@]}"; do
  n=$((n + 1))
  cp "$tmp/$shot" "$tmp/before.png"
  xdotool mousemove --window "$win" ${p% *} ${p#* } click 1
  clicked() { settled "$tmp/click$n.png" && [ "$(compare -metric AE "$tmp/before.png" "$tmp/click$n.png" null: 2>&1)" != 0 ]; }
  until_ok 20 clicked || fail "the click at $p changed nothing"
  shot=click$n.png
done
cp "$tmp/$shot" "$out"
[ -z "${KEEPLOG:-}" ] || cp "$tmp/app.log" "$KEEPLOG"
echo "screenshot: $out"
