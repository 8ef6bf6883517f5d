#!/usr/bin/env bash
# A private Tor network on 127.0.0.1 for Chive's tests.
#
# Everything lives under one directory DIR: keys, torrcs, data directories,
# logs, the pid of every process started, and the ports it claimed.
#
#   tor-network.sh start DIR         create the network and launch it; prints
#                                    the torrc lines a client needs to join
#                                    (also written to DIR/client-torrc)
#   tor-network.sh wait DIR [SECS]   block until the consensus is usable by
#                                    clients (default 180 s, non-zero on timeout)
#   tor-network.sh stop DIR          end every process started under DIR
#                                    (TERM, then KILL); non-zero if one survives
#   tor-network.sh check-stopped DIR [NAME...]
#                                    non-zero if any recorded process (or any
#                                    of those named) is alive
#   tor-network.sh status DIR        recorded processes and the consensus
#   tor-network.sh check-listeners DIR
#                                    non-zero if a recorded process listens on
#                                    anything but 127.0.0.1
#   tor-network.sh port DIR          claim a free 127.0.0.1 port for a test and
#                                    print it (released by stop)
#   tor-network.sh client DIR NAME [TORRC-LINE...]
#                                    start a bare tor client joined to the
#                                    network, with a claimed SOCKS port; prints
#                                    the port. Its pid is recorded, so stop
#                                    ends it too. Data in DIR/clients/NAME.
#   tor-network.sh client-bootstrapped DIR NAME [SECS]
#                                    wait for that client's "Bootstrapped 100%"
#   tor-network.sh stop-client DIR NAME
#
# Environment:
#   TOR, TOR_GENCERT               binaries (default: tor, tor-gencert on PATH)
#   TOR_NETWORK_RELAYS             relays besides the 3 authorities (default 4)
#   TOR_NETWORK_VOTING_INTERVAL    seconds between consensuses (default 60);
#                                  the onion-service time period is 24 of them
#                                  (24 min), so few tests straddle a rotation
#   TOR_NETWORK_INITIAL_INTERVAL   schedule of the first vote (default 20 s)
#   TOR_NETWORK_MAX_LIFETIME       seconds after which a watchdog stops the
#                                  network if nobody did (default 5400)
#   TOR_NETWORK_DEBUG_LOG          "info" or "debug": nodes also log at that
#                                  level to NODE/info.log or NODE/debug.log
#   TOR_NETWORK_PORT_CLAIMS        where port claims of all runs are kept
#                                  (default ${TMPDIR:-/tmp}/chive-tor-network-ports)
set -euo pipefail

readonly AUTHORITIES=3
TOR=${TOR:-tor}
TOR_GENCERT=${TOR_GENCERT:-tor-gencert}
RELAYS=${TOR_NETWORK_RELAYS:-4}
INTERVAL=${TOR_NETWORK_VOTING_INTERVAL:-60}
INITIAL_INTERVAL=${TOR_NETWORK_INITIAL_INTERVAL:-20}
MAX_LIFETIME=${TOR_NETWORK_MAX_LIFETIME:-5400}
DEBUG_LOG=${TOR_NETWORK_DEBUG_LOG:-}
CLAIMS=${TOR_NETWORK_PORT_CLAIMS:-${TMPDIR:-/tmp}/chive-tor-network-ports}
SELF=$(readlink -f "${BASH_SOURCE[0]}")

die() {
    echo "tor-network: error: $*" >&2
    exit 1
}
note() { echo "tor-network: $*" >&2; }

usage() {
    sed -n '2,/^set -euo/p' "$SELF" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------- ports ---

# port_is_free PORT: nothing is bound to 127.0.0.1:PORT right now.
# perl-base is Essential in Debian, so this needs no extra package.
port_is_free() {
    perl -MIO::Socket::INET -e '
        my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
                                      Proto => "tcp", Listen => 1, ReuseAddr => 1);
        exit($s ? 0 : 1);' "$1"
}

