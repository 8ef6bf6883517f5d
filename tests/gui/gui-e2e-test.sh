#!/usr/bin/env bash
# End-to-end GUI test on the private Tor network: two chive_gui_drivers
# (alice and bob, the real app on fresh profiles, offscreen) add each other
# through their add-contact dialogs and exchange a message each, swapping
# their links through files in a shared directory. Both are killed on every
# way out; the test fails if either fails or the time runs out.
#   gui-e2e-test.sh DRIVER WORK_DIR   (CHIVE_TOR_NETWORK_DIR set by ctest)
set -euo pipefail
driver=$1
work=$2
: "${CHIVE_TOR_NETWORK_DIR:?needs the tor_network fixture}"
torrc=$CHIVE_TOR_NETWORK_DIR/client-torrc
[ -r "$torrc" ] || { echo "no client torrc at $torrc" >&2; exit 1; }
limit=${GUI_E2E_TIMEOUT:-270}

rm -rf "$work"
mkdir -p "$work/exchange"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

for role in alice bob; do
    QT_QPA_PLATFORM=offscreen "$driver" --role "$role" --exchange-dir "$work/exchange" \
        --profile "$work/$role" --tor-config "$torrc" >"$work/$role.log" 2>&1 &
    pids+=($!)
done

# Wait for both, bounded: the first failure ends the test.
status=0
deadline=$((SECONDS + limit))
declare -A done_roles=()
while [ ${#done_roles[@]} -lt 2 ]; do
    for i in 0 1; do
        role=$([ $i = 0 ] && echo alice || echo bob)
        [ -n "${done_roles[$role]:-}" ] && continue
        pid=${pids[$i]}
        if ! kill -0 "$pid" 2>/dev/null; then
            code=0
            wait "$pid" || code=$?
            done_roles[$role]=$code
            if [ "$code" != 0 ]; then
                echo "gui-e2e-test: $role failed (exit $code)" >&2
                status=1
            fi
        fi
    done
    [ $status = 0 ] || break
    if [ $SECONDS -ge $deadline ]; then
        echo "gui-e2e-test: timed out after $limit s" >&2
        status=1
        break
    fi
    sleep 1
done

for role in alice bob; do
    echo "--- $role"
    grep -v '^chive: Tor bootstrap' "$work/$role.log" || true
done
if [ $status = 0 ]; then
    echo "gui-e2e-test: ok, alice and bob added each other and exchanged messages"
    rm -rf "$work/alice" "$work/bob"
fi
exit $status
