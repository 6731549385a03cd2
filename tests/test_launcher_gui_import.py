"""When the Qt layer cannot be imported, the launcher says why in one line, logs the traceback
and exits 2; the headless commands keep working, and `doctor` reports it on its `window` line.

A missing library is simulated without uninstalling anything: a meta-path finder makes the
import of `sonic_desktop.gui.app` raise the loader's error, or (for the real loader) an empty
`libpulse.so.0` goes first on LD_LIBRARY_PATH.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sonic_desktop import gui_availability, launcher
from sonic_desktop.gui_availability import PROBE_FLAG, diagnose, probe_window

LIBPULSE = "libpulse.so.0: cannot open shared object file: No such file or directory"


class _Refuse:
    """Meta-path finder: importing `sonic_desktop.gui.app` raises `error`."""

    def __init__(self, error: ImportError) -> None:
        self.error = error

    def find_spec(self, name, path=None, target=None):
        if name == "sonic_desktop.gui.app":
            raise self.error
        return None


@pytest.fixture
def refuse_gui(monkeypatch):
    def _install(error: ImportError) -> None:
        monkeypatch.delitem(sys.modules, "sonic_desktop.gui.app", raising=False)
        monkeypatch.setattr(sys, "meta_path", [_Refuse(error), *sys.meta_path])

    return _install


@pytest.fixture
def log_home(tmp_path, monkeypatch):
    """Logs under tmp_path, through a file handler of this test's own (the app attaches one
    per process, so an earlier test's would still point at that test's folder)."""
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(tmp_path))
    root = logging.getLogger("sonic_desktop")
    kept = [h for h in root.handlers if not getattr(h, "_sonic_file", False)]
    monkeypatch.setattr(root, "handlers", kept)
    yield tmp_path / "logs" / "sonic-desktop.log"
    for handler in root.handlers:
        if getattr(handler, "_sonic_file", False):
            handler.close()


@pytest.fixture
def apt(monkeypatch):
    monkeypatch.setattr(gui_availability, "package_tool", lambda: "apt")


# --- the launcher ---------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [[], ["gui"], ["gui", "--lang", "en", "photo.png"]])
def test_a_missing_library_gives_one_line_with_the_fix_and_the_traceback_in_the_log(
    argv, refuse_gui, log_home, apt, capsys
):
    refuse_gui(ImportError(LIBPULSE, name="QtMultimedia"))
    status = launcher.main(argv)
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""  # no --help fallback
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: the window cannot start: libpulse.so.0 is missing")
    assert "QtMultimedia" in lines[0]
    assert "sudo apt install libpulse0" in lines[0]
    assert str(log_home) in lines[0]
    logged = log_home.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert LIBPULSE in logged


def test_pyside6_not_installed_names_the_module_and_the_reinstall(refuse_gui, log_home, capsys):
    refuse_gui(ModuleNotFoundError("No module named 'PySide6'", name="PySide6"))
    assert launcher.main([]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "the Python module PySide6 is not installed" in line
    assert "-r requirements/lock.txt" in line
    assert "apt" not in line


def test_headless_commands_work_when_the_window_cannot_import(
    refuse_gui, log_home, monkeypatch, capsys
):
    refuse_gui(ImportError(LIBPULSE, name="QtMultimedia"))
    for flag in ("--help", "--version"):
        with pytest.raises(SystemExit) as exit_:
            launcher.main([flag])
        assert exit_.value.code == 0
        assert "sonic-desktop" in capsys.readouterr().out
    failing = {"ok": False, "problem": "libpulse.so.0 is missing", "fix": "sudo apt install x"}
    monkeypatch.setattr(gui_availability, "probe_window", lambda: failing)
    assert launcher.main(["doctor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["window"] == failing


# --- the one-line explanations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libpulse.so.0", "libpulse0"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libEGL.so.1", "libegl1"),
        ("libGL.so.1", "libgl1"),
        ("libOpenGL.so.0", "libopengl0"),
        ("libxkbcommon.so.0", "libxkbcommon0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libfontconfig.so.1", "libfontconfig1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ],
)
def test_known_libraries_map_to_their_debian_package(soname, package, apt):
    found = diagnose(f"{soname}: cannot open shared object file: No such file or directory")
    assert found.missing == soname
    assert found.problem == f"{soname} is missing"
    assert found.fix == f"sudo apt install {package}"


def test_an_unknown_library_is_named_with_a_way_to_find_its_package(apt, monkeypatch):
    error = "libfoo-bar.so.7: cannot open shared object file: No such file or directory"
    assert (
        diagnose(error).fix
        == "find its package with `apt-file search libfoo-bar.so.7` and install that"
    )
    monkeypatch.setattr(gui_availability, "package_tool", lambda: "dnf")
    assert "dnf provides '*/libfoo-bar.so.7'" in diagnose(error).fix
    monkeypatch.setattr(gui_availability, "package_tool", lambda: None)
    found = diagnose(error)
    assert "libfoo-bar.so.7" in found.problem and "apt" not in found.fix
    assert "package manager" in found.fix


def test_a_library_that_is_there_but_broken_is_reinstalled(apt):
    found = diagnose("/opt/x/libpulse.so.0: file too short", module="QtMultimedia")
    assert found.problem == (
        "libpulse.so.0 (QtMultimedia needs it) cannot be loaded "
        "(/opt/x/libpulse.so.0: file too short)"
    )
    assert found.fix == "sudo apt install --reinstall libpulse0"


def test_qts_own_libraries_are_never_sent_to_the_system_package_manager(apt):
    found = diagnose("libQt6Core.so.6: version `Qt_6.11' not found (required by x.so)")
    assert "apt" not in found.fix and "pip install" in found.fix


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_never_get_apt(platform, monkeypatch):
    monkeypatch.setattr(sys, "platform", platform)
    tool = gui_availability.package_tool()
    monkeypatch.undo()
    assert tool is None


def test_windows_and_macos_loader_messages(monkeypatch):
    monkeypatch.setattr(gui_availability, "package_tool", lambda: None)
    windows = diagnose(
        "DLL load failed while importing QtMultimedia: The specified module could not be found."
    )
    assert "QtMultimedia" in windows.problem and "Visual C++" in windows.fix
    mac = diagnose(
        "dlopen(/x/QtMultimedia.abi3.so, 0x0002): Library not loaded: "
        "@rpath/QtMultimedia.framework/Versions/A/QtMultimedia"
    )
    assert mac.missing == "QtMultimedia" and "apt" not in mac.fix


def test_a_frozen_app_says_reinstall_sonic_desktop(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    found = diagnose("No module named 'PySide6'", error_type="ModuleNotFoundError")
    assert found.missing == "PySide6"
    assert found.fix == "reinstall Sonic Desktop"


# --- doctor's probe, in a real child process ------------------------------------------------


@pytest.fixture
def fake_modules(tmp_path, monkeypatch):
    """Modules the probe's child can import from PYTHONPATH; returns a writer."""
    folder = tmp_path / "fake_modules"
    folder.mkdir()
    python_path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    monkeypatch.setenv("PYTHONPATH", python_path)

    def _write(name: str, body: str) -> str:
        (folder / f"{name}.py").write_text(body, encoding="utf-8")
        return name

    return _write


