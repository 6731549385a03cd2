"""The timeline drawing: ruler, waveform, the mouth-openness curve over it, and the playhead.

A plain press or drag anywhere scrubs: the playhead follows the pointer, however
close it is to the curve. Sliding the curve against the waveform (which sets the
lip-sync offset) is always deliberate: drag the pill-shaped handle that rides on
the curve, or hold Shift and drag anywhere. The curve is drawn where the mouth will
actually move: its value at time τ (no offset) appears at τ − offset, so a positive
offset (lips earlier) moves it left of the sound that drives it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from sonic_desktop.gui.common.widgets import format_clock
from sonic_desktop.gui.shell.theme import colors
from sonic_desktop.gui.timeline.waveform import curve_path, paint_waveform

RULER_H = 18
OFFSET_LIMIT = 0.5
HANDLE_H = 18.0  # the offset handle: a pill on the curve, near the lane's top edge
HANDLE_SLOP_PX = 4.0  # the handle's hit area reaches this far past its outline
DRAG_SLOP_PX = 3.0  # an offset drag moves nothing until the pointer travels this far
PEAK_SHARE = 0.8  # the handle rides on the curve's peak (≥ 80 % of max) nearest the middle


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
        self._moved = False  # an offset drag has passed DRAG_SLOP_PX
        self._anchor_of: np.ndarray | None = None  # the openness _anchor was found for
        self._anchor = 0  # the frame of that openness the handle rides on
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

    def handle_anchor_s(self) -> float | None:
        """The unshifted curve time the handle rides on: the peak nearest the middle."""
        if self.openness.size == 0 or self.duration_s <= 0:
            return None
        if self._anchor_of is not self.openness:
            peak = float(np.max(self.openness))
            strong = np.flatnonzero(self.openness >= PEAK_SHARE * peak)
            middle = self.duration_s / 2 * self.fps
            index = int(strong[np.argmin(np.abs(strong - middle))]) if peak > 0 else int(middle)
            self._anchor_of, self._anchor = self.openness, min(index, self.openness.size - 1)
        return self._anchor / self.fps

    def handle_rect(self) -> QRectF | None:
        """Where the offset handle is drawn, or None while there is no curve to move."""
        anchor = self.handle_anchor_s()
        if anchor is None:
            return None
        lane = self.lane()
        width = self._handle_width()
        half = min(width, lane.width()) / 2
        x = min(max(self.x_for(anchor - self.offset_s), lane.left() + half), lane.right() - half)
        # Centred on the curve's peak, which sits near the lane's top edge.
        value = float(self.openness[self._anchor])
        y = lane.bottom() - min(1.0, value / self._vmax()) * lane.height()
        top = min(max(y - HANDLE_H / 2, lane.top() + 2), lane.bottom() - HANDLE_H - 2)
        return QRectF(x - width / 2, top, width, HANDLE_H)

    def _handle_width(self) -> float:
        return self.fontMetrics().horizontalAdvance(self._handle_label()) + 30.0

    def _handle_label(self) -> str:
        ms = round(self.offset_s * 1000)
        return f"{ms:+d} ms" if ms else "0 ms"

    def on_handle(self, point: QPointF) -> bool:
        rect = self.handle_rect()
        if rect is None:
            return False
        slop = HANDLE_SLOP_PX
        return rect.adjusted(-slop, -slop, slop, slop).contains(point)

    def handle_tool_tip(self) -> str:
        return self.tr(
            "Drag to shift the lips: left makes them move earlier, right later. "
            "Shift+drag anywhere on the waveform does the same."
        )

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
        self._paint_handle(p)

    def _paint_handle(self, p: QPainter) -> None:
        rect = self.handle_rect()
        if rect is None:
            return
        c = colors()
        fill = QColor(c.curve)
        if self._drag == "curve":
            fill = fill.darker(115) if not c.dark else fill.lighter(115)
        p.save()
        p.setPen(QPen(QColor(c.surface), 1.5))
        p.setBrush(fill)
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        ink = QColor(c.accent_text)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ink)
        mid, arrow = rect.center().y(), 3.5
        left, right = rect.left() + 7, rect.right() - 7
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(left, mid),
                    QPointF(left + arrow, mid - arrow),
                    QPointF(left + arrow, mid + arrow),
                ]
            )
        )
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(right, mid),
                    QPointF(right - arrow, mid - arrow),
                    QPointF(right - arrow, mid + arrow),
                ]
            )
        )
        p.setPen(ink)
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._handle_label())
        p.restore()

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
    def _wants_offset_drag(self, event: QMouseEvent) -> bool:
        if self.handle_rect() is None:
            return False  # no curve yet: nothing to slide
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            return True
        return self.on_handle(event.position())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.duration_s <= 0:
            return
        pos = event.position()
        if self._wants_offset_drag(event):
            self._drag = "curve"
            self._press_x = pos.x()
            self._press_offset = self.offset_s
            self._moved = False
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.update()
        else:
            self._drag = "scrub"
            self.scrubbed.emit(self.t_for(pos.x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag == "scrub":
            self.scrubbed.emit(self.t_for(pos.x()))
        elif self._drag == "curve":
            dx = pos.x() - self._press_x
            self._moved = self._moved or abs(dx) >= DRAG_SLOP_PX
            if self._moved:
                self.offset_dragged.emit(self.offset_for_drag(dx))
        else:
            self._update_hover_cursor(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._drag = None
        self._moved = False
        self._update_hover_cursor(event)
        self.update()

    def _update_hover_cursor(self, event: QMouseEvent) -> None:
        if self.duration_s <= 0:
            self.unsetCursor()
        elif self.handle_rect() is not None and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            or self.on_handle(event.position())
        ):
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.setCursor(Qt.CursorShape.IBeamCursor)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            rect = self.handle_rect()
            if rect is not None and self.on_handle(QPointF(event.pos())):
                QToolTip.showText(event.globalPos(), self.handle_tool_tip(), self, rect.toRect())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def offset_for_drag(self, dx_px: float) -> float:
        """Dragging the curve left (earlier) by Δt raises the offset by Δt."""
        lane = self.lane()
        seconds = dx_px / max(1.0, lane.width()) * self.duration_s
        value = round((self._press_offset - seconds) * 100) / 100
        return min(OFFSET_LIMIT, max(-OFFSET_LIMIT, value))
