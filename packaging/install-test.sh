#!/usr/bin/env bash
# Install test for the .deb (issue 8), in a clean Debian 12 root:
#
#   install-test.sh DEB|DIR     (DIR: the one chive_*.deb in it)
#
# 1. debootstrap a minbase bookworm root into a temporary directory from this
#    machine's own Debian mirror (read from apt; nothing else is contacted).
#    The finished root is cached as a tarball in ~/.cache/chive/ (or
#    $XDG_CACHE_HOME/chive/), and so are the .debs apt downloads, so that a
#    second run only unpacks and installs.
# 2. Enable bookworm-updates, -security and -backports (SQLCipher 4) in it and
#    `apt-get install ./chive_*.deb`: apt resolves Depends and Recommends.
#    The camera's Qt and GStreamer plugins are there (checked by file).
# 3. As an unprivileged user: `chive --version` must name this version and the
#    embedded Tor; a headless create-profile runs once `chive --help` lists
#    --headless (issue 6), else the step says it was skipped.
# 4. The installed executable keeps its hardening.
# 5. `apt-get purge chive`: nothing that `dpkg -L chive` listed is left, and no
#    file in /etc or /usr, and no path outside the user's home, mentions
#    chive. The user's profile (user data) may stay.
#
# Slow (minutes on the first run): runs only with CHIVE_SLOW_TESTS=1, else
# exits 77, which ctest reports as skipped. Needs root (debootstrap, chroot,
# mounting /proc); only /proc is mounted, and it is unmounted on every exit
# path before the root is deleted. Tor is never started with network access:
# the headless step passes --offline.

# dpkg-query's ${Field} formats are meant literally.
# shellcheck disable=SC2016
set -euo pipefail

readonly SUITE=bookworm
readonly VARIANT=minbase

log() { echo "install-test: $*"; }
fail() {
    echo "install-test: FAILED: $*" >&2
    exit 1
}

if [ "${CHIVE_SLOW_TESTS:-0}" != 1 ]; then
    log "not run: set CHIVE_SLOW_TESTS=1 to debootstrap a Debian 12 root and install the package in it"
    exit 77
fi
[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot); run as root or through sudo"
for tool in debootstrap chroot dpkg-deb readelf; do
    command -v "$tool" >/dev/null || fail "$tool is missing (run cmake/setup-debian.sh)"
done

here=$(cd "$(dirname "$0")" && pwd)
deb=${1:?usage: install-test.sh DEB|DIR}
if [ -d "$deb" ]; then
    debs=("$deb"/chive_*.deb)
    if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then fail "expected one chive_*.deb in $deb"; fi
    deb=${debs[0]}
fi
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
upstream=${version%-*}

# This machine's mirrors, as apt uses them (deb822 or one-line sources).
mirror_for() { # suite/component
    apt-cache policy | awk -v want="$1" '$3 == want && $2 ~ /^https?:/ { print $2; exit }'
}
mirror=$(mirror_for "$SUITE/main")
security=$(mirror_for "$SUITE-security/main")
[ -n "$mirror" ] || fail "no $SUITE main entry in this machine's apt sources"

cache=${XDG_CACHE_HOME:-$HOME/.cache}/chive
key=$(echo "$SUITE $VARIANT $arch $mirror $(dpkg-query -W -f='${Version}' debootstrap)" | sha256sum | cut -c1-12)
base_tarball=$cache/debootstrap-$SUITE-$VARIANT-$arch-$key.tar.gz
deb_cache=$cache/install-test-debs-$SUITE-$arch
mkdir -p "$cache" "$deb_cache"

start=$SECONDS
root=$(mktemp -d "${TMPDIR:-/tmp}/chive-install-test.XXXXXX")
mounted=()
cleanup() {
    local status=$? mount
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        mount=${mounted[i]}
        umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
    done
    # Never delete through a mount point that is still there.
    if grep -qF " $root/" /proc/self/mountinfo; then
        echo "install-test: mounts remain under $root; not deleting it" >&2
        status=1
    else
        rm -rf "$root"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }

# 1. The base system.
phase=$SECONDS
if [ -f "$base_tarball" ]; then
    tar -C "$root" -xzf "$base_tarball"
    log "base root unpacked from cache $(basename "$base_tarball") in $((SECONDS - phase)) s"
else
    log "debootstrap --variant=$VARIANT $SUITE from $mirror (once; cached afterwards)"
    debootstrap --variant="$VARIANT" --arch="$arch" "$SUITE" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 || {
        tail -30 "$root.debootstrap.log" >&2
        rm -f "$root.debootstrap.log"
        fail "debootstrap failed"
    }
    rm -f "$root.debootstrap.log"
    rm -f "$root/var/cache/apt/archives/"*.deb
    find "$root/var/lib/apt/lists" -maxdepth 1 -type f -name '*_*' -delete
    tar -C "$root" -czf "$base_tarball.tmp" . && mv "$base_tarball.tmp" "$base_tarball"
    log "debootstrap done in $((SECONDS - phase)) s; cached as $base_tarball ($(du -h "$base_tarball" | cut -f1))"
fi
[ -x "$root/usr/bin/apt-get" ] || fail "the base root has no apt-get"

chmod 755 "$root"
mount -t proc proc "$root/proc"
mounted+=("$root/proc")
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Nothing may start a service inside the root.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
{
    echo "Types: deb"
    echo "URIs: $mirror"
    echo "Suites: $SUITE $SUITE-updates $SUITE-backports"
    echo "Components: main"
    echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    if [ -n "$security" ]; then
        echo
        echo "Types: deb"
        echo "URIs: $security"
        echo "Suites: $SUITE-security"
        echo "Components: main"
        echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    fi
} >"$root/etc/apt/sources.list.d/debian.sources"
rm -f "$root/etc/apt/sources.list"
log "apt sources in the root: $mirror ($SUITE, -updates, -backports)${security:+, $security ($SUITE-security)}"

# 2. Install the package; apt resolves its dependencies.
phase=$SECONDS
in_root apt-get update -qq >/dev/null || fail "apt-get update in the root failed"
cp "$deb_cache"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
cp "$deb" "$root/tmp/"
before_packages=$(in_root dpkg-query -W -f='${Package}\n' | wc -l)
in_root apt-get install -y -q "/tmp/$(basename "$deb")" >"$root/tmp/apt.log" 2>&1 || {
    tail -40 "$root/tmp/apt.log" >&2
    fail "apt-get install of the package failed"
}
after_packages=$(in_root dpkg-query -W -f='${Package}\n' | wc -l)
cp -u "$root/var/cache/apt/archives/"*.deb "$deb_cache/" 2>/dev/null || true
rm -f "$root/tmp/$(basename "$deb")"
status=$(in_root dpkg-query -W -f='${db:Status-Status} ${Version}' chive)
[ "$status" = "installed $version" ] || fail "dpkg reports chive as '$status'"
for recommended in obfs4proxy snowflake-client gstreamer1.0-plugins-base gstreamer1.0-plugins-good; do
    in_root dpkg-query -W -f='${db:Status-Status}' "$recommended" 2>/dev/null | grep -qx installed ||
        fail "recommended package $recommended was not installed"
done
# What a camera needs under Qt 6.4's GStreamer backend: the backend plugin
# (in libqt6multimedia6), the V4L2 device provider and source, jpegdec,
# videoconvert/videoscale and appsink.
for file in qt6/plugins/multimedia/libgstreamermediaplugin.so gstreamer-1.0/libgstvideo4linux2.so \
    gstreamer-1.0/libgstjpeg.so gstreamer-1.0/libgstvideoconvertscale.so gstreamer-1.0/libgstapp.so; do
    [ -f "$root/usr/lib/x86_64-linux-gnu/$file" ] || fail "the camera's $file is not installed"
done
downloaded=$(grep -c '^Get:' "$root/tmp/apt.log" || true)
log "installed chive $version and $((after_packages - before_packages - 1)) other packages" \
    "(dependencies and recommendations; $downloaded downloaded, the rest from the cache) in $((SECONDS - phase)) s"
in_root dpkg-query -W -f='    ${Package} ${Version}\n' libsqlcipher1 libqt6widgets6 libsodium23

