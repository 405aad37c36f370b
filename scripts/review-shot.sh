#!/usr/bin/env bash
# review-shot.sh BIN: the review view's screenshots for the README. Three
# annotators' versions of the sample article (scripts/review-sample.py:
# a span missing in one, another label, other boundaries, another
# attribute; relations agreed, missing in one, of another type) are
# imported into a new database with `tagdesk import`; the real binary
# reviews them under Xvfb in a 900x600 window, light and dark, decides the
# first disagreement with 2 and walks back with Shift+N round the
# article's end to the relation disagreements, walked after the spans'. Every wait
# is a condition with a deadline. The light screenshot goes to
# $SHOTS/review.png (default docs, for the README), the dark one to
# $DARK_SHOT (default: checked, then dropped). DISPLAYS=FIRST-LAST picks
# the X display numbers to try (default 91-140).
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
shots=${SHOTS:-docs}
mkdir -p "$shots"
. "$here/xvfb.sh"
xvfb_setup review-shot

range=${DISPLAYS:-91-140}
start_xvfb "${range%-*}" "${range#*-}" 900x600x24 alice

db="$tmp/review.db"
python3 "$here/review-sample.py" "$here/../assets/sample.spans.jsonl" "$tmp"
"$bin" import --db "$db" "$tmp/alice.jsonl" "$tmp/bob.jsonl" "$tmp/carol.jsonl" >/dev/null 2>&1 ||
  fail "import of the three annotators' work failed"

shot() { import -display "$disp" -window root "$1" 2>/dev/null; }
# settled FILE: two captures in a row are the same and drawn; FILE holds the last.
settled() {
  shot "$tmp/a.png" && [ "$(convert "$tmp/a.png" -format '%k' info:)" -ge 16 ] &&
    shot "$1" && [ "$(compare -metric AE "$tmp/a.png" "$1" null: 2>&1)" = 0 ]
}
brightness() { convert "$1" -colorspace Gray -format '%[fx:int(100*mean)]' info:; }
gold_spans() { "$bin" export --db "$db" --annotator gold | grep -o '"start"' | wc -l; }

# review THEME OUT: review alice's, bob's and carol's work into gold.
review() {
  start_window "$1" --db "$db" --review alice,bob,carol
  xdotool windowmove "$win" 0 0 windowsize "$win" 900 600
  until_ok 60 settled "$tmp/open.png" || fail "the review window was not drawn"
  echo "review-shot: $1: window drawn"
}
stop() {
  kill "$app"
  wait "$app" 2>/dev/null || true
  if grep -q "panic" "$tmp/app.log"; then fail "tagdesk panicked"; fi
}

review light
# The agreed spans are gold's at once; N, 2 takes bob's version of the
# first disagreement and walks on to the second; Shift+N twice walks back
# to the first and round the end to the last, a relation of another type
# in bob's work.
has_gold() { [ "$(gold_spans)" -gt 0 ]; }
until_ok 20 has_gold || fail "the agreed spans were not accepted into gold"
before=$(gold_spans)
xdotool key n
until_ok 10 settled "$tmp/walked.png" || fail "the window did not settle after N"
xdotool key 2
changed() { [ "$(gold_spans)" != "$before" ]; }
until_ok 10 changed || fail "2 did not change gold's spans"
for _ in 1 2; do xdotool key shift+n; done
until_ok 20 settled "$shots/review.png" || fail "the light window did not settle"
b=$(brightness "$shots/review.png")
[ "$b" -ge 60 ] || fail "the light window is not light (brightness $b)"
stop
echo "review-shot: light: $shots/review.png"

review dark
# Shift+N twice: the last relation disagreement but one, bob's alone.
for _ in 1 2; do xdotool key shift+n; done
dark=${DARK_SHOT:-$tmp/review-dark.png}
until_ok 20 settled "$dark" || fail "the dark window did not settle"
b=$(brightness "$dark")
[ "$b" -le 35 ] || fail "the dark window is not dark (brightness $b)"
stop
echo "review-shot: dark: $dark"