def test_the_probe_reports_a_missing_library_from_the_child(fake_modules, apt):
    module = fake_modules("broken_gui", f"raise ImportError({LIBPULSE!r}, name='QtMultimedia')\n")
    window = probe_window((module,))
    assert window["ok"] is False
    assert window["missing"] == "libpulse.so.0"
    assert window["module"] == "broken_gui"
    assert window["fix"] == "sudo apt install libpulse0"


def test_the_probe_survives_a_child_that_exits_crashes_or_hangs(fake_modules):
    exits = probe_window((fake_modules("exits", "import os\nos._exit(3)\n"),))
    assert exits["ok"] is False and "exit status 3" in exits["problem"]
    hangs = probe_window((fake_modules("hangs", "import time\ntime.sleep(30)\n"),), timeout_s=1)
    assert hangs["ok"] is False and "did not finish" in hangs["problem"]
    if sys.platform != "win32":
        crashes = probe_window((fake_modules("crashes", "import os\nos.abort()\n"),))
        assert crashes["ok"] is False and "crashed (signal" in crashes["problem"]


def test_the_probe_runs_the_frozen_app_itself(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert gui_availability._probe_command(()) == [sys.executable, PROBE_FLAG]
    monkeypatch.setattr(sys, "frozen", False)
    assert gui_availability._probe_command(()) == [
        sys.executable, "-m", "sonic_desktop", PROBE_FLAG
    ]  # fmt: skip


def test_the_real_probe_agrees_with_importing_the_window_here():
    try:
        importlib.import_module("sonic_desktop.gui.app")
    except ImportError:
        importable = False
    else:
        importable = True
    window = probe_window()
    assert window["ok"] is importable, window
    if importable:
        assert re.fullmatch(r"\d+\.\d+.*", window["qt"])


def _broken_libpulse(tmp_path: Path) -> str:
    folder = tmp_path / "broken_lib"
    folder.mkdir()
    (folder / "libpulse.so.0").write_bytes(b"")  # the real loader refuses it: "file too short"
    return os.pathsep.join(filter(None, [str(folder), os.environ.get("LD_LIBRARY_PATH")]))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_LIBRARY_PATH is Linux's")
def test_the_real_loader_failure_end_to_end(tmp_path, monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", _broken_libpulse(tmp_path))
    window = probe_window()
    assert window["ok"] is False and window["missing"] == "libpulse.so.0", window

    env = dict(os.environ, SONIC_DESKTOP_HOME=str(tmp_path / "home"))
    ran = subprocess.run(
        [sys.executable, "-m", "sonic_desktop", "gui"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 2, ran.stderr
    assert ran.stdout == ""
    (line,) = ran.stderr.splitlines()
    assert "libpulse.so.0" in line and "cannot be loaded" in line
    logged = (tmp_path / "home" / "logs" / "sonic-desktop.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged


# --- doctor's window line --------------------------------------------------------------------


@pytest.fixture
def report_without_window(monkeypatch):
    from sonic_desktop.doctor import collect_report

    monkeypatch.setattr(gui_availability, "probe_window", lambda: {"ok": True})
    return collect_report()


@pytest.mark.parametrize(
    ("window", "line"),
    [
        (
            {"ok": True, "pyside6": "6.11.3", "qt": "6.11.3"},
            "window   ok (PySide6 6.11.3, Qt 6.11.3)",
        ),
        (
            {
                "ok": False,
                "problem": "libpulse.so.0 is missing (QtMultimedia needs it)",
                "fix": "sudo apt install libpulse0",
            },
            "window   cannot start: libpulse.so.0 is missing (QtMultimedia needs it). "
            "Fix: sudo apt install libpulse0",
        ),
    ],
)
def test_doctor_has_a_window_line_and_keeps_the_lines_the_packaging_checks_grep(
    report_without_window, window, line
):
    from sonic_desktop.doctor import format_report

    text = format_report({**report_without_window, "window": window})
    lines = text.splitlines()
    assert line in lines
    assert any(re.match(r"^torch    ", x) for x in lines)
    assert any(re.match(r"^ffmpeg ", x) for x in lines)
