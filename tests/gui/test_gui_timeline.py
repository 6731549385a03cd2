"""Timeline: offset by nudge, direct entry and curve-handle drag; scrubbing renders a frame."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt


def test_offset_changes_when_nudged(timeline, qtbot):
    session = timeline.session
    assert session.settings.alignment_offset_sec == 0.0
    qtbot.mouseClick(timeline.later_button, Qt.MouseButton.LeftButton)
    assert session.settings.alignment_offset_sec == pytest.approx(0.01)
    assert session.settings.lip_sync_calibration is True
    qtbot.mouseClick(timeline.later_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(timeline.later_button, Qt.MouseButton.LeftButton)
    assert session.settings.alignment_offset_sec == pytest.approx(0.03)
    qtbot.mouseClick(timeline.earlier_button, Qt.MouseButton.LeftButton)
    assert session.settings.alignment_offset_sec == pytest.approx(0.02)
    assert timeline.offset_spin.value() == pytest.approx(20)
    assert timeline.canvas.offset_s == pytest.approx(0.02)


def test_offset_by_direct_entry_and_limits(timeline):
    session = timeline.session
    timeline.offset_spin.setValue(-120)
    assert session.settings.alignment_offset_sec == pytest.approx(-0.12)
    timeline.nudge(-1.0)
    assert session.settings.alignment_offset_sec == pytest.approx(-0.5)
    session.update_settings(alignment_offset_sec=0.05)  # e.g. from the inspector
    assert timeline.offset_spin.value() == pytest.approx(50)


def test_scrub_shows_a_frame_and_curve_drag_sets_offset(timeline, qtbot):
    qtbot.waitUntil(lambda: timeline.prepared is not None, timeout=60_000)
    canvas = timeline.canvas
    assert canvas.openness.size > 0 and canvas.duration_s == pytest.approx(2.0, abs=0.05)
    with qtbot.waitSignal(timeline.frame_ready, timeout=10_000) as blocker:
        timeline.scrub(1.0)
    image = blocker.args[0]
    assert not image.isNull() and image.width() > 0
    assert "0:01.0" in timeline.time_label.text()

    # Grab the curve by its handle and drag it 0.1 s to the left.
    handle = canvas.handle_rect()
    assert handle is not None
    px_per_s = canvas.lane().width() / canvas.duration_s
    start = handle.center()
    x, y = start.x(), start.y()
    end = QPointF(x - 0.1 * px_per_s, y)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(canvas, end.toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end.toPoint())
    assert timeline.session.settings.alignment_offset_sec == pytest.approx(0.1, abs=0.011)
    assert timeline.session.settings.lip_sync_calibration

    # Dragging elsewhere scrubs instead.
    lane = canvas.lane()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPointF(lane.center().x(), 8).toPoint())
    assert canvas.playhead_s == pytest.approx(canvas.duration_s / 2, abs=0.05)


def test_play_advances_the_playhead(timeline, qtbot):
    qtbot.waitUntil(lambda: timeline.prepared is not None, timeout=60_000)
    timeline.play()
    assert timeline.playing
    qtbot.waitUntil(lambda: timeline.canvas.playhead_s > 0.2, timeout=10_000)
    timeline.stop()
    assert not timeline.playing
