#!/usr/bin/env bash
# Build a .deb from the PyInstaller onedir bundle (see sonic_desktop.spec).
#
#   installer/linux/build_deb.sh [BUNDLE_DIR] [OUT_DIR]
#
# BUNDLE_DIR defaults to dist/sonic-desktop, OUT_DIR to dist. The package holds:
#   /opt/sonic-desktop/                     the bundle, unchanged
#   /usr/bin/sonic-desktop                  launcher (relative symlink into /opt)
#   /usr/share/applications/sonic-desktop.desktop   menu entry; "Open with" for pictures
#   /usr/share/icons/hicolor/*/apps/sonic-desktop.{png,svg}
#   /usr/share/doc/sonic-desktop/copyright
# The desktop database and icon cache are refreshed by the dpkg triggers of
# desktop-file-utils and the icon theme packages, so no maintainer scripts are needed.
# Depends/Suggests are computed from the bundle's ELF files by deb_depends.py.
#
# Environment:
#   DEB_COMPRESSION        xz (default), zstd, gzip or none: what dpkg-deb -Z gets
#   DEB_COMPRESSION_LEVEL  dpkg-deb -z level (default: dpkg-deb's own)
#   DEB_PACKAGE            package name (default sonic-desktop)
#   PYTHON                 Python 3.10+ that runs deb_depends.py (default python3)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bundle=$(cd "${1:-$root/dist/sonic-desktop}" && pwd)
out=${2:-$root/dist}
package=${DEB_PACKAGE:-sonic-desktop}
compression=${DEB_COMPRESSION:-xz}

[ -x "$bundle/sonic-desktop" ] || { echo "error: no bundle at $bundle (build it first)" >&2; exit 2; }
command -v dpkg-deb >/dev/null || { echo "error: dpkg-deb not found (apt-get install dpkg)" >&2; exit 2; }
# deb_depends.py (Depends) runs objdump on every ELF file of the bundle.
command -v objdump >/dev/null || { echo "error: objdump not found (apt-get install binutils)" >&2; exit 2; }

# The version the bundle itself reports (its copied package metadata), in Debian form:
# PEP 440 pre-releases sort before the release, as "~" does in Debian (1.0rc1 -> 1.0~rc1).
metadata=$(ls -d "$bundle"/_internal/sonic_desktop-*.dist-info 2>/dev/null | head -n 1)
[ -n "$metadata" ] || { echo "error: no sonic_desktop-*.dist-info in the bundle" >&2; exit 2; }
version=$(sed -n 's/^Version: //p' "$metadata/METADATA" | head -n 1)
deb_version=$(printf '%s' "$version" | sed -E 's/\.?(a|b|rc|dev)([0-9]*)/~\1\2/; s/\+/+local./')
arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)

if [ -d "$bundle/_internal/torch" ]; then
    variant="Includes the Sonic engine (PyTorch, CPU build unless the bundle was made with a CUDA"$'\n'" build); the Sonic weights are downloaded separately from the Models dialog."
else
    variant="Preview build: the Sonic engine (PyTorch) is not included; renders use the Preview"$'\n'" (CPU) engine."
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/sonic-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
pkg="$stage/pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
    "$pkg/usr/share/doc/$package"

cp -a "$bundle" "$pkg/opt/sonic-desktop"
ln -s ../../opt/sonic-desktop/sonic-desktop "$pkg/usr/bin/sonic-desktop"
install -m 644 "$here/sonic-desktop.desktop" "$pkg/usr/share/applications/sonic-desktop.desktop"
install -m 644 "$here/copyright" "$pkg/usr/share/doc/$package/copyright"
icons="$root/resources/icons"
for size in 16 24 32 48 64 128 256 512; do
    dir="$pkg/usr/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    install -m 644 "$icons/sonic-desktop-$size.png" "$dir/sonic-desktop.png"
done
mkdir -p "$pkg/usr/share/icons/hicolor/scalable/apps"
install -m 644 "$icons/sonic-desktop.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/sonic-desktop.svg"

installed_kb=$(du -sk --apparent-size "$pkg" | cut -f1)
# Depends (and Suggests) from the bundle itself: the Debian packages of every shared library its
# ELF files load and it does not ship (deb_depends.py says how; its warnings go to stderr, as
# stdout's last line is the .deb's path). The libraries the bundle ships were copied from this
# machine: libc6's minimum is the newest GLIBC_x.y symbol version any of its files asks for.
fields=$("${PYTHON:-python3}" "$here/deb_depends.py" fields "$pkg/opt/sonic-desktop") \
    || { echo "error: could not compute Depends (see above)" >&2; exit 2; }
# ${fields:+...}: no empty line in the control file (it would end the paragraph) when the bundle
# has no ELF file at all.
cat > "$pkg/DEBIAN/control" <<EOF
Package: $package
Version: $deb_version
Architecture: $arch
Maintainer: Sonic Desktop <dev@sonic-desktop.invalid>
Installed-Size: $installed_kb
${fields:+$fields
}Section: video
Priority: optional
Description: lip-synced talking video from one portrait and one speech recording
 Sonic Desktop turns a portrait photo and a speech recording into an MP4 of that
 person talking, with a desktop window (queue, presets, timeline) and a command line
 (sonic-desktop render, doctor).
 .
 $variant
EOF

mkdir -p "$out"
deb="$out/${package}_${deb_version}_${arch}.deb"
args=(-Z"$compression")
[ -n "${DEB_COMPRESSION_LEVEL:-}" ] && args+=(-z"$DEB_COMPRESSION_LEVEL")
# --root-owner-group: files owned by root in the package whoever builds it.
dpkg-deb --root-owner-group "${args[@]}" --build "$pkg" "$deb" >/dev/null
echo "$deb"
