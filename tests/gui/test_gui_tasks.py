"""BackgroundTasks: results and errors come back on the UI thread, superseded ones never."""

from __future__ import annotations

import threading

import pytest


@pytest.fixture
def tasks(qapp):
    from sonic_desktop.gui.common.tasks import BackgroundTasks

    pool = BackgroundTasks(max_threads=2)
    yield pool
    pool.wait(5000)


def test_result_and_error_arrive_on_the_ui_thread(tasks, qtbot):
    got: list[tuple[str, object, bool]] = []
    main = threading.get_ident()

    def on_done(value):
        got.append(("done", value, threading.get_ident() == main))

    def on_error(exc):
        got.append(("error", str(exc), threading.get_ident() == main))

    def boom():
        raise ValueError("unreadable photo")

    tasks.submit(lambda: threading.get_ident() != main, on_done, on_error)
    tasks.submit(boom, on_done, on_error)
    assert tasks.busy
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert sorted(got) == [("done", True, True), ("error", "unreadable photo", True)]
    assert not tasks.busy


def test_latest_only_drops_superseded_results(tasks, qtbot):
    gate = threading.Event()
    got: list[str] = []

    def slow_first():
        gate.wait(5)
        return "first"

    tasks.submit(slow_first, got.append, lambda exc: got.append(f"error {exc}"), "photo")
    tasks.submit(lambda: "second", got.append, lambda exc: None, latest_only="photo")
    tasks.submit(lambda: "other", got.append, lambda exc: None, latest_only="audio")
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not tasks.busy, timeout=5000)
    assert sorted(got) == ["other", "second"]  # "first" finished last and was dropped


def test_many_short_tasks_all_deliver(tasks, qtbot):
    # Hundreds of quick results in flight at once: every one delivered exactly once.
    got: list[int] = []
    for i in range(300):
        tasks.submit(lambda i=i: i, got.append, lambda exc: None)
    qtbot.waitUntil(lambda: len(got) == 300, timeout=20_000)
    assert sorted(got) == list(range(300))