# A claim is a file CLAIMS/PORT, created with O_EXCL, holding "DIR PID": the
# network directory it is for and the script process that made it. It is
# stale once DIR is gone; or once that process has ended without recording
# the port in DIR/ports (it failed half way); or once no process recorded
# under DIR is alive any more (a network that was killed, not stopped).
claim_is_stale() { # claim-file
    local owner pid
    read -r owner pid <"$1" 2>/dev/null || return 1 # being written right now
    [ -d "$owner" ] || return 0
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return 1; fi
    grep -qx "${1##*/}" "$owner/ports" 2>/dev/null || return 0
    [ -z "$(alive_pids "$owner")" ]
}

# claim_port DIR: find a free port, claim it for DIR, append it to DIR/ports
# and print it. Two runs cannot pick the same port: the claim file is
# created with O_EXCL, and a port is only used after the claim succeeded and
# nothing was listening on it.
claim_port() {
    local dir=$1 tries port
    mkdir -p "$CLAIMS"
    for ((tries = 0; tries < 500; tries++)); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if [ -e "$CLAIMS/$port" ]; then
            claim_is_stale "$CLAIMS/$port" || continue
            rm -f "$CLAIMS/$port"
        fi
        if (set -o noclobber; echo "$dir $$" >"$CLAIMS/$port") 2>/dev/null; then
            if port_is_free "$port"; then
                echo "$port" >>"$dir/ports"
                echo "$port"
                return 0
            fi
            rm -f "$CLAIMS/$port"
        fi
    done
    die "found no free port on 127.0.0.1 after 500 tries"
}

release_ports() { # DIR
    local port owner
    [ -f "$1/ports" ] || return 0
    while read -r port; do
        read -r owner _ <"$CLAIMS/$port" 2>/dev/null || continue
        if [ "$owner" = "$1" ]; then rm -f "$CLAIMS/$port"; fi
    done <"$1/ports"
}

# ------------------------------------------------------------ processes ---

# pid_is_ours PID DIR: the process is alive and was started from a torrc (or
# by this script) under DIR, so a recycled pid is never signalled.
pid_is_ours() {
    local cmd
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
    cmd=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *"$2"* ]]
}

