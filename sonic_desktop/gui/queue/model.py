"""A Qt list model over the core `JobQueue`, including drag-and-drop reordering.

The queue emits an event *after* each change; the model keeps its own list of job
ids so it can tell Qt exactly which rows appeared, vanished or moved, which keeps
the selection and scroll position intact (a model reset would lose both).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from sonic_desktop.core.jobs import Job, JobQueue, JobState, QueueEvent, QueueEventKind
from sonic_desktop.gui.common.error_text import describe_error
from sonic_desktop.gui.queue.controller import QueueController

JOB_ROLE = Qt.ItemDataRole.UserRole + 1  # the Job itself
JOB_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ETA_ROLE = Qt.ItemDataRole.UserRole + 3  # seconds until the job is done, or None
MIME_TYPE = "application/x-sonic-desktop-job-ids"

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractListModel):
    def __init__(self, controller: QueueController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.queue: JobQueue = controller.queue
        self._ids = [job.id for job in self.queue.jobs]
        self._unsubscribe = self.queue.subscribe(self._on_event)
        controller.estimates_changed.connect(self.refresh_all)

    def refresh_all(self) -> None:
        """Repaint every row (estimates changed, the language changed)."""
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    def close(self) -> None:
        self._unsubscribe()

    # -- reading -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def job_at(self, row: int) -> Job:
        return self.queue.get(self._ids[row])

    def row_of(self, job_id: str) -> int:
        return self._ids.index(job_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        job = self.job_at(index.row())
        if role == JOB_ROLE:
            return job
        if role == JOB_ID_ROLE:
            return job.id
        if role == ETA_ROLE:
            return self.controller.remaining_for(job)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{job.request.image.name} + {job.request.audio.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            paths = "\n".join(
                (
                    self.tr("Portrait: {path}").format(path=job.request.image),
                    self.tr("Speech: {path}").format(path=job.request.audio),
                    self.tr("Output: {path}").format(path=job.request.output),
                    self.tr("Double-click for the result; right-click for more."),
                )
            )
            if job.state == JobState.FAILED and job.error:
                # The row elides a long message; the tooltip shows all of it.
                return f"{describe_error(job.error_kind, job.error)}\n\n{paths}"
            return paths
        return None

    # -- following the queue -------------------------------------------------------
    def _on_event(self, event: QueueEvent) -> None:
        root = QModelIndex()
        if event.kind == QueueEventKind.ADDED:
            row = self.queue.index(event.job_id)
            self.beginInsertRows(root, row, row)
            self._ids.insert(row, event.job_id)
            self.endInsertRows()
        elif event.kind == QueueEventKind.REMOVED:
            row = self._ids.index(event.job_id)
            self.beginRemoveRows(root, row, row)
            self._ids.pop(row)
            self.endRemoveRows()
        elif event.kind == QueueEventKind.MOVED:
            old, new = self._ids.index(event.job_id), self.queue.index(event.job_id)
            if old != new:
                # Qt wants the destination row as it is *before* the move.
                self.beginMoveRows(root, old, old, root, new + 1 if new > old else new)
                self._ids.insert(new, self._ids.pop(old))
                self.endMoveRows()
        else:
            row = self._ids.index(event.job_id)
            self.dataChanged.emit(self.index(row), self.index(row))

    # -- drag and drop ---------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = [self._ids[i.row()] for i in sorted(indexes, key=lambda i: i.row()) if i.isValid()]
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray("\n".join(ids).encode()))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if not data.hasFormat(MIME_TYPE):
            return False  # files dropped on the queue are handled by the view
        ids = [i for i in bytes(data.data(MIME_TYPE).data()).decode().split("\n") if i in self._ids]
        if not ids:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._ids)
        self.controller.move(ids, row)
        # The queue already moved the rows; returning False stops the view from
        # deleting the "source" rows as it would after a copy-then-delete move.
        return False
