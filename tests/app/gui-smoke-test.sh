#!/usr/bin/env bash
# Starts the real chive under Xvfb: first with no profile (the window must
# map and show the first-run page), then on a profile made through the
# headless mode, unlocked by the password on CHIVE_PASSWORD_FD, with Tor's
# network disabled. Checks that the window is mapped, that the profile was
# unlocked and Tor's private data directory made, takes screenshots, and
# stops chive with SIGTERM each time: it must exit 0 and leave no process
# behind.
#   gui-smoke-test.sh CHIVE OUT_DIR
set -euo pipefail
chive=$1
out=$2
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile=$work/profile
# Preferences and window layout go to a throwaway config directory.
export XDG_CONFIG_HOME=$work/config
password="smoke test password 1"

printf '{"id":1,"cmd":"create","password":"%s"}\n{"id":2,"cmd":"quit"}\n' "$password" |
    "$chive" --headless --offline --profile "$profile" >"$work/headless.out" 2>"$work/headless.err"
grep -q '"id":1,"ok":true' "$work/headless.out" || { cat "$work/headless.err" >&2; echo "headless create failed" >&2; exit 1; }

xvfb-run -a -s "-screen 0 800x560x24 -noreset" bash -s "$chive" "$work" "$profile" "$out" "$password" <<'INNER'
set -euo pipefail
chive=$1 work=$2 profile=$3 out=$4 password=$5
wait_window() {
    for _ in $(seq 1 100); do
        if xwininfo -root -tree | grep -q '"Chive": ("chive" "Chive")'; then return 0; fi
        sleep 0.1
    done
    return 1
}
stop() {
    kill -TERM "$1"
    local code=0
    wait "$1" || code=$?
    [ $code -eq 0 ] || { echo "chive exited with $code after SIGTERM" >&2; exit 1; }
}

# First run: no profile yet.
"$chive" --profile "$work/new-profile" --offline 2>"$out/first-run.stderr" &
pid=$!
wait_window || { kill $pid; echo "no Chive window on first run" >&2; exit 1; }
sleep 1
import -window root "$out/first-run.png"
stop $pid
[ ! -e "$work/new-profile/profile.key" ] || { echo "a profile was made without asking" >&2; exit 1; }

# The profile made above, unlocked by a script.
CHIVE_PASSWORD_FD=3 "$chive" --profile "$profile" --offline \
    3< <(printf '%s' "$password") 2>"$out/gui-smoke.stderr" &
pid=$!
wait_window || { kill $pid; echo "no Chive window" >&2; exit 1; }
for _ in $(seq 1 100); do
    if grep -q '^chive: unlocked' "$out/gui-smoke.stderr"; then break; fi
    sleep 0.1
done
grep -q '^chive: unlocked' "$out/gui-smoke.stderr" || { kill $pid; cat "$out/gui-smoke.stderr" >&2; echo "the profile was not unlocked" >&2; exit 1; }
sleep 1
import -window root "$out/startup.png"
[ -d "$profile/tor" ] || { kill $pid; echo "Tor's data directory was not created" >&2; exit 1; }
[ "$(stat -c %a "$profile/tor")" = 700 ] || { kill $pid; echo "Tor's data directory is not private" >&2; exit 1; }
stop $pid
grep -q '^chive: locked' "$out/gui-smoke.stderr" || { echo "chive did not lock the profile on the way out" >&2; exit 1; }
INNER
if pgrep -f -- "--profile $profile" >/dev/null; then
    echo "a chive process was left behind" >&2
    exit 1
fi
if grep -rqs "$password" "$XDG_CONFIG_HOME"; then
    echo "the password reached the settings" >&2
    exit 1
fi
echo "gui-smoke-test: ok, screenshots in $out/first-run.png and $out/startup.png"
