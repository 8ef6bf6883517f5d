#!/usr/bin/env bash
# QR interoperability with independent implementations, on fresh random
# links:
#  - Debian's zbarimg (ZBar) reads the PNG Chive renders to the exact QR text;
#  - Chive reads the PNGs that Debian's zint (libzint) makes of the same link,
#    upper-case (alphanumeric mode) and lower-case (byte mode), at every
#    error-correction level.
#   qr-interop-test.sh CHIVE_QR_TOOL WORK_DIR [COUNT]
set -euo pipefail
tool=$1
work=$2
count=${3:-20}
for program in zbarimg zint; do
    command -v "$program" >/dev/null ||
        { echo "qr-interop: $program is missing (run cmake/setup-debian.sh)" >&2; exit 1; }
done
rm -rf "$work"
mkdir -p "$work"

passed=0
failed=0
check() { # description expected actual
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $1: expected '$2', got '$3'" >&2
    fi
}

for i in $(seq 1 "$count"); do
    link=$("$tool" link)
    qr=$("$tool" render-link "$link" "$work/chive-$i.png")
    # zbarimg --raw prints the symbol's data and a newline (and, without a
    # system D-Bus, complaints about it on stderr, kept in the log).
    check "zbarimg on Chive's PNG $i" "$qr" \
        "$(zbarimg --quiet --raw "$work/chive-$i.png" 2>>"$work/zbarimg.log" || true)"

    level=$(((i - 1) % 4 + 1)) # zint's --secure: 1=L 2=M 3=Q 4=H
    zint --barcode=QRCODE --secure="$level" --scale=3 --data="$qr" --output="$work/zint-$i.png"
    check "Chive on zint's PNG $i (upper case, level $level)" "$link" \
        "$("$tool" decode-link "$work/zint-$i.png" 2>&1 || true)"
    zint --barcode=QRCODE --secure="$level" --scale=2 --data="$link" --output="$work/zint-lower-$i.png"
    check "Chive on zint's PNG $i (lower case, level $level)" "$link" \
        "$("$tool" decode-link "$work/zint-lower-$i.png" 2>&1 || true)"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
