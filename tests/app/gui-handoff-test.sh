#!/usr/bin/env bash
# The single-instance hand-off on the real binary (offscreen platform): a
# first chive runs on an unlocked profile with its embedded Tor (network
# disabled); a second `chive chive:LINK` on the same profile must pass the
# link to the first and exit 0 within seconds without starting Tor; a third
# start without a link must only raise the first and exit 0; a start while
# the first does not answer must exit 1. The link never reaches any log.
# Then SIGTERM ends the first: exit 0, socket gone, no process left.
#   gui-handoff-test.sh CHIVE
set -euo pipefail
chive=$1
work=$(mktemp -d)
first=
cleanup() {
    if [ -n "$first" ]; then
        kill -CONT "$first" 2>/dev/null || true
        kill -KILL "$first" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "gui-handoff-test: $*" >&2
    for f in "$work"/*.err; do
        [ -e "$f" ] && { echo "--- $f" >&2; grep -v -F -- "${link:-chive:}" "$f" >&2 || true; }
    done
    exit 1
}
export QT_QPA_PLATFORM=offscreen
export XDG_CONFIG_HOME=$work/config
profile=$work/profile
password="hand-off test password 1"

# A syntactically valid link, made by another profile through the headless mode.
printf '{"id":1,"cmd":"create","password":"peer password 1"}\n{"id":2,"cmd":"new_invitation","alias":"me"}\n{"id":3,"cmd":"quit"}\n' |
    timeout 60 "$chive" --headless --offline --profile "$work/peer" >"$work/peer.out" 2>"$work/peer.err" ||
    fail "the headless mode could not make a link"
link=$(grep -o '"link":"chive:[a-z0-9]*"' "$work/peer.out" | head -n 1 | cut -d'"' -f4)
[[ $link == chive:?* ]] || fail "no link from the headless mode"
printf '{"id":1,"cmd":"create","password":"%s"}\n{"id":2,"cmd":"quit"}\n' "$password" |
    timeout 60 "$chive" --headless --offline --profile "$profile" >"$work/create.out" 2>"$work/create.err" ||
    fail "the headless mode could not make the profile"

wait_line() { # FILE PATTERN TENTHS
    for _ in $(seq 1 "$3"); do
        grep -q -- "$2" "$1" && return 0
        kill -0 "$first" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

CHIVE_PASSWORD_FD=3 "$chive" --offline --profile "$profile" \
    3< <(printf '%s' "$password") 2>"$work/first.err" &
first=$!
wait_line "$work/first.err" '^chive: waiting for other starts on ' 200 || fail "the first start does not listen"
wait_line "$work/first.err" '^chive: unlocked' 200 || fail "the first start did not unlock"
wait_line "$work/first.err" '^chive: Tor bootstrap' 200 || fail "the first start did not start Tor"

# A clicked link: handed over, not a second Tor.
code=0
SECONDS=0
timeout 10 "$chive" --offline --profile "$profile" "$link" >"$work/second.out" 2>"$work/second.err" || code=$?
[ "$code" -eq 0 ] || fail "the second start exited with $code"
[ "$SECONDS" -le 5 ] || fail "the second start took $SECONDS s"
grep -qx 'chive: Chive is already running; the link was passed to it' "$work/second.err" ||
    fail "the second start did not say that it passed the link"
! grep -q 'Tor bootstrap' "$work/second.err" || fail "the second start started Tor"
wait_line "$work/first.err" '^chive: received a contact link from another start$' 50 ||
    fail "the first start did not receive the link"
[ "$(grep -c 'received a contact link' "$work/first.err")" -eq 1 ] || fail "the link arrived more than once"

# A plain second start only raises the first.
code=0
timeout 10 "$chive" --profile "$profile" >"$work/third.out" 2>"$work/third.err" || code=$?
[ "$code" -eq 0 ] || fail "the start without a link exited with $code"
grep -qx 'chive: Chive is already running; its window was raised' "$work/third.err" ||
    fail "the start without a link did not say that it raised the first"
sleep 0.5
[ "$(grep -c 'received a contact link' "$work/first.err")" -eq 1 ] || fail "a start without a link delivered one"

# A first that does not answer: the second says so and exits 1.
kill -STOP "$first"
code=0
timeout 20 "$chive" --profile "$profile" >"$work/stuck.out" 2>"$work/stuck.err" || code=$?
kill -CONT "$first"
[ "$code" -eq 1 ] || fail "a start facing a first that does not answer exited with $code"
grep -q '^chive: Chive is already running on this profile, but ' "$work/stuck.err" ||
    fail "a start facing a first that does not answer did not say so"

# The link is in no log.
! grep -rqF -- "${link#chive:}" "$work"/*.err || fail "the link was written to a log"

kill -TERM "$first"
for _ in $(seq 1 200); do
    kill -0 "$first" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$first" 2>/dev/null && fail "the first start did not end after SIGTERM"
code=0
wait "$first" || code=$?
first=
[ "$code" -eq 0 ] || fail "the first start exited with $code after SIGTERM"
[ ! -e "$profile/instance.sock" ] || fail "the socket was left behind"
if pgrep -f -- "--profile $profile" >/dev/null; then
    fail "a chive process was left behind"
fi
echo "gui-handoff-test: ok"
