"""SIGTERM and SIGHUP (what a desktop session sends at logout) stop a CLI render the way
Ctrl+C does, and no ffmpeg outlives the render, even when the render is killed with -9.

Real processes and real signals: `python -m sonic_desktop render` in a child process,
signalled while its ffmpeg is encoding.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _dead(process: psutil.Process) -> bool:
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _ffmpeg_children(pid: int) -> list[psutil.Process]:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if "ffmpeg" in child.name().lower():
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


class RunningRender:
    """A CLI render in a child process, stopped once ffmpeg is encoding its .part file."""

    def __init__(self, tmp_path: Path, image: Path, audio: Path) -> None:
        self.out_dir = tmp_path / "renders"
        self.out_dir.mkdir()
        env = dict(os.environ, SONIC_DESKTOP_HOME=str(tmp_path / "home"))
        args = ["render", "--engine", "preview", "-q", "--min-resolution", "256"]
        args += ["--image", str(image), "--audio", str(audio), "-o", str(self.out_dir / "t.mp4")]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sonic_desktop", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=tmp_path,
        )
        self.ffmpeg = self._wait_for_encoding()

    def _wait_for_encoding(self, timeout: float = 120.0) -> list[psutil.Process]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.communicate()
            children = _ffmpeg_children(self.proc.pid)
            if children and any(f.name.endswith(".part.mp4") for f in self.out_dir.iterdir()):
                return children
            time.sleep(0.05)
        self.proc.kill()
        raise AssertionError("the render never started encoding")

    def stop(self, signum: int) -> tuple[int, str, str]:
        os.kill(self.proc.pid, signum)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out.decode(), err.decode()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for child in self.ffmpeg:
            if not _dead(child):
                child.kill()


@pytest.fixture
def long_speech(make_wav):
    return make_wav("long speech.wav", 12.0)  # still encoding when signalled


@pytest.fixture
def running_render(tmp_path, portrait_path, long_speech):
    render = RunningRender(tmp_path, portrait_path, long_speech)
    yield render
    render.close()


@pytest.mark.parametrize(
    "signum, status, line",
    [
        (signal.SIGTERM, 143, "cancelled by SIGTERM; no output was written"),
        (signal.SIGHUP, 129, "cancelled by SIGHUP; no output was written"),
        (signal.SIGINT, 130, "cancelled; no output was written"),  # unchanged
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_fault_signal_cancels_cleanly(running_render, signum, status, line):
    started = time.monotonic()
    code, out, err = running_render.stop(signum)
    assert code == status, err
    assert time.monotonic() - started < 10
    assert out == ""
    assert err.splitlines() == [line]
    assert list(running_render.out_dir.iterdir()) == []  # no .part file, no output
    for ffmpeg in running_render.ffmpeg:  # stopped and reaped by the render itself
        assert _dead(ffmpeg), ffmpeg


def test_fault_ffmpeg_dies_with_a_render_killed_by_sigkill(running_render):
    assert running_render.ffmpeg
    code, _, _ = running_render.stop(signal.SIGKILL)
    assert code == -signal.SIGKILL
    deadline = time.monotonic() + 2.0
    while not all(_dead(p) for p in running_render.ffmpeg) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert all(_dead(p) for p in running_render.ffmpeg)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pty hang-up semantics")
def test_fault_closing_the_terminal_cancels_cleanly(tmp_path, portrait_path, long_speech):
    """The terminal window closes: the kernel sends SIGHUP and stderr now fails with EIO,
    which must not turn the clean cancel into a crash (exit 1 with a traceback)."""
    import pty

    out_dir = tmp_path / "renders"
    out_dir.mkdir()
    env = dict(os.environ, SONIC_DESKTOP_HOME=str(tmp_path / "home"))
    argv = [sys.executable, "-m", "sonic_desktop", "render", "--engine", "preview"]
    argv += ["--image", str(portrait_path), "--audio", str(long_speech)]
    argv += ["--min-resolution", "256", "-o", str(out_dir / "t.mp4")]  # progress bar on: a tty
    pid, master = pty.fork()
    if pid == 0:  # the child: straight into the render, on the new terminal
        os.execve(sys.executable, argv, env)
    ffmpeg: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not ffmpeg:
            if any(f.name.endswith(".part.mp4") for f in out_dir.iterdir()):
                ffmpeg = _ffmpeg_children(pid)
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 65536)  # drain the progress bar, or the render blocks on it
        assert ffmpeg, "the render never started encoding"
        os.close(master)  # hang up
        master = -1
        _, status = os.waitpid(pid, 0)
        pid = 0
        assert os.waitstatus_to_exitcode(status) == 129
        assert list(out_dir.iterdir()) == []
        assert all(_dead(p) for p in ffmpeg)
        log_text = (tmp_path / "home" / "logs" / "sonic-desktop.log").read_text(encoding="utf-8")
        assert "render cancelled by SIGHUP" in log_text
    finally:
        if master >= 0:
            os.close(master)
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
