"""Small widgets shared by the panels: collapsible sections, notices, time formatting."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.gui.shell.theme import colors, set_role


class Section(QWidget):
    """A titled group whose body folds away (the inspector's Advanced group starts folded)."""

    toggled = Signal(bool)

    def __init__(self, title: str, expanded: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton(self)
        self.header.setText(title.replace("&", "&&"))  # "&" would become a mnemonic
        self.header.setCheckable(True)
        self.header.setChecked(expanded)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        set_role(self.header, "section")
        self.body = QWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._set_expanded)
        self._set_expanded(expanded)

    def set_title(self, title: str) -> None:
        """For a language switch: the section keeps its folded state."""
        self.header.setText(title.replace("&", "&&"))

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)

    def _set_expanded(self, expanded: bool) -> None:
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)


class Notice(QFrame):
    """An inline message line (instead of a dialog): warning or error, with a close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "warning")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.label, "warning")
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.clear)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.close_button.setToolTip(QCoreApplication.translate("Notice", "Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def show_text(self, text: str) -> None:
        if not text:
            self.clear()
            return
        self.label.setText(text)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() or self.label.text() else ""


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    set_role(label, "muted")
    return label


def set_glyph(button: QAbstractButton, kind: str, primary: bool = False) -> None:
    c = colors()
    button.setIcon(glyph_icon(kind, c.accent_text if primary else c.accent))


def format_clock(seconds: float) -> str:
    """0:07.4 or 1:02:03 — compact, for media lengths and playheads."""
    seconds = max(0.0, seconds)
    if seconds >= 3600:
        h, rest = divmod(int(seconds), 3600)
        return f"{h}:{rest // 60:02d}:{rest % 60:02d}"
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


def format_duration(seconds: float) -> str:
    """Translated rough duration for ETAs and estimates: 45 s, 3 min 10 s, 2 h 05 min."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return QCoreApplication.translate("Duration", "{s} s").format(s=seconds)
    if seconds < 3600:
        return QCoreApplication.translate("Duration", "{m} min {s} s").format(
            m=seconds // 60, s=seconds % 60
        )
    return QCoreApplication.translate("Duration", "{h} h {m:02d} min").format(
        h=seconds // 3600, m=seconds % 3600 // 60
    )


@functools.cache
def glyph_icon(kind: str, color: str) -> QIcon:
    """Play, pause, stop or plus, drawn (fonts differ in which media symbols they carry).
    Cached: a play/pause toggle during a render repainted a fresh pixmap each time."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    if kind == "play":
        p.drawPolygon(QPolygonF([QPointF(9, 6), QPointF(26, 16), QPointF(9, 26)]))
    elif kind == "pause":
        p.drawRoundedRect(QRectF(8, 6, 6, 20), 1.5, 1.5)
        p.drawRoundedRect(QRectF(18, 6, 6, 20), 1.5, 1.5)
    elif kind == "stop":
        p.drawRoundedRect(QRectF(8, 8, 16, 16), 2, 2)
    elif kind == "plus":
        p.drawRoundedRect(QRectF(14, 6, 4, 20), 1.5, 1.5)
        p.drawRoundedRect(QRectF(6, 14, 20, 4), 1.5, 1.5)
    p.end()
    return QIcon(pixmap)


def scrollable(widget: QWidget) -> QScrollArea:
    """`widget` in a frameless scroll area, so a panel on a small screen scrolls instead
    of forcing the window's minimum size up or being clipped. The area is as wide as
    the widget's minimum plus a scroll bar; narrower than that (a longer translation),
    a horizontal bar keeps every control reachable."""
    area = QScrollArea()
    area.setObjectName(f"scroll_{widget.objectName() or type(widget).__name__}")
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    area.setMinimumWidth(widget.minimumSizeHint().width() + bar + 2)
    return area
