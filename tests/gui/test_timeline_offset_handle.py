"""Timeline: a plain drag always scrubs; the offset moves only by its handle or Shift+drag.

Regression for "scrubbing can silently move the lip-sync offset": a press within
10 px of the pink curve used to grab the curve instead of the playhead.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip


@pytest.fixture
def timeline(timeline, qtbot):
    """The shared timeline (conftest), once its preview is prepared (the curve exists)."""
    qtbot.waitUntil(lambda: timeline.prepared is not None, timeout=60_000)
    return timeline


def _px_per_s(canvas) -> float:
    return canvas.lane().width() / canvas.duration_s


def _drag(qtbot, canvas, start: QPointF, end: QPointF, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, modifier, start.toPoint())
    middle = QPointF((start.x() + end.x()) / 2, (start.y() + end.y()) / 2)
    qtbot.mouseMove(canvas, middle.toPoint())
    qtbot.mouseMove(canvas, end.toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, modifier, end.toPoint())


def _point_on_curve_off_handle(canvas) -> QPointF:
    """A point on the curve's line, well away from the handle, where it is steep or high."""
    handle = canvas.handle_rect()
    assert handle is not None
    lane = canvas.lane()
    for i in range(40):
        x = lane.left() + 20 + i * 7
        y = canvas._curve_y_at(x)
        if y is None or abs(x - handle.center().x()) < handle.width():
            continue
        if y - 12 > lane.top() and y + 12 < lane.bottom():
            return QPointF(x, y)
    raise AssertionError("no usable point on the curve")


@pytest.mark.parametrize("distance", [0, 3, 6, 10, -5, -10])
def test_drag_near_the_curve_scrubs_and_keeps_the_offset(timeline, qtbot, distance):
    canvas, session = timeline.canvas, timeline.session
    start = _point_on_curve_off_handle(canvas)
    start = QPointF(start.x(), start.y() - distance)
    assert not canvas.on_handle(start)
    end = QPointF(start.x() + 0.5 * _px_per_s(canvas), start.y())

    _drag(qtbot, canvas, start, end)

    assert canvas.playhead_s == pytest.approx(canvas.t_for(end.toPoint().x()), abs=0.01)
    assert canvas.playhead_s > 0.4
    assert session.settings.alignment_offset_sec == 0.0
    assert session.settings.lip_sync_calibration is False
    assert canvas.offset_s == 0.0


def test_a_click_on_the_curve_moves_the_playhead_there(timeline, qtbot):
    canvas = timeline.canvas
    point = _point_on_curve_off_handle(canvas)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert canvas.playhead_s == pytest.approx(canvas.t_for(point.toPoint().x()), abs=0.01)
    assert timeline.session.settings.lip_sync_calibration is False


def test_dragging_the_handle_shifts_the_offset_by_the_dragged_amount(timeline, qtbot):
    canvas, session = timeline.canvas, timeline.session
    timeline.scrub(1.5)
    handle = canvas.handle_rect()
    assert handle is not None
    start = handle.center()
    end = QPointF(start.x() - 0.12 * _px_per_s(canvas), start.y())

    _drag(qtbot, canvas, start, end)

    assert session.settings.alignment_offset_sec == pytest.approx(0.12, abs=0.011)
    assert session.settings.lip_sync_calibration is True
    assert canvas.offset_s == pytest.approx(session.settings.alignment_offset_sec)
    assert timeline.offset_spin.value() == pytest.approx(
        session.settings.alignment_offset_sec * 1000
    )
    assert canvas.playhead_s == pytest.approx(1.5)  # the playhead stays put

    # The handle rides along with the curve, so it can be grabbed again where it now is.
    moved = canvas.handle_rect()
    assert moved is not None
    assert moved.center().x() == pytest.approx(end.x(), abs=0.011 * _px_per_s(canvas) + 1)
    start = moved.center()
    _drag(qtbot, canvas, start, QPointF(start.x() + 0.2 * _px_per_s(canvas), start.y()))
    assert session.settings.alignment_offset_sec == pytest.approx(-0.08, abs=0.011)


