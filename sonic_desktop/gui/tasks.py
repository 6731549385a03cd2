"""Run short blocking calls (decode a photo, detect a face, read audio) off the UI thread.

`BackgroundTasks.submit(fn, on_done, on_error)` runs `fn` on a thread pool and
calls back on the UI thread. Each call gets a ticket; `latest_only` keys drop
results that a newer request of the same kind has superseded (the user picked a
second photo before the first finished loading).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; its signals are emitted from the pool and queued back."""

    done = Signal(object)
    error = Signal(object)

    def __init__(
        self,
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        parent: QObject,
    ) -> None:
        # Parented, so dropping the Python reference inside its own slot cannot
        # delete the C++ object while Qt is still delivering to it.
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.error.connect(self._deliver_error)
        self.cancelled = False
        self.finished_callback: Callable[[_Relay], None] | None = None

    @Slot(object)
    def _deliver_done(self, value: object) -> None:
        if not self.cancelled:
            self._on_done(value)
        self._finish()

    @Slot(object)
    def _deliver_error(self, exc: object) -> None:
        if not self.cancelled:
            self._on_error(exc)  # type: ignore[arg-type]
        self._finish()

    def _finish(self) -> None:
        if self.finished_callback is not None:
            self.finished_callback(self)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            value = self._fn()
        except Exception as exc:  # delivered to the caller, which shows it inline
            log.debug("background task failed", exc_info=True)
            self._relay.error.emit(exc)
        else:
            self._relay.done.emit(value)


class BackgroundTasks(QObject):
    """A small pool for media look-ups; at most `max_threads` run at once."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._pending: set[_Relay] = set()
        self._latest: dict[str, _Relay] = {}

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
        latest_only: str | None = None,
    ) -> None:
        relay = _Relay(on_done, on_error, self)
        relay.finished_callback = self._forget
        if latest_only is not None:
            previous = self._latest.get(latest_only)
            if previous is not None:
                previous.cancelled = True
            self._latest[latest_only] = relay
        self._pending.add(relay)
        self._pool.start(_Runnable(fn, relay))

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def _forget(self, relay: _Relay) -> None:
        relay.deleteLater()
        self._pending.discard(relay)
        for key, value in list(self._latest.items()):
            if value is relay:
                del self._latest[key]
