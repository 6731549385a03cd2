"""The render queue panel: rows, Start/Pause, drag reordering and per-job actions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.jobs import Job, JobState
from sonic_desktop.gui.common.widgets import muted_label, set_glyph
from sonic_desktop.gui.inputs.portrait_view import dropped_paths
from sonic_desktop.gui.queue.controller import QueueController
from sonic_desktop.gui.queue.delegate import JobDelegate
from sonic_desktop.gui.queue.model import MIME_TYPE, QueueModel
from sonic_desktop.gui.shell.theme import set_role


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
        self.list.setItemDelegate(JobDelegate(self.list))
        self.files_dropped = self.list.files_dropped

        self.count_label = muted_label("", self)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("queueStart")
        set_role(self.start_button, "primary")
        self.start_button.clicked.connect(self._toggle_running)
        self.clear_button = QPushButton(self.tr("Clear finished"), self)
        self.clear_button.clicked.connect(self.clear_finished)

        self.interrupted_bar = QFrame(self)
        set_role(self.interrupted_bar, "warning")
        self.interrupted_label = QLabel(self.interrupted_bar)
        set_role(self.interrupted_label, "warning")
        self.resume_button = QPushButton(self.tr("Resume"), self.interrupted_bar)
        self.resume_button.setObjectName("resumeInterrupted")
        self.resume_button.clicked.connect(controller.resume_interrupted)
        bar_layout = QHBoxLayout(self.interrupted_bar)
        bar_layout.setContentsMargins(10, 6, 8, 6)
        bar_layout.addWidget(self.interrupted_label, 1)
        bar_layout.addWidget(self.resume_button)

        self.empty_label = muted_label(
            self.tr("No jobs yet. Add the current inputs with “Add to queue”, or drop files here."),
            self,
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        header = QHBoxLayout()
        header.addWidget(self.count_label, 1)
        header.addWidget(self.clear_button)
        header.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.interrupted_bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)

        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.doubleClicked.connect(self._activated)
        controller.running_changed.connect(self._refresh)
        self.model.rowsInserted.connect(self._refresh)
        self.model.rowsRemoved.connect(self._refresh)
        self.model.dataChanged.connect(self._refresh)
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

    # -- actions --------------------------------------------------------------------------
    def actions_for(self, ids: list[str]) -> dict[str, QAction]:
        """The context actions, enabled for what the selected jobs allow."""
        jobs = [self.controller.queue.get(i) for i in ids]
        states = {j.state for j in jobs}
        single_done = len(jobs) == 1 and jobs[0].state == JobState.DONE
        spec = {
            "cancel": (self.tr("Cancel"), bool(states & {JobState.QUEUED, JobState.RUNNING}),
                       lambda: self.controller.cancel(ids)),
            "retry": (self.tr("Retry"), any(s.resumable for s in states),
                      lambda: self.controller.retry(ids)),
            "duplicate": (self.tr("Duplicate with the same settings"), bool(jobs),
                          lambda: self.controller.duplicate(ids)),
            "remove": (self.tr("Remove"), bool(jobs) and JobState.RUNNING not in states,
                       lambda: self.controller.remove(ids)),
            "open": (self.tr("Open the video"), single_done,
                     lambda: open_path(jobs[0].request.output)),
            "folder": (self.tr("Show in folder"), single_done,
                       lambda: show_in_folder(jobs[0].request.output)),
            "load": (self.tr("Load its settings into the inspector"), len(jobs) == 1,
                     lambda: self.load_settings.emit(jobs[0])),
        }  # fmt: skip
        actions = {}
        for key, (text, enabled, slot) in spec.items():
            action = QAction(text, self)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            actions[key] = action
        return actions

    def _context_menu(self, pos: QPoint) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        actions = self.actions_for(ids)
        for key in ("cancel", "retry", "duplicate", "remove", None, "open", "folder", None, "load"):
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

    def _toggle_running(self) -> None:
        if self.controller.running:
            self.controller.pause()
        else:
            self.controller.start()

    def clear_finished(self) -> None:
        done = [j.id for j in self.controller.queue.jobs if j.state == JobState.DONE]
        self.controller.remove(done)

    def _refresh(self, *_args: object) -> None:
        jobs = self.controller.queue.jobs
        waiting = sum(1 for j in jobs if j.state == JobState.QUEUED)
        done = sum(1 for j in jobs if j.state == JobState.DONE)
        interrupted = sum(1 for j in jobs if j.state == JobState.INTERRUPTED)
        self.count_label.setText(
            self.tr("{total} jobs · {waiting} waiting · {done} done").format(
                total=len(jobs), waiting=waiting, done=done
            )
        )
        running = self.controller.running
        self.start_button.setText(self.tr("Pause queue") if running else self.tr("Start queue"))
        set_glyph(self.start_button, "pause" if running else "play", primary=True)
        self.start_button.setToolTip(
            self.tr("The render in progress finishes; the next one waits")
            if running
            else self.tr("Render the waiting jobs one after another")
        )
        self.clear_button.setEnabled(done > 0)
        self.interrupted_bar.setVisible(interrupted > 0)
        self.interrupted_label.setText(
            self.tr("{n} job(s) were interrupted when Sonic Desktop closed.").format(n=interrupted)
        )
        self.empty_label.setVisible(not jobs)
        self.list.setVisible(bool(jobs))


def open_path(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Select the file in Explorer on Windows; elsewhere open its folder."""
    if sys.platform == "win32" and path.exists():
        subprocess.Popen(["explorer", "/select,", str(path)])
        return True
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
