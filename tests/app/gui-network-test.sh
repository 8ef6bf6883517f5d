#!/usr/bin/env bash
# The real chive under Xvfb joins the private Tor network (--tor-config with
# the network's client torrc): a profile made through the headless mode is
# unlocked by the password on CHIVE_PASSWORD_FD, and Tor reaches 100%
# (chive logs each bootstrap step to stderr; the window's banner shows the
# same state and gives way to "Connected to Tor"). Takes a screenshot; stops
# chive with SIGTERM.
#   gui-network-test.sh CHIVE OUT_DIR   (CHIVE_TOR_NETWORK_DIR set by ctest)
set -euo pipefail
chive=$1
out=$2
: "${CHIVE_TOR_NETWORK_DIR:?needs the tor_network fixture}"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile=$work/profile
export XDG_CONFIG_HOME=$work/config
password="network test password 1"

# Made offline: the GUI run below is the one that joins the network.
printf '{"id":1,"cmd":"create","password":"%s"}\n{"id":2,"cmd":"quit"}\n' "$password" |
    "$chive" --headless --offline --profile "$profile" >"$work/headless.out" 2>"$work/headless.err"
grep -q '"id":1,"ok":true' "$work/headless.out" || { cat "$work/headless.err" >&2; echo "headless create failed" >&2; exit 1; }

xvfb-run -a -s "-screen 0 800x560x24 -noreset" bash -s "$chive" "$profile" "$out" \
    "$CHIVE_TOR_NETWORK_DIR/client-torrc" "$password" <<'INNER'
set -euo pipefail
chive=$1 profile=$2 out=$3 torrc=$4 password=$5
CHIVE_PASSWORD_FD=3 "$chive" --profile "$profile" --tor-config "$torrc" \
    3< <(printf '%s' "$password") 2>"$out/gui-network.stderr" &
pid=$!
connected=0
for _ in $(seq 1 180); do
    if grep -qs '^chive: Tor bootstrap 100%' "$out/gui-network.stderr"; then
        connected=1
        break
    fi
    sleep 1
done
sleep 2
import -window root "$out/connected.png"
kill -TERM $pid
wait $pid || { echo "chive did not exit cleanly" >&2; exit 1; }
grep -q '^chive: unlocked' "$out/gui-network.stderr" || { echo "the profile was not unlocked" >&2; exit 1; }
[ $connected = 1 ] || { echo "chive's Tor did not bootstrap on the private network" >&2; exit 1; }
INNER
echo "gui-network-test: ok, screenshot in $out/connected.png"
