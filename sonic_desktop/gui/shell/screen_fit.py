"""Fit the window to the screen it is on: a 1280×720 laptop as much as a 4K monitor.

A layout saved on a big monitor (or one saved while panels were squeezed) is refused
when it does not fit the current screen, instead of opening with clipped panels.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDataStream, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = (1480, 920)


def available_area(widget: QWidget) -> QRect | None:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def _frame_extra(widget: QWidget) -> QSize:
    """Title bar and borders: known once shown; before that, a typical allowance."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    if widget.isVisible() and frame.height() > inner.height():
        return QSize(frame.width() - inner.width(), frame.height() - inner.height())
    return QSize(0, 0)


def layout_fits(window: QWidget, area: QRect | None = None) -> bool:
    """True when the window, at its current size, and its minimum both fit `area`."""
    area = area or available_area(window)
    if area is None:
        return True
    extra = _frame_extra(window)
    need = window.size().expandedTo(window.minimumSizeHint()) + extra
    return need.width() <= area.width() and need.height() <= area.height()


def fit_to_screen(window: QWidget, area: QRect | None = None) -> None:
    """Shrink the window to the screen (never below its minimum) and keep it on it."""
    area = area or available_area(window)
    if area is None:
        return
    extra = _frame_extra(window)
    room = QSize(area.width() - extra.width(), area.height() - extra.height())
    size = window.size().boundedTo(room).expandedTo(window.minimumSizeHint())
    window.resize(size)
    x = min(max(window.x(), area.left()), max(area.left(), area.right() - size.width()))
    y = min(max(window.y(), area.top()), max(area.top(), area.bottom() - size.height()))
    window.move(x, y)


def saved_frame_size(geometry: QByteArray) -> QSize | None:
    """The window size stored by QWidget.saveGeometry(), read before Qt squeezes it onto
    the screen (restoreGeometry silently shrinks a too-large window, and its panels with
    it). None when the data is not a Qt geometry record."""
    stream = QDataStream(geometry)
    stream.setByteOrder(QDataStream.ByteOrder.BigEndian)
    if geometry.isEmpty():
        return None
    magic = stream.readUInt32()
    stream.readUInt16()  # major version
    stream.readUInt16()  # minor version
    if magic != 0x1D9D0CB or stream.status() != QDataStream.Status.Ok:
        return None
    frame = QRect()
    stream >> frame
    if stream.status() != QDataStream.Status.Ok or not frame.isValid():
        return None
    return frame.size()


def geometry_fits(geometry: QByteArray, area: QRect | None) -> bool:
    size = saved_frame_size(geometry)
    if size is None or area is None:
        return True
    return size.width() <= area.width() and size.height() <= area.height()
