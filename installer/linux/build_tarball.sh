#!/usr/bin/env bash
# Build the portable Linux archive from the PyInstaller onedir bundle.
#
#   installer/linux/build_tarball.sh [BUNDLE_DIR] [OUT_DIR]
#
# Writes OUT_DIR/sonic-desktop-<version>-linux-<machine>.tar.gz holding one folder,
# sonic-desktop-<version>/, with the bundle, the icon, the desktop entry and
# install-desktop-entry.sh (adds a menu entry for the current user only, no root).
# Unpack anywhere and run ./sonic-desktop. With SONIC_DESKTOP_HOME=<folder> set, settings,
# logs, the queue and downloaded weights stay in that folder too (fully portable).
#
# Environment: GZIP_LEVEL (default 6; CI uses 1 for speed).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bundle=$(cd "${1:-$root/dist/sonic-desktop}" && pwd)
out=${2:-$root/dist}
level=${GZIP_LEVEL:-6}

[ -x "$bundle/sonic-desktop" ] || { echo "error: no bundle at $bundle (build it first)" >&2; exit 2; }
metadata=$(ls -d "$bundle"/_internal/sonic_desktop-*.dist-info 2>/dev/null | head -n 1)
[ -n "$metadata" ] || { echo "error: no sonic_desktop-*.dist-info in the bundle" >&2; exit 2; }
version=$(sed -n 's/^Version: //p' "$metadata/METADATA" | head -n 1)
name="sonic-desktop-$version"

stage=$(mktemp -d "${TMPDIR:-/tmp}/sonic-tar.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -a "$bundle" "$stage/$name"
install -m 644 "$root/resources/icons/sonic-desktop-256.png" "$stage/$name/sonic-desktop.png"
install -m 644 "$here/sonic-desktop.desktop" "$stage/$name/sonic-desktop.desktop"
cat > "$stage/$name/install-desktop-entry.sh" <<'EOF'
#!/bin/sh
# Add Sonic Desktop to this user's application menu, pointing at this folder.
set -e
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|^Exec=sonic-desktop |Exec=\"$here/sonic-desktop\" |" \
    -e "s|^TryExec=.*|TryExec=$here/sonic-desktop|" \
    -e "s|^Icon=.*|Icon=$here/sonic-desktop.png|" \
    "$here/sonic-desktop.desktop" > "$apps/sonic-desktop.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "added $apps/sonic-desktop.desktop"
EOF
chmod 755 "$stage/$name/install-desktop-entry.sh"

mkdir -p "$out"
archive="$out/$name-linux-$(uname -m).tar.gz"
tar -C "$stage" --owner=0 --group=0 -cf - "$name" | gzip "-$level" > "$archive"
echo "$archive"
