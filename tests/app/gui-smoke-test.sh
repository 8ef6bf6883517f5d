#!/usr/bin/env bash
# Starts the real chive under Xvfb with a fresh profile and Tor's network
# disabled, checks that its window is mapped and shows the start-up state,
# takes a screenshot, and stops it with SIGTERM; it must exit 0 and leave
# no process behind.
#   gui-smoke-test.sh CHIVE OUT_DIR
set -euo pipefail
chive=$1
out=$2
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

xvfb-run -a -s "-screen 0 640x400x24" bash -s "$chive" "$profile" "$out" <<'INNER'
set -euo pipefail
chive=$1 profile=$2 out=$3
"$chive" --profile "$profile" --offline &
pid=$!
for _ in $(seq 1 100); do
    if xwininfo -root -tree | grep -q '"Chive": ("chive" "Chive")'; then break; fi
    sleep 0.1
done
xwininfo -root -tree | grep '"Chive": ("chive" "Chive")' || { kill $pid; echo "no Chive window" >&2; exit 1; }
sleep 1
import -window root "$out/startup.png"
[ -d "$profile/tor" ] || { kill $pid; echo "Tor's data directory was not created" >&2; exit 1; }
[ "$(stat -c %a "$profile/tor")" = 700 ] || { kill $pid; echo "Tor's data directory is not private" >&2; exit 1; }
kill -TERM $pid
code=0
wait $pid || code=$?
[ $code -eq 0 ] || { echo "chive exited with $code after SIGTERM" >&2; exit 1; }
INNER
if pgrep -f -- "--profile $profile" >/dev/null; then
    echo "a chive process was left behind" >&2
    exit 1
fi
echo "gui-smoke-test: ok, screenshot in $out/startup.png"
