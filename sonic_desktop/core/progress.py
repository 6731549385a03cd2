"""Typed progress events, an ETA estimator and a cancel token (plain Python, no Qt).

Engines report progress per unit of work (a frame, a UNet call); the CLI shows it
with tqdm and the GUI adapts it to Qt signals.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from sonic_desktop.core.errors import Cancelled


class Stage(str, Enum):
    LOADING_MODELS = "loading_models"
    ANALYSING_INPUTS = "analysing_inputs"
    ANALYSING_AUDIO = "analysing_audio"
    DENOISING = "denoising"
    DECODING = "decoding"
    INTERPOLATING = "interpolating"
    RENDERING = "rendering"
    ENCODING = "encoding"
    DONE = "done"


@dataclass(frozen=True)
class ProgressEvent:
    stage: Stage
    done: int
    total: int
    eta_s: float | None = None
    message: str = ""

    @property
    def fraction(self) -> float:
        return 0.0 if self.total <= 0 else min(1.0, self.done / self.total)


ProgressCallback = Callable[[ProgressEvent], None]


def ignore_progress(_event: ProgressEvent) -> None:
    """Default callback for callers that do not display progress."""


class ProgressTracker:
    """Counts units of one stage and attaches an ETA from the observed rate.

    The ETA uses the mean time per unit since the first unit finished, which
    ignores one-off warm-up cost (model load, first-call compilation).
    """

    def __init__(
        self,
        stage: Stage,
        total: int,
        callback: ProgressCallback,
        clock: Callable[[], float] = time.monotonic,
        min_interval_s: float = 0.0,
    ) -> None:
        self.stage = stage
        self.total = total
        self.done = 0
        self._callback = callback
        self._clock = clock
        self._first_done_at: float | None = None
        self._last_emit = -float("inf")
        self._min_interval_s = min_interval_s
        callback(ProgressEvent(stage, 0, total))

    def advance(self, units: int = 1, message: str = "") -> None:
        self.done += units
        now = self._clock()
        if self._first_done_at is None:
            self._first_done_at = now
            eta = None
        else:
            rate_units = self.done - 1
            elapsed = now - self._first_done_at
            eta = (elapsed / rate_units) * (self.total - self.done) if rate_units > 0 else None
        final = self.done >= self.total
        if final or now - self._last_emit >= self._min_interval_s:
            self._last_emit = now
            self._callback(ProgressEvent(self.stage, self.done, self.total, eta, message))


class CancelToken:
    """Thread-safe flag checked by engines between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if cancellation was requested; call between units."""
        if self._event.is_set():
            raise Cancelled()
