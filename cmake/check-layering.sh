#!/usr/bin/env bash
# Layering rule: core/ and storage/ never include Qt, and neither do
# transport/'s headers (its public interface). Prints every offending line.
set -u
root=${1:-.}
status=0
qt_include='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](Q[A-Za-z]+|Qt[A-Za-z]+/)'
for dir in core storage transport; do
    [ -d "$root/$dir" ] || continue
    filter=()
    [ "$dir" = transport ] && filter=(--include='*.h' --include='*.hpp')
    if hits=$(grep -rnE "${filter[@]}" "$qt_include" "$root/$dir"); then
        echo "layering: Qt is included in $dir/ (must stay Qt-free):" >&2
        echo "$hits" >&2
        status=1
    fi
done
exit $status
