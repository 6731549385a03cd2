"""Can the window start? One line that says why not, and how to fix it.

The launcher calls `report_import_failure` when importing the Qt layer fails: one line on
stderr naming the missing library or module and the command that installs it, the traceback in
the log file, exit status 2 (the CLI's status for a problem that is the user's to fix).

`sonic-desktop doctor` calls `probe_window`, which imports the Qt layer in a child process
(the app itself when frozen, `python -m sonic_desktop` otherwise, both through the launcher's
hidden `PROBE_FLAG`): a library that crashes on load cannot take the report down, and nothing
Qt lands in the doctor's own process.

This module never imports Qt itself: the only Qt imports are `importlib` calls in
`run_probe`, which runs in that child. Qt is not importable when these messages are needed, so
they are plain English, like the CLI's.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sonic_desktop.core.errors import WindowUnavailable

log = logging.getLogger(__name__)

#: The launcher hands `sonic-desktop --probe-window [MODULE ...]` to `run_probe` (not in --help).
PROBE_FLAG = "--probe-window"
#: What the window imports at start-up, in the order a failure is most telling: the widgets,
#: QtMultimedia (players in the audio card, timeline and result view), the app module, then the
#: window itself.
GUI_MODULES = (
    "PySide6.QtWidgets",
    "PySide6.QtMultimedia",
    "sonic_desktop.gui.app",
    "sonic_desktop.gui.shell.main_window",  # app.py imports the window only once it will show one
)
PROBE_TIMEOUT_S = 60.0
_RESULT_MARKER = "sonic-desktop-probe:"

#: Debian/Ubuntu packages for the shared libraries PySide6's Qt loads from the system.
#: installer/linux/deb_depends.py declares the same packages in the .deb when the build
#: machine lacks a library.
DEBIAN_PACKAGES = {
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
    "libsndfile.so.1": "libsndfile1",  # libpulse's own dependencies
    "libasyncns.so.0": "libasyncns0",
    "libasound.so.2": "libasound2",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libgbm.so.1": "libgbm1",
    "libdrm.so.2": "libdrm2",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXext.so.6": "libxext6",
    "libXrender.so.1": "libxrender1",
    "libXi.so.6": "libxi6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libgtk-3.so.0": "libgtk-3-0",  # Qt's GTK 3 theme plugin (t64-renamed later; the old
    "libgdk-3.so.0": "libgtk-3-0",  # name stays provided)
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libva.so.2": "libva2",
    "libva-drm.so.2": "libva-drm2",
    "libva-x11.so.2": "libva-x11-2",
    "libvdpau.so.1": "libvdpau1",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
}

# "libpulse.so.0: cannot open shared object file: ..." or "/dir/libpulse.so.0: file too short"
_LINUX_LOADER = re.compile(r"(?P<path>[^\s:'\"`()]+\.so(?:\.\d+)*): (?P<reason>[^\n]+)")
_MAC_LOADER = re.compile(r"Library not loaded: (?P<path>\S+)")
_WINDOWS_LOADER = re.compile(r"DLL load failed(?: while importing (?P<module>[\w.]+))?")
_NO_MODULE = re.compile(r"No module named '(?P<module>[^']+)'")
_README_INSTALL = (
    "re-run the README's set-up line in the source folder "
    "(pip install --require-hashes --no-deps -r requirements/lock.txt ...)"
)


@dataclass(frozen=True)
class Diagnosis:
    """Why the Qt layer does not import, in words a user can act on."""

    problem: str  # "libpulse.so.0 is missing (QtMultimedia needs it)"
    fix: str  # "sudo apt install libpulse0"
    missing: str | None  # the library or Python module, when one is named
    error: str  # the original "ImportError: ..." line


def package_tool() -> str | None:
    """The system's package manager where a command can be suggested: apt, dnf, pacman."""
    if not sys.platform.startswith("linux"):
        return None
    for tool, command in (("apt", "apt-get"), ("dnf", "dnf"), ("pacman", "pacman")):
        if shutil.which(command):
            return tool
    return None


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _reinstall() -> str:
    return "reinstall Sonic Desktop" if _frozen() else _README_INSTALL


def _library_fix(soname: str, *, installed: bool) -> str:
    if not soname.startswith("lib") or soname.startswith(("libQt6", "libpyside6", "libshiboken6")):
        return _reinstall()  # Python extensions and Qt ship with PySide6, not the system
    tool = package_tool()
    if tool == "apt":
        package = DEBIAN_PACKAGES.get(soname)
        if package is None:
            return f"find its package with `apt-file search {soname}` and install that"
        return f"sudo apt install {'--reinstall ' if installed else ''}{package}"
    if tool == "dnf":
        return f"find its package with `dnf provides '*/{soname}'` and install that"
    if tool == "pacman":
        return f"find its package with `pacman -F {soname}` and install that"
    return f"install the package that provides {soname} with your system's package manager"


def _needed_by(module: str | None) -> str:
    return f" ({module.removeprefix('PySide6.')} needs it)" if module else ""


