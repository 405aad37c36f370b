#!/usr/bin/env bash
# smoke-damaged.sh BIN: start the real tagdesk binary under Xvfb on a
# damaged copy of a 400-article database (2 KB overwritten in the middle,
# as the command-line tests damage one) and check, without fixed sleeps,
# that the window is drawn with the damaged dialog over it (Esc closes
# it, and the window under it changes), that a label key saves nothing,
# and that the damaged file is byte for byte as it was after the window
# closed. Screenshots go to $SHOTS (default out/smoke).
set -euo pipefail
bin=$(realpath "$1")
shots=${SHOTS:-out/smoke}
mkdir -p "$shots"
. "$(dirname "$0")/xvfb.sh"
xvfb_setup smoke-damaged

go run ./cmd/gencorpus -n 400 -o "$tmp/corpus.jsonl"
db="$tmp/damaged.db"
TAGDESK_NO_BACKUPS=1 "$bin" import --db "$db" "$tmp/corpus.jsonl" >/dev/null 2>&1 || fail "import of the corpus failed"
size=$(stat -c %s "$db")
head -c 2048 /dev/urandom | dd of="$db" bs=1 seek=$((size / 2)) conv=notrunc status=none
cp "$db" "$tmp/before.db"

start_xvfb 141 190 900x600x24 smoke
for theme in light dark; do
  start_window "$theme" --db "$db"
  xdotool windowsize "$win" 900 600
  # The dialog comes after the background check: wait until the window
  # differs from its first settled frame or is already covered.
  until_ok 60 settled "$tmp/first.png" || fail "the $theme window was not drawn within 60 s"
  until_ok 30 settled "$shots/tagdesk-damaged-$theme.png" || fail "the $theme window did not settle"
  xdotool key Escape
  closed() { settled "$tmp/closed.png" && [ "$(changed "$shots/tagdesk-damaged-$theme.png" "$tmp/closed.png" 150 150 600 300)" != 0x0 ]; }
  until_ok 10 closed || fail "$theme: no dialog over the window for Esc to close"
  xdotool mousemove --window "$win" 300 88 click --repeat 2 --delay 80 1
  xdotool key 4
  until_ok 10 settled "$tmp/after.png" || fail "$theme: the window did not settle after the label key"
  kill "$app"
  wait "$app" 2>/dev/null || true
  grep -q panic "$tmp/app.log" && fail "tagdesk panicked"
  cmp -s "$db" "$tmp/before.db" || fail "$theme: the damaged file was changed"
  echo "smoke-damaged: $theme: the dialog over the window, nothing written; $shots/tagdesk-damaged-$theme.png"
done
echo "smoke-damaged: ok"
