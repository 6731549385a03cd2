"""The render queue panel: rows, Start/Pause, drag reordering and per-job actions."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.jobs import Job, JobState
from sonic_desktop.gui.common.widgets import format_duration, muted_label, set_glyph
from sonic_desktop.gui.inputs.portrait_view import dropped_paths
from sonic_desktop.gui.queue.controller import QueueController
from sonic_desktop.gui.queue.delegate import JobDelegate
from sonic_desktop.gui.queue.details import JobDetails, copy_command
from sonic_desktop.gui.queue.model import MIME_TYPE, QueueModel
from sonic_desktop.gui.queue.reveal import (  # noqa: F401 - re-exported for older callers
    open_or_explain,
    open_path,
    reveal_or_explain,
    show_in_folder,
)
from sonic_desktop.gui.shell.theme import set_role

#: the places `QueueView.move_selected` takes, with their shortcuts
MOVES = {
    "top": "Ctrl+Home",
    "up": "Ctrl+Up",
    "down": "Ctrl+Down",
    "bottom": "Ctrl+End",
}


class JobList(QListView):
    """A list that reorders by drag and takes files dropped from outside."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setUniformItemSizes(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not event.mimeData().hasFormat(MIME_TYPE) and dropped_paths(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(MIME_TYPE) and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(MIME_TYPE):
            paths = dropped_paths(event)
            if paths:
                event.acceptProposedAction()
                self.files_dropped.emit(paths)
            return
        super().dropEvent(event)


