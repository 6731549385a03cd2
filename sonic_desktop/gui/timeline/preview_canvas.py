"""The central preview: the frame at the playhead, or the whole photo for picking a face.

With several faces in the photo the canvas starts in picking mode: the whole photo
with every face boxed, the chosen one highlighted. A click on a face chooses it
(`session.choose_face`, as in the thumbnail) and shows the animated preview again;
the "Pick face" button brings the photo back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from sonic_desktop.gui.inputs.faces import face_index_at, paint_faces
from sonic_desktop.gui.shell.session import Box, Session
from sonic_desktop.gui.shell.theme import colors

_MARGIN = 16


class PreviewCanvas(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.image: QImage | None = None
        self.status = ""
        self.picking = False  # the whole photo with face boxes, whatever frame is ready
        self.setMinimumSize(240, 200)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.pick_button = QPushButton(self)
        self.pick_button.setObjectName("previewPickFace")
        self.pick_button.setCheckable(True)
        self.pick_button.toggled.connect(self.set_picking)
        self.pick_button.hide()
        session.portrait_changed.connect(self._portrait_changed)
        session.audio_changed.connect(self._inputs_changed)
        session.face_changed.connect(self.update)
        self.retranslate()

    # -- language ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self.pick_button.setText(self.tr("Pick face"))
        self.pick_button.setToolTip(
            self.tr("Show the whole photo with every face found, and click the one to animate")
        )
        self.pick_button.adjustSize()
        self._place_button()
        self.update()  # painted captions are translated at paint time

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    # -- state -------------------------------------------------------------------------
    def _faces(self) -> tuple[Box, ...]:
        portrait = self.session.portrait
        return portrait.faces if portrait is not None else ()

    def _portrait_changed(self) -> None:
        several = len(self._faces()) > 1
        self.pick_button.setVisible(several)
        self.set_picking(several)  # several faces: ask which one first
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        self.image = None
        self.update()

    def set_picking(self, on: bool) -> None:
        self.picking = on
        if self.pick_button.isChecked() != on:
            self.pick_button.setChecked(on)  # re-enters once with the same value
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.update()

    def showing_photo(self) -> bool:
        """True when the whole portrait is on screen (so face boxes map onto it)."""
        return self.session.portrait is not None and (self.image is None or self.picking)

    def show_frame(self, image: QImage) -> None:
        self.image = image
        self.update()

    def set_status(self, text: str) -> None:
        self.status = text
        self.update()

    # -- geometry ----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_button()

    def _place_button(self) -> None:
        size = self.pick_button.sizeHint()
        self.pick_button.resize(size)
        self.pick_button.move(self.width() - size.width() - _MARGIN - 4, _MARGIN + 4)

    def _target(self, width: float, height: float) -> QRectF:
        area = QRectF(self.rect()).adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        scale = min(area.width() / width, area.height() / height)
        w, h = width * scale, height * scale
        return QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)

    def photo_rect(self) -> QRectF:
        """Where the whole portrait is drawn (fitted, centred); empty without one."""
        portrait = self.session.portrait
        if portrait is None:
            return QRectF()
        return self._target(portrait.width, portrait.height)

    def to_view(self, box: Box) -> QRectF:
        """A box in source-image pixels, in widget coordinates over the photo."""
        portrait, r = self.session.portrait, self.photo_rect()
        s = r.width() / portrait.width if portrait else 1.0
        return QRectF(r.left() + box.x1 * s, r.top() + box.y1 * s, box.width * s, box.height * s)

    def face_at(self, point: QPointF) -> int | None:
        portrait = self.session.portrait
        if portrait is None or not self.showing_photo():
            return None
        r = self.photo_rect()
        s = r.width() / portrait.width
        return face_index_at(portrait.faces, (point.x() - r.left()) / s, (point.y() - r.top()) / s)

    # -- interaction -------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.face_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or index is None:
            super().mousePressEvent(event)
            return
        self.session.choose_face(index)
        if self.image is not None or self.session.audio is not None:
            self.set_picking(False)  # show what the pick animates

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.face_at(event.position()) is not None and len(self._faces()) > 1
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(c.window))
        portrait = self.session.portrait
        if self.showing_photo():
            assert portrait is not None
            target = self.photo_rect()
            p.drawImage(target, portrait.display)
            paint_faces(p, portrait.faces, self.session.face_box, self.to_view)
            if len(portrait.faces) > 1:
                self._caption(p, target, self.tr("Click a face to animate it"), bottom=True)
            return
        image = self.image
        if image is None or image.isNull():
            self._paint_empty(p)
            return
        target = self._target(image.width(), image.height())
        p.drawImage(target, image)
        caption = self.status or self.tr("Preview (CPU) · draft")
        self._caption(p, target, caption, bottom=False)

    def _paint_empty(self, p: QPainter) -> None:
        p.setPen(QColor(colors().muted))
        font = p.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        p.setFont(font)
        p.drawText(
            QRectF(self.rect()).adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.tr(
                "Drop a portrait photo and a speech recording anywhere in the window.\n"
                "The preview appears here; scrub the timeline below to check the lips."
            ),
        )

    def _caption(self, p: QPainter, target: QRectF, text: str, bottom: bool) -> None:
        metrics = p.fontMetrics()
        width = min(metrics.horizontalAdvance(text) + 20, target.width() - 20)
        top = target.bottom() - 34 if bottom else target.top() + 10
        left = target.center().x() - width / 2 if bottom else target.left() + 10
        box = QRectF(left, top, width, 24)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 150))
        p.drawRoundedRect(box, 12, 12)
        p.setPen(QColor("white"))
        p.drawText(
            box,
            Qt.AlignmentFlag.AlignCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 16),
        )
