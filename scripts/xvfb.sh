# xvfb.sh: sourced by smoke.sh and latency.sh, which define tmp, pids
# (processes to stop at exit) and fail before they source it.

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
