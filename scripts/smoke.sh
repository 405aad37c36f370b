#!/usr/bin/env bash
# smoke.sh BIN: start the real tagdesk binary under Xvfb on a fresh
# temporary database and use it as a person does, checking what the screen
# shows at each step, without fixed sleeps (every wait is a condition with
# a deadline):
#   - light theme: the window is drawn (not blank, and bright); a
#     double-click on the first word and key 4 label it, and the change on
#     the screen is the highlight where the word is; Ctrl+Z and
#     Ctrl+Shift+Z undo and redo it, and the store follows each step;
#   - dark theme: the window is drawn and dark;
#   - an article in several scripts (Latin, Cyrillic, Greek, Chinese,
#     Japanese, Korean, Arabic) is drawn with a font for each.
#   - without a display, or with one that cannot be opened, it says so
#     and exits, without a panic.
# Screenshots go to $SHOTS (default out/smoke).
set -euo pipefail
bin=$(realpath "$1")
shots=${SHOTS:-out/smoke}
mkdir -p "$shots"
. "$(dirname "$0")/xvfb.sh"
xvfb_setup smoke

# No display (over SSH, in a container): a plain error, no panic; and
# one named that cannot be opened.
for env in "env -u DISPLAY -u WAYLAND_DISPLAY" "env -u WAYLAND_DISPLAY DISPLAY=:64999"; do
  if $env "$bin" --no-backups --db "$tmp/nodisplay.db" >"$tmp/nodisplay.log" 2>&1; then fail "$env tagdesk: exit status 0"; fi
  if grep -q "panic" "$tmp/nodisplay.log" || ! grep -q "^tagdesk: .*display" "$tmp/nodisplay.log"; then
    fail "$env tagdesk: $(cat "$tmp/nodisplay.log")"
  fi
done
echo "smoke: without a display, tagdesk says so: $(grep '^tagdesk:' "$tmp/nodisplay.log")"

start_xvfb 91 140 1280x860x24 smoke
db="$tmp/smoke.db"

stop() {
  kill "$app"
  wait "$app" 2>/dev/null || true
  if grep -q "panic" "$tmp/app.log"; then fail "tagdesk panicked"; fi
}

spans() { "$bin" export --db "$db" | grep -o '"label":"JURISDICTION","text":"Canada"' | wc -l; }
has_spans() { [ "$(spans)" = "$1" ]; }

# Light: label the first word of the sample article as a user does.
start_window light --db "$db"
until_ok 60 settled "$tmp/before.png" || fail "the light window was not drawn within 60 s"
b=$(brightness "$tmp/before.png")
[ "$b" -ge 60 ] || fail "the light window is not light (brightness $b)"
word_x=300 word_y=88 # "Canada", the first word of the text
xdotool mousemove --window "$win" $word_x $word_y click --repeat 2 --delay 80 1
# The double-click selects the word: wait until the view shows it.
selected() { shot "$tmp/sel.png" && [ "$(changed "$tmp/before.png" "$tmp/sel.png" 265 60 670 60)" != 0x0 ]; }
until_ok 10 selected || fail "a double-click on Canada selected nothing"
xdotool key 4
until_ok 10 has_spans 1 || fail "double-click on Canada and 4 did not store a JURISDICTION span"
until_ok 20 settled "$tmp/labelled.png" || fail "the window did not settle after labelling"
# What changed in the article view is the highlight around the word.
box=$(changed "$tmp/before.png" "$tmp/labelled.png" 265 60 670 700)
read -r w h x y <<<"$(echo "$box" | tr 'x+' '  ')"
x=$((x + 265)) y=$((y + 60))
[ "$box" != 0x0 ] && [ $x -le $word_x ] && [ $((x + w)) -ge $word_x ] && [ $y -le $word_y ] && [ $((y + h)) -ge $word_y ] &&
  [ "$w" -le 120 ] && [ "$h" -le 40 ] ||
  fail "the change after labelling (${box}, at $x,$y in the window) is not a highlight where Canada is ($word_x,$word_y)"
echo "smoke: labelled Canada with the mouse and key 4; the highlight is where the word is (${w}x${h} at $x,$y)"
xdotool key ctrl+z
until_ok 10 has_spans 0 || fail "Ctrl+Z did not take the span back"
xdotool key ctrl+shift+z
until_ok 10 has_spans 1 || fail "Ctrl+Shift+Z did not redo the span"
echo "smoke: undid and redid it"
until_ok 20 settled "$shots/tagdesk-light.png" || fail "the light window did not settle"
stop
echo "smoke: light: window drawn, brightness $b, $shots/tagdesk-light.png"

# Dark: the same database, the dark theme.
start_window dark --db "$db"
until_ok 60 settled "$shots/tagdesk-dark.png" || fail "the dark window was not drawn within 60 s"
b=$(brightness "$shots/tagdesk-dark.png")
[ "$b" -le 35 ] || fail "the dark window is not dark (brightness $b)"
stop
echo "smoke: dark: window drawn, brightness $b, $shots/tagdesk-dark.png"

"$bin" stats --db "$db" | grep -q '^articles  1$' || fail "the new database was not seeded with the sample article"
"$bin" export --db "$db" | grep -q '"annotator":"smoke","status":"in_progress"' || fail "the labelled article is not in progress for the annotator"

# Several scripts: every one of them has a font on this machine, and the
# window draws the article (the screenshot is for a person to look at).
for lang in zh ja ko ar ru el; do
  [ -n "$(fc-list ":lang=$lang" family)" ] || fail "no font for the $lang script: install fonts-noto-cjk and fonts-dejavu-core"
done
mdb="$tmp/scripts.db"
"$bin" import --db "$mdb" scripts/testdata/scripts.jsonl >/dev/null 2>&1 || fail "import of the mixed-script article failed"
start_window light --db "$mdb"
until_ok 60 settled "$shots/tagdesk-scripts.png" || fail "the mixed-script window was not drawn within 60 s"
stop
echo "smoke: scripts: window drawn, $shots/tagdesk-scripts.png"
echo "smoke: ok"