def diagnose(
    error: str, *, error_type: str = "ImportError", module: str | None = None
) -> Diagnosis:
    """Explain an import failure from its text: `error_type` is the exception's class name,
    `module` the module that failed to load (`ImportError.name`), when known."""
    first_line = error.strip().splitlines()[0] if error.strip() else ""
    original = f"{error_type}: {first_line}"
    if error_type == "ModuleNotFoundError":
        match = _NO_MODULE.search(error)
        missing = module or (match.group("module") if match else "PySide6")
        return Diagnosis(
            f"the Python module {missing} is not installed", _reinstall(), missing, original
        )
    if match := _LINUX_LOADER.search(error):
        path, reason = match.group("path"), match.group("reason").strip()
        soname = os.path.basename(path)
        absent = reason.startswith("cannot open shared object file")
        where = f"{path}: " if path != soname else ""
        problem = (
            f"{soname} is missing{_needed_by(module)}"
            if absent
            else f"{soname}{_needed_by(module)} cannot be loaded ({where}{reason})"
        )
        return Diagnosis(
            problem,
            _library_fix(soname, installed=not absent),
            soname,
            original,
        )
    if match := _MAC_LOADER.search(error):
        library = os.path.basename(match.group("path"))
        return Diagnosis(
            f"{library} cannot be loaded" + _needed_by(module), _reinstall(), library, original
        )
    if match := _WINDOWS_LOADER.search(error):
        failed = match.group("module") or module or "Qt"
        return Diagnosis(
            f"a DLL that {failed.removeprefix('PySide6.')} needs cannot be loaded",
            "install the latest Microsoft Visual C++ Redistributable (x64), then " + _reinstall(),
            None,
            original,
        )
    return Diagnosis(f"Qt cannot be imported ({original})", _reinstall(), None, original)


def diagnose_exception(exc: BaseException) -> Diagnosis:
    name = getattr(exc, "name", None)
    return diagnose(str(exc), error_type=type(exc).__name__, module=name)


def report_import_failure(exc: BaseException) -> int:
    """The launcher's answer to a failed GUI import: one stderr line, traceback to the log."""
    from sonic_desktop.core.logs import configure_logging

    diagnosis = diagnose_exception(exc)
    log_path = configure_logging()
    log.error("the window cannot start: %s", diagnosis.error, exc_info=exc)
    error = WindowUnavailable(
        f"the window cannot start: {diagnosis.problem}",
        f"Fix: {diagnosis.fix} (details in {log_path})",
    )
    line = f"error: {error.one_line()}"
    if sys.stderr is not None:
        print(line, file=sys.stderr)
    else:  # the Windows shortcut's app has no console: show the line in a message box
        _message_box(line)
    return error.exit_code


def _message_box(text: str) -> None:
    if sys.platform != "win32":
        return
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "Sonic Desktop", 0x10)
    except Exception:  # nothing else left to tell the user with; the log has the details
        log.exception("could not show the start-up error")


# --- doctor's probe -------------------------------------------------------------------------


def run_probe(modules: Sequence[str] = ()) -> int:
    """Child side of `probe_window`: import the modules, print one marked JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    result: dict[str, Any] = {"ok": True}
    for name in modules or GUI_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:  # anything that stops the import stops the window
            result = {
                "ok": False,
                "module": name,
                "error_type": type(exc).__name__,
                "error": str(exc),
                "name": getattr(exc, "name", None),
                "traceback": traceback.format_exc(),
            }
            break
    if result["ok"]:
        try:
            result["pyside6"] = importlib.import_module("PySide6").__version__
            result["qt"] = importlib.import_module("PySide6.QtCore").qVersion()
        except Exception:  # a probe of other modules (tests) need not have Qt
            pass
    print(_RESULT_MARKER + json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


def _probe_command(modules: Sequence[str]) -> list[str]:
    # Frozen, sys.executable is the app (whose launcher knows PROBE_FLAG); `-c` cannot work.
    launcher = [sys.executable] if _frozen() else [sys.executable, "-m", "sonic_desktop"]
    return [*launcher, PROBE_FLAG, *modules]


def _failed(problem: str, fix: str, error: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "problem": problem, "fix": fix, "error": error, **extra}


def _marked_result(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(_RESULT_MARKER):
            try:
                result = json.loads(line[len(_RESULT_MARKER) :])
            except ValueError:
                return None
            return result if isinstance(result, dict) else None
    return None


def probe_window(modules: Sequence[str] = (), timeout_s: float = PROBE_TIMEOUT_S) -> dict[str, Any]:
    """Whether the Qt layer imports, checked in a child process. Returns a JSON-ready dict:
    `ok`, and `pyside6`/`qt` versions, or `problem`, `fix`, `missing`, `module`, `error`."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM") or "offscreen"
    try:
        completed = subprocess.run(
            _probe_command(modules),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout_s,
            env=env,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except subprocess.TimeoutExpired:
        return _failed(
            f"importing Qt did not finish within {timeout_s:.0f} s",
            "run `sonic-desktop gui` in a terminal to see where it stops",
            "TimeoutExpired",
        )
    except OSError as exc:
        return _failed("the check could not start", _reinstall(), f"{type(exc).__name__}: {exc}")
    result = _marked_result(completed.stdout)
    if result is None:
        tail = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        log.info(
            "window probe: exit status %s, stderr:\n%s", completed.returncode, completed.stderr
        )
        how = (
            f"crashed (signal {-completed.returncode})"
            if completed.returncode < 0
            else f"failed (exit status {completed.returncode})"
        )
        return _failed(
            f"importing Qt {how}: {tail}",
            "run `sonic-desktop gui` in a terminal to see the whole message",
            tail,
        )
    if result["ok"]:
        return {"ok": True, "pyside6": result.get("pyside6"), "qt": result.get("qt")}
    log.info("window probe: importing %s failed:\n%s", result["module"], result["traceback"])
    diagnosis = diagnose(result["error"], error_type=result["error_type"], module=result["name"])
    return _failed(
        diagnosis.problem,
        diagnosis.fix,
        diagnosis.error,
        missing=diagnosis.missing,
        module=result["module"],
    )


def format_window_line(window: dict[str, Any]) -> str:
    """The text after `window   ` in doctor's report."""
    if window["ok"]:
        if window.get("pyside6") and window.get("qt"):
            return f"ok (PySide6 {window['pyside6']}, Qt {window['qt']})"
        return "ok"
    return f"cannot start: {window['problem']}. Fix: {window['fix']}"
