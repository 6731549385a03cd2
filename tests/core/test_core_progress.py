from __future__ import annotations

import threading

import pytest

from sonic_desktop.core.errors import Cancelled
from sonic_desktop.core.progress import CancelToken, ProgressEvent, ProgressTracker, Stage


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_tracker_reports_every_unit_with_an_eta_from_the_steady_rate():
    events: list[ProgressEvent] = []
    clock = FakeClock()
    tracker = ProgressTracker(Stage.DENOISING, 5, events.append, clock=clock)
    clock.now += 30  # slow first unit (model warm-up) must not skew the ETA
    tracker.advance()
    for _ in range(2):
        clock.now += 2
        tracker.advance()
    assert [e.done for e in events] == [0, 1, 2, 3]
    assert events[1].eta_s is None
    # 2 s per unit since the first finished, 2 units left -> 4 s
    assert events[-1].eta_s == pytest.approx(4.0)
    assert events[-1].fraction == pytest.approx(0.6)


def test_tracker_throttles_but_always_reports_the_last_unit():
    events: list[ProgressEvent] = []
    clock = FakeClock()
    tracker = ProgressTracker(Stage.RENDERING, 100, events.append, clock=clock, min_interval_s=1.0)
    for _ in range(100):
        clock.now += 0.01
        tracker.advance()
    assert events[-1].done == 100
    assert len(events) < 10


def test_cancel_token_raises_only_after_cancel_and_across_threads():
    token = CancelToken()
    token.check()
    worker = threading.Thread(target=token.cancel)
    worker.start()
    worker.join()
    assert token.cancelled
    with pytest.raises(Cancelled):
        token.check()
