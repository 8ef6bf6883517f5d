#!/usr/bin/env bash
# `chive --version` names Chive and the library versions actually linked:
# compared with what the system and the pinned Tor say independently.
set -euo pipefail
chive=$1
tor_version=$2
out=$("$chive" --version)
echo "$out"
fail() { echo "version-test: $*" >&2; exit 1; }
grep -qx "Chive [0-9]\+\.[0-9]\+\.[0-9]\+" <<<"$out" || fail "no Chive version line"
grep -q "^Tor $tor_version (embedded, Debian " <<<"$out" || fail "Tor line does not show $tor_version"
sqlcipher_pkg=$(dpkg-query -W -f='${Version}' libsqlcipher-dev | cut -d- -f1)
grep -q "^SQLCipher $sqlcipher_pkg community" <<<"$out" || fail "SQLCipher line does not show $sqlcipher_pkg"
sodium_pkg=$(pkg-config --modversion libsodium)
grep -qx "libsodium $sodium_pkg" <<<"$out" || fail "libsodium line does not show $sodium_pkg"
qt_pkg=$(dpkg-query -W -f='${Version}' libqt6core6 | cut -d+ -f1)
grep -qx "Qt $qt_pkg" <<<"$out" || fail "Qt line does not show $qt_pkg"
# --help and a bad option behave too.
"$chive" --help | grep -q -- "--profile DIR" || fail "--help does not list --profile"
if "$chive" --no-such-option 2>/dev/null; then fail "a bad option exited 0"; fi
echo "version-test: ok"
