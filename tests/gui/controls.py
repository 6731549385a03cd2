"""Walk the controls a user can click, drag or type into (shared by the window tests)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INPUT_TYPES = (QAbstractButton, QAbstractSpinBox, QComboBox, QAbstractSlider, QLineEdit, QTextEdit)


def _inside_compound(widget: QWidget) -> bool:
    """The line edit inside a spin box or combo box belongs to its parent control."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            return True
        parent = parent.parentWidget()
    return False


def input_controls(root: QWidget) -> list[QWidget]:
    """Visible input controls under `root`, without Qt's own chrome (scroll bars, the dock
    title buttons, tab scrollers) and without the parts of compound controls."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUT_TYPES) or isinstance(widget, QScrollBar):
            continue
        if widget.objectName().startswith("qt_") or isinstance(widget.parentWidget(), QTabBar):
            continue
        if not widget.isVisibleTo(root) or _inside_compound(widget):
            continue
        found.append(widget)
    return found


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", lambda: "")()
    path = []
    node: QWidget | None = widget
    while node is not None and len(path) < 4:
        path.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return f"{type(widget).__name__} {text!r} in {' < '.join(path)}"


def is_view(widget: QWidget) -> bool:
    return isinstance(widget, QAbstractItemView)
