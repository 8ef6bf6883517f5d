#!/usr/bin/env bash
# The AppStream metainfo validates offline (--no-net: the build machines have
# no internet, and the screenshot URLs are placeholders under chive.invalid).
# Errors and warnings fail; of the informational hints only the one we keep
# on purpose is allowed (see packaging/README.md). The newest release must be
# the project's version.
set -euo pipefail
metainfo=$1
version=$2
fail() { echo "check-metainfo: $*" >&2; exit 1; }

out=$(appstreamcli validate --no-net --pedantic "$metainfo" 2>&1) || { echo "$out"; fail "appstreamcli validate failed"; }
echo "$out"
# The ".invalid" TLD is not in the validator's list; the id is still the
# reverse of the project's placeholder domain, on purpose.
unexpected=$(grep -E '^[EWIP]: ' <<<"$out" |
    grep -vE '^I: [^ ]+ cid-maybe-not-rdns ' |
    grep -vE '^P: [^ ]+ cid-contains-uppercase-letter ' || true)
[ -z "$unexpected" ] || fail "unexpected validator output: $unexpected"

grep -q '<launchable type="desktop-id">chive.desktop</launchable>' "$metainfo" || fail "launchable is not chive.desktop"
first_release=$(grep -oE '<release version="[^"]+"' "$metainfo" | head -n 1 | cut -d'"' -f2)
[ "$first_release" = "$version" ] || fail "newest release is '$first_release', project version is $version"
grep -q '<content_rating type="oars-1.1"' "$metainfo" || fail "no OARS content rating"
grep -q '<screenshot type="default">' "$metainfo" || fail "no default screenshot"
echo "check-metainfo: ok"
