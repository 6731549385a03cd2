"""The portrait thumbnail: detected faces, the crop square, face picking and box drawing.

Coordinates: the session stores boxes in source-image pixels; this widget maps
them to the fitted thumbnail (`_to_view` / `_to_image`). The crop square is the
official `process_bbox` of the chosen box with the current `expand_ratio`, so what
the user sees is exactly what the engine will animate.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonic_desktop.gui.inputs.faces import face_index_at, paint_faces
from sonic_desktop.gui.shell.session import Box, Session
from sonic_desktop.gui.shell.theme import colors

MIN_DRAWN_PX = 16  # a hand-drawn box smaller than this (in image pixels) is a mis-click


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class PortraitView(QWidget):
    open_requested = Signal()
    files_dropped = Signal(list)
    drawing_changed = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.drawing = False  # "draw the face box" mode
        self._drag_from: QPointF | None = None
        self._drag_to: QPointF | None = None
        self.busy = False
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setMinimumSize(200, 200)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        session.portrait_changed.connect(self._portrait_changed)
        session.face_changed.connect(self.update)
        session.settings_changed.connect(self._settings_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr(
                "The portrait photo: drop a picture here or click to choose one. "
                "With several faces, click the one to animate."
            )
        )
        self.update()  # painted captions are translated at paint time

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _portrait_changed(self) -> None:
        self.updateGeometry()  # the aspect ratio, and so the preferred height, changed
        self.update()

    def _settings_changed(self, _settings: object) -> None:
        self.update()

    # -- geometry -------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """As tall as the picture needs at this width (no empty bands), within limits."""
        portrait = self.session.portrait
        aspect = portrait.height / portrait.width if portrait else 0.8
        return int(min(560, max(200, (width - 16) * aspect + 16)))

    def sizeHint(self) -> QSize:
        return QSize(300, self.heightForWidth(300))

    def image_rect(self) -> QRectF:
        """Where the picture is drawn (fitted, centred)."""
        portrait = self.session.portrait
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        if portrait is None:
            return area
        scale = min(area.width() / portrait.width, area.height() / portrait.height)
        w, h = portrait.width * scale, portrait.height * scale
        return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)

    def _scale(self) -> float:
        portrait = self.session.portrait
        return self.image_rect().width() / portrait.width if portrait else 1.0

    def _to_view(self, box: Box | tuple[float, float, float, float]) -> QRectF:
        x1, y1, x2, y2 = box.as_tuple() if isinstance(box, Box) else box
        r, s = self.image_rect(), self._scale()
        return QRectF(r.left() + x1 * s, r.top() + y1 * s, (x2 - x1) * s, (y2 - y1) * s)

    def _to_image(self, point: QPointF) -> tuple[float, float]:
        r, s = self.image_rect(), self._scale()
        return ((point.x() - r.left()) / s, (point.y() - r.top()) / s)

    def crop_square(self) -> tuple[int, int, int, int] | None:
        """The square the engine will animate, in source pixels; None when not cropping."""
        portrait, box = self.session.portrait, self.session.face_box
        settings = self.session.settings
        if portrait is None or box is None or not settings.crop_to_face:
            return None
        from sonic_desktop.face.crop import process_bbox  # loaded by the analysis already

        return process_bbox(box.as_tuple(), settings.expand_ratio, portrait.height, portrait.width)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        portrait = self.session.portrait
        if portrait is None:
            self._paint_empty(p)
            return
        target = self.image_rect()
        p.drawImage(target, portrait.display)

        crop = self.crop_square()
        if crop is not None:
            shade = QPainterPath()
            shade.addRect(target)
            shade.addRect(self._to_view(crop))
            p.fillPath(shade, QColor(0, 0, 0, 110))  # odd-even fill: only outside the square
            p.setPen(QPen(QColor(c.crop), 2, Qt.PenStyle.SolidLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self._to_view(crop))

        paint_faces(p, portrait.faces, self.session.face_box, self._to_view)
        if self._drag_from is not None and self._drag_to is not None:
            p.setPen(QPen(QColor(c.accent), 2, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(self._drag_from, self._drag_to).normalized())
        if self.busy:
            self._paint_caption(p, self.tr("Finding the face…"))
        elif self.drawing:
            self._paint_caption(p, self.tr("Drag a box around the face"))
        elif len(portrait.faces) > 1:
            self._paint_caption(p, self.tr("Click a face to animate it"))

    def _paint_empty(self, p: QPainter) -> None:
        c = colors()
        area = QRectF(self.rect()).adjusted(10, 10, -10, -10)
        p.setPen(QPen(QColor(c.border), 1.5, Qt.PenStyle.DashLine))
        p.setBrush(QColor(c.surface))
        p.drawRoundedRect(area, 12, 12)
        # A simple head-and-shoulders glyph (emoji fonts are not everywhere).
        centre = area.center() + QPointF(0, -34)
        p.setPen(QPen(QColor(c.muted), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(centre + QPointF(0, -10), 11, 11)
        p.drawArc(QRectF(centre.x() - 22, centre.y() + 6, 44, 36), 0, 180 * 16)
        p.setPen(QColor(c.muted))
        text = (
            self.tr("Finding the face…")
            if self.busy
            else self.tr("Drop a portrait photo here\nor click to choose one")
        )
        p.drawText(area.adjusted(16, 30, -16, 30), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_caption(self, p: QPainter, text: str) -> None:
        metrics = p.fontMetrics()
        width = metrics.horizontalAdvance(text) + 20
        target = self.image_rect()
        box = QRectF(target.center().x() - width / 2, target.bottom() - 34, width, 24)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 150))
        p.drawRoundedRect(box, 12, 12)
        p.setPen(QColor("white"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # -- interaction --------------------------------------------------------------------
    def set_drawing(self, on: bool) -> None:
        if on != self.drawing:
            self.drawing = on
            self.drawing_changed.emit(on)
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()

    def face_at(self, point: QPointF) -> int | None:
        portrait = self.session.portrait
        if portrait is None:
            return None
        return face_index_at(portrait.faces, *self._to_image(point))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.session.portrait is None:
            self.open_requested.emit()
        elif self.drawing:
            self._drag_from = self._drag_to = event.position()
        else:
            index = self.face_at(event.position())
            if index is not None:
                self.session.choose_face(index)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self._drag_to = event.position()
            self.update()
        elif not self.drawing:
            over = self.face_at(event.position()) is not None
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor
            )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        start, end = self._drag_from, event.position()
        self._drag_from = self._drag_to = None
        self.draw_box(start, end)

    def draw_box(self, start: QPointF, end: QPointF) -> Box | None:
        """Turn a drag (view coordinates) into the hand-drawn face box."""
        portrait = self.session.portrait
        if portrait is None:
            return None
        x1, y1 = self._to_image(start)
        x2, y2 = self._to_image(end)
        x1, x2 = sorted((max(0.0, min(x1, portrait.width)), max(0.0, min(x2, portrait.width))))
        y1, y2 = sorted((max(0.0, min(y1, portrait.height)), max(0.0, min(y2, portrait.height))))
        if x2 - x1 < MIN_DRAWN_PX or y2 - y1 < MIN_DRAWN_PX:
            self.update()
            return None
        box = Box(x1, y1, x2, y2)
        self.session.set_manual_box(box)
        self.set_drawing(False)
        return box

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
