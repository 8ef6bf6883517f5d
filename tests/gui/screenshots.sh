#!/usr/bin/env bash
# Screenshots of the real app under Xvfb (-platform xcb), in the light and
# the dark palette: first run, bootstrapping, the add-contact dialog with its
# QR code, the contact list, a chat with delivered and queued messages.
# chive_gui_driver --screenshots drives alice through those states while a
# second driver (bob, offscreen) is the contact; both join the private Tor
# network (CHIVE_TOR_NETWORK_DIR, or one started here and stopped at the
# end).
#   screenshots.sh OUT_DIR [DRIVER]
#   writes OUT_DIR/<state>-<light|dark>.png
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [chive_gui_driver]" >&2; exit 2; }
out=$(mkdir -p "$1" && cd "$1" && pwd)
driver=${2:-$here/../../build/tests/gui/chive_gui_driver}
[ -x "$driver" ] || { echo "no chive_gui_driver at $driver" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "xvfb-run is not installed" >&2; exit 2; }

work=$(mktemp -d)
net=${CHIVE_TOR_NETWORK_DIR:-}
own_net=0
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ $own_net = 1 ]; then
        bash "$here/../tor-network/tor-network.sh" stop "$net" >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

if [ -z "$net" ]; then
    net=$work/tor-network
    own_net=1
    bash "$here/../tor-network/tor-network.sh" start "$net" >/dev/null
    bash "$here/../tor-network/tor-network.sh" wait "$net" 180
fi
torrc=$net/client-torrc

for theme in light dark; do
    run=$work/$theme
    mkdir -p "$run/exchange" "$run/shots"
    pids=()
    CHIVE_THEME=$theme QT_QPA_PLATFORM=offscreen "$driver" --role bob \
        --exchange-dir "$run/exchange" --profile "$run/bob" --tor-config "$torrc" \
        >"$run/bob.log" 2>&1 &
    pids+=($!)
    if ! CHIVE_THEME=$theme timeout 240 xvfb-run -a -s "-screen 0 1280x800x24" \
        "$driver" -platform xcb --role alice --exchange-dir "$run/exchange" \
        --profile "$run/alice" --tor-config "$torrc" --screenshots "$run/shots" \
        >"$run/alice.log" 2>&1; then
        echo "screenshots: the $theme run failed" >&2
        grep -v '^chive: Tor bootstrap' "$run/alice.log" "$run/bob.log" >&2 || true
        exit 1
    fi
    for shot in "$run/shots"/*.png; do
        name=$(basename "$shot" .png)
        cp "$shot" "$out/$name-$theme.png"
    done
done
ls "$out"
