"""dlib in a child process, for the window.

dlib holds the GIL while it reads its 100 MB landmark model (~0.7 s) and while it
detects, so in the window's process it freezes the UI whatever thread runs it, and a
Cancel cannot be noticed until it returns. In a child process neither happens: the
parent only waits on a pipe (which releases the GIL) and stops waiting when told to.

`use_face_process()` routes `detect_faces` / `predict_landmarks` / `load_face_models`
of this process through one shared child, started on first use. The CLI does not call
it and keeps dlib in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from sonic_desktop.core.errors import Cancelled, EngineUnavailable

log = logging.getLogger(__name__)

POLL_S = 0.02  # how often a waiting call looks at its cancel check
# Arrays above this go as raw bytes after the message: pickling a 12 MP photo holds the
# GIL for ~25 ms, while `send_bytes` of its buffer writes it with the GIL released.
RAW_ARRAY_BYTES = 1 << 20


class _RawArray:
    """Stands in a message for an array sent right after it with `send_bytes`."""

    def __init__(self, array: np.ndarray) -> None:
        self.shape, self.dtype = array.shape, array.dtype.str


def _pack(args: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[np.ndarray]]:
    raw = [a for a in args if isinstance(a, np.ndarray) and a.nbytes > RAW_ARRAY_BYTES]
    packed = tuple(_RawArray(a) if any(a is r for r in raw) else a for a in args)
    return packed, [np.ascontiguousarray(a) for a in raw]


def _unpack(conn: Connection, args: tuple[Any, ...]) -> tuple[Any, ...]:
    out = []
    for a in args:
        if isinstance(a, _RawArray):
            a = np.frombuffer(conn.recv_bytes(), dtype=a.dtype).reshape(a.shape)
        out.append(a)
    return tuple(out)


def _serve(conn: Connection) -> None:
    """The child's loop: (call id, name, args) in, (call id, ok, value) out."""
    from sonic_desktop.face import detect

    calls: dict[str, Callable[..., Any]] = {
        "load_face_models": detect.load_face_models,
        "detect_faces": detect.detect_faces_here,
        "predict_landmarks": detect.predict_landmarks_here,
    }
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        call_id, name, args = message
        try:
            args = _unpack(conn, args)
            conn.send((call_id, True, calls[name](*args)))
        except Exception as exc:  # typed errors travel back and are raised there
            try:
                conn.send((call_id, False, exc))
            except Exception:  # an error that does not pickle still gets its words back
                conn.send((call_id, False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class FaceProcess:
    """One child process serving face calls one at a time, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._next_id = 0
        self._abandoned: set[int] = set()  # calls whose caller stopped waiting

    def start(self) -> None:
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        # spawn, not fork: a forked copy of a Qt process with running threads is unsafe.
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child,), name="sonic-face", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._abandoned.clear()
        return parent

    def call(self, name: str, *args: Any, cancelled: Callable[[], bool] | None = None) -> Any:
        """Run `name(*args)` in the child and return its result (or raise its error).

        `cancelled` is asked every POLL_S while waiting; when it says yes the call is
        abandoned (its answer is dropped when it comes) and `Cancelled` is raised.
        """
        with self._lock:
            conn = self._ensure_started()
            call_id = self._next_id
            self._next_id += 1
            try:
                packed, raw = _pack(args)
                conn.send((call_id, name, packed))
                for array in raw:
                    conn.send_bytes(array.data.cast("B"))
                return self._wait(conn, call_id, cancelled)
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._stop_locked()
                raise EngineUnavailable(
                    "The face detector stopped unexpectedly",
                    hint="Try again; if it keeps happening, reinstall Sonic Desktop.",
                ) from exc

    def _wait(self, conn: Connection, call_id: int, cancelled: Callable[[], bool] | None) -> Any:
        while True:
            if cancelled is not None and cancelled():
                self._abandoned.add(call_id)
                raise Cancelled()
            if not conn.poll(POLL_S):
                process = self._process
                if process is None or not process.is_alive():
                    raise EOFError("face process died")
                continue
            got_id, ok, value = conn.recv()
            if got_id in self._abandoned:
                self._abandoned.discard(got_id)
                continue
            if got_id != call_id:  # cannot happen with one call at a time
                log.warning("face process answered call %s, expected %s", got_id, call_id)
                continue
            if ok:
                return value
            raise value

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            with suppress(OSError):
                conn.send(None)
            conn.close()
        if process is not None:
            process.join(1.0)
            if process.is_alive():
                process.kill()


_service: FaceProcess | None = None
# What a face call waiting on the child asks to know whether to give up (set by the
# render around its preparation, so engines need not pass a token down).
_cancel_check: ContextVar[Callable[[], bool] | None] = ContextVar("face_cancel", default=None)


@contextmanager
def cancel_scope(cancelled: Callable[[], bool]) -> Iterator[None]:
    """Face calls made inside stop waiting and raise `Cancelled` once `cancelled()`."""
    token = _cancel_check.set(cancelled)
    try:
        yield
    finally:
        _cancel_check.reset(token)


def current_cancel_check() -> Callable[[], bool] | None:
    return _cancel_check.get()


def use_face_process() -> FaceProcess:
    """Route this process's face calls through a child process (idempotent)."""
    global _service
    if _service is None:
        _service = FaceProcess()
    return _service


def face_process() -> FaceProcess | None:
    """The child in use, or None when dlib runs in this process."""
    return _service


def stop_face_process() -> None:
    """Stop routing through the child and end it (tests; the app's exit does it anyway)."""
    global _service
    service, _service = _service, None
    if service is not None:
        service.stop()
