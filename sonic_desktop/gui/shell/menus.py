"""The menu bar: every command the window offers, with its shortcut shown beside it.

Texts are set in `retranslate()`, so a language switch renames the menus in place;
the actions, their shortcuts and their connections stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from sonic_desktop.gui.shell.main_window import MainWindow

THEMES = ("system", "light", "dark")


class WindowMenus(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        self.menus: dict[str, QMenu] = {}
        self.actions: dict[str, QAction] = {}
        for key in ("file", "edit", "queue", "view", "tools", "help"):
            self.menus[key] = bar.addMenu("")
        w = window
        self._add("file", "open_portrait", w.media.ask_portrait, QKeySequence.StandardKey.Open)
        self._add("file", "open_speech", w.media.ask_audio, "Ctrl+Shift+O")
        self._add("file", "add_to_queue", w.add_current_to_queue, "Ctrl+Return")
        self.menus["file"].addSeparator()
        self._add("file", "quit", w.close, QKeySequence.StandardKey.Quit)

        stack = w.session.undo_stack
        undo = self._add("edit", "undo", stack.undo, QKeySequence.StandardKey.Undo)
        redo = self._add("edit", "redo", stack.redo, QKeySequence.StandardKey.Redo)
        undo.setEnabled(stack.canUndo())
        redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(undo.setEnabled)
        stack.canRedoChanged.connect(redo.setEnabled)
        stack.indexChanged.connect(self._name_undo_steps)

        queue = w.queue_view
        self._add("queue", "start_pause", w.toggle_queue)
        self.menus["queue"].addSeparator()
        # Bound to the menu here, not to the list: the keys work wherever focus is,
        # except in a text field, which takes Delete and Ctrl+arrows itself.
        self._add(
            "queue", "remove", lambda: queue.remove_selected(), QKeySequence.StandardKey.Delete
        )
        self._add("queue", "move_up", lambda: queue.move_selected("up"), "Ctrl+Up")
        self._add("queue", "move_down", lambda: queue.move_selected("down"), "Ctrl+Down")
        self._add("queue", "move_top", lambda: queue.move_selected("top"), "Ctrl+Home")
        self._add("queue", "move_bottom", lambda: queue.move_selected("bottom"), "Ctrl+End")

        view = self.menus["view"]
        self._add("view", "play", w.toggle_play, Qt.Key.Key_Space)
        view.addSeparator()
        for dock in w.docks.values():
            view.addAction(dock.toggleViewAction())  # named after the dock's own title
        view.addSeparator()
        self._add("view", "reset_layout", w.reset_layout)
        self.theme_menu = view.addMenu("")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key in THEMES:
            action = self.theme_menu.addAction("")
            action.setCheckable(True)
            action.setChecked(w.ctx.prefs.theme == key)
            action.triggered.connect(lambda _=False, k=key: w.set_theme(k))
            group.addAction(action)
            self.theme_actions[key] = action

        self._add("tools", "models", w.open_models)
        self._add("tools", "settings", w.open_settings, "Ctrl+,")
        self._add("help", "logs", w.open_logs)
        self._add("help", "about", w.about)
        self.retranslate()

    def _add(
        self,
        menu: str,
        key: str,
        slot: Callable[[], object],
        shortcut: QKeySequence.StandardKey | str | Qt.Key | None = None,
    ) -> QAction:
        action = self.menus[menu].addAction("")
        action.setObjectName(f"action_{key}")
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.actions[key] = action
        return action

    def _name_undo_steps(self, _index: int = 0) -> None:
        stack = self.window.session.undo_stack
        if not shiboken6.isValid(stack) or not shiboken6.isValid(self.actions["undo"]):
            return  # the window is being torn down
        self.actions["undo"].setToolTip(stack.undoText())
        self.actions["redo"].setToolTip(stack.redoText())

    def set_queue_running(self, running: bool) -> None:
        self.actions["start_pause"].setText(
            self.tr("Pause the queue") if running else self.tr("Start the queue")
        )

    def retranslate(self) -> None:
        titles = {
            "file": self.tr("&File"),
            "edit": self.tr("&Edit"),
            "queue": self.tr("&Queue"),
            "view": self.tr("&View"),
            "tools": self.tr("&Tools"),
            "help": self.tr("&Help"),
        }
        for key, title in titles.items():
            self.menus[key].setTitle(title)
        texts = {
            "open_portrait": self.tr("Open portrait…"),
            "open_speech": self.tr("Open speech…"),
            "add_to_queue": self.tr("Add to queue"),
            "quit": self.tr("Quit"),
            "undo": self.tr("Undo"),
            "redo": self.tr("Redo"),
            "remove": self.tr("Remove selected jobs"),
            "move_up": self.tr("Move up"),
            "move_down": self.tr("Move down"),
            "move_top": self.tr("Move to top"),
            "move_bottom": self.tr("Move to bottom"),
            "play": self.tr("Play or pause the preview"),
            "reset_layout": self.tr("Reset layout"),
            "models": self.tr("Models…"),
            "settings": self.tr("Settings…"),
            "logs": self.tr("Open the log folder"),
            "about": self.tr("About Sonic Desktop"),
        }
        for key, text in texts.items():
            self.actions[key].setText(text)
        self.set_queue_running(self.window.controller.running)
        self.theme_menu.setTitle(self.tr("Theme"))
        names = {
            "system": self.tr("Follow the system"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for key, action in self.theme_actions.items():
            action.setText(names[key])
        self._name_undo_steps()
