#!/usr/bin/env bash
# What the .deb holds and declares (issue 8):
# - files only under /usr/bin and /usr/share: nothing in /etc, no systemd or
#   init units, no setuid bits; no maintainer scripts and no conffiles;
# - Depends computed from the executable's libraries (dpkg-shlibdeps), with
#   the libraries Chive links and no tor package (Tor is embedded);
# - Recommends obfs4proxy and snowflake-client (bridges) and the GStreamer
#   plugins a camera needs; Depends has libqt6multimedia6, which ships Qt's
#   multimedia backend plugins; section net; the maintainer;
# - the desktop files, every icon size at its real size, the manual page, a
#   DEP-5 copyright and a changelog compressed without a time stamp;
# - a stripped executable with its hardening intact, built from the build
#   tree's executable (same build id, so that one serves as its debug file).
set -euo pipefail
dir=$1
source_dir=$2
unstripped=$3
fail() { echo "check-deb: $*" >&2; exit 1; }

debs=("$dir"/chive_*.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then fail "expected one chive_*.deb in $dir"; fi
deb=${debs[0]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

field() { dpkg-deb -f "$deb" "$1"; }
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes, Installed-Size $(field Installed-Size) KiB"
echo "Depends: $(field Depends)"
echo "Recommends: $(field Recommends)"

# Files.
dpkg-deb -c "$deb" >"$work/listing"
awk '{ print $6 }' "$work/listing" | sed 's|^\./|/|; s|/$||' | grep -v '^$' | sort >"$work/paths"
outside=$(grep -vE '^/usr(/bin(/chive)?|/share(/.*)?)?$' "$work/paths" || true)
[ -z "$outside" ] || fail "files outside /usr/bin and /usr/share: $(tr '\n' ' ' <<<"$outside")"
grep -qE '^/usr/share/(systemd|dbus-1/system|polkit)|^/usr/lib' "$work/paths" && fail "service or system files packaged"
awk '$1 ~ /^-/ && $1 ~ /[sS]/ { print $6 }' "$work/listing" | grep . && fail "setuid or setgid files"
awk '$1 ~ /^-/ && $2 != "root/root" { print $6 }' "$work/listing" | grep . && fail "files not owned by root"
# AppStream screenshots are fetched from their URLs by software centres; the
# PNGs in packaging/screenshots/ are for publishing there, not for /usr/share.
grep -i 'screenshot' "$work/paths" && fail "screenshots are packaged"

dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -v '^$' | sort >"$work/control-members"
unexpected=$(grep -vxE 'control|md5sums' "$work/control-members" || true)
[ -z "$unexpected" ] || fail "control members besides control and md5sums (maintainer scripts? conffiles?): $unexpected"

# Control fields.
[ "$(field Package)" = chive ] || fail "package name"
[ "$(field Section)" = net ] || fail "section is not net"
[ "$(field Maintainer)" = "Chive Developers <dev@chive.invalid>" ] || fail "maintainer"
[ "$(field Recommends)" = "obfs4proxy, snowflake-client, gstreamer1.0-plugins-base, gstreamer1.0-plugins-good" ] ||
    fail "Recommends is '$(field Recommends)', not the bridge transports and the camera's GStreamer plugins"
depends=$(field Depends)
tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//' >"$work/depends"
for pkg in libc6 libstdc++6 libsodium23 libsqlcipher1 libqt6core6 libqt6gui6 libqt6widgets6 \
    libqt6multimedia6 libqt6multimediawidgets6 libssl3 libevent-2.1-7; do
    grep -qx "$pkg" "$work/depends" || fail "Depends lacks $pkg (not computed from the executable?)"
done
grep -qxE 'tor|tor-geoipdb|torsocks' "$work/depends" && fail "Depends names a Tor package, but Tor is embedded"
# Qt Multimedia loads its backend as a plugin, which dpkg-shlibdeps cannot
# see; without one, Qt 6.4 aborts the process when the add-contact dialog
# asks for cameras. The package that ships the plugins on this machine must
# be in Depends (on Debian 12 it is libqt6multimedia6, next to the library).
plugins=$(qtpaths6 --query QT_INSTALL_PLUGINS)/multimedia
backends=("$plugins"/*.so)
[ -f "${backends[0]}" ] || fail "no Qt multimedia backend plugin in $plugins on the build machine"
for plugin in "${backends[@]}"; do
    owner=$(dpkg -S "$plugin" | cut -d: -f1)
    grep -qx "$owner" "$work/depends" || fail "Depends lacks $owner, which ships $(basename "$plugin")"
done
[ -z "$(field Pre-Depends)" ] || fail "unexpected Pre-Depends"
version=$(field Version)
[ "$(dpkg-parsechangelog -l "$source_dir/packaging/debian/changelog" -S Version)" = "$version" ] ||
    fail "package version $version differs from debian/changelog"

# Desktop integration and documents.
for path in /usr/bin/chive /usr/share/applications/chive.desktop \
    /usr/share/metainfo/invalid.chive.Chive.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/chive.svg /usr/share/man/man1/chive.1.gz \
    /usr/share/doc/chive/copyright /usr/share/doc/chive/changelog.Debian.gz; do
    grep -qx "$path" "$work/paths" || fail "missing $path"
done
dpkg-deb -x "$deb" "$work/root"
for size in 16 32 48 64 128 256 512; do
    png=$work/root/usr/share/icons/hicolor/${size}x${size}/apps/chive.png
    [ -f "$png" ] || fail "missing ${size}x${size} icon"
    got=$(file -b "$png" | grep -oE '[0-9]+ x [0-9]+' | tr -d ' ')
    [ "$got" = "${size}x${size}" ] || fail "the ${size}x${size} icon is $got"
done
cmp -s "$work/root/usr/share/applications/chive.desktop" "$source_dir/packaging/chive.desktop" ||
    fail "the packaged desktop file differs from packaging/chive.desktop"
for gz in usr/share/man/man1/chive.1.gz usr/share/doc/chive/changelog.Debian.gz; do
    gzip -t "$work/root/$gz" || fail "$gz is not valid gzip"
    # Bytes 4-7 of a gzip header are the time stamp; gzip -n writes zero,
    # and the FNAME flag (bit 3 of byte 3) must be clear.
    header=$(od -An -tx1 -N8 "$work/root/$gz" | tr -d ' \n')
    [ "${header:8:8}" = 00000000 ] || fail "$gz has a time stamp (not gzip -n)"
    (( (16#${header:6:2} & 8) == 0 )) || fail "$gz stores a file name (not gzip -n)"
done
head -n 1 "$work/root/usr/share/doc/chive/copyright" |
    grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
    fail "copyright is not DEP-5"
grep -q 'GPL-3+' "$work/root/usr/share/doc/chive/copyright" || fail "copyright does not name Chive's licence"
grep -qi 'statically' "$work/root/usr/share/doc/chive/copyright" || fail "copyright does not say Tor is embedded statically"

# The executable: stripped, hardened, and the build tree's app/chive.
bin=$work/root/usr/bin/chive
file -b "$bin" | grep -q ', stripped' || fail "the packaged executable is not stripped"
bash "$source_dir/tests/app/hardening-test.sh" "$bin"
build_id() { readelf -n "$1" | awk '/Build ID:/ { print $3 }'; }
id=$(build_id "$bin")
[ -n "$id" ] || fail "the executable has no build id"
[ "$id" = "$(build_id "$unstripped")" ] || fail "the packaged executable is not the build tree's app/chive"
echo "check-deb: ok"
