"""Help ▸ About: version from package metadata, the licence notices, both languages."""

from __future__ import annotations

from importlib.metadata import version

import pytest

pytest.importorskip("PySide6")


def test_about_dialog_shows_version_and_every_required_notice(qtbot):
    from sonic_desktop.gui.dialogs.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert version("sonic-desktop") in dialog.version_label.text()
    text = dialog.notices.toPlainText()
    for needle in (
        "CC BY-NC-SA 4.0",
        "Stable Video Diffusion",
        "Stability AI Community License",
        "Whisper",
        "LGPL",
        "dlib",
        "Boost Software License",
        "iBUG 300-W",
        "FFmpeg",
    ):
        assert needle in text, needle
    links = dialog.notices_html().count("<a href=")
    assert links >= 9


def test_about_dialog_is_translated(qtbot, qapp):
    from sonic_desktop.gui.dialogs.about import AboutDialog
    from sonic_desktop.gui.shell.i18n import Translations

    translations = Translations()
    assert translations.install("zh_CN")
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "关于 Sonic Desktop"
        assert "非商业" in dialog.notices.toPlainText()
    finally:
        translations.install("en")


def test_application_icon_has_every_size():
    from sonic_desktop.gui.dialogs.about import ICON_SIZES, application_icon

    sizes = {(s.width(), s.height()) for s in application_icon().availableSizes()}
    assert {(n, n) for n in ICON_SIZES} <= sizes


def test_help_menu_opens_the_about_dialog(window, qtbot, monkeypatch):
    from sonic_desktop.gui.dialogs import about as about_dialog

    opened = []
    monkeypatch.setattr(about_dialog.AboutDialog, "exec", lambda self: opened.append(self) or 0)
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"
    )
    about = next(a for a in help_menu.actions() if a.text() == "About Sonic Desktop")
    about.trigger()
    assert len(opened) == 1 and isinstance(opened[0], about_dialog.AboutDialog)


def test_about_dialog_retranslates_in_place(qtbot):
    from PySide6.QtWidgets import QAbstractButton

    from sonic_desktop.gui.dialogs.about import AboutDialog
    from sonic_desktop.gui.shell.i18n import Translations

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    notices, title = dialog.notices, dialog.windowTitle()
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
    assert buttons and all(b.toolTip() for b in buttons) and dialog.notices.toolTip()
    translations = Translations()
    assert translations.install("zh_CN")
    try:
        qtbot.waitUntil(lambda: dialog.windowTitle() == "关于 Sonic Desktop")
        assert dialog.notices is notices and "非商业" in dialog.notices.toPlainText()
    finally:
        translations.install("en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == title)
    assert "non-commercial" in dialog.notices.toPlainText()
