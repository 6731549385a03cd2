"""Child processes (ffmpeg) that never outlive the app, however the app ends.

A render feeds one ffmpeg process for as long as it lasts. When the app is killed (kill -9, a
crash, the session ending), that child must die with it: otherwise it lingers with PID 1 as
its parent, still writing a file nobody will clean up.

- Linux: the child asks the kernel for SIGKILL when its parent goes (prctl PR_SET_PDEATHSIG,
  set by util-linux's `setpriv` before it execs the real command, or else between fork and
  exec). The kernel's "parent" is the *thread* that forked, not the
  process, so children are started either on the main thread or on one spawner thread that
  lives as long as the process; a child started on a short-lived worker thread would
  otherwise be killed when that thread ends.
- POSIX: each child leads its own process group, so a Ctrl+C or hang-up from the terminal
  reaches only the app, which stops the child itself (`kill`, with killpg) and removes its
  files; the child never half-finishes a file on its own.
- Windows: every child joins one Job Object that kills its members when its last handle
  closes, which the system does when the app exits, however it exits.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import errno
import functools
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any

from sonic_desktop.core import interrupts

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
#: Set (to anything) to start children with the preexec_fn even where setpriv exists.
NO_WRAPPER_ENV = "SONIC_DESKTOP_NO_SETPRIV"
_own_groups: weakref.WeakSet[subprocess.Popen[bytes]] = weakref.WeakSet()


@functools.lru_cache(maxsize=1)
def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up once in the parent (the child must not load anything)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


@functools.cache
def _pdeathsig_wrapper() -> list[str] | None:
    """util-linux's `setpriv --pdeathsig KILL --`, which asks for the signal and then execs
    the real command, or None where it is missing (then a preexec_fn does it).

    Why not always the preexec_fn: any preexec_fn makes Python fork the whole process
    instead of vfork, with the GIL held throughout. With the window loaded that took
    17–21 ms a child (0.3 ms with vfork), and no other thread ran Python meanwhile: the
    UI thread stalled at every ffmpeg a render started.
    """
    if not sys.platform.startswith("linux") or os.environ.get(NO_WRAPPER_ENV):
        return None
    path = shutil.which("setpriv")
    if path is None:
        return None
    try:
        help_text = subprocess.run(
            [path, "--help"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [path, "--pdeathsig", "KILL", "--"] if "--pdeathsig" in help_text else None


def _child_setup(parent_pid: int, prctl: Callable[..., int] | None) -> Callable[[], None]:
    """What the child runs between fork and exec (async-signal-safe enough: two syscalls)."""
    kill = int(signal.SIGKILL)

    def setup() -> None:
        os.setpgid(0, 0)
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, kill, 0, 0, 0)
            if os.getppid() != parent_pid:  # the parent died before the request took effect
                os.kill(os.getpid(), kill)

    return setup


class _Spawner:
    """One daemon thread that starts children for threads that may end before them."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[
            tuple[Callable[[], subprocess.Popen[bytes]], concurrent.futures.Future[Any]]
        ] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run(self, start: Callable[[], subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
        future: concurrent.futures.Future[subprocess.Popen[bytes]] = concurrent.futures.Future()
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._serve, name="child-process-spawner", daemon=True
                )
                self._thread.start()
        self._jobs.put((start, future))
        return future.result()

    def _serve(self) -> None:
        while True:
            start, future = self._jobs.get()
            try:
                future.set_result(start())
            except BaseException as exc:  # handed to the caller, raised there
                future.set_exception(exc)


_spawner = _Spawner()


def popen(args: Sequence[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """`subprocess.Popen(args, **kwargs)`, for a child that dies with this process."""
    if sys.platform == "win32":
        proc = subprocess.Popen(args, **kwargs)
        _join_kill_on_close_job(proc)
        return proc
    wrapper = _pdeathsig_wrapper()
    if wrapper is not None:
        program = shutil.which(args[0])
        if program is None:  # as Popen says it: setpriv would start, then fail to exec
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), args[0])
        args = [*wrapper, program, *args[1:]]
        kwargs["start_new_session"] = True  # its own group (and session), as setpgid gives
        parent_bound = True
    else:
        prctl = _prctl()
        kwargs["preexec_fn"] = _child_setup(os.getpid(), prctl)
        parent_bound = prctl is not None

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(args, **kwargs)

    if parent_bound and threading.current_thread() is not threading.main_thread():
        proc = _spawner.run(start)
        _own_groups.add(proc)
        return proc
    # On the main thread a Ctrl+C or SIGTERM handled during the fork would be raised inside
    # Python's at-fork hooks, which drop it: it waits for the child to be started instead,
    # and then stops that child, which nobody would ever be handed.
    started: subprocess.Popen[bytes] | None = None
    try:
        with interrupts.deferred():
            started = start()
            _own_groups.add(started)
    except BaseException:
        if started is not None:
            kill(started)
            started.wait()
        raise
    assert started is not None
    return started


def kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child (its whole process group on POSIX); a reaped child is left alone,
    since its PID may already belong to another process."""
    if proc.poll() is not None:
        return
    if proc in _own_groups:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
            return
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


# --- Windows: one Job Object that kills its members when the app's handle to it closes ---


def _job_limit_structure() -> type[ctypes.Structure]:
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes on 64-bit Windows)."""
    dword, size = ctypes.c_uint32, ctypes.c_size_t

    class Basic(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_int64),
            ("PerJobUserTimeLimit", ctypes.c_int64),
            ("LimitFlags", dword),
            ("MinimumWorkingSetSize", size),
            ("MaximumWorkingSetSize", size),
            ("ActiveProcessLimit", dword),
            ("Affinity", size),
            ("PriorityClass", dword),
            ("SchedulingClass", dword),
        ]

    class Extended(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", Basic),
            ("IoInfo", ctypes.c_uint64 * 6),  # IO_COUNTERS
            ("ProcessMemoryLimit", size),
            ("JobMemoryLimit", size),
            ("PeakProcessMemoryUsed", size),
            ("PeakJobMemoryUsed", size),
        ]

    return Extended


@functools.lru_cache(maxsize=1)
def _kill_on_close_job() -> int | None:
    """The job handle, created once and never closed: the system closes it at exit."""
    if sys.platform != "win32":
        return None
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = ctypes.c_void_p
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        log.debug("CreateJobObjectW failed: %s", ctypes.get_last_error())
        return None
    info = _job_limit_structure()()
    info.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    extended_limit_information = 9  # JobObjectExtendedLimitInformation
    if not kernel32.SetInformationJobObject(
        ctypes.c_void_p(job), extended_limit_information, ctypes.byref(info), ctypes.sizeof(info)
    ):
        log.debug("SetInformationJobObject failed: %s", ctypes.get_last_error())
        return None
    return int(job)


def _join_kill_on_close_job(proc: subprocess.Popen[bytes]) -> None:
    if sys.platform != "win32":
        return
    job = _kill_on_close_job()
    handle = getattr(proc, "_handle", None)
    if job is None or handle is None:
        return
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    if not kernel32.AssignProcessToJobObject(ctypes.c_void_p(job), ctypes.c_void_p(int(handle))):
        log.debug("AssignProcessToJobObject failed: %s", ctypes.get_last_error())
