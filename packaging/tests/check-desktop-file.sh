#!/usr/bin/env bash
# The desktop entry validates without a single hint, and carries what the
# desktop needs to open chive: links with Chive (issue 8).
set -euo pipefail
desktop=$1
fail() { echo "check-desktop-file: $*" >&2; exit 1; }

out=$(desktop-file-validate "$desktop" 2>&1) || { echo "$out"; fail "desktop-file-validate failed"; }
[ -z "$out" ] || { echo "$out"; fail "desktop-file-validate printed hints or warnings"; }

# Each key exactly once, with exactly this value.
expect() {
    local got
    got=$(grep -E "^$1=" "$desktop" || true)
    [ "$got" = "$1=$2" ] || fail "expected '$1=$2', found '${got:-nothing}'"
}
expect Type Application
expect Exec 'chive %u'
expect Icon chive
expect Terminal false
expect MimeType 'x-scheme-handler/chive;'
expect Categories 'Network;InstantMessaging;'
echo "check-desktop-file: ok"