def test_a_tiny_jiggle_on_the_handle_changes_nothing(timeline, qtbot):
    canvas, session = timeline.canvas, timeline.session
    handle = canvas.handle_rect()
    assert handle is not None
    start = handle.center()
    _drag(qtbot, canvas, start, QPointF(start.x() + 2, start.y()))
    assert session.settings.alignment_offset_sec == 0.0
    assert session.settings.lip_sync_calibration is False
    assert canvas.playhead_s == 0.0


def test_shift_drag_anywhere_shifts_the_offset(timeline, qtbot):
    canvas, session = timeline.canvas, timeline.session
    timeline.scrub(0.5)
    lane = canvas.lane()
    start = QPointF(lane.left() + lane.width() * 0.25, lane.bottom() - 6)
    assert not canvas.on_handle(start)
    end = QPointF(start.x() + 0.05 * _px_per_s(canvas), start.y())

    _drag(qtbot, canvas, start, end, Qt.KeyboardModifier.ShiftModifier)

    assert session.settings.alignment_offset_sec == pytest.approx(-0.05, abs=0.011)
    assert session.settings.lip_sync_calibration is True
    assert canvas.playhead_s == pytest.approx(0.5)  # no scrub on the way


def test_nudge_buttons_still_move_the_offset_and_the_handle(timeline, qtbot):
    canvas = timeline.canvas
    before = canvas.handle_rect()
    assert before is not None
    for _ in range(5):
        qtbot.mouseClick(timeline.later_button, Qt.MouseButton.LeftButton)
    assert timeline.session.settings.alignment_offset_sec == pytest.approx(0.05)
    after = canvas.handle_rect()
    assert after is not None
    assert after.center().x() == pytest.approx(
        before.center().x() - 0.05 * _px_per_s(canvas), abs=1
    )


def test_the_handle_has_a_tooltip_a_hover_cursor_and_a_visible_hint(timeline, qtbot):
    canvas = timeline.canvas
    handle = canvas.handle_rect()
    assert handle is not None
    center = handle.center().toPoint()

    text = canvas.handle_tool_tip()
    assert "Shift+drag" in text
    QApplication.sendEvent(
        canvas, QHelpEvent(QEvent.Type.ToolTip, center, canvas.mapToGlobal(center))
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=2_000)
    assert QToolTip.text() == text

    away = QPoint(int(canvas.lane().left()) + 30, int(canvas.lane().bottom()) - 6)
    QApplication.sendEvent(canvas, QHelpEvent(QEvent.Type.ToolTip, away, canvas.mapToGlobal(away)))
    # Away from the handle the canvas's own tooltip explains scrubbing and zoom.
    qtbot.waitUntil(lambda: QToolTip.text() == canvas.toolTip(), timeout=2_000)
    assert canvas.toolTip() != text and "zoom" in canvas.toolTip()

    qtbot.mouseMove(canvas, center)
    assert canvas.cursor().shape() == Qt.CursorShape.OpenHandCursor
    qtbot.mouseMove(canvas, away)
    assert canvas.cursor().shape() == Qt.CursorShape.IBeamCursor

    assert timeline.offset_hint.isVisible()
    assert "Shift+drag" in timeline.offset_hint.full_text()
    assert "handle" in timeline.offset_hint.full_text()


def test_no_handle_and_no_offset_drag_before_the_curve_exists(qtbot, make_ctx):
    from sonic_desktop.gui.timeline.canvas import TimelineCanvas

    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(600, 140)
    canvas.duration_s = 2.0
    canvas.show()
    assert canvas.handle_rect() is None
    lane = canvas.lane()
    start = QPointF(lane.left() + 50, lane.center().y())
    with qtbot.assertNotEmitted(canvas.offset_dragged):
        _drag(
            qtbot,
            canvas,
            start,
            QPointF(start.x() + 80, start.y()),
            Qt.KeyboardModifier.ShiftModifier,
        )
