"""Is the process that wrote a temporary file still running?

Temporary names carry their writer's PID and a short *start token* (a hash of when
that process started, and on Linux of the boot it started in). A sweeper removes a
temporary file only when its writer is gone; the token tells a PID that the system
has since handed to another process apart from the writer itself.

Where no start time can be read (macOS and other systems without /proc), the token
is "0" and only the PID is checked: a reused PID then keeps a file, never the
reverse. Nothing here sends a signal that could harm the process it asks about:
`os.kill(pid, 0)` on POSIX only checks, and Windows is asked through OpenProcess
(there os.kill would terminate the process).
"""

from __future__ import annotations

import functools
import os
import sys
import zlib

UNKNOWN_TOKEN = "0"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(value: int) -> str:
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = _DIGITS[rest] + out
        if value == 0:
            return out


def _token_of(start_marker: str | None) -> str:
    if not start_marker:
        return UNKNOWN_TOKEN
    # crc32 is never 0 for these markers in practice; "0" stays reserved for "unknown".
    return _base36(zlib.crc32(start_marker.encode("ascii", "replace")) or 1)


@functools.cache
def _boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def _linux_stat(pid: int) -> list[str] | None:
    """/proc/<pid>/stat from field 3 (state) on, or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields if len(fields) >= 20 else None


def _linux_start(pid: int) -> str | None:
    fields = _linux_stat(pid)
    return None if fields is None else f"{_boot_id()}:{fields[19]}"  # field 22, starttime


def _linux_gone(pid: int) -> bool:
    """A zombie (killed, not yet reaped: common under a container's PID 1) writes nothing."""
    fields = _linux_stat(pid)
    return fields is not None and fields[0] in ("Z", "X", "x")


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259
    _ERROR_ACCESS_DENIED = 5

    def _open(pid: int) -> tuple[int | None, int]:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.OpenProcess.restype = wintypes.HANDLE
        handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        return (handle or None), ctypes.get_last_error()

    def _windows_alive(pid: int) -> bool:
        handle, error = _open(pid)
        if handle is None:
            return error == _ERROR_ACCESS_DENIED  # it exists, it just is not ours to query
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        try:
            code = wintypes.DWORD()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == _STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)

    def _windows_start(pid: int) -> str | None:
        handle, _error = _open(pid)
        if handle is None:
            return None
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        try:
            times = [wintypes.FILETIME() for _ in range(4)]
            if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                return None
            created = times[0]
            return str((created.dwHighDateTime << 32) | created.dwLowDateTime)
        finally:
            kernel32.CloseHandle(handle)


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists now (any owner)."""
    if pid <= 0:
        return False  # 0 and negatives address process groups, never one writer
    if sys.platform == "win32":
        return _windows_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    except OSError:
        return True  # cannot tell: assume alive, so nothing of it is removed
    return not (sys.platform.startswith("linux") and _linux_gone(pid))


def start_token(pid: int) -> str:
    """A short token for the process now holding `pid`; "0" where it cannot be read."""
    if sys.platform == "win32":
        return _token_of(_windows_start(pid))
    if sys.platform.startswith("linux"):
        return _token_of(_linux_start(pid))
    return UNKNOWN_TOKEN


@functools.cache
def _own_token(pid: int) -> str:
    return start_token(pid)


def own_token() -> str:
    """This process's start token (cached per PID, so a forked child gets its own)."""
    return _own_token(os.getpid())


def writer_alive(pid: int, token: str) -> bool:
    """Whether the process that recorded (pid, token) still runs.

    A live PID with a different known token is a newer process that reuses the PID:
    the writer is gone.
    """
    if pid == os.getpid():
        return token in (own_token(), UNKNOWN_TOKEN)
    if not pid_alive(pid):
        return False
    if token == UNKNOWN_TOKEN:
        return True
    current = start_token(pid)
    return current in (token, UNKNOWN_TOKEN)
