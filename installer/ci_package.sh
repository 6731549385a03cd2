#!/usr/bin/env bash
# CI packaging check: build the onedir bundle, run it from a clean environment, build the
# .deb and the portable .tar.gz, unpack both into scratch folders and run what they install.
#
#   installer/ci_package.sh [--variant full|preview] [--sonic-smoke] [--keep]
#
#   --variant      full (default: torch, diffusers, transformers included) or preview
#   --sonic-smoke  full variant only: also render 1 s with the Sonic engine from the bundle,
#                  on tiny random weights made by tests/sonic/tiny_checkpoints.py (~1-2 min)
#   --keep         keep the scratch folder (printed at the end)
#
# Needs: the project's .venv with the `package` extra (PyInstaller), dpkg-deb (Debian's
# dpkg), objdump (binutils: the .deb's Depends come from the bundle's ELF files). Writes
# dist/sonic-desktop/, dist/*.deb, dist/*.tar.gz; build/pyinstaller/ is PyInstaller's work
# folder. Every step prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

variant=full
sonic_smoke=0
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --variant) variant=$2; shift 2 ;;
        --sonic-smoke) sonic_smoke=1; shift ;;
        --keep) keep=1; shift ;;
        *) echo "usage: $0 [--variant full|preview] [--sonic-smoke] [--keep]" >&2; exit 2 ;;
    esac
done

