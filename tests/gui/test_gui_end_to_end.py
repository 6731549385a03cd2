"""End to end: drop a portrait and two recordings on the window, run the queue with the
real preview engine, get two MP4s, and see the result in the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from sonic_desktop.core.jobs import JobState


def drop_files(widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    # Qt delivers drop events only inside a real drag session, so hand it over directly.
    widget.dropEvent(event)
    assert event.isAccepted()


@pytest.mark.slow
def test_drop_portrait_and_two_audios_renders_two_mp4s(qtbot, make_ctx, portrait_path, make_wav):
    from sonic_desktop.gui.shell.main_window import MainWindow
    from sonic_desktop.media import probe_video

    first = make_wav("hello.wav", seconds=1.2, seed=1)
    second = make_wav("world.wav", seconds=1.6, seed=2)
    win = MainWindow(make_ctx(engine="real"))
    win.confirm_quit = False
    qtbot.addWidget(win)
    win.show()

    drop_files(win, [portrait_path, first, second])
    jobs = win.controller.queue.jobs
    assert len(jobs) == 2
    assert {j.request.audio for j in jobs} == {first, second}
    assert all(j.request.image == portrait_path for j in jobs)
    assert "2 job" in win.media.drop_notice.label.text()

    with qtbot.waitSignal(win.controller.drained, timeout=120_000):
        qtbot.mouseClick(win.queue_view.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: all(j.state.finished for j in win.controller.queue.jobs), timeout=120_000
        )
    jobs = win.controller.queue.jobs
    assert [j.state for j in jobs] == [JobState.DONE, JobState.DONE], [j.error for j in jobs]
    for job, seconds in zip(jobs, (1.2, 1.6), strict=True):
        assert job.request.output.exists()
        info = probe_video(job.request.output)
        assert info.duration_s == pytest.approx(seconds, abs=0.1)
        assert job.engine_label == "Preview (CPU)"

    # The last finished video waits in the Result tab; double-clicking a row shows it.
    assert win.result_view.job is not None
    win.show_result(jobs[0].id)
    assert win.tabs.currentWidget() is win.result_view
    assert win.result_view.title.text() == jobs[0].request.output.name
    win.close()
