"""Children started through `core.child_processes` die with their parent process, even on
kill -9, and not before it: a worker thread that started one may end first."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from sonic_desktop.core import child_processes

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]

PARENT = textwrap.dedent(
    """
    import sys, threading, time
    from sonic_desktop.core import child_processes

    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    children = [child_processes.popen(sleeper)]  # from the main thread

    def worker():
        children.append(child_processes.popen(sleeper))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()  # the thread that asked for the second child has ended
    time.sleep(0.5)
    print(*(c.pid for c in children), *(c.poll() for c in children), flush=True)
    time.sleep(120)
    """
)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@linux_only
@pytest.mark.parametrize("how", ["setpriv", "preexec_fn"])
def test_fault_children_outlive_their_thread_but_not_a_killed_parent(how):
    if how == "setpriv" and child_processes._pdeathsig_wrapper() is None:
        pytest.skip("util-linux setpriv is not installed")
    env = dict(os.environ)
    env.pop(child_processes.NO_WRAPPER_ENV, None)
    if how == "preexec_fn":
        env[child_processes.NO_WRAPPER_ENV] = "1"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert parent.stdout is not None
        fields = parent.stdout.readline().split()
        assert len(fields) == 4, parent.stderr.read() if parent.stderr else ""
        pids = [int(fields[0]), int(fields[1])]
        assert fields[2:] == ["None", "None"]  # both still running after the thread ended
        assert all(_alive(pid) for pid in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 2.0
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not any(_alive(pid) for pid in pids)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_fault_child_leads_its_own_process_group_and_kill_ends_it():
    child = child_processes.popen(SLEEPER)
    try:
        assert os.getpgid(child.pid) == child.pid != os.getpgid(0)
        child_processes.kill(child)
        assert child.wait(timeout=5) == -signal.SIGKILL
        child_processes.kill(child)  # reaped: never signalled again (its PID may be reused)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@linux_only
def test_fault_child_started_from_a_worker_thread_is_usable_there():
    result: list[bytes] = []

    def worker():
        proc = child_processes.popen([sys.executable, "-c", "print('hi')"], stdout=subprocess.PIPE)
        out, _ = proc.communicate(timeout=30)
        result.append(out)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(60)
    assert result == [b"hi\n"]


def test_fault_start_failures_reach_the_caller_from_any_thread(tmp_path):
    missing = str(tmp_path / "no such program")
    with pytest.raises(FileNotFoundError):
        child_processes.popen([missing])
    errors: list[BaseException] = []

    def worker():
        try:
            child_processes.popen([missing])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(60)
    assert len(errors) == 1 and isinstance(errors[0], FileNotFoundError)


def test_fault_windows_job_limits_have_the_size_windows_expects():
    """The Job Object code only runs on Windows; its structure layout is checked anywhere
    (JOBOBJECT_EXTENDED_LIMIT_INFORMATION is 144 bytes on 64-bit Windows)."""
    if ctypes.sizeof(ctypes.c_void_p) != 8:
        pytest.skip("64-bit layout")
    assert ctypes.sizeof(child_processes._job_limit_structure()) == 144


_signal_in_fork_hook: list[int] = []


def _fork_hook() -> None:
    """Delivers a signal while Python runs its at-fork hooks, where an exception raised by
    a signal handler is dropped ("Exception ignored in ...")."""
    if _signal_in_fork_hook:
        os.kill(os.getpid(), _signal_in_fork_hook.pop())
        for _ in range(10_000):  # loops give the handler its chance to run, here
            pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_parent=_fork_hook)


@linux_only
def test_fault_signal_during_the_fork_is_not_lost_and_the_child_is_stopped(monkeypatch):
    from sonic_desktop.core import interrupts

    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    # Only a preexec_fn forks (and runs the at-fork hooks); setpriv's vfork runs none.
    monkeypatch.setattr(child_processes, "_pdeathsig_wrapper", lambda: None)
    cancelled: list[bool] = []
    with (
        pytest.raises(interrupts.Terminated),
        interrupts.signals_interrupt(),
        interrupts.backstop(lambda: cancelled.append(True)),
    ):
        _signal_in_fork_hook.append(signal.SIGTERM)
        child_processes.popen(SLEEPER)
    assert cancelled == [True]
    assert len(started) == 1 and started[0].poll() == -signal.SIGKILL  # nobody left to stop it


@linux_only
def test_children_start_without_forking_the_whole_process_where_setpriv_exists(monkeypatch):
    """A preexec_fn makes Python fork (GIL held for tens of ms in the window); with setpriv
    there is none, so Python can vfork, and the child still leads its own group."""
    if child_processes._pdeathsig_wrapper() is None:
        pytest.skip("util-linux setpriv is not installed")
    seen: list[dict] = []
    real_popen = subprocess.Popen

    def recording_popen(args, **kwargs):
        seen.append(kwargs)
        return real_popen(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    child = child_processes.popen(SLEEPER)
    try:
        assert seen[0].get("preexec_fn") is None and seen[0]["start_new_session"]
        assert os.getpgid(child.pid) == child.pid
        time.sleep(0.2)  # setpriv has exec'd the sleeper by now
        with open(f"/proc/{child.pid}/status", encoding="ascii") as handle:
            assert "python" in handle.readline().lower()
    finally:
        child_processes.kill(child)
        child.wait()
