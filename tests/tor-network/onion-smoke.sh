#!/usr/bin/env bash
# Smoke test of the private Tor network: a bare tor client publishes an onion
# service in front of a tiny HTTP responder, a second bare tor client fetches
# a page from it through its SOCKS port with curl.
#
#   onion-smoke.sh [NETWORK-DIR]
#
# With NETWORK-DIR (a running network, as the ctest fixture provides) it uses
# that network; without, it starts its own in a temporary directory and stops
# it at the end. Either way it ends the processes it started itself, also on
# failure, and checks that none of them is left.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
net="$here/tor-network.sh"
REACH_TIMEOUT=${TOR_NETWORK_REACH_TIMEOUT:-180}

die() {
    echo "onion-smoke: FAIL: $*" >&2
    exit 1
}
note() { echo "onion-smoke: $*" >&2; }

command -v curl >/dev/null || die "curl is not installed (cmake/setup-debian.sh installs it)"

own_network=0
if [ $# -ge 1 ]; then
    dir=$1
    [ -f "$dir/client-torrc" ] || die "$dir holds no network"
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/chive-tor-network.XXXXXX")
    own_network=1
fi
dir=$(cd "$dir" && pwd -P)
# A per-run tag, so that repeated runs on one shared network do not collide.
tag="smoke$$"
work="$dir/clients/$tag-target"

cleanup() {
    local status=$?
    set +e
    "$net" stop-client "$dir" "$tag-client" 2>/dev/null
    "$net" stop-client "$dir" "$tag-service" 2>/dev/null
    if [ -n "${target_pid:-}" ] && kill -0 "$target_pid" 2>/dev/null; then
        kill "$target_pid" 2>/dev/null
        wait "$target_pid" 2>/dev/null
    fi
    if [ $own_network -eq 1 ]; then
        "$net" stop "$dir" || status=1
        "$net" check-stopped "$dir" || status=1
        # Keep the logs of a failed run; remove the network of a passed one.
        if [ $status -eq 0 ]; then rm -rf "$dir"; else echo "onion-smoke: logs kept in $dir" >&2; fi
    else
        "$net" check-stopped "$dir" "client-$tag-client" "client-$tag-service" || status=1
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ $own_network -eq 1 ]; then
    "$net" start "$dir" >/dev/null
    "$net" wait "$dir" 180
fi

# The target: answers every connection on a unix socket with a short HTTP
# response carrying a random token. perl-base is Essential in Debian.
mkdir -p "$work"
token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
perl -MIO::Socket::UNIX -e '
    my ($path, $token) = @ARGV;
    unlink $path;
    my $server = IO::Socket::UNIX->new(Local => $path, Type => SOCK_STREAM(), Listen => 16)
        or die "listen on $path: $!";
    while (my $c = $server->accept) {
        my $request = "";
        while (my $line = <$c>) { $request .= $line; last if $line =~ /^\r?\n$/; }
        my $body = "chive-onion-smoke $token\n";
        print $c "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " .
            length($body) . "\r\nConnection: close\r\n\r\n" . $body;
        close $c;
    }' "$work/target.sock" "$token" </dev/null >"$work/target.log" 2>&1 &
target_pid=$!

t0=$(date +%s)
"$net" client "$dir" "$tag-service" \
    "HiddenServiceDir $dir/clients/$tag-service/hs" \
    "HiddenServicePort 80 unix:$work/target.sock" >/dev/null
socks=$("$net" client "$dir" "$tag-client")
"$net" client-bootstrapped "$dir" "$tag-service" 120
"$net" client-bootstrapped "$dir" "$tag-client" 120
t_boot=$(date +%s)
note "both clients bootstrapped in $((t_boot - t0)) s"
"$net" check-listeners "$dir"

hostname_file="$dir/clients/$tag-service/hs/hostname"
for ((i = 0; i < 60; i++)); do
    [ -s "$hostname_file" ] && break
    sleep 0.5
done
[ -s "$hostname_file" ] || die "the service client wrote no onion address"
onion=$(cat "$hostname_file")
note "service $onion; fetching it through SOCKS port $socks"

attempts=0
while :; do
    attempts=$((attempts + 1))
    if reply=$(curl --silent --show-error --max-time 30 \
        --socks5-hostname "127.0.0.1:$socks" "http://$onion/" 2>"$work/curl.err"); then
        break
    fi
    now=$(date +%s)
    if [ $((now - t0)) -ge "$REACH_TIMEOUT" ]; then
        cat "$work/curl.err" >&2
        tail -n 15 "$dir/clients/$tag-service/notice.log" "$dir/clients/$tag-client/notice.log" >&2
        die "the onion service was not reachable within $REACH_TIMEOUT s ($attempts attempts)"
    fi
    note "attempt $attempts: $(tr -d '\n' <"$work/curl.err")"
    sleep 2
done
t_reach=$(date +%s)
[ "$reply" = "chive-onion-smoke $token" ] || die "unexpected reply: $reply"
note "reached the onion service $((t_reach - t0)) s after starting the clients" \
    "($((t_reach - t_boot)) s after both bootstrapped, $attempts attempts)"

# A second request over a fresh stream on the existing circuit.
reply=$(curl --silent --show-error --max-time 30 \
    --socks5-hostname "127.0.0.1:$socks" "http://$onion/") || die "second request failed"
[ "$reply" = "chive-onion-smoke $token" ] || die "unexpected second reply: $reply"
echo "1 passed, 0 failed: onion service reachable over the private Tor network"
