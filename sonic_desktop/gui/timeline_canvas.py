"""The timeline drawing: ruler, waveform, the mouth-openness curve over it, and the playhead.

Two gestures share the canvas. Dragging the curve (grab it near its line) slides
it against the waveform and sets the lip-sync offset; dragging anywhere else
scrubs. The curve is drawn where the mouth will actually move: its value at time
τ (no offset) appears at τ − offset, so a positive offset (lips earlier) moves it
left of the sound that drives it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonic_desktop.gui.theme import colors
from sonic_desktop.gui.waveform import curve_path, paint_waveform
from sonic_desktop.gui.widgets import format_clock

RULER_H = 18
GRAB_PX = 10  # how close to the curve a press must be to drag it
OFFSET_LIMIT = 0.5


class TimelineCanvas(QWidget):
    scrubbed = Signal(float)  # playhead time in seconds
    offset_dragged = Signal(float)  # new offset in seconds (rounded to 10 ms)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration_s = 0.0
        self.peaks = np.zeros((0, 2), np.float32)
        self.openness = np.zeros(0, np.float32)
        self.fps = 25.0
        self.offset_s = 0.0
        self.playhead_s = 0.0
        self.message = ""
        self._drag: str | None = None  # "scrub" or "curve"
        self._press_x = 0.0
        self._press_offset = 0.0
        self.setMinimumHeight(96)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- geometry -------------------------------------------------------------------
    def lane(self) -> QRectF:
        return QRectF(self.rect()).adjusted(8, RULER_H + 4, -8, -6)

    def x_for(self, t: float) -> float:
        lane = self.lane()
        if self.duration_s <= 0:
            return lane.left()
        return lane.left() + t / self.duration_s * lane.width()

    def t_for(self, x: float) -> float:
        lane = self.lane()
        if lane.width() <= 0:
            return 0.0
        return min(max(0.0, (x - lane.left()) / lane.width() * self.duration_s), self.duration_s)

    def _curve_y_at(self, x: float) -> float | None:
        """The curve's height at a pixel column, or None where it is not drawn."""
        if self.openness.size == 0 or self.duration_s <= 0:
            return None
        t = self.t_for(x) + self.offset_s  # the unshifted time displayed at x
        index = int(t * self.fps)
        if not 0 <= index < self.openness.size:
            return None
        lane = self.lane()
        return lane.bottom() - min(1.0, float(self.openness[index]) / self._vmax()) * lane.height()

    def _vmax(self) -> float:
        return max(1e-3, float(np.max(self.openness)) * 1.1) if self.openness.size else 1.0

    def near_curve(self, point: QPointF) -> bool:
        y = self._curve_y_at(point.x())
        return y is not None and abs(point.y() - y) <= GRAB_PX

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(c.surface))
        lane = self.lane()
        if self.duration_s <= 0:
            p.setPen(QColor(c.muted))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        self._paint_ruler(p)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(c.surface_alt))
        p.drawRoundedRect(lane, 6, 6)
        paint_waveform(p, lane.adjusted(0, 4, 0, -4), self.peaks, QColor(c.waveform))
        if self.openness.size:
            times = np.arange(self.openness.size) / self.fps - self.offset_s
            path = curve_path(lane, self.openness, times, 0.0, self.duration_s, self._vmax())
            p.save()
            p.setClipRect(lane)
            p.setPen(QPen(QColor(c.curve), 2.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.restore()
        if self.message:
            p.setPen(QColor(c.muted))
            p.drawText(
                lane.adjusted(8, 4, -8, -4),
                Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight,
                self.message,
            )
        x = self.x_for(self.playhead_s)
        p.setPen(QPen(QColor(c.accent), 2))
        p.drawLine(QPointF(x, RULER_H - 2), QPointF(x, lane.bottom()))
        p.setBrush(QColor(c.accent))
        p.drawEllipse(QPointF(x, RULER_H - 4), 4, 4)

    def _paint_ruler(self, p: QPainter) -> None:
        c = colors()
        lane = self.lane()
        width = max(1.0, lane.width())
        # A tick every 0.5/1/2/5/10 s, whichever keeps labels ~70 px apart.
        step = next(
            (s for s in (0.5, 1, 2, 5, 10, 30, 60) if width / self.duration_s * s >= 70), 60
        )
        p.setPen(QColor(c.muted))
        font = p.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        p.setFont(font)
        t = 0.0
        while t <= self.duration_s + 1e-6:
            x = self.x_for(t)
            p.drawLine(QPointF(x, RULER_H - 6), QPointF(x, RULER_H))
            p.drawText(QPointF(x + 3, RULER_H - 6), format_clock(t))
            t += step

    # -- interaction -------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.duration_s <= 0:
            return
        pos = event.position()
        if pos.y() > RULER_H and self.near_curve(pos):
            self._drag = "curve"
            self._press_x = pos.x()
            self._press_offset = self.offset_s
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        else:
            self._drag = "scrub"
            self.scrubbed.emit(self.t_for(pos.x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag == "scrub":
            self.scrubbed.emit(self.t_for(pos.x()))
        elif self._drag == "curve":
            self.offset_dragged.emit(self.offset_for_drag(pos.x() - self._press_x))
        else:
            near = pos.y() > RULER_H and self.near_curve(pos)
            self.setCursor(Qt.CursorShape.OpenHandCursor if near else Qt.CursorShape.IBeamCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        self.setCursor(Qt.CursorShape.ArrowCursor)

    def offset_for_drag(self, dx_px: float) -> float:
        """Dragging the curve left (earlier) by Δt raises the offset by Δt."""
        lane = self.lane()
        seconds = dx_px / max(1.0, lane.width()) * self.duration_s
        value = round((self._press_offset - seconds) * 100) / 100
        return min(OFFSET_LIMIT, max(-OFFSET_LIMIT, value))
