"""Undo and redo: one QUndoStack for the window, shared by the session and the queue.

Settings edits (the inspector, the offset curve, presets, applied tips) and queue
edits (remove, reorder) push commands here; Edit ▸ Undo/Redo and Ctrl+Z/Ctrl+Shift+Z
walk it. A drag or a spin box fires many small edits of one field: those merge into
one step while they keep coming (see MERGE_WINDOW_S), so one Undo reverts one gesture.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

MERGE_WINDOW_S = 1.0
SETTINGS_EDIT_ID = 1001


class SettingsEdit(QUndoCommand):
    """Replace the render settings; undo puts the previous ones (and preset) back."""

    def __init__(
        self,
        apply: Callable[[Any, str | None], None],
        before: tuple[Any, str | None],
        after: tuple[Any, str | None],
        keys: frozenset[str],
    ) -> None:
        super().__init__(QCoreApplication.translate("Undo", "Change settings"))
        self._apply = apply
        self.before = before
        self.after = after
        self.keys = keys
        self.stamp = time.monotonic()
        self._first_redo = True

    def id(self) -> int:
        return SETTINGS_EDIT_ID

    def redo(self) -> None:
        if self._first_redo:  # the change is already made when the command is pushed
            self._first_redo = False
            return
        self._apply(*self.after)

    def undo(self) -> None:
        self._apply(*self.before)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SettingsEdit) or other.keys != self.keys:
            return False
        if other.stamp - self.stamp > MERGE_WINDOW_S:
            return False
        self.after = other.after
        self.stamp = other.stamp
        return True
