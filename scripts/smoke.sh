#!/usr/bin/env bash
# smoke.sh BIN: start the real tagdesk binary under Xvfb on a fresh
# temporary database, in the light and the dark theme; wait for its window,
# take a screenshot of each and check that the window is there and drawn
# (not blank). Screenshots go to $SHOTS (default out/smoke).
set -euo pipefail
bin=$(realpath "$1")
shots=${SHOTS:-out/smoke}
mkdir -p "$shots"
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "smoke: FAIL: $*" >&2; [ -f "$tmp/app.log" ] && sed 's/^/  app: /' "$tmp/app.log" >&2; exit 1; }

disp=
for d in $(seq 91 140); do
  if [ ! -e "/tmp/.X$d-lock" ] && [ ! -e "/tmp/.X11-unix/X$d" ]; then disp=":$d"; break; fi
done
[ -n "$disp" ] || fail "no free X display number"
Xvfb "$disp" -screen 0 1280x860x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do xdpyinfo -display "$disp" >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo -display "$disp" >/dev/null 2>&1 || fail "Xvfb did not start"

export DISPLAY=$disp HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export TAGDESK_ANNOTATOR=smoke
mkdir -p "$HOME"
db="$tmp/smoke.db"

for theme in light dark; do
  FYNE_THEME=$theme "$bin" --db "$db" >"$tmp/app.log" 2>&1 &
  app=$!
  pids+=($app)
  win=
  for _ in $(seq 1 300); do
    kill -0 "$app" 2>/dev/null || fail "tagdesk exited before its window appeared"
    win=$(xdotool search --onlyvisible --name '^tagdesk' 2>/dev/null | head -1 || true)
    [ -n "$win" ] && break
    sleep 0.2
  done
  [ -n "$win" ] || fail "no tagdesk window after 60 s"
  sleep 3 # let it draw
  if [ "$theme" = light ]; then
    # Label as a user does: double-click the first word, press 4, then
    # undo and redo; the store must follow each step.
    spans() { "$bin" export --db "$db" | grep -o '"label":"JURISDICTION","text":"Canada"' | wc -l; }
    # wait_spans N: the store holds N such spans within 10 s.
    wait_spans() {
      for _ in $(seq 1 50); do [ "$(spans)" = "$1" ] && return 0; sleep 0.2; done
      return 1
    }
    xdotool mousemove --window "$win" 300 88 click --repeat 2 --delay 80 1
    sleep 0.5
    xdotool key 4
    wait_spans 1 || fail "double-click on Canada and 4 did not store a JURISDICTION span"
    xdotool key ctrl+z
    wait_spans 0 || fail "Ctrl+Z did not take the span back"
    xdotool key ctrl+shift+z
    wait_spans 1 || fail "Ctrl+Shift+Z did not redo the span"
    echo "smoke: labelled Canada with the mouse and key 4, undid and redid it"
  fi
  shot="$shots/tagdesk-$theme.png"
  import -display "$disp" -window root "$shot"
  colours=$(convert "$shot" -format '%k' info:)
  [ "$colours" -ge 16 ] || fail "the $theme screenshot is blank ($colours colours)"
  kill "$app"
  wait "$app" 2>/dev/null || true
  grep -q "panic" "$tmp/app.log" && fail "tagdesk panicked"
  echo "smoke: $theme: window drawn, $colours colours, $shot"
done

"$bin" stats --db "$db" | grep -q '^articles  1$' || fail "the new database was not seeded with the sample article"
"$bin" export --db "$db" | grep -q '"annotator":"smoke","status":"in_progress"' || fail "the labelled article is not in progress for the annotator"
echo "smoke: ok"
