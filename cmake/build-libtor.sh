#!/usr/bin/env bash
# Builds libtor.a, the embedded Tor, from Debian's `tor` source package at the
# version pinned in cmake/tor-version.txt, and caches it outside the build
# tree so that clean builds and fresh clones reuse it.
#
#   build-libtor.sh CACHE_ROOT     prints the install prefix on stdout
#
# The prefix holds lib/libtor.a, include/tor_api.h, link-libs.txt (the system
# libraries libtor.a needs, in link order) and VERSION. The cache key is the
# Debian version plus a hash of the configure options, so changing them
# rebuilds. Concurrent builds of the same key wait on a lock.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${1:?usage: build-libtor.sh CACHE_ROOT}
version=$(tr -d '[:space:]' <"$here/tor-version.txt")
upstream=${version%%-*}
# Client only: no relay or directory-authority code. No systemd or seccomp
# integration, no docs, no unit tests. Position-independent so it links into
# Chive's PIE executable. These options are part of the cache key.
configure_options=(
    --disable-module-relay --disable-module-dirauth
    --disable-unittests --disable-asciidoc --disable-manpage --disable-html-manual
    --disable-systemd --disable-seccomp --disable-system-torrc
    --enable-pic --enable-lzma --enable-zstd
)
# Bump when what the cache holds changes (its files or how they are made).
cache_format=2
options_hash=$(echo "$cache_format ${configure_options[*]}" | sha256sum | cut -c1-12)
prefix="$cache_root/tor-$version-$options_hash"

log() { echo "build-libtor: $*" >&2; }

if [ -f "$prefix/.complete" ]; then
    echo "$prefix"
    exit 0
fi

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock-$version"
flock 9
if [ -f "$prefix/.complete" ]; then # another build finished while we waited
    echo "$prefix"
    exit 0
fi

work=$(mktemp -d "$cache_root/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "building Tor $version into $prefix (once; cached afterwards)"

cd "$work"
if ! apt-get source --download-only "tor=$version" >"$work/fetch.log" 2>&1; then
    cat "$work/fetch.log" >&2
    log "could not fetch Debian's tor source $version: is a deb-src entry enabled" \
        "(run cmake/setup-debian.sh) and is that version still in the archive?"
    exit 1
fi
# apt already checked the files' hashes against the signed archive index, so
# dpkg-source's own signature check (which needs debian-keyring) is redundant.
dpkg-source -x "tor_${version}.dsc" src >"$work/unpack.log" 2>&1 || { cat "$work/unpack.log" >&2; exit 1; }
cd src

./configure --quiet "${configure_options[@]}" >"$work/configure.log" 2>&1 || { tail -40 "$work/configure.log" >&2; exit 1; }

make -s -j"$(nproc)" libtor.a >"$work/make.log" 2>&1 || { tail -40 "$work/make.log" >&2; exit 1; }

libs=$(make -s --no-print-directory --eval 'chive-print-libs: ; @echo $(TOR_ZLIB_LIBS) $(TOR_LIB_MATH) $(TOR_LIBEVENT_LIBS) $(TOR_LIBS_CRYPTLIB) $(CURVE25519_LIBS) $(TOR_SYSTEMD_LIBS) $(TOR_LZMA_LIBS) $(TOR_ZSTD_LIBS) $(TOR_TRACE_LIBS) $(LIBS)' chive-print-libs)

staging="$prefix.tmp"
rm -rf "$staging"
mkdir -p "$staging/lib" "$staging/include"
cp libtor.a "$staging/lib/"
cp src/feature/api/tor_api.h "$staging/include/"
echo "$libs" >"$staging/link-libs.txt"
echo "$upstream" >"$staging/VERSION"
echo "$version" >"$staging/DEBIAN_VERSION"
touch "$staging/.complete"
rm -rf "$prefix"
mv "$staging" "$prefix"
log "done: $(du -h "$prefix/lib/libtor.a" | cut -f1) libtor.a"
echo "$prefix"
