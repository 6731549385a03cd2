"""Background work survives dlib on reused threads (the window crashed on late inputs).

Each check runs in a child process, because the failure it guards against is a segfault. The
root cause is described in sonic_desktop/gui/common/python_thread.py; before the fix, inputs dropped
3 s or more after launch (once the face-model warm-up had run on a pool thread) crashed the
window with exit status 139, every time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parents[1] / "resources" / "examples"


def child_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "SONIC_DESKTOP_HOME": str(home / "sonic"),  # config, queue and the videos folder
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONFAULTHANDLER": "1",
    }
    return env


@pytest.mark.slow
@pytest.mark.parametrize("delay_s", [0.5, 3.0, 6.0])
def test_inputs_load_and_render_at_any_delay_after_launch(tmp_path, delay_s):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "portrait.png", inputs / "portrait_a.png")
    shutil.copy(EXAMPLES / "portrait.png", inputs / "portrait_b.png")
    shutil.copy(EXAMPLES / "speech_en.wav", inputs / "speech.wav")
    result = subprocess.run(
        [sys.executable, str(HERE / "late_inputs_probe.py"), str(delay_s), str(inputs)],
        env=child_env(tmp_path), capture_output=True, text=True, timeout=240, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, (result.returncode, result.stderr[-3000:])
    report = json.loads(result.stdout.strip().splitlines()[-1])
    events = [entry["event"] for entry in report["log"]]
    # drop, load, render; another portrait, load, render again on the same worker threads
    assert events == ["drop", "portrait", "queued", "rendered"] * 2, report
    assert all(e["faces"] == 1 for e in report["log"] if e["event"] == "portrait"), report
    assert report["log"][0]["t"] >= delay_s
    # Outputs go to <Videos>/Sonic Desktop of the child's profile, none beside the inputs.
    assert not list(inputs.glob("*.mp4"))
    assert len(list((tmp_path / "home" / "sonic" / "Videos" / "Sonic Desktop").glob("*.mp4"))) == 2


def test_a_worker_thread_calls_dlib_again_in_a_later_slot(tmp_path):
    result = subprocess.run(
        [sys.executable, str(HERE / "dlib_thread_probe.py")],
        env=child_env(tmp_path), capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr[-3000:])
    assert "['warm', 'detect']" in result.stdout
