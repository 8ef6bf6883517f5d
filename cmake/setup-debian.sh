#!/usr/bin/env bash
# Installs every system package Chive needs to build, test and run on
# Debian 12 (bookworm). Idempotent: when everything is already present it
# returns in well under a second without touching apt.
#
# Sources: bookworm main for most packages, bookworm-backports for SQLCipher 4
# and Catch2 3, and deb-src entries so that `apt-get source tor` can fetch the
# pinned Tor source. Nothing is downloaded from anywhere but Debian.
set -euo pipefail

readonly BACKPORTS_LIST=/etc/apt/sources.list.d/chive-backports.sources
readonly SOURCES_LIST=/etc/apt/sources.list.d/chive-deb-src.sources

# Packages from bookworm itself.
readonly MAIN_PACKAGES=(
    build-essential cmake pkg-config git dpkg-dev ca-certificates
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-svg-dev libqt6svg6 qt6-wayland libgl-dev qt6-multimedia-dev
    libsodium-dev libqrencode-dev libzxing-dev libexpected-dev nlohmann-json3-dev
    libssl-dev zlib1g-dev libevent-dev liblzma-dev libzstd-dev libcap-dev
    automake autoconf libtool
    tor obfs4proxy snowflake-client curl python3
    xvfb xauth x11-apps zbar-tools zint imagemagick
    clang-14 libclang-rt-14-dev clang-format-14
    desktop-file-utils appstream lintian librsvg2-bin debootstrap file man-db bsdextrautils
)
# Packages that must come from bookworm-backports (bookworm has SQLCipher 3
# and Catch2 2, which Chive does not support).
readonly BACKPORTS_PACKAGES=(libsqlcipher-dev sqlcipher catch2)
readonly MIN_SQLCIPHER=4.6
readonly MIN_CATCH2=3.7

die() {
    echo "setup: $*" >&2
    exit 1
}

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
    SUDO=(sudo)
else
    SUDO=(false)
fi

if [ ! -r /etc/debian_version ] || ! grep -q '^12' /etc/debian_version; then
    echo "setup: warning: this script targets Debian 12 (bookworm);" \
        "found $(cat /etc/debian_version 2>/dev/null || echo 'no Debian')." >&2
fi

installed_version() {
    dpkg-query -W -f='${db:Status-Status} ${Version}\n' "$1" 2>/dev/null |
        awk '$1 == "installed" { print $2 }'
}

version_at_least() { # installed-version minimum
    dpkg --compare-versions "$1" ge "$2"
}

missing_packages() {
    local pkg
    for pkg in "${MAIN_PACKAGES[@]}" "${BACKPORTS_PACKAGES[@]}"; do
        [ -n "$(installed_version "$pkg")" ] || echo "$pkg"
    done
    local v
    v=$(installed_version libsqlcipher-dev)
    if [ -n "$v" ] && ! version_at_least "$v" "$MIN_SQLCIPHER"; then echo libsqlcipher-dev; fi
    v=$(installed_version catch2)
    if [ -n "$v" ] && ! version_at_least "$v" "$MIN_CATCH2"; then echo catch2; fi
}

have_sources() {
    [ -f "$BACKPORTS_LIST" ] || grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ || return 1
    [ -f "$SOURCES_LIST" ] || grep -rqsE '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ || return 1
}

missing=$(missing_packages | sort -u | tr '\n' ' ')
if [ -z "$missing" ] && have_sources; then
    exit 0
fi

if [ "${SUDO[0]:-}" = false ]; then
    die "these packages are missing: ${missing:-(apt sources only)}. Run this" \
        "script as root, or as a user with sudo rights: sudo $0"
fi
as_root() { "${SUDO[@]}" "$@"; }

# The mirror the machine already uses, so that a local mirror or proxy keeps
# working. Falls back to Debian's own redirector.
debian_mirror() {
    local uri
    uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security |
        awk '{ print $2 }' | grep -i debian | head -n 1)
    [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list | grep -v security |
        awk '{ print $2 }' | head -n 1)
    echo "${uri:-http://deb.debian.org/debian}"
}

if ! have_sources; then
    mirror=$(debian_mirror)
    echo "setup: enabling bookworm-backports and deb-src entries ($mirror)"
    as_root tee "$BACKPORTS_LIST" >/dev/null <<EOF
# Added by Chive's setup script: SQLCipher 4 and Catch2 3.
Types: deb deb-src
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    security=$(grep -hsE '^URIs:.*security' /etc/apt/sources.list.d/*.sources | awk '{ print $2 }' | head -n 1)
    as_root tee "$SOURCES_LIST" >/dev/null <<EOF
# Added by Chive's setup script: source packages for the embedded Tor.
Types: deb-src
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: ${security:-http://deb.debian.org/debian-security}
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
fi

echo "setup: installing: ${missing:-nothing new, refreshing package lists}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq || die "apt-get update failed; check the apt sources and network"
as_root apt-get install -y -qq --no-install-recommends "${MAIN_PACKAGES[@]}" ||
    die "could not install packages from bookworm"
as_root apt-get install -y -qq --no-install-recommends -t bookworm-backports "${BACKPORTS_PACKAGES[@]}" ||
    die "could not install SQLCipher 4 and Catch2 3 from bookworm-backports"

still=$(missing_packages | sort -u | tr '\n' ' ')
[ -z "$still" ] || die "still missing after install: $still"
echo "setup: all system packages present"
