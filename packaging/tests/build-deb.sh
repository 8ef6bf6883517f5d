#!/usr/bin/env bash
# Fixture for the packaging tests: builds the .deb from
# an already built tree with CPack, into OUT_DIR, replacing what was there.
set -euo pipefail
config=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
start=$SECONDS
cpack --config "$config" -G DEB -B "$out" >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
rm -rf "$out/_CPack_Packages"
ls -l "$out"/*.deb
echo "build-deb: built in $((SECONDS - start)) s"
