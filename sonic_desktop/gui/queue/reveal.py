"""Open a file, or show it in its folder, and say so when the desktop cannot.

Without a file manager (a bare window manager, a container, a remote session) Qt's
`openUrl` returns False and nothing happens: the user clicked and saw nothing. Here a
failure comes back as a reason, and `*_or_explain` show a message with the path in
selectable text, so it can be copied into a terminal or another program.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Reveal", text)


def open_path(path: Path) -> str | None:
    """Open `path` with its default program; the reason (translated) when that failed."""
    if not path.exists():
        return _tr("The file no longer exists.")
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return None
    return _tr("No program to open it was found on this desktop.")


def show_in_folder(path: Path) -> str | None:
    """Select the file in Explorer on Windows, elsewhere open its folder; the reason
    (translated) when that failed."""
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        return _tr("The folder no longer exists.")
    if sys.platform == "win32" and path.exists():
        try:
            subprocess.Popen(["explorer", "/select,", str(path)])
        except OSError as exc:
            return str(exc)
        return None
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        return None
    return _tr("No file manager was found on this desktop.")


def explain(path: Path, reason: str, parent: QWidget | None, opening: bool = False) -> QMessageBox:
    """A non-blocking message naming the reason, with the path selectable."""
    box = QMessageBox(parent)
    box.setObjectName("revealFailed")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_tr("Open the file") if opening else _tr("Show in folder"))
    box.setText(
        (
            _tr("Could not open {name}: {reason}")
            if opening
            else _tr("Could not show {name}: {reason}")
        ).format(name=path.name or str(path), reason=reason)
    )
    box.setInformativeText(
        _tr("It is here (select the path to copy it):\n{path}").format(path=path)
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def reveal_or_explain(path: Path, parent: QWidget | None = None) -> QMessageBox | None:
    """Show `path` in its folder, or a message saying why not, with the path. Returns the
    message box when one was shown (for tests), else None."""
    reason = show_in_folder(path)
    return None if reason is None else explain(path, reason, parent)


def open_or_explain(path: Path, parent: QWidget | None = None) -> QMessageBox | None:
    """Open `path`, or show a message saying why not, with the path."""
    reason = open_path(path)
    return None if reason is None else explain(path, reason, parent, opening=True)
