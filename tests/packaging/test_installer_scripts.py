"""The spec, installer scripts, desktop entry and Windows workflow: present and valid.

Fast: nothing here runs PyInstaller. The .deb and .tar.gz scripts run on a fake bundle
(a shell script standing in for the executable), which checks their layout for real;
the NSIS script compiles against a dummy payload when makensis is installed.
installer/ci_package.sh builds and checks the real bundle.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SHELL_SCRIPTS = [
    INSTALLER / "ci_package.sh",
    INSTALLER / "linux" / "build_deb.sh",
    INSTALLER / "linux" / "build_tarball.sh",
]
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def test_spec_is_python_and_names_the_entry_point():
    text = (ROOT / "sonic_desktop.spec").read_text(encoding="utf-8")
    compile(text, "sonic_desktop.spec", "exec")
    assert 'sonic_desktop" / "__main__.py' in text
    assert (ROOT / "sonic_desktop" / "__main__.py").is_file()


@pytest.mark.parametrize("script", SHELL_SCRIPTS, ids=lambda p: p.name)
def test_shell_scripts_parse_and_are_executable(script):
    assert script.is_file()
    assert os.access(script, os.X_OK), f"chmod +x {script}"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_icons_exist_in_every_size():
    icons = ROOT / "resources" / "icons"
    assert (icons / "sonic-desktop.svg").is_file()
    assert (icons / "sonic-desktop.ico").is_file()
    from PIL import Image

    for size in ICON_SIZES:
        with Image.open(icons / f"sonic-desktop-{size}.png") as image:
            assert image.size == (size, size)
    with Image.open(icons / "sonic-desktop.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_desktop_entry_opens_pictures_with_the_window():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(INSTALLER / "linux" / "sonic-desktop.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "sonic-desktop gui %F"
    assert entry["Icon"] == "sonic-desktop"
    mime = set(filter(None, entry["MimeType"].split(";")))
    assert {"image/png", "image/jpeg"} <= mime
    assert "AudioVideo" in entry["Categories"].split(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run(
            [validator, str(INSTALLER / "linux" / "sonic-desktop.desktop")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_gui_accepts_the_files_the_desktop_entry_passes(tmp_path):
    pytest.importorskip("PySide6")
    from sonic_desktop.gui.app import build_parser

    picture = tmp_path / "me.png"
    args = build_parser().parse_args([str(picture)])
    assert args.files == [picture]


@pytest.fixture
def fake_bundle(tmp_path) -> Path:
    """The shape of dist/sonic-desktop with a shell script as the executable."""
    bundle = tmp_path / "dist" / "sonic-desktop"
    meta = bundle / "_internal" / "sonic_desktop-9.8.7rc1.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sonic-desktop\nVersion: 9.8.7rc1\n"
    )
    exe = bundle / "sonic-desktop"
    exe.write_text('#!/bin/sh\necho "fake sonic-desktop $*"\n')
    exe.chmod(0o755)
    return bundle


@pytest.mark.skipif(
    not (shutil.which("dpkg-deb") and shutil.which("objdump")),
    reason="dpkg-deb (dpkg) or objdump (binutils) not installed",
)
def test_build_deb_lays_out_opt_usr_bin_desktop_entry_and_icons(fake_bundle, tmp_path):
    # One real ELF file, so that Depends has something to come from (it needs libc.so.6).
    true = os.path.realpath(shutil.which("true") or "/bin/true")
    shutil.copy(true, fake_bundle / "_internal" / "helper")
    out = tmp_path / "out"
    env = {**os.environ, "DEB_COMPRESSION": "gzip", "DEB_COMPRESSION_LEVEL": "1"}
    result = subprocess.run(
        [str(INSTALLER / "linux" / "build_deb.sh"), str(fake_bundle), str(out)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    deb = Path(result.stdout.strip().splitlines()[-1])
    assert deb.name.startswith("sonic-desktop_9.8.7~rc1_") and deb.suffix == ".deb"

    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True)
    fields = dict(
        line.split(": ", 1) for line in info.stdout.splitlines() if ": " in line and line[0] != " "
    )
    assert fields["Package"] == "sonic-desktop"
    assert fields["Version"] == "9.8.7~rc1"
    assert fields["Depends"].startswith("libc6 (>= 2.")  # computed by deb_depends.py
    assert "Preview build" in info.stdout  # no torch in the fake bundle

    root = tmp_path / "root"
    subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
    launcher = root / "usr" / "bin" / "sonic-desktop"
    assert launcher.is_symlink() and not os.path.isabs(os.readlink(launcher))
    ran = subprocess.run([str(launcher), "--version"], capture_output=True, text=True)
    assert ran.stdout.strip() == "fake sonic-desktop --version"
    assert (root / "usr/share/applications/sonic-desktop.desktop").is_file()
    assert (root / "usr/share/icons/hicolor/scalable/apps/sonic-desktop.svg").is_file()
    for size in ICON_SIZES:
        assert (root / f"usr/share/icons/hicolor/{size}x{size}/apps/sonic-desktop.png").is_file()
    assert (root / "usr/share/doc/sonic-desktop/copyright").is_file()

    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True)
    assert all(" root/root " in line for line in listing.stdout.splitlines())


def test_build_tarball_holds_one_folder_with_the_bundle(fake_bundle, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [str(INSTALLER / "linux" / "build_tarball.sh"), str(fake_bundle), str(out)],
        capture_output=True, text=True, env={**os.environ, "GZIP_LEVEL": "1"}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    archive = Path(result.stdout.strip().splitlines()[-1])
    assert archive.name.startswith("sonic-desktop-9.8.7rc1-linux-")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    top = "sonic-desktop-9.8.7rc1"
    for name in ("sonic-desktop", "sonic-desktop.png", "install-desktop-entry.sh"):
        assert f"{top}/{name}" in names
    assert {name.split("/")[0] for name in names} == {top}


def test_portable_desktop_entry_points_at_the_unpacked_folder(fake_bundle, tmp_path):
    out = tmp_path / "out"
    archive = subprocess.run(
        [str(INSTALLER / "linux" / "build_tarball.sh"), str(fake_bundle), str(out)],
        capture_output=True, text=True, check=True, env={**os.environ, "GZIP_LEVEL": "1"},
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    unpacked = tmp_path / "my apps"
    unpacked.mkdir()
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12+ and 3.11.4+
            tar.extractall(unpacked, filter="data")
        else:
            tar.extractall(unpacked)  # our own archive
    folder = unpacked / "sonic-desktop-9.8.7rc1"
    home = tmp_path / "home"
    subprocess.run(
        [str(folder / "install-desktop-entry.sh")],
        check=True, capture_output=True, env={**os.environ, "HOME": str(home), "XDG_DATA_HOME": ""},
    )  # fmt: skip
    entry = (home / ".local/share/applications/sonic-desktop.desktop").read_text()
    assert f'Exec="{folder}/sonic-desktop" gui %F' in entry
    assert f"Icon={folder}/sonic-desktop.png" in entry


def test_windows_workflow_builds_bundle_and_installer():
    workflow = ROOT / ".github" / "workflows" / "windows.yml"
    text = workflow.read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in text
    assert "sonic_desktop.spec" in text and "installer\\windows\\sonic-desktop.nsi" in text
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(text)
    steps = data["jobs"]["bundle"]["steps"]
    assert any("pyinstaller" in str(step.get("run", "")) for step in steps)
    assert any("makensis" in str(step.get("run", "")) for step in steps)


def test_nsis_script_compiles_against_a_dummy_payload(tmp_path):
    if not shutil.which("makensis"):
        # Skipping here would hide the whole Windows installer; `.ci/run` installs nsis.
        if os.environ.get("CI"):
            pytest.fail("makensis not found: CI must install Debian's nsis (see .ci/run)")
        pytest.skip("makensis (Debian's nsis) not installed: apt-get install nsis")
    payload = tmp_path / "payload"
    (payload / "_internal" / "resources").mkdir(parents=True)
    for exe in ("sonic-desktop.exe", "SonicDesktop.exe"):
        (payload / exe).write_bytes(b"MZ dummy")
    (payload / "_internal" / "resources" / "presets.json").write_text("{}")
    outfile = tmp_path / "SonicDesktop-0.0.0-setup.exe"
    result = subprocess.run(
        [
            "makensis", "-NOCONFIG", "-WX", "-V2",
            "-DVERSION=0.1.0", "-DVERSION_QUAD=0.1.0.0",
            f"-DBUNDLE_DIR={payload}", f"-DOUTFILE={outfile}",
            str(INSTALLER / "windows" / "sonic-desktop.nsi"),
        ],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert outfile.stat().st_size > 50_000
