#!/usr/bin/env bash
# The ctest fixture "tor_network": one private Tor network per ctest run,
# shared by every test that requires the fixture.
#
#   fixture.sh start DIR   end a network left in DIR by an aborted run, start
#                          a fresh one there and wait until clients can use it
#   fixture.sh stop DIR    end every process recorded in DIR and assert that
#                          none is alive
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
net="$here/tor-network.sh"
[ $# -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
dir=$2
case $1 in
start)
    if [ -d "$dir" ]; then
        "$net" stop "$dir"
        rm -rf "$dir"
    fi
    "$net" start "$dir"
    "$net" wait "$dir" "${TOR_NETWORK_WAIT_TIMEOUT:-180}" || { "$net" stop "$dir"; exit 1; }
    ;;
stop)
    [ -d "$dir" ] || { echo "fixture: no network in $dir" >&2; exit 0; }
    status=0
    "$net" stop "$dir" || status=1
    "$net" check-stopped "$dir" || status=1
    exit $status
    ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
