#!/usr/bin/env bash
# A fixed ephemeral key destroys forward secrecy, so the test-only entry
# points HandshakeState::createWithFixedEphemeralForTest and
# SessionHandshake::createWithFixedEphemeralForTest (which forwards to it)
# may be called from tests/ only. Fails, naming the lines, if any other code
# mentions them.
set -u
root=$1
if hits=$(grep -rn --include='*.cpp' --include='*.h' 'createWithFixedEphemeralForTest' \
    "$root/core" "$root/storage" "$root/transport" "$root/ui" "$root/app" |
    grep -v -e "^$root/core/crypto/HandshakeState\.\(h\|cpp\):" \
        -e "^$root/core/session/SessionHandshake\.\(h\|cpp\):"); then
    echo "fixed-ephemeral check: called outside tests/:" >&2
    echo "$hits" >&2
    exit 1
fi
echo "fixed-ephemeral check: ok"
