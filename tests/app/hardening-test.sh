#!/usr/bin/env bash
# The chive executable keeps its hardening: PIE, full RELRO (BIND_NOW), a
# non-executable stack, stack protector and _FORTIFY_SOURCE checks linked in.
set -euo pipefail
bin=$1
fail() { echo "hardening-test: $*" >&2; exit 1; }
header=$(readelf -hW "$bin")
segments=$(readelf -lW "$bin")
dynamic=$(readelf -dW "$bin")
grep -q 'DYN (Position-Independent Executable' <<<"$header" || fail "not PIE"
grep -q GNU_RELRO <<<"$segments" || fail "no RELRO segment"
grep -q 'BIND_NOW' <<<"$dynamic" || fail "not full RELRO (no BIND_NOW)"
awk '$1 == "GNU_STACK" { exit ($7 ~ /E/) }' <<<"$segments" || fail "executable stack"
symbols=$(nm -D "$bin")
grep -q '__stack_chk_fail' <<<"$symbols" || fail "no stack protector"
grep -q '_chk@' <<<"$symbols" || fail "no _FORTIFY_SOURCE checks"
echo "hardening-test: ok"