recorded_pids() { # DIR -> "name pid" lines
    local f
    for f in "$1"/pids/*.pid; do
        [ -f "$f" ] || continue
        echo "$(basename "$f" .pid) $(cat "$f")"
    done
}

alive_pids() { # DIR -> "name pid" of recorded processes still running
    local name pid
    while read -r name pid; do
        if pid_is_ours "$pid" "$1"; then echo "$name $pid"; fi
    done < <(recorded_pids "$1")
}

# end_pids DIR NAME...: TERM the named recorded processes (all if none is
# named), KILL what is left after 10 s.
end_pids() {
    local dir=$1 name pid
    shift
    local -a targets=()
    while read -r name pid; do
        if [ $# -eq 0 ] || [[ " $* " == *" $name "* ]]; then targets+=("$pid"); fi
    done < <(alive_pids "$dir")
    end_pid_list "$dir" "${targets[@]}"
}

end_pid_list() { # DIR PID...
    local dir=$1 pid i any
    shift
    [ $# -gt 0 ] || return 0
    kill -TERM "$@" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        any=0
        for pid in "$@"; do
            if pid_is_ours "$pid" "$dir"; then any=1; fi
        done
        [ $any -eq 1 ] || return 0
        sleep 0.1
    done
    for pid in "$@"; do
        if pid_is_ours "$pid" "$dir"; then
            note "pid $pid did not end on TERM within 10 s; sending KILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    sleep 0.5
}

# launch_tor DIR NAME TORRC: start tor as a daemon; record its pid.
# Tor's parent process returns once the daemon has opened its listeners, and
# fails if it could not (a port taken in the meantime, a bad option).
launch_tor() {
    local dir=$1 name=$2 torrc=$3 node
    node=$(dirname "$torrc")
    if ! "$TOR" -f "$torrc" --RunAsDaemon 1 --PidFile "$node/tor.pid" \
        </dev/null >"$node/launch.log" 2>&1; then
        cat "$node/launch.log" >&2
        die "tor $name failed to start (log: $node/launch.log)"
    fi
    local i
    for ((i = 0; i < 50; i++)); do
        [ -s "$node/tor.pid" ] && break
        sleep 0.1
    done
    [ -s "$node/tor.pid" ] || die "tor $name wrote no pid file"
    cp "$node/tor.pid" "$dir/pids/$name.pid"
}

# ---------------------------------------------------------------- torrc ---

# Lines every node of the network and every client joining it share: the
# testing defaults, the three authorities, enough paths for a small network
# (0.67 of them) and IPv4 only. Only option lines, no comments: clients pass
# them to tor one by one.
common_torrc() { # DIR
    echo "TestingTorNetwork 1"
    cat "$1/dirauthorities"
    echo "PathsNeededToBuildCircuits 0.67"
    echo "ClientUseIPv6 0"
}

node_torrc() { # DIR NAME KIND(authority|relay) ORPORT [DIRPORT]
    local dir=$1 name=$2 kind=$3 orport=$4 dirport=${5:-}
    local node="$dir/nodes/$name"
    cat <<EOF
# $kind $name of the private Tor network in $dir
DataDirectory $node
Nickname $name
ContactInfo $name@chive.test
Log notice file $node/notice.log
$([ -z "$DEBUG_LOG" ] || echo "Log $DEBUG_LOG file $node/$DEBUG_LOG.log")
SafeLogging 0
LogTimeGranularity 1
ShutdownWaitLength 0
Sandbox 0
DisableDebuggerAttachment 0
Address 127.0.0.1
AddressDisableIPv6 1
ORPort 127.0.0.1:$orport IPv4Only
SocksPort 0
ControlPort 0
# No exits: Chive only uses onion services.
ExitRelay 0
ExitPolicy reject *:*
# Relays publish at once instead of testing their own reachability.
AssumeReachable 1
# As directory caches, fetch each new consensus and its microdescriptors
# from the authorities as soon as they exist, so that clients asking a relay
# find them there (a client that asks a cache too early backs off ~30 s).
FetchDirInfoEarly 1
FetchDirInfoExtraEarly 1
EOF
    if [ "$kind" = authority ]; then
        cat <<EOF
DirPort 127.0.0.1:$dirport IPv4Only
AuthoritativeDirectory 1
V3AuthoritativeDirectory 1
# Vote Running for every relay without testing it, and hand out the flags
# that a real network gives only after days of uptime.
AuthDirTestReachability 0
TestingDirAuthVoteGuard *
TestingDirAuthVoteHSDir *
# The first consensus after $INITIAL_INTERVAL s at most, then one every $INTERVAL s.
TestingV3AuthInitialVotingInterval $INITIAL_INTERVAL
TestingV3AuthInitialVoteDelay $((INITIAL_INTERVAL / 5))
TestingV3AuthInitialDistDelay $((INITIAL_INTERVAL / 5))
V3AuthVotingInterval $INTERVAL
V3AuthVoteDelay $VOTE_DELAY
V3AuthDistDelay $VOTE_DELAY
V3AuthNIntervalsValid 2
EOF
    fi
}

# gen_keys NODE-DIR NAME KIND ORPORT DIRPORT: an authority gets a long-term
# identity key and a signing certificate (tor-gencert); every node gets its
# relay identity, whose fingerprint tor writes to NODE-DIR/fingerprint.
gen_keys() {
    local node=$1 name=$2 kind=$3 orport=$4 dirport=$5 fpr
    mkdir -p "$node/keys"
    chmod 700 "$node"
    if [ "$kind" = authority ]; then
        echo "" | "$TOR_GENCERT" --create-identity-key --passphrase-fd 0 -m 12 \
            -i "$node/keys/authority_identity_key" \
            -s "$node/keys/authority_signing_key" \
            -c "$node/keys/authority_certificate" \
            -a "127.0.0.1:$dirport" >"$node/gencert.log" 2>&1 ||
            { cat "$node/gencert.log" >&2; die "tor-gencert failed for $name"; }
    fi
    "$TOR" --ignore-missing-torrc -f /dev/null --DataDirectory "$node" \
        --ORPort "127.0.0.1:$orport" --Nickname "$name" \
        --list-fingerprint >"$node/fingerprint.log" 2>&1 ||
        { cat "$node/fingerprint.log" >&2; die "tor --list-fingerprint failed for $name"; }
    fpr=$(awk '{ print $2 }' "$node/fingerprint")
    [[ $fpr =~ ^[0-9A-F]{40}$ ]] || die "no relay fingerprint for $name"
}

# ------------------------------------------------------------- commands ---

cmd_start() {
    local dir=$1
    command -v "$TOR" >/dev/null || die "no tor binary ($TOR); install Debian's tor"
    command -v "$TOR_GENCERT" >/dev/null || die "no tor-gencert binary ($TOR_GENCERT)"
    [[ $RELAYS =~ ^[0-9]+$ ]] && [ "$RELAYS" -ge 2 ] ||
        die "TOR_NETWORK_RELAYS must be 2 or more"
    [[ $INTERVAL =~ ^[0-9]+$ ]] && [ "$INTERVAL" -ge 10 ] && [ $((86400 % INTERVAL)) -eq 0 ] ||
        die "TOR_NETWORK_VOTING_INTERVAL must be >= 10 and divide 24 hours"
    [[ $INITIAL_INTERVAL =~ ^[0-9]+$ ]] && [ "$INITIAL_INTERVAL" -ge 10 ] &&
        [ $((86400 % INITIAL_INTERVAL)) -eq 0 ] ||
        die "TOR_NETWORK_INITIAL_INTERVAL must be >= 10 and divide 24 hours"
    # Vote and distribution delays must add up to less than half an interval.
    VOTE_DELAY=$((INTERVAL / 5))
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
        die "$dir exists and is not empty; stop it and remove it first"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd -P)
    mkdir -p "$dir/nodes" "$dir/pids"
    date +%s >"$dir/started-at"
    : >"$dir/ports"
    echo "$INTERVAL" >"$dir/voting-interval"
    # If start fails half way, end what it already launched.
    # shellcheck disable=SC2154 # status is assigned inside the trap
    trap 'status=$?; if [ $status -ne 0 ]; then end_pids "$dir"; release_ports "$dir"; fi' EXIT

    local -a names=() kinds=() orports=() dirports=()
    local i
    for ((i = 1; i <= AUTHORITIES; i++)); do
        names+=("auth$i") kinds+=(authority)
        orports+=("$(claim_port "$dir")") dirports+=("$(claim_port "$dir")")
    done
    for ((i = 1; i <= RELAYS; i++)); do
        names+=("relay$i") kinds+=(relay) orports+=("$(claim_port "$dir")") dirports+=("")
    done

    # Keys of every node, generated in parallel.
    local n name node fpr v3ident
    local -a jobs=()
    for ((n = 0; n < ${#names[@]}; n++)); do
        gen_keys "$dir/nodes/${names[n]}" "${names[n]}" "${kinds[n]}" "${orports[n]}" "${dirports[n]}" &
        jobs+=($!)
    done
    for ((n = 0; n < ${#jobs[@]}; n++)); do
        wait "${jobs[n]}" || die "key generation failed for ${names[n]}"
    done
    : >"$dir/dirauthorities"
    for ((n = 0; n < AUTHORITIES; n++)); do
        name=${names[n]} node="$dir/nodes/$name"
        v3ident=$(awk '$1 == "fingerprint" { print $2; exit }' "$node/keys/authority_certificate")
        fpr=$(awk '{ print $2 }' "$node/fingerprint")
        echo "DirAuthority $name orport=${orports[n]} v3ident=$v3ident 127.0.0.1:${dirports[n]} $fpr" \
            >>"$dir/dirauthorities"
    done

    common_torrc "$dir" >"$dir/client-torrc"
    {
        echo "# Authority and relay layout of $dir"
        for ((n = 0; n < ${#names[@]}; n++)); do
            echo "${names[n]} ${kinds[n]} orport=${orports[n]} dirport=${dirports[n]:--}"
        done
    } >"$dir/layout"
    # Until the first consensus exists, authorities vote (2 * delay) before
    # each boundary of the initial schedule; after it, they follow the
    # interval of that consensus. Authorities started between a vote time
    # and its boundary still vote for that boundary, with no relays known,
    # and such an empty first consensus makes everyone wait a full interval
    # for the next. So launch right after a boundary, unless the next vote
    # is still 10 s or more away (a launch takes 2-8 s here).
    local now pos vote_pos
    now=$(date +%s)
    pos=$((now % INITIAL_INTERVAL))
    vote_pos=$((INITIAL_INTERVAL - 2 * (INITIAL_INTERVAL / 5)))
    if [ $((vote_pos - pos)) -lt 10 ]; then
        note "waiting $((INITIAL_INTERVAL - pos)) s for the next voting boundary, so that" \
            "the first consensus lists every node"
        sleep $((INITIAL_INTERVAL - pos))
        while [ $(($(date +%s) % INITIAL_INTERVAL)) -ge $vote_pos ]; do sleep 0.2; done
    fi
    # Authorities first, so relays find them listening.
    for ((n = 0; n < ${#names[@]}; n++)); do
        name=${names[n]} node="$dir/nodes/$name"
        {
            node_torrc "$dir" "$name" "${kinds[n]}" "${orports[n]}" "${dirports[n]}"
            common_torrc "$dir"
        } >"$node/torrc"
        launch_tor "$dir" "$name" "$node/torrc"
    done
    date +%s >"$dir/launched-at"

    # The watchdog ends the network if nobody stops it (a killed test run),
    # or as soon as DIR is deleted.
    setsid "$SELF" _watchdog "$dir" "$MAX_LIFETIME" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/pids/watchdog.pid"
    trap - EXIT

    note "started ${#names[@]} tor processes under $dir in" \
        "$(($(date +%s) - $(cat "$dir/started-at"))) s; client torrc lines:"
    cat "$dir/client-torrc"
}

# consensus DIR: the microdescriptor consensus as an authority serves it to
# clients, fetched over plain HTTP with bash's /dev/tcp (no curl needed).
consensus() {
    local dir=$1 line port
    while read -r line; do
        port=${line##*127.0.0.1:}
        port=${port%% *}
        local body
        body=$(timeout 5 bash -c '
            exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
            printf "GET /tor/status-vote/current/consensus-microdesc HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3
            cat <&3' _ "$port" 2>/dev/null | tr -d '\r') || continue
        if [[ $body == "HTTP/1.0 200"* ]]; then
            printf '%s\n' "$body" | sed '1,/^$/d'
            return 0
        fi
    done <"$dir/dirauthorities"
    return 1
}

# consensus_problem DIR CONSENSUS: empty if clients can use it, else why not.
consensus_problem() {
    local dir=$1 text=$2 interval
    interval=$(cat "$dir/voting-interval")
    printf '%s\n' "$text" | TZ=UTC awk -v want="$(($(wc -l <"$dir/layout") - 1))" -v interval="$interval" '
        function secs(d, t,   c) { c = d " " t; gsub(/[-:]/, " ", c); return mktime(c) }
        $1 == "valid-after" { va = secs($2, $3) }
        $1 == "fresh-until" { fu = secs($2, $3) }
        $1 == "r" { routers++ }
        $1 == "s" {
            line = " " $0 " "
            if (line ~ / Running / && line ~ / Valid /) running++
            if (line ~ / Guard /) guard++
            if (line ~ / HSDir /) hsdir++
            if (line ~ / Fast /) fast++
            if (line ~ / Stable /) stable++
        }
        $1 == "directory-signature" { sigs++ }
        END {
            if (routers < want) { printf "%d of %d relays listed\n", routers, want; exit }
            if (running < want) { printf "%d of %d relays Running\n", running, want; exit }
            if (guard < 3 || hsdir < 3 || fast < 3 || stable < 3) {
                printf "too few flags: Guard %d HSDir %d Fast %d Stable %d\n", guard, hsdir, fast, stable; exit }
            if (fu - va != interval) {
                printf "consensus interval is %d s, not yet %d s\n", fu - va, interval; exit }
            if (sigs < 2) { printf "%d signatures\n", sigs; exit }
        }'
}

cmd_wait() {
    local dir=$1 timeout=${2:-180} start now text problem="no consensus served yet"
    [ -f "$dir/layout" ] || die "$dir holds no network (run start first)"
    start=$(date +%s)
    while :; do
        local dead
        dead=$(comm -23 <(recorded_pids "$dir" | grep -E '^(auth|relay)' | sort) \
            <(alive_pids "$dir" | sort) | awk '{ print $1 }' | tr '\n' ' ')
        [ -z "$dead" ] || die "tor processes exited: $dead(see $dir/nodes/*/notice.log)"
        if text=$(consensus "$dir"); then
            problem=$(consensus_problem "$dir" "$text")
            [ -n "$problem" ] || break
        fi
        now=$(date +%s)
        if [ $((now - start)) -ge "$timeout" ]; then
            die "no consensus usable by clients after ${timeout} s: $problem (logs: $dir/nodes/*/notice.log)"
        fi
        sleep 2
    done
    now=$(date +%s)
    note "consensus complete $((now - $(cat "$dir/started-at"))) s after start began"
    # Wait until every node has built circuits: then, as a directory cache,
    # it holds the consensus and its microdescriptors. A relay that asked
    # for a consensus before the first one existed got 404s and backs off
    # for up to a minute more; SIGHUP makes tor retry its downloads at once.
    local node name missing hupped_at=$now
    while :; do
        missing=""
        for node in "$dir"/nodes/*/; do
            name=$(basename "$node")
            grep -q 'Bootstrapped 100%' "$node/notice.log" 2>/dev/null || missing+="$name "
        done
        [ -n "$missing" ] || break
        if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
            die "nodes not bootstrapped after ${timeout} s: $missing(logs: $dir/nodes/*/notice.log)"
        fi
        if [ $(($(date +%s) - hupped_at)) -ge 5 ]; then
            for name in $missing; do
                local pid
                pid=$(cat "$dir/pids/$name.pid")
                if pid_is_ours "$pid" "$dir"; then kill -HUP "$pid"; fi
            done
            note "asked ${missing% } to retry their directory downloads (SIGHUP)"
            hupped_at=$(date +%s)
        fi
        sleep 1
    done
    now=$(date +%s)
    note "all nodes bootstrapped $((now - $(cat "$dir/started-at"))) s after start began; checking that a client bootstraps"
    # The proof that clients can use it: a bare client bootstraps. Right after
    # the first consensus, relays acting as directory caches may not have the
    # microdescriptors yet, and a client that asks them then backs off for
    # half a minute; the probe takes that hit instead of the tests.
    local probe="wait-probe-$$" left
    cmd_client "$dir" "$probe" >/dev/null
    left=$((timeout - (now - start)))
    [ $left -ge 30 ] || left=30
    if ! (cmd_client_bootstrapped "$dir" "$probe" "$left"); then
        end_pids "$dir" "client-$probe"
        die "a probe client did not bootstrap within $left s (log: $dir/clients/$probe/notice.log)"
    fi
    end_pids "$dir" "client-$probe"
    now=$(date +%s)
    note "network usable by clients after $((now - start)) s of waiting" \
        "($((now - $(cat "$dir/started-at"))) s after start began)"
}

