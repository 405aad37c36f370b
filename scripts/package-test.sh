#!/usr/bin/env bash
# package-test.sh: install bin/tagdesk.tar.xz (made by `make package`) the
# way `make install` does, with the package's own user-install, into a
# throw-away home, and check what the desktop gets: the binary that
# runs, the icon (a PNG of at least 512 px) and a valid menu entry whose
# Exec names the installed binary.
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
fail() { echo "package-test: $*" >&2; exit 1; }
mkdir "$home/pkg"
tar -xf bin/tagdesk.tar.xz -C "$home/pkg"
HOME=$home make --no-print-directory -s -C "$home/pkg/tagdesk" user-install
bin=$home/.local/bin/tagdesk
desktop=$home/.local/share/applications/io.github.tagdesk.desktop
icon=$home/.local/share/icons/io.github.tagdesk.png
[ -x "$bin" ] || fail "no $bin"
"$bin" version | grep -q "^tagdesk $(sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)" || fail "tagdesk version does not say FyneApp.toml's version"
[ -f "$icon" ] || fail "no icon $icon"
size=$(identify -format '%w %h' "$icon")
[ "${size% *}" -ge 512 ] && [ "${size#* }" -ge 512 ] || fail "icon is $size, want at least 512x512"
desktop-file-validate "$desktop" || fail "menu entry does not validate"
grep -qx "Exec=$bin" "$desktop" || fail "menu entry Exec is not $bin: $(grep ^Exec "$desktop")"
grep -qx "Icon=io.github.tagdesk" "$desktop" || fail "menu entry has no icon"
git diff --quiet -- FyneApp.toml || fail "make package changed FyneApp.toml"
echo "package-test: ok ($bin, menu entry, ${size/ /x} icon)"
