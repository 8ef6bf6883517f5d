#!/usr/bin/env bash
# Runs one fuzzer for a bounded time from its seed corpus (copied, so the
# source tree is not modified). Exits non-zero on any crash, leak, sanitizer
# report or timeout, leaving the reproducer in WORK_DIR.
#   run-fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS
set -euo pipefail
fuzzer=$1
seeds=$2
work=$3
seconds=$4
rm -rf "$work"
mkdir -p "$work/corpus"
if [ -d "$seeds" ]; then cp -r "$seeds/." "$work/corpus/"; fi
cd "$work"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/" corpus 2>"$work/log" || {
    tail -50 "$work/log"
    echo "fuzzer $(basename "$fuzzer") failed; reproducer in $work" >&2
    exit 1
}
grep -E '^(stat::number_of_executed_units|#[0-9]+ +DONE)' "$work/log" || true