venv_python="$root/.venv/bin/python"
[ -x "$venv_python" ] || { echo "error: no .venv (run the README set-up first)" >&2; exit 2; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sonic-package.XXXXXX")
if [ "$keep" = 0 ]; then trap 'rm -rf "$scratch"' EXIT; fi
mkdir -p "$scratch/home" "$scratch/work"

total_start=$(date +%s)
step_start=0
step() { step_start=$(date +%s); echo "== $*"; }
done_step() { echo "   ok ($(( $(date +%s) - step_start )) s)"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# A user's clean session: no virtual environment, no PYTHONPATH, no LD_LIBRARY_PATH, an empty
# home (so platformdirs folders start empty), offscreen Qt.
run_clean() {
    env -i HOME="$scratch/home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen "$@"
}

expected_version=$("$venv_python" -c 'from importlib.metadata import version; print(version("sonic-desktop"))')

step "PyInstaller onedir bundle ($variant)"
"$root/.venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist sonic_desktop.spec -- --variant "$variant" \
    > "$scratch/pyinstaller.log" 2>&1 || { tail -n 40 "$scratch/pyinstaller.log"; fail "PyInstaller"; }
bundle="$root/dist/sonic-desktop"
app="$bundle/sonic-desktop"
echo "   bundle: $(du -sh "$bundle" | cut -f1) in $bundle"
done_step

touch "$scratch/marker"
cd "$scratch/work"

step "bundle: --version"
out=$(run_clean "$app" --version)
echo "   $out"
[ "$out" = "sonic-desktop $expected_version" ] || fail "--version said '$out', expected $expected_version"
done_step

step "bundle: doctor"
run_clean "$app" doctor > "$scratch/doctor.txt" || { cat "$scratch/doctor.txt"; fail "doctor"; }
sed 's/^/   /' "$scratch/doctor.txt"
grep -q "^ffmpeg .*($bundle/" "$scratch/doctor.txt" || fail "doctor: ffmpeg is not the bundled one"
if [ "$variant" = preview ]; then
    grep -q "^torch    not importable" "$scratch/doctor.txt" || fail "doctor: torch should be missing"
else
    grep -q "^torch    2\." "$scratch/doctor.txt" || fail "doctor: torch not importable in the bundle"
fi
done_step

step "bundle: render --example (Preview engine)"
run_clean "$app" render --example --engine preview -o "$scratch/work/example.mp4"
"$venv_python" - "$scratch/work/example.mp4" <<'EOF' || fail "the example MP4 is not what it should be"
import sys
from sonic_desktop.media import probe_video

info = probe_video(sys.argv[1])
print(f"   {info.width}x{info.height}, {info.fps:g} fps, {info.duration_s:.2f} s, "
      f"{info.frame_count} frames, {info.video_codec}/{info.audio_codec}")
assert info.width >= 256 and info.height >= 256, info
assert info.video_codec == "h264" and info.has_audio, info
assert abs(info.duration_s - info.audio_duration_s) < 0.2 and info.duration_s > 5, info
assert info.frame_count >= 100, info
EOF
done_step

step "bundle: window offscreen (--screenshot), the example inputs opened"
examples="$bundle/_internal/resources/examples"
run_clean timeout 180 "$app" gui "$examples/portrait.png" "$examples/speech_en.wav" \
    --screenshot "$scratch/work/window.png" --quit-when-done --lang zh_CN
"$venv_python" - "$scratch/work/window.png" <<'EOF' || fail "the screenshot is not a window"
import sys
from PIL import Image

image = Image.open(sys.argv[1])
print(f"   screenshot {image.size[0]}x{image.size[1]}")
assert image.size[0] >= 640 and image.size[1] >= 400
assert len(image.convert("L").resize((64, 40)).getcolors(4096) or []) > 20  # not blank
EOF
done_step

if [ "$sonic_smoke" = 1 ] && [ "$variant" = full ]; then
    step "bundle: render 1 s with the Sonic engine (tiny random weights)"
    (cd "$root" && "$venv_python" -c \
        'import sys; sys.path.insert(0, "tests/sonic"); import tiny_checkpoints as t; t.generate(sys.argv[1])' \
        "$scratch/tiny_weights") > /dev/null
    run_clean "$app" render --example --engine sonic --weights "$scratch/tiny_weights" \
        --duration 1 --inference-steps 2 --min-resolution 128 -o "$scratch/work/sonic.mp4"
    [ -s "$scratch/work/sonic.mp4" ] || fail "no Sonic MP4"
    done_step
fi

step "bundle: nothing written beside the executable"
written=$(find "$bundle" -newer "$scratch/marker" -type f | head -n 5)
[ -z "$written" ] || fail "the bundle folder changed: $written"
[ -f "$(find "$scratch/home" -name 'sonic-desktop.log' | head -n 1)" ] || fail "no log in the user folders"
done_step

cd "$root"
step ".deb (dpkg-deb)"
deb=$(DEB_COMPRESSION=${DEB_COMPRESSION:-zstd} PYTHON="$venv_python" \
    installer/linux/build_deb.sh "$bundle" dist)
echo "   $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" \
    | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\|Suggests\|Installed-Size\):/   \1:/p'
done_step

step ".deb: unpack into a scratch root (dpkg -x), run the installed launcher"
dpkg -x "$deb" "$scratch/root"
for path in usr/bin/sonic-desktop usr/share/applications/sonic-desktop.desktop \
    usr/share/icons/hicolor/256x256/apps/sonic-desktop.png \
    usr/share/icons/hicolor/scalable/apps/sonic-desktop.svg opt/sonic-desktop/sonic-desktop; do
    [ -e "$scratch/root/$path" ] || fail "the .deb lacks /$path"
done
if command -v desktop-file-validate > /dev/null; then
    desktop-file-validate "$scratch/root/usr/share/applications/sonic-desktop.desktop"
fi
out=$(run_clean "$scratch/root/usr/bin/sonic-desktop" --version)
echo "   /usr/bin/sonic-desktop --version: $out"
[ "$out" = "sonic-desktop $expected_version" ] || fail "installed launcher said '$out'"
run_clean "$scratch/root/usr/bin/sonic-desktop" doctor > /dev/null || fail "installed doctor"
done_step

# The same rule build_deb.sh applies, checked on what the .deb really holds: a library that
# some ELF file of the package loads is either in the package or its Debian package is declared
# (a missing one, like libpulse0 for QtMultimedia once, stops the window from starting).
step ".deb: every library the bundle loads is shipped or declared (deb_depends.py check)"
"$venv_python" installer/linux/deb_depends.py check "$deb" --root "$scratch/root" \
    | sed 's/^/   /' || fail "the .deb does not declare a library its files need (see above)"
done_step

step "portable .tar.gz"
tarball=$(GZIP_LEVEL=${GZIP_LEVEL:-1} installer/linux/build_tarball.sh "$bundle" dist)
echo "   $tarball ($(du -h "$tarball" | cut -f1))"
mkdir -p "$scratch/portable"
tar -C "$scratch/portable" -xzf "$tarball"
out=$(run_clean "$scratch/portable"/sonic-desktop-*/sonic-desktop --version)
[ "$out" = "sonic-desktop $expected_version" ] || fail "portable copy said '$out'"
done_step

[ "$keep" = 1 ] && echo "scratch folder kept: $scratch"
echo "packaging ($variant) passed in $(( $(date +%s) - total_start )) s"
