"""The timeline drawing: ruler, waveform, the mouth-openness curve over it, and the playhead.

A plain press or drag anywhere scrubs: the playhead follows the pointer, however
close it is to the curve. Sliding the curve against the waveform (which sets the
lip-sync offset) is always deliberate: drag the pill-shaped handle that rides on
the curve, or hold Shift and drag anywhere. The curve is drawn where the mouth will
actually move: its value at time τ (no offset) appears at τ − offset, so a positive
offset (lips earlier) moves it left of the sound that drives it.

Ctrl+wheel zooms around the pointer; while zoomed, the wheel scrolls. Everything
but the playhead and the handle is painted once into a pixmap and reused: a scrub
move repaints two thin strips, never the whole waveform and curve.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from sonic_desktop.gui.common.widgets import format_clock
from sonic_desktop.gui.shell.theme import colors
from sonic_desktop.gui.timeline.waveform import (
    curve_columns,
    curve_is_dense,
    curve_polygon,
    paint_waveform,
)

RULER_H = 18
OFFSET_LIMIT = 0.5
HANDLE_H = 18.0  # the offset handle: a pill on the curve, near the lane's top edge
HANDLE_SLOP_PX = 4.0  # the handle's hit area reaches this far past its outline
DRAG_SLOP_PX = 3.0  # an offset drag moves nothing until the pointer travels this far
PEAK_SHARE = 0.8  # the handle rides on the curve's peak (≥ 80 % of max) nearest the middle
MIN_VIEW_S = 1.0  # zooming in stops when this much of the clip fills the lane
ZOOM_STEP = 1.25  # per wheel notch
SCROLL_SHARE = 0.1  # of the visible span, per wheel notch while zoomed
LABEL_GAP_PX = 70  # ruler labels at least this far apart
RULER_STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600)
PLAYHEAD_STRIP = 6  # half-width of the strip repainted around the playhead


class TimelineCanvas(QWidget):
    scrubbed = Signal(float)  # playhead time in seconds
    offset_dragged = Signal(float)  # new offset in seconds (rounded to 10 ms)
    view_changed = Signal()  # zoom or scroll position changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration_s = 0.0
        self.peaks = np.zeros((0, 2), np.float32)
        self.openness = np.zeros(0, np.float32)
        self.fps = 25.0
        self.offset_s = 0.0
        self.playhead_s = 0.0
        self.message = ""
        self._view_start = 0.0
        self._view_span = 0.0  # 0: the whole clip ("fit")
        self._drag: str | None = None  # "scrub" or "curve"
        self._press_x = 0.0
        self._press_offset = 0.0
        self._moved = False  # an offset drag has passed DRAG_SLOP_PX
        self._anchor_key: object = None  # what _anchor was found for
        self._anchor = 0  # the frame of the openness the handle rides on
        self._base: QPixmap | None = None  # everything but the playhead and the handle
        self._base_key: object = None
        self._base_refs: tuple[object, ...] = ()  # keeps the ids in _base_key unique
        self.setMinimumHeight(96)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr(
                "Click or drag to move the playhead. Ctrl+wheel zooms; "
                "the wheel scrolls while zoomed. Shift+drag or the handle shifts the lips."
            )
        )
        self._base = None  # the new language may use another font
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._base = None
            self.update()

    # -- view: zoom and scroll ------------------------------------------------------
    def view_range(self) -> tuple[float, float]:
        """The clip seconds shown across the lane."""
        if not self.zoomed:
            return 0.0, max(self.duration_s, 1e-6)
        start = min(max(0.0, self._view_start), self.duration_s - self._view_span)
        return start, start + self._view_span

    @property
    def zoomed(self) -> bool:
        return 0 < self._view_span < self.duration_s

    def fit(self) -> None:
        """Show the whole clip."""
        if self._view_span or self._view_start:
            self._view_span, self._view_start = 0.0, 0.0
            self._view_updated()

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in (factor > 1) or out, keeping the time under `anchor_x` in place."""
        if self.duration_s <= 0:
            return
        lane = self.lane()
        t0, t1 = self.view_range()
        x = lane.center().x() if anchor_x is None else anchor_x
        share = min(max(0.0, (x - lane.left()) / max(1.0, lane.width())), 1.0)
        anchor_t = t0 + share * (t1 - t0)
        span = min(max((t1 - t0) / factor, min(MIN_VIEW_S, self.duration_s)), self.duration_s)
        if span >= self.duration_s:
            self.fit()
            return
        self._view_span = span
        self._view_start = min(max(0.0, anchor_t - share * span), self.duration_s - span)
        self._view_updated()

    def set_view_start(self, seconds: float) -> None:
        if not self.zoomed:
            return
        start = min(max(0.0, seconds), self.duration_s - self._view_span)
        if start != self._view_start:
            self._view_start = start
            self._view_updated()

    def ensure_visible(self, t: float) -> None:
        """Page the view so `t` is on screen (playback while zoomed)."""
        t0, t1 = self.view_range()
        if self.zoomed and not t0 <= t <= t1:
            self.set_view_start(t - 0.1 * (t1 - t0))

    def _view_updated(self) -> None:
        self.update()
        self.view_changed.emit()

    # -- geometry -------------------------------------------------------------------
    def lane(self) -> QRectF:
        return QRectF(self.rect()).adjusted(8, RULER_H + 4, -8, -6)

    def x_for(self, t: float) -> float:
        lane = self.lane()
        if self.duration_s <= 0:
            return lane.left()
        t0, t1 = self.view_range()
        return lane.left() + (t - t0) / (t1 - t0) * lane.width()

    def t_for(self, x: float) -> float:
        lane = self.lane()
        if lane.width() <= 0:
            return 0.0
        t0, t1 = self.view_range()
        t = t0 + (x - lane.left()) / lane.width() * (t1 - t0)
        return min(max(0.0, t), self.duration_s)

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
        """The unshifted curve time the handle rides on: the peak nearest the view's middle."""
        if self.openness.size == 0 or self.duration_s <= 0:
            return None
        t0, t1 = self.view_range()
        key = (id(self.openness), self.openness.size, t0, t1, round(self.offset_s, 2))
        if self._anchor_key != key and self._drag != "curve":  # never jump mid-drag
            lo = min(max(0, int((t0 + self.offset_s) * self.fps)), self.openness.size - 1)
            hi = min(max(lo + 1, math.ceil((t1 + self.offset_s) * self.fps)), self.openness.size)
            part = self.openness[lo:hi]
            peak = float(np.max(part))
            middle = (t0 + t1) / 2 * self.fps
            if peak > 0:
                strong = lo + np.flatnonzero(part >= PEAK_SHARE * peak)
                index = int(strong[np.argmin(np.abs(strong - middle))])
            else:
                index = int(middle)
            self._anchor_key, self._anchor = key, min(max(0, index), self.openness.size - 1)
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

    # -- the playhead ---------------------------------------------------------------------
    def set_playhead(self, seconds: float) -> None:
        """Move the playhead, repainting only the strips it leaves and enters."""
        old = self.x_for(self.playhead_s)
        self.playhead_s = min(max(0.0, seconds), self.duration_s)
        new = self.x_for(self.playhead_s)
        if old == new:
            return
        for x in (old, new):
            self.update(QRect(int(x) - PLAYHEAD_STRIP, 0, 2 * PLAYHEAD_STRIP + 1, self.height()))

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.drawPixmap(QPoint(0, 0), self._base_pixmap())
        if self.duration_s <= 0:
            return
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colors()
        x = self.x_for(self.playhead_s)
        if self.lane().left() - 1 <= x <= self.lane().right() + 1:
            p.setPen(QPen(QColor(c.accent), 2))
            p.drawLine(QPointF(x, RULER_H - 2), QPointF(x, self.lane().bottom()))
            p.setBrush(QColor(c.accent))
            p.drawEllipse(QPointF(x, RULER_H - 4), 4, 4)
        self._paint_handle(p)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._base = None
        super().resizeEvent(event)

    def _base_pixmap(self) -> QPixmap:
        """The static layers, rebuilt only when what they show changes."""
        ratio = self.devicePixelRatioF()
        key = (
            self.size(),
            ratio,
            colors(),
            self.font().key(),
            self.duration_s,
            id(self.peaks),
            id(self.openness),
            self.fps,
            self.offset_s,
            self.message,
            self.view_range(),
        )
        if self._base is None or key != self._base_key:
            size = self.size()
            pixmap = QPixmap(QSize(max(1, size.width()), max(1, size.height())) * ratio)
            pixmap.setDevicePixelRatio(ratio)
            painter = QPainter(pixmap)
            self._paint_base(painter)
            painter.end()
            self._base, self._base_key = pixmap, key
            self._base_refs = (self.peaks, self.openness)
        return self._base

    def _paint_base(self, p: QPainter) -> None:
        c = colors()
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
        t0, t1 = self.view_range()
        p.save()
        p.setClipRect(lane)
        paint_waveform(
            p,
            lane.adjusted(0, 4, 0, -4),
            self.peaks,
            QColor(c.waveform),
            t0 / self.duration_s,
            t1 / self.duration_s,
        )
        if self.openness.size:
            times = np.arange(self.openness.size) / self.fps - self.offset_s
            args = (lane, self.openness, times, t0, t1, self._vmax())
            pen = QPen(QColor(c.curve), 2.0)
            p.setBrush(Qt.BrushStyle.NoBrush)
            if curve_is_dense(lane, times, t0, t1):
                pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                p.setPen(pen)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                p.drawLines(curve_columns(*args))
            else:
                p.setPen(pen)
                p.drawPolyline(curve_polygon(*args))
        p.restore()
        if self.message:
            p.setPen(QColor(c.muted))
            p.drawText(
                lane.adjusted(8, 4, -8, -4),
                Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight,
                self.message,
            )

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

    def ruler_step(self) -> float:
        """Seconds between ruler labels: the finest step that keeps them apart."""
        t0, t1 = self.view_range()
        px_per_s = max(1.0, self.lane().width()) / (t1 - t0)
        return next((s for s in RULER_STEPS if px_per_s * s >= LABEL_GAP_PX), RULER_STEPS[-1])

    def _ruler_font(self) -> QFont:
        font = self.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        return font

    def ruler_ticks(self) -> list[float]:
        t0, t1 = self.view_range()
        step = self.ruler_step()
        first, last = math.floor(t0 / step), math.ceil(min(t1, self.duration_s) / step)
        ticks = (i * step for i in range(first, last + 1))
        return [t for t in ticks if t0 - 1e-6 <= t <= min(t1, self.duration_s) + 1e-6]

    def ruler_labels(self) -> list[tuple[QRectF, str]]:
        """Each tick label and where it is drawn; one that would run past the right edge
        is drawn to the left of its tick instead of being cut off."""
        metrics = QFontMetricsF(self._ruler_font())
        right = self.rect().right() - 2
        labels = []
        for t in self.ruler_ticks():
            x, text = self.x_for(t), format_clock(t)
            width = metrics.horizontalAdvance(text)
            left = x + 3 if x + 3 + width <= right else x - 3 - width
            labels.append((QRectF(left, 0, width, RULER_H - 4), text))
        return labels

    def _paint_ruler(self, p: QPainter) -> None:
        p.save()
        p.setPen(QColor(colors().muted))
        p.setFont(self._ruler_font())
        for t in self.ruler_ticks():
            x = self.x_for(t)
            p.drawLine(QPointF(x, RULER_H - 6), QPointF(x, RULER_H))
        for rect, text in self.ruler_labels():
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
        p.restore()

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

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and delta.y():
            self.zoom_by(ZOOM_STEP ** (delta.y() / 120), event.position().x())
            event.accept()
        elif self.zoomed and (delta.x() or delta.y()):
            t0, t1 = self.view_range()
            notches = -(delta.x() or delta.y()) / 120
            self.set_view_start(t0 + notches * SCROLL_SHARE * (t1 - t0))
            event.accept()
        else:
            event.ignore()

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
                return True
        return super().event(event)

    def offset_for_drag(self, dx_px: float) -> float:
        """Dragging the curve left (earlier) by Δt raises the offset by Δt."""
        lane = self.lane()
        t0, t1 = self.view_range()
        seconds = dx_px / max(1.0, lane.width()) * (t1 - t0)
        value = round((self._press_offset - seconds) * 100) / 100
        return min(OFFSET_LIMIT, max(-OFFSET_LIMIT, value))
