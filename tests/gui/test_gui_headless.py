"""`sonic-desktop gui --enqueue ... --start --quit-when-done --screenshot`, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image


def run_gui(*args, timeout=180):
    # Without the LD_LIBRARY_PATH that importing cv2 in this process added (see
    # test_gui_startup.clean_env): a user's shell does not have it.
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "sonic_desktop", "gui", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=env,
    )  # fmt: skip


@pytest.mark.slow
def test_enqueue_start_quit_when_done_with_screenshot(tmp_path, portrait_path, make_wav):
    first = make_wav("one.wav", seconds=1.0, seed=3)
    second = make_wav("two.wav", seconds=1.0, seed=4)
    shot = tmp_path / "shots" / "window.png"
    result = run_gui(
        "--enqueue", portrait_path, first, second, "--preset", "news",
        "--start", "--quit-when-done", "--screenshot", shot,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / f"{portrait_path.stem}_one.mp4").exists()
    assert (tmp_path / f"{portrait_path.stem}_two.mp4").exists()
    image = Image.open(shot)
    assert image.width > 800 and image.height > 500


@pytest.mark.slow
def test_exit_status_is_nonzero_when_a_job_fails(tmp_path, make_wav):
    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((256, 256, 3), 200, np.uint8)).save(blank)
    audio = make_wav("speech.wav", seconds=0.5)
    result = run_gui("--enqueue", blank, audio, "--start", "--quit-when-done")
    assert result.returncode == 1, result.stdout + result.stderr
    assert not (tmp_path / "wall_speech.mp4").exists()


def test_bad_arguments_exit_with_status_2(tmp_path):
    result = run_gui("--enqueue", tmp_path / "missing.png", tmp_path / "missing.wav", timeout=60)
    assert result.returncode == 2
    assert "not found" in result.stderr
