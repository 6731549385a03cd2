"""Light and dark themes: Fusion, a palette, and a small style sheet keyed on roles.

Widgets never hard-code colours. They set a dynamic `role` property ("primary",
"card", "muted", "warning", ...) and painters ask `colors()` for the palette of
the active theme, so a theme switch restyles everything at once.
"""

# ruff: noqa: E501 - the style sheet reads best as one rule per line

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from sonic_desktop.core import paths

THEMES = ("system", "light", "dark")


@dataclass(frozen=True)
class Colors:
    window: str
    surface: str  # cards, inputs
    surface_alt: str  # headers, alternating rows
    border: str
    text: str
    muted: str
    accent: str
    accent_text: str
    warning: str
    warning_bg: str
    error: str
    success: str
    waveform: str
    curve: str
    crop: str
    dark: bool


LIGHT = Colors(
    window="#f3f4f7",
    surface="#ffffff",
    surface_alt="#eceef3",
    border="#d5d8e0",
    text="#1c1d22",
    muted="#6b6f7b",
    accent="#6a5af9",
    accent_text="#ffffff",
    warning="#a45f00",
    warning_bg="#fff4e0",
    error="#c62f3c",
    success="#1f8a4c",
    waveform="#9aa3b5",
    curve="#e0467c",
    crop="#0fa896",
    dark=False,
)
DARK = Colors(
    window="#1b1c21",
    surface="#25262d",
    surface_alt="#2d2f37",
    border="#3b3d47",
    text="#e8e9ee",
    muted="#9a9eab",
    accent="#8b7df8",
    accent_text="#ffffff",
    warning="#f2b35b",
    warning_bg="#3a2f1d",
    error="#ff6b76",
    success="#4cc38a",
    waveform="#5d6477",
    curve="#ff6e9c",
    crop="#3fd4c0",
    dark=True,
)

_active: Colors = LIGHT


def colors() -> Colors:
    return _active


def resolve_theme(preference: str) -> str:
    if preference in ("light", "dark"):
        return preference
    app = QApplication.instance()
    hints = app.styleHints() if isinstance(app, QApplication) else None
    if hints is not None and hints.colorScheme().name == "Dark":
        return "dark"
    return "light"


def apply_theme(app: QApplication, preference: str) -> str:
    """Apply "light", "dark" or "system"; returns the theme actually used."""
    global _active
    name = resolve_theme(preference)
    _active = DARK if name == "dark" else LIGHT
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(_palette(_active))
    app.setStyleSheet(_style_sheet(_active))
    for widget in app.allWidgets():
        widget.update()
    return name


def set_role(widget: QWidget, role: str) -> None:
    """Tag a widget for the style sheet and re-polish it."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def _palette(c: Colors) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.AlternateBase: c.surface_alt,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.surface_alt,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.Mid: c.border,
        QPalette.ColorRole.Midlight: c.surface_alt,
        QPalette.ColorRole.Dark: c.border,
    }
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return p


def _check_image() -> str:
    """The tick of a checked box: a file, because style sheets take images by path.
    Unticked boxes get a visible border in both themes (the default one vanished on dark)."""
    return (paths.resources_dir() / "icons" / "check.svg").as_posix()


def _style_sheet(c: Colors) -> str:
    return f"""
QMainWindow::separator {{ background: {c.border}; width: 1px; height: 1px; }}
QDockWidget {{ font-weight: 600; }}
QDockWidget::title {{ background: {c.window}; padding: 6px 10px; text-align: left; }}
QToolTip {{ border: 1px solid {c.border}; padding: 6px; }}
QFrame[role="card"] {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px; }}
QFrame[role="banner"] {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 10px; }}
QFrame[role="warning"] {{ background: {c.warning_bg}; border: 1px solid {c.warning}; border-radius: 8px; }}
QLabel[role="warning"] {{ color: {c.warning}; border: none; background: transparent; }}
QLabel[role="error"] {{ color: {c.error}; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="title"] {{ font-size: 15px; font-weight: 600; }}
QLabel[role="heading"] {{ font-weight: 600; }}
QLabel[role="badge"] {{ background: {c.surface_alt}; border-radius: 8px; padding: 2px 8px; color: {c.muted}; }}
QPushButton {{ padding: 5px 12px; border-radius: 6px; border: 1px solid {c.border}; background: {c.surface}; }}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:checked {{ border: 2px solid {c.accent}; color: {c.accent}; font-weight: 600; }}
QPushButton:disabled {{ color: {c.muted}; background: {c.surface_alt}; }}
QPushButton[role="primary"] {{ background: {c.accent}; color: {c.accent_text}; border: none; font-weight: 600; }}
QPushButton[role="primary"]:disabled {{ background: {c.border}; color: {c.muted}; }}
QPushButton[role="link"] {{ border: none; background: transparent; color: {c.accent}; padding: 2px 4px; }}
QToolButton {{ border-radius: 5px; padding: 3px; }}
QToolButton:hover {{ background: {c.surface_alt}; }}
QToolButton[role="section"] {{ font-weight: 600; border: none; padding: 6px 2px; }}
QLineEdit {{ padding: 3px 6px; border: 1px solid {c.border}; border-radius: 5px; background: {c.surface}; }}
QLineEdit:focus {{ border-color: {c.accent}; }}
QComboBox, QAbstractSpinBox {{ min-height: 22px; }}
QAbstractSpinBox[warn="true"], QComboBox[warn="true"], QCheckBox[warn="true"] {{
    background: {c.warning_bg}; color: {c.warning};
}}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.muted}; border-radius: 3px; background: {c.surface};
}}
QCheckBox::indicator:hover {{ border-color: {c.accent}; }}
QCheckBox::indicator:checked {{ background: {c.accent}; border-color: {c.accent}; image: url({_check_image()}); }}
QCheckBox::indicator:disabled {{ border-color: {c.border}; background: {c.surface_alt}; }}
QProgressBar {{ border: none; background: {c.surface_alt}; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {c.accent}; border-radius: 3px; }}
QSlider::groove:horizontal {{ height: 4px; background: {c.border}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {c.accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{
    background: {c.surface}; border: 2px solid {c.accent}; width: 10px; margin: -6px 0; border-radius: 7px;
}}
QListView, QTreeView {{ border: none; background: {c.window}; }}
QScrollArea {{ border: none; background: transparent; }}
QTabWidget::pane {{ border: none; }}
QTabBar::tab {{ padding: 6px 14px; border: none; background: transparent; color: {c.muted}; }}
QTabBar::tab:selected {{ color: {c.text}; border-bottom: 2px solid {c.accent}; }}
QStatusBar {{ color: {c.muted}; }}
"""
