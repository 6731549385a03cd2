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
    # Outputs go to <Videos>/Sonic Desktop, never beside the inputs.
    from sonic_desktop.core.output_folder import default_output_folder

    out = default_output_folder()
    assert (out / f"{portrait_path.stem}_one.mp4").exists()
    assert (out / f"{portrait_path.stem}_two.mp4").exists()
    image = Image.open(shot)
    assert image.width > 800 and image.height > 500


@pytest.mark.slow
def test_exit_status_is_nonzero_when_a_job_fails(tmp_path, make_wav):
    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((256, 256, 3), 200, np.uint8)).save(blank)
    audio = make_wav("speech.wav", seconds=0.5)
    result = run_gui("--enqueue", blank, audio, "--start", "--quit-when-done")
    assert result.returncode == 1, result.stdout + result.stderr
    from sonic_desktop.core.output_folder import default_output_folder

    assert not (default_output_folder() / "wall_speech.mp4").exists()
    assert not (tmp_path / "wall_speech.mp4").exists()


def test_bad_arguments_exit_with_status_2(tmp_path):
    result = run_gui("--enqueue", tmp_path / "missing.png", tmp_path / "missing.wav", timeout=60)
    assert result.returncode == 2
    assert "not found" in result.stderr


def test_preset_flag_shapes_the_jobs_but_never_the_next_session(tmp_path, portrait_path, make_wav):
    # `gui --enqueue … --preset news` used to save the news settings as the user's own.
    from sonic_desktop.gui.app_context import open_saved_queue
    from sonic_desktop.gui.shell.preferences import load_preferences

    audio = make_wav("one.wav", seconds=0.5)
    result = run_gui("--enqueue", portrait_path, audio, "--preset", "news", "--quit-when-done")
    assert result.returncode == 0, result.stdout + result.stderr
    queue, _notes = open_saved_queue()
    [job] = queue.jobs
    assert job.request.settings.expand_ratio == pytest.approx(0.15)  # news: tight margin
    saved = load_preferences().last_settings
    assert saved and saved.get("expand_ratio") == pytest.approx(0.5)  # the user's default


def test_headless_preset_is_for_the_queued_jobs_only(qtbot, window, portrait_path, make_wav):
    from sonic_desktop.gui.instance.headless import HeadlessDriver, HeadlessOptions

    session = window.session
    session.update_settings(dynamic_scale=1.1, seed=1234)  # the user's own look
    own = session.settings
    audio = make_wav("two.wav", seconds=0.5)
    driver = HeadlessDriver(window, HeadlessOptions(enqueue=[portrait_path, audio], preset="news"))
    driver.begin()
    [job_id] = driver.job_ids
    job = next(j for j in window.controller.queue.jobs if j.id == job_id)
    assert job.request.settings.expand_ratio == pytest.approx(0.15)
    assert job.request.settings.seed == 1234  # the preset goes on top of the user's settings
    assert session.settings == own
    window.close()
    assert window.ctx.prefs.last_settings == own.to_dict()


def test_unknown_preset_is_refused_on_stderr(qtbot, window, portrait_path, make_wav, capsys):
    from sonic_desktop.gui.instance.headless import HeadlessDriver, HeadlessOptions

    audio = make_wav("three.wav", seconds=0.5)
    driver = HeadlessDriver(window, HeadlessOptions(enqueue=[portrait_path, audio], preset="nope"))
    with qtbot.waitSignal(driver.finished) as status:
        driver.begin()
    assert status.args == [2]
    assert "no preset named 'nope'" in capsys.readouterr().err
    assert window.controller.queue.jobs == []
