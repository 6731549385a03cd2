"""Windows in child processes, for tests whose subject is the process itself (signals,
a second launch): each gets a whole user profile in tmp_path and dies with its test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"

_started: list[subprocess.Popen[str]] = []


def profile_env(tmp_path: Path, short_tmp: Path) -> dict[str, str]:
    """HOME, the XDG folders and Sonic's folders in tmp_path. TMPDIR (where Qt puts the local
    socket) is a short folder: a Unix socket path has room for ~107 bytes, and tmp_path with a
    long test name can take most."""
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    folders = {
        "HOME": tmp_path / "home",
        "XDG_CONFIG_HOME": tmp_path / "home" / ".config",
        "XDG_DATA_HOME": tmp_path / "home" / ".local" / "share",
        "XDG_CACHE_HOME": tmp_path / "home" / ".cache",
        "XDG_RUNTIME_DIR": tmp_path / "run",
        "SONIC_DESKTOP_HOME": tmp_path / "sonic",
        "TMPDIR": short_tmp,
    }
    for key, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[key] = str(folder)
    os.chmod(folders["XDG_RUNTIME_DIR"], 0o700)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def outputs_of(env: dict[str, str]) -> Path:
    """Where the profile's renders land: its videos folder (never beside the inputs)."""
    return Path(env["SONIC_DESKTOP_HOME"]) / "Videos" / "Sonic Desktop"


def example_inputs(tmp_path: Path, *audio_names: str) -> tuple[Path, list[Path]]:
    """Copies of the shipped examples in tmp_path; an audio name with "zh" in it gets the
    Mandarin recording."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    image = folder / "portrait.png"
    shutil.copy(EXAMPLES / "portrait.png", image)
    audios = []
    for name in audio_names:
        target = folder / name
        shutil.copy(EXAMPLES / ("speech_zh.wav" if "zh" in name else "speech_en.wav"), target)
        audios.append(target)
    return image, audios


def track(proc: subprocess.Popen[str]) -> subprocess.Popen[str]:
    """Kill `proc` after the test if it is still running (see `no_window_outlives_its_test`)."""
    _started.append(proc)
    return proc


def launch_gui(
    env: dict[str, str], *args: object, own_group: bool = False
) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sonic_desktop", "gui", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=own_group,  # its own process group, as a terminal gives it
    )  # fmt: skip
    return track(proc)


@pytest.fixture(autouse=True)
def no_window_outlives_its_test():
    """Import this fixture into a test module to make it autouse there."""
    yield
    while _started:
        proc = _started.pop()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
