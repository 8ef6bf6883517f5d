#!/usr/bin/env bash
# Configures and builds the clang ASan+UBSan+libFuzzer build of the fuzz
# targets in BUILD_DIR (incremental on later runs).
#   build-fuzzers.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHIVE_FUZZ=ON -DCHIVE_BUILD_TESTS=OFF >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
cmake --build "$build" --target chive_fuzzers -j "$(nproc)"
