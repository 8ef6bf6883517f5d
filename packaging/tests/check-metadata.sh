#!/usr/bin/env bash
# The hand-written packaging documents agree with the code: the manual page
# renders without warnings and documents every option `chive --help` prints
# (and the Qt options the command line passes through), and the Debian
# changelog, manual page and project carry the same version.
set -euo pipefail
packaging=$1
chive=$2
package_version=$3 # upstream-revision, e.g. 0.1.0-1
headless_doc=$4     # doc/headless.md
fail() { echo "check-metadata: $*" >&2; exit 1; }
upstream=${package_version%-*}

warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$packaging/chive.1" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "$warnings"; fail "the manual page has roff warnings"; }
page=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$packaging/chive.1" 2>/dev/null | col -b)

options=$("$chive" --help | grep -oE '^  +-[-a-zA-Z]+' | tr -d ' ' | sort -u)
[ -n "$options" ] || fail "chive --help lists no options"
for option in $options -platform -style -display; do
    grep -qE -- "(^|[^-a-z])$option([^-a-z]|$)" <<<"$page" || fail "the manual page does not document $option"
done
grep -q '^HEADLESS MODE' <<<"$page" || fail "no HEADLESS MODE section"
grep -q 'chive:LINK' <<<"$page" || fail "the manual page does not document the chive: link argument"

# Every headless command in doc/headless.md's command tables (the tables whose
# header starts "| command |") is a tagged item (.TP then .B name) in the
# manual page's HEADLESS MODE section, and the page lists no other.
doc_commands=$(awk '/^\| *command *\|/ { table = 1; next }
    table && /^\|/ { if (match($0, /^\| *`[a-z_]+`/)) { name = substr($0, RSTART, RLENGTH); gsub(/[| `]/, "", name); print name } next }
    { table = 0 }' "$headless_doc" | sort -u)
[ "$(wc -l <<<"$doc_commands")" -ge 10 ] || fail "found only $(wc -w <<<"$doc_commands") commands in $headless_doc: $doc_commands"
page_commands=$(awk '/^\.SH / { section = ($0 ~ /^\.SH HEADLESS MODE/); next }
    section && /^\.TP/ { tag = 1; next }
    section && tag && /^\.B / { print $2 }
    { tag = 0 }' "$packaging/chive.1" | sort -u)
missing=$(comm -23 <(echo "$doc_commands") <(echo "$page_commands"))
[ -z "$missing" ] || fail "the manual page's HEADLESS MODE lacks commands from doc/headless.md: $(tr '\n' ' ' <<<"$missing")"
extra=$(comm -13 <(echo "$doc_commands") <(echo "$page_commands"))
[ -z "$extra" ] || fail "the manual page's HEADLESS MODE lists commands doc/headless.md does not: $(tr '\n' ' ' <<<"$extra")"

changelog=$(dpkg-parsechangelog -l "$packaging/debian/changelog" -S Version)
[ "$changelog" = "$package_version" ] || fail "debian/changelog is at $changelog, the package at $package_version"
grep -q "^\.TH CHIVE 1 .*\"Chive $upstream\"" "$packaging/chive.1" || fail "chive.1 does not say Chive $upstream"
echo "check-metadata: ok (options: $(tr '\n' ' ' <<<"$options"); headless commands: $(wc -l <<<"$doc_commands"))"
