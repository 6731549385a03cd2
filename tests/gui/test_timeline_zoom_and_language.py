"""Timeline: zoom and scroll, cheap scrub repaints, ruler labels, language switch, tooltips.

Regressions for issue 11: "switching the language kills the timeline" (it showed
0:00.0 / 0:00.0, no waveform, and ignored clicks), "scrubbing lags" (every move
repainted the whole waveform and curve: ~90 ms for a 2.5-minute clip), "the last
ruler label is clipped", and "a 2.5-minute curve is unreadable" (no zoom).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QAbstractSpinBox, QApplication


@pytest.fixture
def timeline(timeline, qtbot):
    """The shared timeline (conftest), once its preview is prepared (the curve exists)."""
    qtbot.waitUntil(lambda: timeline.prepared is not None, timeout=60_000)
    return timeline


def _wheel(canvas, x: float, notches: float, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    pos = QPointF(x, canvas.lane().center().y())
    event = QWheelEvent(
        pos,
        canvas.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, int(notches * 120)),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, event)


def test_language_switch_keeps_duration_waveform_curve_and_clicks(timeline, qtbot):
    from sonic_desktop.gui.shell.i18n import Translations

    canvas = timeline.canvas
    timeline.scrub(0.5)
    peaks, openness = canvas.peaks, canvas.openness
    assert peaks.size > 0 and openness.size > 0
    assert timeline.time_label.text() == "0:00.5 / 0:02.0"
    assert timeline.play_button.text() == "Play"
    translations = Translations()
    assert translations.install("zh_CN")
    try:
        qtbot.waitUntil(lambda: timeline.play_button.text() == "播放", timeout=2_000)
        assert timeline.offset_label.text() == "口型同步偏移"
        # State survived: the same duration, playhead, waveform and curve.
        assert timeline.time_label.text() == "0:00.5 / 0:02.0"
        assert canvas.duration_s == pytest.approx(2.0, abs=0.05)
        assert canvas.peaks is peaks and canvas.openness is openness
        assert timeline.prepared is not None
        # And a click still moves the playhead.
        lane = canvas.lane()
        qtbot.mouseClick(
            canvas, Qt.MouseButton.LeftButton, pos=QPointF(lane.center().x(), 8).toPoint()
        )
        assert canvas.playhead_s == pytest.approx(1.0, abs=0.05)
        assert timeline.time_label.text().startswith("0:01.0")
    finally:
        translations.install("en")
    qtbot.waitUntil(lambda: timeline.play_button.text() == "Play", timeout=2_000)


def test_scrubbing_repaints_only_the_playhead_not_the_waveform(timeline, qtbot, monkeypatch):
    canvas = timeline.canvas
    canvas.repaint()  # the static layers are now cached
    rebuilt = []
    original = type(canvas)._paint_base
    monkeypatch.setattr(
        type(canvas), "_paint_base", lambda self, p: (rebuilt.append(1), original(self, p))
    )
    lane = canvas.lane()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(lane.left()) + 10, 60))
    for step in range(20):
        qtbot.mouseMove(canvas, QPoint(int(lane.left()) + 10 + step * 30, 60))
        canvas.repaint()
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(lane.left()) + 580, 60))
    assert canvas.playhead_s == pytest.approx(canvas.t_for(int(lane.left()) + 580), abs=0.01)
    assert rebuilt == []
    # A change to what the layers show does rebuild them.
    timeline.nudge(0.05)
    canvas.repaint()
    assert rebuilt == [1]


def test_ctrl_wheel_zooms_around_the_pointer_and_scrubbing_follows(timeline, qtbot):
    canvas = timeline.canvas
    lane = canvas.lane()
    assert not canvas.zoomed and not timeline.fit_button.isEnabled()
    x = lane.left() + 0.75 * lane.width()
    before = canvas.t_for(x)
    _wheel(canvas, x, 3, Qt.KeyboardModifier.ControlModifier)
    t0, t1 = canvas.view_range()
    assert canvas.zoomed and t1 - t0 == pytest.approx(2.0 / 1.25**3, rel=0.01)
    assert canvas.t_for(x) == pytest.approx(before, abs=0.005)  # the pointer's time stays put
    assert timeline.fit_button.isEnabled() and timeline.scroll_bar.isVisible()

    # A click while zoomed lands on the zoomed time, not the whole-clip time.
    click_x = lane.left() + 0.25 * lane.width()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(click_x), 60))
    assert canvas.playhead_s == pytest.approx(t0 + 0.25 * (t1 - t0), abs=0.01)
    assert canvas.x_for(canvas.playhead_s) == pytest.approx(int(click_x), abs=1)

    # The plain wheel scrolls; so does the scroll bar.
    _wheel(canvas, x, -2)
    assert canvas.view_range()[0] > t0
    assert timeline.scroll_bar.value() == pytest.approx(canvas.view_range()[0] * 1000, abs=1)
    timeline.scroll_bar.setValue(0)
    assert canvas.view_range()[0] == pytest.approx(0.0)

    qtbot.mouseClick(timeline.fit_button, Qt.MouseButton.LeftButton)
    assert not canvas.zoomed and canvas.view_range() == (0.0, pytest.approx(2.0, abs=0.05))
    assert not timeline.scroll_bar.isVisible() and not timeline.fit_button.isEnabled()


def test_zoomed_offset_drag_uses_the_zoomed_scale(timeline, qtbot):
    canvas = timeline.canvas
    canvas.zoom_by(4.0)
    handle = canvas.handle_rect()
    assert handle is not None
    t0, t1 = canvas.view_range()
    px_per_s = canvas.lane().width() / (t1 - t0)
    start = handle.center()
    end = QPointF(start.x() - 0.04 * px_per_s, start.y())
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(canvas, end.toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end.toPoint())
    assert timeline.session.settings.alignment_offset_sec == pytest.approx(0.04, abs=0.011)


def test_zoom_is_reset_by_new_audio_and_limited(timeline, qtbot, make_wav, load_inputs):
    canvas = timeline.canvas
    for _ in range(30):
        canvas.zoom_by(2.0)
    t0, t1 = canvas.view_range()
    assert t1 - t0 == pytest.approx(1.0)  # never closer than one second
    load_inputs(timeline.session, audio=make_wav("other.wav", seconds=3.0))
    assert not canvas.zoomed and canvas.view_range()[1] == pytest.approx(3.0, abs=0.05)


@pytest.mark.parametrize(("width", "duration"), [(900, 2.0), (640, 8.6), (1800, 151.0), (420, 7.3)])
def test_ruler_labels_stay_inside_the_canvas(qtbot, width, duration):
    from sonic_desktop.gui.timeline.canvas import TimelineCanvas

    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(width, 140)
    canvas.duration_s = duration
    labels = canvas.ruler_labels()
    assert len(labels) >= 3
    for rect, _text in labels:
        assert rect.left() >= 0 and rect.right() <= canvas.width(), (rect, canvas.width())
    # The clip's end or the last tick before it is labelled: the tail of the ruler reads.
    last_t = canvas.ruler_ticks()[-1]
    assert duration - last_t < canvas.ruler_step() + 1e-6


def test_long_curves_are_drawn_by_pixel_column():
    from PySide6.QtCore import QRectF

    from sonic_desktop.gui.timeline.waveform import (
        curve_columns,
        curve_is_dense,
        curve_polygon,
    )

    fps, seconds = 25.0, 150.0
    values = np.abs(np.sin(np.arange(int(fps * seconds)) / 3.0)).astype(np.float32)
    times = np.arange(values.size) / fps
    rect = QRectF(0, 0, 800, 100)
    assert curve_is_dense(rect, times, 0.0, seconds)
    lines = curve_columns(rect, values, times, 0.0, seconds, 1.0)
    assert 790 <= len(lines) <= 800  # one line per column, not one segment per frame
    assert min(min(line.y1(), line.y2()) for line in lines) == pytest.approx(0.0, abs=1.0)
    assert max(max(line.y1(), line.y2()) for line in lines) == pytest.approx(100.0, abs=1.0)
    # Each column reaches its neighbour: no gaps in the drawn line.
    for a, b in itertools.pairwise(lines):
        assert min(a.y1(), a.y2()) <= max(b.y1(), b.y2()) + 1e-6
        assert min(b.y1(), b.y2()) <= max(a.y1(), a.y2()) + 1e-6
    # Zoomed to 2 s, the curve is sparse: a polyline of the frames in view (±1).
    assert not curve_is_dense(rect, times, 10.0, 12.0)
    zoomed = curve_polygon(rect, values, times, 10.0, 12.0, 1.0)
    assert zoomed.size() == pytest.approx(2 * fps + 2, abs=1)


def test_toggle_play_and_space(timeline, qtbot):
    timeline.toggle_play()
    assert timeline.playing and timeline.play_button.text() == "Pause"
    timeline.toggle_play()
    assert not timeline.playing and timeline.play_button.text() == "Play"
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Space)
    assert timeline.playing
    timeline.stop()


def test_every_control_has_its_own_tooltip(timeline):
    timeline.canvas.zoom_by(2.0)  # shows the scroll bar
    kinds = (QAbstractButton, QAbstractSpinBox, QAbstractSlider)
    controls = [w for kind in kinds for w in timeline.findChildren(kind) if w.isVisible()]
    controls.append(timeline.canvas)
    assert len(controls) >= 7
    for widget in controls:
        assert widget.toolTip().strip(), widget.objectName()
    # The offset is shown once, in ms (no "0.03 s" beside "30 ms").
    assert " s)" not in timeline.offset_spin.toolTip()


def test_the_control_row_fits_a_narrow_dock_and_the_hint_gives_way(timeline, qtbot):
    hint = timeline.offset_hint
    timeline.resize(1400, 220)
    qtbot.waitUntil(lambda: hint.text() == hint.full_text(), timeout=2_000)
    # The hint never holds the row open: the panel's minimum leaves it out entirely.
    row = timeline.layout().itemAt(0).layout()
    others = [row.itemAt(i).widget() for i in range(row.count())]
    others = [w for w in others if w is not None and w is not hint]
    needed = sum(max(w.minimumSizeHint().width(), w.minimumWidth()) for w in others)
    narrowest = timeline.minimumSizeHint().width()
    assert narrowest <= needed + row.spacing() * len(others) + 20
    timeline.resize(narrowest, 220)
    qtbot.waitUntil(lambda: hint.text() != hint.full_text(), timeout=2_000)
    assert hint.text() == "" or hint.text().endswith("…")
    for widget in (timeline.later_button, timeline.offset_spin, timeline.fit_button):
        assert widget.geometry().right() <= timeline.width(), widget.objectName()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
