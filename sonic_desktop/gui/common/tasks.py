"""Run short blocking calls (decode a photo, detect a face, read audio) off the UI thread.

`BackgroundTasks.submit(fn, on_done, on_error)` runs `fn` on a thread pool and
calls back on the UI thread. Each call gets a ticket; `latest_only` keys drop
results that a newer request of the same kind has superseded (the user picked a
second photo before the first finished loading).

The pool is Python's `concurrent.futures`, not QThreadPool: a QThreadPool worker gets a new
Python thread state for every task while the OS thread is reused, and dlib's pybind11 layer
caches the first one (see `python_thread.py`), so a face detection on a reused worker crashed
the window once the start-up warm-up had run. A Python thread keeps one state for its life.

Results travel through one relay object that lives as long as the pool. A relay
per task, deleted after its result arrived, raced with the worker thread that was
still returning from `emit` on it: Qt forbids deleting a sender while another
thread emits. Workers emit under a lock and only while the gate is open; the gate
closes (and waits for running tasks) when the owner is destroyed, before the relay goes.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

# on_done, on_error, the latest_only key (or None)
Pending = tuple[Callable[[Any], None], Callable[[Exception], None], str | None]


class _Relay(QObject):
    """Lives on the UI thread; its signal is emitted from pool threads and queued back."""

    finished = Signal(int, bool, object)  # ticket, succeeded, value or exception


class _Gate:
    """Pure Python (no Qt), so it can be closed from the owner's `destroyed` signal."""

    def __init__(self, max_threads: int) -> None:
        self.executor = ThreadPoolExecutor(max_threads, thread_name_prefix="sonic-task")
        self._lock = threading.Lock()
        self._open = True

    def run(self, fn: Callable[[], Any], relay: _Relay, ticket: int) -> None:
        try:
            value, succeeded = fn(), True
        except Exception as exc:  # delivered to the caller, which shows it inline
            log.debug("background task failed", exc_info=True)
            value, succeeded = exc, False
        with self._lock:
            if self._open:
                relay.finished.emit(ticket, succeeded, value)

    def close(self, *_: object) -> None:
        with self._lock:
            self._open = False
        self.executor.shutdown(wait=True, cancel_futures=True)


class BackgroundTasks(QObject):
    """A small pool for media look-ups; at most `max_threads` run at once."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._gate = _Gate(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        # `destroyed` is emitted before the children (the relay) are deleted.
        self.destroyed.connect(self._gate.close)
        self._tickets = itertools.count(1)
        self._pending: dict[int, Pending] = {}
        self._latest: dict[str, int] = {}  # latest_only key -> the only ticket still wanted
        self._futures: list[Future[None]] = []  # submitted, maybe not finished (for `wait`)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        latest_only: str | None = None,
    ) -> None:
        ticket = next(self._tickets)
        if latest_only is not None:
            self._latest[latest_only] = ticket  # supersedes any earlier ticket of that key
        self._pending[ticket] = (on_done, on_error, latest_only)
        future = self._gate.executor.submit(self._gate.run, fn, self._relay, ticket)
        self._futures = [f for f in self._futures if not f.done()] + [future]

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 10_000) -> bool:
        """Wait until every submitted task has run (its result may still be queued)."""
        running = [future for future in self._futures if not future.done()]
        self._futures = running
        return not futures_wait(running, timeout=msecs / 1000).not_done

    @Slot(int, bool, object)
    def _deliver(self, ticket: int, succeeded: bool, value: object) -> None:
        pending = self._pending.pop(ticket, None)
        if pending is None:
            return
        on_done, on_error, key = pending
        if key is not None:
            if self._latest.get(key) != ticket:
                return  # superseded by a newer request of the same kind
            del self._latest[key]
        if succeeded:
            on_done(value)
        else:
            on_error(value)  # type: ignore[arg-type]
