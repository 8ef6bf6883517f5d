#!/usr/bin/env bash
# A second build reuses the cached libtor.a: build-libtor.sh with the cache
# the build used answers at once with the same prefix, fetching and compiling
# nothing.
#   tor-cache-test.sh SOURCE_DIR CACHE_ROOT EXPECTED_PREFIX
set -euo pipefail
src=$1
cache=$2
expected=$3
start=$(date +%s%N)
prefix=$(bash "$src/cmake/build-libtor.sh" "$cache" 2>"${TMPDIR:-/tmp}/tor-cache-test.err")
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$prefix" = "$expected" ] || { echo "cache answered $prefix, build used $expected" >&2; exit 1; }
if [ -s "${TMPDIR:-/tmp}/tor-cache-test.err" ]; then
    echo "build-libtor.sh did work on a warm cache:" >&2
    cat "${TMPDIR:-/tmp}/tor-cache-test.err" >&2
    exit 1
fi
[ -f "$prefix/lib/libtor.a" ] && [ -f "$prefix/include/tor_api.h" ] || { echo "cache is incomplete" >&2; exit 1; }
echo "tor-cache-test: ok, cached libtor.a found in ${elapsed_ms} ms"
