"""The central preview: the frame at the playhead, or the crop that will be animated."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.shell.theme import colors


class PreviewCanvas(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.image: QImage | None = None
        self.status = ""
        self.setMinimumSize(240, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        session.portrait_changed.connect(self._inputs_changed)
        session.audio_changed.connect(self._inputs_changed)

    def _inputs_changed(self) -> None:
        self.image = None
        self.update()

    def show_frame(self, image: QImage) -> None:
        self.image = image
        self.update()

    def set_status(self, text: str) -> None:
        self.status = text
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(c.window))
        area = QRectF(self.rect()).adjusted(16, 16, -16, -16)
        image = self.image
        if image is None and self.session.portrait is not None:
            image = self.session.portrait.display
        if image is None or image.isNull():
            p.setPen(QColor(c.muted))
            font = p.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            p.setFont(font)
            p.drawText(
                area,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr(
                    "Drop a portrait photo and a speech recording anywhere in the window.\n"
                    "The preview appears here; scrub the timeline below to check the lips."
                ),
            )
            return
        scale = min(area.width() / image.width(), area.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        target = QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)
        p.drawImage(target, image)
        caption = self.status or (
            self.tr("Preview (CPU) · draft") if self.image is not None else ""
        )
        if caption:
            metrics = p.fontMetrics()
            box = QRectF(
                target.left() + 10, target.top() + 10, metrics.horizontalAdvance(caption) + 20, 24
            )
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 150))
            p.drawRoundedRect(box, 12, 12)
            p.setPen(QColor("white"))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, caption)
