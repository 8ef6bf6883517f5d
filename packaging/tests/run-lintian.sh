#!/usr/bin/env bash
# Lintian on the .deb: no errors at all, and every other tag (warning, info,
# pedantic, experimental) must be listed with its reason in
# packaging/lintian-kept.txt.
set -euo pipefail
dir=$1
kept=$2
fail() { echo "run-lintian: $*" >&2; exit 1; }
debs=("$dir"/chive_*.deb)
[ -f "${debs[0]}" ] || fail "no chive_*.deb in $dir"

# Lintian prefers not to run as root; the CI containers are root, and it
# only reads the package, so that warning is dropped.
out=$(lintian --no-cfg -I -E --pedantic --fail-on none "${debs[0]}" 2>&1 |
    grep -v '^running with root privileges is not recommended!$' || true)
echo "lintian $(lintian --print-version) on $(basename "${debs[0]}"):"
echo "${out:-(no tags)}"
errors=$(grep -E '^E: ' <<<"$out" || true)
[ -z "$errors" ] || fail "lintian reports errors"
unknown=""
while read -r severity _ tag _; do
    [ -n "$tag" ] || continue
    grep -qE "^${tag}[[:space:]]" "$kept" || unknown+=" $tag ($severity)"
done < <(grep -E '^[WIPX]: ' <<<"$out")
[ -z "$unknown" ] || fail "tags not listed in $(basename "$kept"):$unknown"
echo "run-lintian: ok"
