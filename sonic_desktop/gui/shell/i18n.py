"""Languages: English source strings, Simplified Chinese from resources/i18n/*.qm.

The core declares its labels in English (RenderSettings FIELDS, presets). They are
translated here under the "RenderSettings" context; `_settings_strings.py` marks
them for lupdate, and `i18n_extract.py` regenerates it from FIELDS.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sonic_desktop.core import paths

log = logging.getLogger(__name__)

#: language code -> its own name (never translated: a user must find their language)
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
SETTINGS_CONTEXT = "RenderSettings"


def system_language() -> str:
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def resolve_language(preference: str) -> str:
    """ "system" (or an unknown code) follows the locale; otherwise the code itself."""
    return preference if preference in LANGUAGES else system_language()


def translations_dir() -> Path:
    return paths.resources_dir() / "i18n"


class Translations:
    """Owns the installed translators so a language switch can replace them."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = "en"

    def install(self, language: str) -> bool:
        """Switch the application to `language`; False when its file is missing."""
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication first")
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.language = language
        if language == "en":
            # English is the source language; its file only holds the plural forms.
            plurals = QTranslator()
            if plurals.load("sonic_desktop_en", str(translations_dir())):
                app.installTranslator(plurals)
                self._installed.append(plurals)
            else:
                log.warning("no English plural forms in %s", translations_dir())
            return True
        ours = QTranslator()
        if not ours.load(f"sonic_desktop_{language}", str(translations_dir())):
            log.warning("no translation file for %s in %s", language, translations_dir())
            return False
        app.installTranslator(ours)
        self._installed.append(ours)
        # Qt's own strings (standard buttons, file dialogs), when Qt ships them.
        qt_base = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_base.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt_base)
            self._installed.append(qt_base)
        return True


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation under `context`; translate it where it is shown."""
    return text


def tr_setting(text: str) -> str:
    """A RenderSettings label, description, group or choice in the current language."""
    if not text:
        return text
    return QCoreApplication.translate(SETTINGS_CONTEXT, text)