cmd_stop() {
    local dir=$1 left
    [ -d "$dir" ] || { note "$dir does not exist; nothing to stop"; return 0; }
    dir=$(cd "$dir" && pwd -P)
    end_pids "$dir"
    release_ports "$dir"
    left=$(alive_pids "$dir")
    [ -z "$left" ] || die "still running after KILL: $left"
    note "stopped every process recorded under $dir"
}

cmd_check_stopped() { # DIR [NAME...]: only the named recorded processes if given
    local dir=$1 left
    shift
    dir=$(cd "$dir" && pwd -P)
    left=$(alive_pids "$dir" | awk -v names=" $* " 'names == "  " || index(names, " " $1 " ")' | tr '\n' ' ')
    [ -z "$left" ] || die "recorded processes still alive: $left"
    note "no recorded process${1:+ of $*} is alive ($(recorded_pids "$dir" | wc -l) recorded)"
}

cmd_status() {
    local dir=$1 name pid text
    while read -r name pid; do
        if pid_is_ours "$pid" "$dir"; then echo "$name $pid running"; else echo "$name $pid ended"; fi
    done < <(recorded_pids "$dir")
    if text=$(consensus "$dir"); then
        printf '%s\n' "$text" | grep -E '^(valid-after|fresh-until|r |s )'
        echo "usable by clients: $(p=$(consensus_problem "$dir" "$text"); echo "${p:-yes}")"
    else
        echo "no consensus served"
    fi
}

