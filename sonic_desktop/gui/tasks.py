"""Run short blocking calls (decode a photo, detect a face, read audio) off the UI thread.

`BackgroundTasks.submit(fn, on_done, on_error)` runs `fn` on a thread pool and
calls back on the UI thread. Each call gets a ticket; `latest_only` keys drop
results that a newer request of the same kind has superseded (the user picked a
second photo before the first finished loading).

Results travel through one relay object that lives as long as the pool. A relay
per task, deleted after its result arrived, raced with the worker thread that was
still returning from `emit` on it: Qt forbids deleting a sender while another
thread emits, and under CPU load that crashed the suite inside `~QObject`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# on_done, on_error, the latest_only key (or None)
Pending = tuple[Callable[[Any], None], Callable[[Exception], None], str | None]


class _Relay(QObject):
    """Lives on the UI thread; its signal is emitted from pool threads and queued back."""

    finished = Signal(int, bool, object)  # ticket, succeeded, value or exception


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, ticket: int) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self._ticket = ticket

    def run(self) -> None:
        try:
            value = self._fn()
        except Exception as exc:  # delivered to the caller, which shows it inline
            log.debug("background task failed", exc_info=True)
            self._relay.finished.emit(self._ticket, False, exc)
        else:
            self._relay.finished.emit(self._ticket, True, value)


class BackgroundTasks(QObject):
    """A small pool for media look-ups; at most `max_threads` run at once."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        # Children are destroyed in creation order: the pool first, and its destructor
        # waits for every running task, so the relay outlives every emit on it.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._tickets = itertools.count(1)
        self._pending: dict[int, Pending] = {}
        self._latest: dict[str, int] = {}  # latest_only key -> the only ticket still wanted

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
        self._pool.start(_Runnable(fn, self._relay, ticket))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

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
