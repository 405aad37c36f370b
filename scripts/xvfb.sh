# xvfb.sh: sourced by the scripts that run the real window under Xvfb
# (smoke.sh, smoke-damaged.sh, review-shot.sh, screenshot-relations.sh,
# latency.sh). Each calls xvfb_setup NAME first, or defines tmp, pids
# (processes to stop at exit) and fail itself.

# xvfb_setup NAME: a temporary folder (tmp), the processes to stop at exit
# (pids), removed and stopped at exit, and fail MESSAGE, which prints
# "NAME: FAIL: MESSAGE" and the window's log ($tmp/app.log) and exits.
xvfb_setup() {
  script=$1
  tmp=$(mktemp -d)
  pids=()
  trap xvfb_cleanup EXIT
}
xvfb_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
fail() { echo "$script: FAIL: $*" >&2; [ -f "$tmp/app.log" ] && sed 's/^/  app: /' "$tmp/app.log" >&2; exit 1; }

# until_ok SECONDS CMD...: run CMD every 0.1 s until it succeeds; fail after SECONDS.
until_ok() {
  local end=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $end ] || return 1; sleep 0.1; done
}

# start_xvfb FIRST LAST GEOMETRY ANNOTATOR: start Xvfb on the first free
# display number from FIRST to LAST with a screen of GEOMETRY (WxHxD),
# wait until it answers, and point DISPLAY, a private home and data
# folder under $tmp, and TAGDESK_ANNOTATOR at it. Sets disp.
start_xvfb() {
  disp=
  for d in $(seq "$1" "$2"); do
    if [ ! -e "/tmp/.X$d-lock" ] && [ ! -e "/tmp/.X11-unix/X$d" ]; then disp=":$d"; break; fi
  done
  [ -n "$disp" ] || fail "no free X display number"
  Xvfb "$disp" -screen 0 "$3" -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
  pids+=($!)
  until_ok 10 xdpyinfo -display "$disp" >/dev/null 2>&1 || fail "Xvfb did not start"
  export DISPLAY=$disp HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
  export TAGDESK_ANNOTATOR=$4
  mkdir -p "$HOME"
}

# start_window THEME ARGS...: start $bin with ARGS in THEME (FYNE_THEME),
# its output in $tmp/app.log, and wait for its window. Sets app (the
# process) and win (the window's X id).
start_window() {
  local theme=$1; shift
  FYNE_THEME=$theme "$bin" "$@" >"$tmp/app.log" 2>&1 &
  app=$!
  pids+=($app)
  win=
  until_ok 60 find_tagdesk || fail "no tagdesk window after 60 s"
}
find_tagdesk() {
  kill -0 "$app" 2>/dev/null || fail "tagdesk exited before its window appeared"
  win=$(xdotool search --onlyvisible --name '^tagdesk' 2>/dev/null | head -1 || true)
  [ -n "$win" ]
}

# The screen helpers of the smoke tests; win is the window's X id.
# shot FILE: the window as it is now.
shot() { import -display "$disp" -window "$win" "$1" 2>/dev/null; }
# settled FILE: the window is drawn (16 colours or more) and two captures
# in a row are the same; FILE holds the last.
settled() {
  shot "$tmp/a.png" && [ "$(convert "$tmp/a.png" -format '%k' info:)" -ge 16 ] &&
    shot "$1" && [ "$(compare -metric AE "$tmp/a.png" "$1" null: 2>&1)" = 0 ]
}
# brightness FILE: mean brightness of FILE, 0 (black) to 100 (white).
brightness() { convert "$1" -colorspace Gray -format '%[fx:int(100*mean)]' info:; }
# changed A B X Y W H: the bounding box (WxH+X+Y) of what differs between
# A and B inside the rectangle, or "0x0" when nothing does.
changed() {
  convert "$1" "$2" -compose difference -composite -crop "$5x$6+$3+$4" +repage \
    -colorspace Gray -threshold 8% -format '%@' info: 2>/dev/null
}