# 3. Run it as an ordinary user.
in_root useradd --create-home --shell /bin/sh tester
uid=$(in_root id -u tester)
gid=$(in_root id -g tester)
as_user() { chroot --userspec="$uid:$gid" --groups="$gid" "$root" /usr/bin/env -i HOME=/home/tester \
    PATH=/usr/bin:/bin LC_ALL=C.UTF-8 "$@"; }
version_out=$(as_user chive --version) || fail "chive --version failed"
indent() { sed 's/^/    /'; }
indent <<<"$version_out"
grep -qx "Chive $upstream" <<<"$version_out" || fail "chive --version does not say Chive $upstream"
grep -qE '^Tor [0-9.]+ \(embedded' <<<"$version_out" || fail "chive --version does not name the embedded Tor"

help_out=$(as_user chive --help) || fail "chive --help failed"
if grep -q -- '--headless' <<<"$help_out"; then
    # The headless mode of issue 6 (doc/headless.md): {"id", "cmd", ...} in,
    # {"id", "ok", ...} replies and {"event", ...} lines out. The password
    # goes on stdin, never in argv. Keep in step with doc/headless.md.
    profile=/home/tester/profile
    replies=$(printf '%s\n' \
        '{"id":1,"cmd":"create","password":"install-test password"}' \
        '{"id":2,"cmd":"quit"}' |
        as_user timeout 120 chive --headless --offline --profile "$profile") ||
        fail "chive --headless exited with an error: $replies"
    indent <<<"$replies"
    # Replies are compact JSON with "id" first and "ok" second.
    grep -qE '^\{"id": ?1, ?"ok": ?true' <<<"$replies" || fail "no successful reply to create"
    grep -qE '"ok": ?false|"event": ?"error"' <<<"$replies" && fail "the headless create-profile reported an error"
    [ -n "$(ls -A "$root$profile" 2>/dev/null)" ] || fail "the headless create-profile wrote no profile"
    log "headless create-profile: ok"
else
    log "SKIPPED headless step: not implemented yet (chive --help does not list --headless; issue 6)"
fi

# 4. The installed executable keeps its hardening.
bash "$here/../tests/app/hardening-test.sh" "$root/usr/bin/chive"

# 5. Purge it; nothing of it may stay.
phase=$SECONDS
in_root dpkg -L chive | grep -v '^/\.$' | sort >"$root/tmp/chive-files"
file_count=$(wc -l <"$root/tmp/chive-files")
in_root apt-get purge -y -q chive >"$root/tmp/purge.log" 2>&1 || {
    tail -20 "$root/tmp/purge.log" >&2
    fail "apt-get purge chive failed"
}
in_root dpkg-query -W chive >/dev/null 2>&1 && fail "dpkg still knows chive after purge"
left=""
while read -r path; do
    if [ -L "$root$path" ] || [ -f "$root$path" ]; then
        left+=" $path"
    elif [ -d "$root$path" ] && [[ $path == *chive* ]]; then
        left+=" $path/"
    fi
done <"$root/tmp/chive-files"
[ -z "$left" ] || fail "left behind after purge:$left"
mentions=$(grep -rlIw chive "$root/etc" "$root/usr" 2>/dev/null | sed "s|^$root||" || true)
[ -z "$mentions" ] || fail "files in /etc or /usr mention chive after purge: $mentions"
# "chive" as a word in a name: archive/ and libarchive are not ours.
named=$(cd "$root" && find . -xdev -iname '*chive*' -not -path './home/tester/*' -not -path './proc/*' \
    -not -path './tmp/chive-files' | awk -F/ 'tolower($NF) ~ /(^|[^a-z])chive/' | sed 's|^\.||')
[ -z "$named" ] || fail "paths named after chive remain after purge: $named"
in_root ls /var/lib/dpkg/info | grep -q '^chive\.' && fail "dpkg info files remain"
user_data=$(cd "$root/home/tester" && find . -mindepth 1 | wc -l)
log "purged in $((SECONDS - phase)) s: none of its $file_count paths remain; nothing in /etc or /usr" \
    "mentions chive; the user's home keeps $user_data entries (user data)"

log "ok in $((SECONDS - start)) s"
