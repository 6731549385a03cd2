"""One picture, letterboxed: the poster, each played frame, or the still portrait.

The video and the portrait go through the same canvas, so the before/after toggle
compares them at the same place and scale.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonic_desktop.gui.shell.theme import colors


def to_qimage(frame: np.ndarray) -> QImage:
    """A deep copy: the QImage must not outlive the array's buffer."""
    frame = np.ascontiguousarray(frame)
    h, w = frame.shape[:2]
    return QImage(frame.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def fitted(image: QSize, area: QSize) -> QRectF:
    """`image` scaled to fit `area`, centred (letterboxed or pillarboxed)."""
    if image.isEmpty() or area.isEmpty():
        return QRectF()
    scale = min(area.width() / image.width(), area.height() / image.height())
    w, h = image.width() * scale, image.height() * scale
    return QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h)


class FrameCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.message = ""  # drawn when there is no picture
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def picture_rect(self) -> QRectF:
        return fitted(self.image.size(), self.size())

    def sizeHint(self) -> QSize:
        return QSize(480, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        c = colors()
        if not self.image.isNull():
            # Black bars, as the video widget draws them: before/after and poster/playing
            # switch without the frame around the picture changing.
            painter.fillRect(self.rect(), QColor("#000000"))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.picture_rect(), self.image)
        else:
            painter.fillRect(self.rect(), QColor(c.surface_alt))
        if self.image.isNull() and self.message:
            painter.setPen(QColor(c.muted))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect().adjusted(24, 24, -24, -24), flags, self.message)
        painter.end()
