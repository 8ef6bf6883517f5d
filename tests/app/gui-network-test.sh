#!/usr/bin/env bash
# The real chive under Xvfb joins the private Tor network (--tor-config with
# the network's client torrc) and its window reaches "Connected to the Tor
# network". Takes a screenshot; stops chive with SIGTERM.
#   gui-network-test.sh CHIVE OUT_DIR   (CHIVE_TOR_NETWORK_DIR set by ctest)
set -euo pipefail
chive=$1
out=$2
: "${CHIVE_TOR_NETWORK_DIR:?needs the tor_network fixture}"
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

xvfb-run -a -s "-screen 0 640x400x24" bash -s "$chive" "$profile" "$out" \
    "$CHIVE_TOR_NETWORK_DIR/client-torrc" <<'INNER'
set -euo pipefail
chive=$1 profile=$2 out=$3 torrc=$4
"$chive" --profile "$profile" --tor-config "$torrc" 2>"$out/gui-network.stderr" &
pid=$!
# chive logs each bootstrap step to stderr; the window shows the same state.
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
[ $connected = 1 ] || { echo "chive's Tor did not bootstrap on the private network" >&2; exit 1; }
INNER
echo "gui-network-test: ok, screenshot in $out/connected.png"
