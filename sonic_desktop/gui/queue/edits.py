"""Queue edits as undoable commands: remove and reorder.

They go on the window's one undo stack (`controller.undo_stack`), so Edit ▸ Undo puts a
removed job back where it was, with its state, or restores the order before a move.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QUndoCommand

from sonic_desktop.core.jobs import Job, JobQueue


def reinsert(queue: JobQueue, job: Job, index: int) -> None:
    """Put a removed job back at `index`, as it was (same id, state, times)."""
    queue.insert(job, index)


def apply_order(queue: JobQueue, order: list[str]) -> None:
    """Reorder the queue to `order` (ids that left the queue meanwhile are skipped)."""
    present = {job.id for job in queue.jobs}
    wanted = [i for i in order if i in present]
    rest = [j.id for j in queue.jobs if j.id not in set(wanted)]
    for slot, job_id in enumerate(wanted + rest):
        if queue.index(job_id) != slot:
            queue.move(job_id, slot)


class QueueEdit(QObject):
    """The undo texts' tr() context: lupdate marks a count as a plural only in tr()."""

    def remove_text(self, n: int) -> str:
        return self.tr("Remove %n job(s)", "", n)


class RemoveJobs(QUndoCommand):
    def __init__(self, queue: JobQueue, job_ids: list[str]) -> None:
        n = len(job_ids)
        super().__init__(QueueEdit().remove_text(n))
        self.queue = queue
        # Front to back, with each job's index at removal time: undo re-inserts in reverse.
        self._removed: list[tuple[int, Job]] = []
        self._ids = list(job_ids)

    def redo(self) -> None:
        self._removed = []
        for job_id in self._ids:
            try:
                index, job = self.queue.index(job_id), self.queue.get(job_id)
            except (KeyError, StopIteration):
                continue
            self.queue.remove(job_id)
            self._removed.append((index, job))

    def undo(self) -> None:
        for index, job in reversed(self._removed):
            reinsert(self.queue, job, index)


class MoveJobs(QUndoCommand):
    def __init__(self, queue: JobQueue, before: list[str], after: list[str]) -> None:
        super().__init__(QCoreApplication.translate("QueueEdit", "Reorder the queue"))
        self.queue = queue
        self.before = before
        self.after = after

    def redo(self) -> None:
        apply_order(self.queue, self.after)

    def undo(self) -> None:
        apply_order(self.queue, self.before)
