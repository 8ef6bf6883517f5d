#!/usr/bin/env bash
# Every C++ file in the repository is formatted with the repo's .clang-format.
set -euo pipefail
cd "$1"
files=$(git ls-files '*.cpp' '*.h' 2>/dev/null || find . -name '*.cpp' -o -name '*.h')
# shellcheck disable=SC2086
clang-format-14 --dry-run --Werror $files
echo "format-check: ok ($(wc -w <<<"$files") files)"
