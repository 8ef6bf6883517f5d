#!/usr/bin/env bash
# Runs chive-noise-vectors on the committed vector files (vectors/*.json).
#   noise-vectors-test.sh pass    TOOL VECTOR_DIR  every vector passes, none skipped
#   noise-vectors-test.sh flipped TOOL VECTOR_DIR  one flipped ciphertext byte (in a
#                                                  handshake message, then in a transport
#                                                  message) fails exactly that vector
#   noise-vectors-test.sh hostile TOOL VECTOR_DIR  malformed files give clear errors, no crash
set -euo pipefail
mode=$1
tool=$2
dir=$3
files=("$dir"/*.json)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each vector carries exactly one "name" or "protocol_name" key.
count_vectors() { grep -Eo '"(protocol_)?name"[[:space:]]*:' "$@" | wc -l; }

# run FILE... : sets out and status
run() {
    set +e
    out=$("$tool" "$@" 2>&1)
    status=$?
    set -e
}

expect() { # STATUS PATTERN
    if [ "$status" -ne "$1" ] || ! grep -Eq -- "$2" <<<"$out"; then
        echo "expected exit $1 and output matching '$2'; got exit $status:" >&2
        echo "$out" | tail -20 >&2
        exit 1
    fi
}

case $mode in
pass)
    total=$(count_vectors "${files[@]}")
    run "${files[@]}"
    echo "$out" | tail -1
    expect 0 "^$total passed, 0 failed, 0 skipped$"
    ;;
flipped)
    first=${files[0]}
    total=$(count_vectors "$first")
    # Flips the low bit of the first hex digit of the K-th ciphertext: K=1 is
    # the first vector's first handshake message, K=6 its message 5, a
    # transport message after Split().
    for k in 1 6; do
        perl -0pe 'my $n = 0; s/("ciphertext"\s*:\s*")([0-9a-fA-F])/++$n == '"$k"' ? $1 . sprintf("%x", hex($2) ^ 1) : $1 . $2/ge' \
            "$first" >"$work/flipped.json"
        if cmp -s "$first" "$work/flipped.json"; then
            echo "could not flip ciphertext $k" >&2
            exit 1
        fi
        run "$work/flipped.json"
        echo "$out"
        expect 1 "^$((total - 1)) passed, 1 failed, 0 skipped$"
        expect 1 "^FAIL .*: message $((k - 1)): "
    done
    ;;
hostile)
    # Not JSON, truncated JSON, no vectors array: the file is refused (exit 2).
    printf 'not json' >"$work/garbage.json"
    head -c 1000 "${files[0]}" >"$work/truncated.json"
    printf '{"vectors": 5}' >"$work/novectors.json"
    perl -e 'print "[" x 200000' >"$work/deep.json"
    for f in garbage truncated novectors deep; do
        run "$work/$f.json"
        expect 2 "$f.json: "
    done
    # Bad fields fail their vector (exit 1) and are named.
    printf '%s' '{"vectors": [{"name": "Noise_NN_25519_ChaChaPoly_SHA256", "init_ephemeral": "zz", "resp_ephemeral": "00", "messages": []}, 7, {"name": 3}, {"protocol_name": "Noise_KK_25519_ChaChaPoly_BLAKE2b", "init_ephemeral": "0000000000000000000000000000000000000000000000000000000000000000", "resp_ephemeral": "0000000000000000000000000000000000000000000000000000000000000000", "messages": [{"payload": "", "ciphertext": ""}]}, {"name": "Noise_XXpsk3_25519_ChaChaPoly_SHA256"}]}' \
        >"$work/badfields.json"
    run "$work/badfields.json"
    echo "$out"
    expect 1 "^0 passed, 4 failed, 1 skipped$"
    expect 1 "init_ephemeral is not a hex string"
    expect 1 "initiator: the handshake pattern needs a local static key"
    ;;
*)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
echo "noise-vectors-test $mode: ok"