# Every TCP socket a recorded process listens on must be bound to 127.0.0.1.
cmd_check_listeners() {
    local dir=$1 name pid inodes bad="" count=0
    dir=$(cd "$dir" && pwd -P)
    # LISTEN sockets (state 0A): "inode local-address".
    local listening
    listening=$(awk '$4 == "0A" { print $10, $2 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    while read -r name pid; do
        inodes=$(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null |
            sed 's/socket:\[\(.*\)\]/\1/')
        local inode addr
        for inode in $inodes; do
            addr=$(awk -v i="$inode" '$1 == i { print $2 }' <<<"$listening")
            [ -n "$addr" ] || continue
            count=$((count + 1))
            # 0100007F is 127.0.0.1 in /proc's little-endian hex.
            [[ $addr == 0100007F:* ]] || bad+="$name:$addr "
        done
    done < <(alive_pids "$dir")
    [ -z "$bad" ] || die "listening on more than 127.0.0.1: $bad"
    note "all $count listening TCP sockets of recorded processes are on 127.0.0.1"
}

cmd_client() {
    local dir=$1 name=$2
    shift 2
    [[ $name =~ ^[A-Za-z0-9_-]+$ ]] || die "client name must be alphanumeric"
    [ -f "$dir/client-torrc" ] || die "$dir holds no network"
    dir=$(cd "$dir" && pwd -P)
    local node="$dir/clients/$name" port line
    [ ! -e "$node" ] || die "client $name already exists in $dir/clients"
    mkdir -p "$node"
    chmod 700 "$node"
    port=$(claim_port "$dir")
    {
        echo "# bare tor client $name on the private Tor network in $dir"
        cat "$dir/client-torrc"
        echo "DataDirectory $node"
        echo "SocksPort 127.0.0.1:$port"
        echo "Log notice file $node/notice.log"
        [ -z "$DEBUG_LOG" ] || echo "Log $DEBUG_LOG file $node/$DEBUG_LOG.log"
        echo "SafeLogging 0"
        echo "LogTimeGranularity 1"
        echo "Sandbox 0"
        for line in "$@"; do echo "$line"; done
    } >"$node/torrc"
    launch_tor "$dir" "client-$name" "$node/torrc"
    echo "$port" >"$node/socks-port"
    echo "$port"
}

cmd_client_bootstrapped() {
    local dir=$1 name=$2 timeout=${3:-120} i
    local log="$dir/clients/$name/notice.log"
    for ((i = 0; i < timeout * 2; i++)); do
        if grep -q 'Bootstrapped 100%' "$log" 2>/dev/null; then return 0; fi
        sleep 0.5
    done
    tail -n 20 "$log" >&2 || true
    die "client $name did not bootstrap within ${timeout} s"
}

cmd_watchdog() {
    local dir=$1 lifetime=$2 start known=""
    start=$(date +%s)
    while [ -f "$dir/layout" ] && [ $(($(date +%s) - start)) -lt "$lifetime" ]; do
        # Remembered, so that the processes can be ended even once DIR is gone.
        known=$(alive_pids "$dir" | awk '$1 != "watchdog" { print $2 }')
        # Nothing left to watch once every tor has ended.
        [ -n "$known" ] || exit 0
        sleep 5
    done
    # shellcheck disable=SC2086,SC2046 # lists of pids
    end_pid_list "$dir" $known $(alive_pids "$dir" 2>/dev/null | awk '$1 != "watchdog" { print $2 }')
    release_ports "$dir" 2>/dev/null || true
}

[ $# -ge 2 ] || usage
command=$1 dir=$2
shift 2
case $command in
start) cmd_start "$dir" ;;
wait) cmd_wait "$dir" "$@" ;;
stop) cmd_stop "$dir" ;;
check-stopped) cmd_check_stopped "$dir" "$@" ;;
status) cmd_status "$dir" ;;
check-listeners) cmd_check_listeners "$dir" ;;
port) [ -f "$dir/ports" ] || die "$dir holds no network"; claim_port "$(cd "$dir" && pwd -P)" ;;
client) [ $# -ge 1 ] || usage; cmd_client "$dir" "$@" ;;
client-bootstrapped) [ $# -ge 1 ] || usage; cmd_client_bootstrapped "$dir" "$@" ;;
stop-client) [ $# -eq 1 ] || usage; end_pids "$(cd "$dir" && pwd -P)" "client-$1" ;;
_watchdog) cmd_watchdog "$dir" "$1" ;;
*) usage ;;
esac
