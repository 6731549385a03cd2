"""Error messages in the user's language.

The core raises typed errors with English text (the CLI and the log need it as is).
Each error class also declares a fixed `title` and `default_hint`; `i18n_extract`
marks those for lupdate under the "Errors" context. Here the UI puts the translated
title and hint first and keeps the English message, which names the file or the
value, as the detail. With the English UI the core's own line is shown unchanged.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication

from sonic_desktop.core import presets as _presets  # noqa: F401  registers PresetError
from sonic_desktop.core.errors import SonicDesktopError, error_kinds

CONTEXT = "Errors"
UNEXPECTED = "unexpected"  # the kind the render worker records for an engine bug


def _tr(text: str) -> str:
    """For the core's strings, which `_settings_strings.py` marks for lupdate."""
    return QCoreApplication.translate(CONTEXT, text)


def _title_and_hint(kind: str) -> tuple[str, str, str] | None:
    """(English title, translated title, translated hint), or None for an unknown kind."""
    if kind == UNEXPECTED:
        hint = QCoreApplication.translate(
            "Errors", "Open the log folder from the Help menu and report the problem."
        )
        return (
            "Unexpected failure",
            QCoreApplication.translate("Errors", "Unexpected failure"),
            hint,
        )
    cls = _kinds_by_name().get(kind)
    if cls is None:
        return None
    hint = _tr(cls.default_hint) if cls.default_hint else ""
    return cls.title, _tr(cls.title), hint


@functools.cache
def _kinds_by_name() -> dict[str, type[SonicDesktopError]]:
    # Built once: failed queue rows ask for their text on every repaint.
    return {cls.__name__: cls for cls in error_kinds()}


def describe_error(kind: str | None, english: str) -> str:
    """One line for the UI: translated summary and advice, then the English specifics."""
    found = _title_and_hint(kind or "")
    if found is None:
        return english
    title, translated_title, hint = found
    if translated_title == title:  # the English UI (or a language without this string)
        return english
    summary = translated_title
    if hint:
        summary = QCoreApplication.translate("Errors", "{title}. {hint}").format(
            title=translated_title, hint=hint
        )
    return QCoreApplication.translate("Errors", "{summary} (details: {english})").format(
        summary=summary, english=english
    )


def error_kind(exc: BaseException) -> str:
    return type(exc).__name__ if isinstance(exc, SonicDesktopError) else UNEXPECTED


def error_text(exc: BaseException) -> str:
    if isinstance(exc, SonicDesktopError):
        return describe_error(error_kind(exc), exc.one_line())
    return describe_error(UNEXPECTED, f"{type(exc).__name__}: {exc}")
