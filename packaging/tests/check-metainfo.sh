#!/usr/bin/env bash
# The AppStream metainfo validates offline (--no-net: the build machines have
# no internet, and the screenshot URLs are placeholders under chive.invalid).
# Errors and warnings fail; of the informational hints only the one we keep
# on purpose is allowed (see packaging/README.md). The newest release must be
# the project's version.
#
# Every screenshot URL https://chive.invalid/screenshots/NAME.png is
# published from packaging/screenshots/NAME.png: the file must exist, be a
# PNG of the width and height the <image> element declares, and every file
# there must be listed (a file nobody publishes is stale).
set -euo pipefail
metainfo=$1
version=$2
screenshots=$3
fail() { echo "check-metainfo: $*" >&2; exit 1; }

out=$(appstreamcli validate --no-net --pedantic "$metainfo" 2>&1) || { echo "$out"; fail "appstreamcli validate failed"; }
echo "$out"
# The ".invalid" TLD is not in the validator's list; the id is still the
# reverse of the project's placeholder domain, on purpose.
unexpected=$(grep -E '^[EWIP]: ' <<<"$out" |
    grep -vE '^I: [^ ]+ cid-maybe-not-rdns ' |
    grep -vE '^P: [^ ]+ cid-contains-uppercase-letter ' || true)
[ -z "$unexpected" ] || fail "unexpected validator output: $unexpected"

grep -q '<launchable type="desktop-id">chive.desktop</launchable>' "$metainfo" || fail "launchable is not chive.desktop"
first_release=$(grep -oE '<release version="[^"]+"' "$metainfo" | head -n 1 | cut -d'"' -f2)
[ "$first_release" = "$version" ] || fail "newest release is '$first_release', project version is $version"
grep -q '<content_rating type="oars-1.1"' "$metainfo" || fail "no OARS content rating"
grep -q '<screenshot type="default">' "$metainfo" || fail "no default screenshot"
python3 - "$metainfo" "$screenshots" <<'PYTHON' || fail "the screenshots do not match the metainfo"
import os, struct, sys
import xml.etree.ElementTree as ET

metainfo, directory = sys.argv[1], sys.argv[2]
prefix = "https://chive.invalid/screenshots/"
max_bytes = 256 * 1024  # they are downloaded by every software centre
problems, listed = [], set()
images = ET.parse(metainfo).getroot().findall("./screenshots/screenshot/image")
if not images:
    problems.append("no <image> in <screenshots>")
for image in images:
    url = (image.text or "").strip()
    if not url.startswith(prefix) or not url.endswith(".png") or "/" in url[len(prefix):]:
        problems.append(f"{url}: not {prefix}NAME.png")
        continue
    name = url[len(prefix):]
    listed.add(name)
    path = os.path.join(directory, name)
    if not os.path.isfile(path):
        problems.append(f"{url}: no file {path}")
        continue
    with open(path, "rb") as f:
        head = f.read(24)
    # PNG signature, then the IHDR chunk: length 13, "IHDR", width, height.
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        problems.append(f"{path}: not a PNG")
        continue
    width, height = struct.unpack(">II", head[16:24])
    declared = (image.get("width"), image.get("height"))
    if declared != (str(width), str(height)):
        problems.append(f"{url}: declares width={declared[0]} height={declared[1]}, "
                        f"{name} is {width}x{height}")
    if os.path.getsize(path) > max_bytes:
        problems.append(f"{path}: {os.path.getsize(path)} bytes, more than {max_bytes}")
    print(f"screenshot {name}: {width}x{height}, {os.path.getsize(path)} bytes")
for name in sorted(set(os.listdir(directory)) - listed):
    problems.append(f"{os.path.join(directory, name)} is not listed in the metainfo")
for problem in problems:
    print(f"check-metainfo: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
PYTHON
echo "check-metainfo: ok"
