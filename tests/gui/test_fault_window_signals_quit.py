"""Ctrl+C, SIGTERM and SIGHUP quit the window gracefully.

Fault-injection issue: the window ignored Ctrl+C in its terminal for over 20 s (Python
handlers never ran while Qt's event loop waited in C++), and SIGTERM left a
`.part.mp4` behind. Now: the render stops and becomes `interrupted` (resumable), the
partial file is removed, the queue is saved, and the status is 128 + the signal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from window_processes import (  # noqa: F401  (the autouse fixture)
    example_inputs,
    launch_gui,
    no_window_outlives_its_test,
    outputs_of,
    profile_env,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

QUIT_LIMIT_S = 5.0  # from the signal to the process gone, render stopped and queue saved


@pytest.fixture
def profile(tmp_path, tmp_path_factory) -> dict[str, str]:
    """A whole user profile in tmp_path (see `window_processes.profile_env`)."""
    return profile_env(tmp_path, tmp_path_factory.mktemp("s"))


def copy_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the shipped examples; the output (and its .part.mp4) lands in the videos folder."""
    image, (audio,) = example_inputs(tmp_path, "speech_en.wav")
    return image, audio


gui = launch_gui


def part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.part.mp4")) + sorted(folder.glob(".*.part.mp4"))


def wait_for_render(proc: subprocess.Popen[str], folder: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not part_files(folder):
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"exited ({proc.returncode}) before rendering:\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the render did not start")
        time.sleep(0.05)
    time.sleep(0.3)  # a few frames in


def signal_and_time(
    proc: subprocess.Popen[str], sig: int, group: bool = False
) -> tuple[float, str]:
    sent = time.monotonic()
    if group:  # Ctrl+C in a terminal: the whole foreground group, ffmpeg included
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(
            f"still running 30 s after {signal.Signals(sig).name}:\n{err}"
        ) from None
    elapsed = time.monotonic() - sent
    print(f"{signal.Signals(sig).name}: status {proc.returncode} after {elapsed:.2f} s")
    return elapsed, out + err


def saved_jobs(env: dict[str, str]) -> list[dict]:
    queue = Path(env["SONIC_DESKTOP_HOME"]) / "data" / "queue.json"
    return json.loads(queue.read_text(encoding="utf-8"))["jobs"]


def assert_interrupted_and_clean(env: dict[str, str], folder: Path) -> None:
    assert not part_files(folder), "the render's temp file was left behind"
    assert not list(folder.glob("*.mp4")), "a cut-short render must not publish a file"
    jobs = saved_jobs(env)
    assert len(jobs) == 1, jobs
    assert jobs[0]["state"] == "interrupted", jobs  # resumable, not lost or cancelled
    assert not (Path(env["SONIC_DESKTOP_HOME"]) / "data" / "instance.lock").exists()


# -- the relay, in this process --------------------------------------------------------------


def test_fault_window_signals_relay_wakes_a_waiting_event_loop(qtbot):
    from sonic_desktop.gui.instance.quit_signals import SignalRelay, exit_status, quit_signals

    assert set(quit_signals()) == {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    assert (exit_status(signal.SIGINT), exit_status(signal.SIGTERM)) == (130, 143)
    before = signal.getsignal(signal.SIGUSR1)
    relay = SignalRelay([int(signal.SIGUSR1)])
    try:
        with qtbot.waitSignal(relay.received, timeout=2000) as blocker:
            os.kill(os.getpid(), signal.SIGUSR1)  # arrives while Qt waits in C++
        assert blocker.args == [signal.SIGUSR1]
    finally:
        relay.close()
    assert signal.getsignal(signal.SIGUSR1) == before


def test_fault_window_signals_an_ignored_signal_stays_ignored():
    """`nohup sonic-desktop`: the hang-up must not end the window."""
    from sonic_desktop.gui.instance.quit_signals import SignalRelay

    before = signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    try:
        relay = SignalRelay([int(signal.SIGUSR1), int(signal.SIGUSR2)])
        assert relay.signums == [signal.SIGUSR1]
        assert signal.getsignal(signal.SIGUSR2) is signal.SIG_IGN
        relay.close()
    finally:
        signal.signal(signal.SIGUSR2, before)


# -- the real app, in a child process -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "sig, group",
    [
        (signal.SIGTERM, False),
        (signal.SIGINT, False),
        (signal.SIGHUP, False),
        (signal.SIGINT, True),  # Ctrl+C in the terminal
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP", "Ctrl+C-to-the-terminal-group"],
)
def test_fault_window_signals_quit_during_a_render(profile, tmp_path, sig, group):
    image, audio = copy_inputs(tmp_path)
    proc = gui(profile, "--enqueue", image, audio, "--start", own_group=group)
    wait_for_render(proc, outputs_of(profile))
    elapsed, output = signal_and_time(proc, sig, group)
    assert proc.returncode == 128 + sig, output
    assert elapsed < QUIT_LIMIT_S, f"took {elapsed:.2f} s to quit"
    assert_interrupted_and_clean(profile, outputs_of(profile))


@pytest.mark.slow
def test_fault_window_signals_quit_does_not_wait_for_the_quit_question(profile, tmp_path):
    """An ordinary window asks before quitting while it renders; a signal must not."""
    image, audio = copy_inputs(tmp_path)
    window = gui(profile)  # not scripted: confirm_quit stays on
    lock = Path(profile["SONIC_DESKTOP_HOME"]) / "data" / "instance.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().split("\n")[0] == str(window.pid)):
        assert window.poll() is None and time.monotonic() < deadline, "no lock taken"
        time.sleep(0.05)
    # Hand it a job the way a second launch does.
    handed = subprocess.run(
        [sys.executable, "-m", "sonic_desktop", "gui", "--enqueue", image, audio, "--start"],
        capture_output=True, text=True, env=profile, timeout=60,
    )  # fmt: skip
    assert handed.returncode == 0, handed.stdout + handed.stderr
    wait_for_render(window, outputs_of(profile))
    elapsed, output = signal_and_time(window, signal.SIGTERM)
    assert window.returncode == 143, output
    assert elapsed < QUIT_LIMIT_S, f"took {elapsed:.2f} s to quit"
    assert_interrupted_and_clean(profile, outputs_of(profile))


DIALOG_OPEN = textwrap.dedent(
    """
    import os, signal, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox
    from sonic_desktop.gui import app
    app.create_app()
    def ask():
        print("asking", flush=True)
        QMessageBox.question(None, "Question", "Blocks until answered?")
    QTimer.singleShot(1000, ask)  # once the window is up
    QTimer.singleShot(2500, lambda: os.kill(os.getpid(), signal.SIGINT))
    sys.exit(app.main([]))
    """
)


def test_fault_window_signals_quit_closes_an_open_dialog(profile):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", DIALOG_OPEN], capture_output=True, text=True, env=profile,
        timeout=60,
    )  # fmt: skip
    assert "asking" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 130, result.stdout + result.stderr
    assert "SIGINT received" in result.stderr
    assert time.monotonic() - started < 30