class QueueView(QWidget):
    load_settings = Signal(object)  # Job: put its settings back into the inspector
    show_result = Signal(str)  # job id of a finished job

    def __init__(self, controller: QueueController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = QueueModel(controller, self)
        self.list = JobList(self)
        self.list.setObjectName("queueList")
        self.list.setModel(self.model)
        self.delegate = JobDelegate(self.list)
        self.delegate.folder_clicked.connect(self._reveal_job)
        self.list.setItemDelegate(self.delegate)
        self.files_dropped = self.list.files_dropped

        self.count_label = muted_label("", self)
        self.count_label.setObjectName("queueCount")
        self.eta_label = muted_label("", self)
        self.eta_label.setObjectName("queueEta")
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("queueStart")
        set_role(self.start_button, "primary")
        self.start_button.clicked.connect(self._toggle_running)
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearFinished")
        self.clear_button.clicked.connect(self.clear_finished)

        self.interrupted_bar = QFrame(self)
        set_role(self.interrupted_bar, "warning")
        self.interrupted_label = QLabel(self.interrupted_bar)
        set_role(self.interrupted_label, "warning")
        self.interrupted_label.setWordWrap(True)
        self.resume_button = QPushButton(self.interrupted_bar)
        self.resume_button.setObjectName("resumeInterrupted")
        self.resume_button.clicked.connect(controller.resume_interrupted)
        bar_layout = QHBoxLayout(self.interrupted_bar)
        bar_layout.setContentsMargins(10, 6, 8, 6)
        bar_layout.addWidget(self.interrupted_label, 1)
        bar_layout.addWidget(self.resume_button)

        # Outputs sent to a fallback folder: said here until dismissed.
        self.redirect_bar = QFrame(self)
        self.redirect_bar.setObjectName("outputRedirected")
        set_role(self.redirect_bar, "warning")
        self.redirect_label = QLabel(self.redirect_bar)
        set_role(self.redirect_label, "warning")
        self.redirect_label.setWordWrap(True)
        self.redirect_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.redirect_close = QToolButton(self.redirect_bar)
        self.redirect_close.setObjectName("dismissRedirect")
        self.redirect_close.setText("✕")
        self.redirect_close.setAutoRaise(True)
        self.redirect_close.clicked.connect(self.redirect_bar.hide)
        redirect_layout = QHBoxLayout(self.redirect_bar)
        redirect_layout.setContentsMargins(10, 6, 8, 6)
        redirect_layout.addWidget(self.redirect_label, 1)
        redirect_layout.addWidget(self.redirect_close, 0, Qt.AlignmentFlag.AlignTop)
        self.redirect_bar.hide()
        controller.output_redirected.connect(self._show_redirect)

        self.empty_label = muted_label("", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        counts = QVBoxLayout()
        counts.setSpacing(0)
        counts.addWidget(self.count_label)
        counts.addWidget(self.eta_label)
        header = QHBoxLayout()
        header.addLayout(counts, 1)
        header.addWidget(self.clear_button)
        header.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.interrupted_bar)
        layout.addWidget(self.redirect_bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)

        self._make_shortcuts()
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.doubleClicked.connect(self._activated)
        self.list.selectionModel().selectionChanged.connect(self._update_shortcuts)
        controller.running_changed.connect(self._refresh)
        controller.estimates_changed.connect(self._refresh)
        controller.drained.connect(self._refresh)  # the active job cleared: no more Pause
        self.model.rowsInserted.connect(self._refresh)
        self.model.rowsRemoved.connect(self._refresh)
        self.model.rowsMoved.connect(self._refresh)
        self.model.dataChanged.connect(self._refresh)
        # The running row's countdown moves with the clock, not only with progress events.
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self.retranslate()

    # -- language --------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.clear_button.setText(self.tr("Clear finished"))
        self.clear_button.setToolTip(self.tr("Remove the finished jobs from the list (undoable)"))
        self.resume_button.setText(self.tr("Resume"))
        self.resume_button.setToolTip(
            self.tr("Put the interrupted jobs back in the queue and start it")
        )
        self.redirect_close.setToolTip(self.tr("Hide this message"))
        self.empty_label.setText(
            self.tr("No jobs yet. Add the current inputs with “Add to queue”, or drop files here.")
        )
        self.list.setToolTip(
            self.tr(
                "Drag rows to reorder; drop photos and recordings to queue them. "
                "Double-click a finished job to see it; right-click for more."
            )
        )
        texts = {
            "remove": (self.tr("Remove"), self.tr("Remove the selected jobs (Delete)")),
            "top": (self.tr("Move to top"), self.tr("Render the selected jobs first")),
            "up": (self.tr("Move up"), self.tr("Move the selected jobs one place up")),
            "down": (self.tr("Move down"), self.tr("Move the selected jobs one place down")),
            "bottom": (self.tr("Move to bottom"), self.tr("Render the selected jobs last")),
        }
        for key, (text, tip) in texts.items():
            self.shortcut_actions[key].setText(text)
            self.shortcut_actions[key].setToolTip(tip)
        self.model.refresh_all()  # rows paint translated text
        self._refresh()

    # -- selection -----------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedIndexes())
        return [self.model.job_at(r).id for r in rows]

    def select_ids(self, ids: list[str]) -> None:
        selection = self.list.selectionModel()
        selection.clear()
        for job_id in ids:
            selection.select(
                self.model.index(self.model.row_of(job_id)), selection.SelectionFlag.Select
            )

    # -- commands the window's menus call ---------------------------------------------
    def remove_selected(self) -> list[str]:
        """Remove the selected jobs (one undo step); the rendering one stays. Returns the
        ids left in place."""
        ids = self.selected_ids()
        return self.controller.remove(ids) if ids else []

    def move_selected(self, where: str) -> None:
        """Move the selected jobs to the "top" or "bottom", or one place "up" or "down"."""
        ids = self.selected_ids()
        if ids:
            self.controller.move_to(ids, where)
            self.select_ids(ids)
            self.list.scrollTo(self.model.index(self.model.row_of(ids[0])))

    def show_details(self, job_id: str) -> JobDetails:
        dialog = JobDetails(self.controller, job_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _make_shortcuts(self) -> None:
        """Delete and Ctrl+arrows act on the selection while the queue has focus only."""
        self.shortcut_actions: dict[str, QAction] = {}
        remove = QAction(self)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.triggered.connect(self.remove_selected)
        self.shortcut_actions["remove"] = remove
        for where, keys in MOVES.items():
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, w=where: self.move_selected(w))
            self.shortcut_actions[where] = action
        for action in self.shortcut_actions.values():
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self._update_shortcuts()

    def _update_shortcuts(self, *_args: object) -> None:
        ids = self.selected_ids()
        states = {self.controller.queue.get(i).state for i in ids}
        self.shortcut_actions["remove"].setEnabled(bool(ids) and JobState.RUNNING not in states)
        for where in MOVES:
            self.shortcut_actions[where].setEnabled(bool(ids))

    # -- actions --------------------------------------------------------------------------
    def actions_for(self, ids: list[str]) -> dict[str, QAction]:
        """The context actions, enabled for what the selected jobs allow."""
        jobs = [self.controller.queue.get(i) for i in ids]
        states = {j.state for j in jobs}
        single = len(jobs) == 1
        single_done = single and jobs[0].state == JobState.DONE
        spec = {
            "cancel": (self.tr("Cancel"), bool(states & {JobState.QUEUED, JobState.RUNNING}),
                       lambda: self.controller.cancel(ids)),
            "retry": (self.tr("Retry"), any(s.resumable for s in states),
                      lambda: self.controller.retry(ids)),
            "duplicate": (self.tr("Duplicate with the same settings"), bool(jobs),
                          lambda: self.controller.duplicate(ids)),
            "remove": (self.tr("Remove"), bool(jobs) and JobState.RUNNING not in states,
                       lambda: self.controller.remove(ids)),
            "top": (self.tr("Move to top"), bool(jobs),
                    lambda: self.controller.move_to(ids, "top")),
            "up": (self.tr("Move up"), bool(jobs), lambda: self.controller.move_to(ids, "up")),
            "down": (self.tr("Move down"), bool(jobs),
                     lambda: self.controller.move_to(ids, "down")),
            "bottom": (self.tr("Move to bottom"), bool(jobs),
                       lambda: self.controller.move_to(ids, "bottom")),
            "open": (self.tr("Open the video"), single_done,
                     lambda: open_or_explain(jobs[0].request.output, self)),
            "folder": (self.tr("Show in folder"), single,
                       lambda: reveal_or_explain(jobs[0].request.output, self)),
            "details": (self.tr("Details…"), single, lambda: self.show_details(ids[0])),
            "command": (self.tr("Copy as command"), single, lambda: copy_command(jobs[0])),
            "load": (self.tr("Load its settings into the inspector"), single,
                     lambda: self.load_settings.emit(jobs[0])),
        }  # fmt: skip
        actions = {}
        for key, (text, enabled, slot) in spec.items():
            action = QAction(text, self)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            if key in self.shortcut_actions:
                action.setShortcut(self.shortcut_actions[key].shortcut())  # shown, not bound
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            actions[key] = action
        return actions

    def _context_menu(self, pos: QPoint) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        actions = self.actions_for(ids)
        layout = ("cancel", "retry", "duplicate", "remove", None, "top", "up", "down", "bottom",
                  None, "open", "folder", None, "details", "command", "load")  # fmt: skip
        for key in layout:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[key])
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def _activated(self, index: QModelIndex) -> None:
        job: Job = self.model.job_at(index.row())
        if job.state == JobState.DONE:
            self.show_result.emit(job.id)
        elif job.state.resumable:
            self.controller.retry([job.id])

    def _reveal_job(self, job_id: str) -> None:
        reveal_or_explain(self.controller.queue.get(job_id).request.output, self)

    def _show_redirect(self, message: str) -> None:
        self.redirect_label.setText(message)
        self.redirect_bar.show()

    def _toggle_running(self) -> None:
        if self._pausable():
            self.controller.pause()
        else:
            self.controller.start()

    def _pausable(self) -> bool:
        """Started, and something is rendering or waiting: only then is there a queue to
        pause. A started queue with nothing left says "Start queue" (greyed) instead."""
        if not self.controller.running:
            return False
        waiting = any(j.state == JobState.QUEUED for j in self.controller.queue.jobs)
        return self.controller.busy or waiting

    def clear_finished(self) -> None:
        done = [j.id for j in self.controller.queue.jobs if j.state == JobState.DONE]
        self.controller.remove(done)

    def _tick(self) -> None:
        if self.controller.busy and self.isVisible():
            self.model.refresh_all()

    def _refresh(self, *_args: object) -> None:
        jobs = self.controller.queue.jobs
        total = len(jobs)
        waiting = sum(1 for j in jobs if j.state == JobState.QUEUED)
        done = sum(1 for j in jobs if j.state == JobState.DONE)
        interrupted = sum(1 for j in jobs if j.state == JobState.INTERRUPTED)
        self.count_label.setText(
            " · ".join(
                (
                    self.tr("%n job(s)", "", total),
                    self.tr("%n waiting", "", waiting),
                    self.tr("%n done", "", done),
                )
            )
        )
        seconds, counted, unknown = self.controller.queue_remaining()
        if counted == 0:
            self.eta_label.clear()
            self.eta_label.setToolTip("")
        else:
            text = self.tr("About {time} for %n job(s)", "", counted).format(
                time=format_duration(seconds)
            )
            if unknown:
                text += " " + self.tr("(%n without an estimate yet)", "", unknown)
            self.eta_label.setText(text)
            self.eta_label.setToolTip(
                self.tr(
                    "From the throughput measured on this machine once a render has finished "
                    "with the same settings; until then, from the hardware estimate"
                )
            )
        pausable = self._pausable()
        self.start_button.setText(self.tr("Pause queue") if pausable else self.tr("Start queue"))
        set_glyph(self.start_button, "pause" if pausable else "play", primary=True)
        idle_started = self.controller.running and not pausable
        self.start_button.setEnabled(not idle_started or waiting > 0)
        if pausable:
            tip = self.tr("The render in progress finishes; the next one waits")
        elif idle_started:
            tip = self.tr("Nothing is waiting; jobs you add now start at once")
        else:
            tip = self.tr("Render the waiting jobs one after another")
        self.start_button.setToolTip(tip)
        self.clear_button.setEnabled(done > 0)
        self.interrupted_bar.setVisible(interrupted > 0)
        self.interrupted_label.setText(
            self.tr("%n job(s) was/were interrupted when Sonic Desktop closed.", "", interrupted)
        )
        self.empty_label.setVisible(not jobs)
        self.list.setVisible(bool(jobs))
        self._update_shortcuts()
