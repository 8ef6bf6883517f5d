#!/usr/bin/env bash
# A fixed ephemeral key destroys forward secrecy, so the test-only entry
# point HandshakeState::createWithFixedEphemeralForTest may be called from
# tests/ only. Fails, naming the lines, if any other code calls it.
set -u
root=$1
if hits=$(grep -rn --include='*.cpp' --include='*.h' 'createWithFixedEphemeralForTest' \
    "$root/core" "$root/storage" "$root/transport" "$root/ui" "$root/app" |
    grep -v "^$root/core/crypto/HandshakeState\.\(h\|cpp\):"); then
    echo "fixed-ephemeral check: called outside tests/:" >&2
    echo "$hits" >&2
    exit 1
fi
echo "fixed-ephemeral check: ok"
