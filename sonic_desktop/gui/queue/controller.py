"""Drives the core `JobQueue` with the render worker: start, pause, cancel, retry.

All queue changes happen on the UI thread: the worker only emits signals, and the
slots here turn them into `notify_*` calls. The queue itself stays Qt-free.
"""

from __future__ import annotations

import contextlib
import errno
import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from sonic_desktop.core.debris import sweep_render_debris
from sonic_desktop.core.errors import os_reason
from sonic_desktop.core.job_store import QueueFileKept
from sonic_desktop.core.jobs import InvalidTransition, Job, JobQueue, JobState, relative_paths
from sonic_desktop.core.progress import CancelToken
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.gui.common.error_text import describe_error
from sonic_desktop.gui.common.python_thread import PythonThread
from sonic_desktop.gui.queue.worker import UNKNOWN_ETA, EngineFactory, RenderWorker

log = logging.getLogger(__name__)

#: the error kind of a job refused because an old queue file gave it a relative path
RELATIVE_PATH_KIND = "RelativePath"
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


def describe_save_error(exc: OSError) -> str:
    """One line, in the user's language, for a queue that could not be saved."""

    if isinstance(exc, QueueFileKept):
        reason = QCoreApplication.translate(
            "QueueController", "its file could not be read or backed up, so it is left unchanged"
        )
    elif exc.errno in _FULL:
        reason = QCoreApplication.translate("QueueController", "the disk is full")
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename:
        reason = QCoreApplication.translate(
            "QueueController", "{path} is in the way of its folder"
        ).format(path=exc.filename)
    elif exc.errno in _READ_ONLY and exc.filename:
        folder = Path(str(exc.filename)).parent
        reason = QCoreApplication.translate(
            "QueueController", "the folder {folder} cannot be written to"
        ).format(folder=folder)
    else:
        reason = os_reason(exc, with_file=True)
    return QCoreApplication.translate(
        "QueueController",
        "The queue could not be saved: {reason}. Jobs stay listed until you quit.",
    ).format(reason=reason)


class QueueController(QObject):
    dispatch = Signal(str, object, object)  # to the worker thread: job id, request, token
    running_changed = Signal(bool)  # the queue as a whole started or paused
    job_succeeded = Signal(str, object)  # job id, RenderResult
    job_failed = Signal(str, str)
    drained = Signal()  # running, and nothing is left to run
    save_failed = Signal(str)  # a queue change could not be saved: one translated line

    def __init__(
        self,
        queue: JobQueue,
        engine_factory: EngineFactory | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.queue = queue
        self.results: dict[str, object] = {}
        #: outcome of every job this session ran (job id -> succeeded)
        self.outcomes: dict[str, bool] = {}
        self._running = False
        self._active: str | None = None
        #: queue edits (remove, reorder) go here; AppContext shares the session's stack
        self.undo_stack = QUndoStack(self)
        self._token: CancelToken | None = None
        # Save errors happen inside queue changes, always on this (the UI) thread.
        self._unsubscribe_saves = queue.subscribe_save_errors(self._on_save_error)

        self._thread = PythonThread()
        self._thread.setObjectName("render-worker")
        self._worker = RenderWorker(engine_factory)
        self._worker.moveToThread(self._thread)
        self.dispatch.connect(self._worker.run_job)
        self._worker.engine_chosen.connect(self._on_engine_chosen)
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._thread.start()

    # -- state ---------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._running

    @property
    def active_job(self) -> str | None:
        """The job handed to the worker (it may not have reported its start yet)."""
        return self._active

    @property
    def busy(self) -> bool:
        return self._active is not None

    # -- commands ------------------------------------------------------------
    def add(self, request: RenderRequest) -> str:
        job = self.queue.add(request)
        self._pump()
        return job.id

    def start(self) -> None:
        if not self._running:
            self._running = True
            self.running_changed.emit(True)
        self._pump()

    def pause(self) -> None:
        """Stop taking new jobs; the one rendering now runs to its end."""
        if self._running:
            self._running = False
            self.running_changed.emit(False)

    def cancel(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            if job_id == self._active and self._token is not None:
                self._token.cancel()  # the worker reports back once the engine stops
            elif self.queue.get(job_id).state == JobState.QUEUED:
                self.queue.notify_cancelled(job_id)

    def retry(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            if self.queue.get(job_id).state.resumable:
                self.queue.retry(job_id)
        self._pump()

    def resume_interrupted(self) -> None:
        """One click after a crash: put interrupted jobs back and start the queue."""
        ids = [job.id for job in self.queue.jobs if job.state == JobState.INTERRUPTED]
        self.retry(ids)
        self.start()

    def remove(self, job_ids: Iterable[str]) -> list[str]:
        """Remove jobs; the active one is skipped (cancel it first). Returns the skipped."""
        skipped = []
        for job_id in job_ids:
            if job_id == self._active or self.queue.get(job_id).state == JobState.RUNNING:
                skipped.append(job_id)
                continue
            self.queue.remove(job_id)
        return skipped

    def duplicate(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            self.queue.duplicate(job_id)
        self._pump()

    def move(self, job_ids: list[str], row: int) -> None:
        """Move jobs (in their current order) so the first lands at `row`."""
        moving = sorted(set(job_ids), key=self.queue.index)
        others = [j.id for j in self.queue.jobs if j.id not in moving]
        target = row - sum(1 for j in moving if self.queue.index(j) < row)
        final = others[:target] + moving + others[target:]
        # Placing front to back: each job comes from at or after its slot, so the
        # slots already filled never shift.
        for slot, job_id in enumerate(final):
            if self.queue.index(job_id) != slot:
                self.queue.move(job_id, slot)

    def interrupt_active(self) -> None:
        """Mark the job in progress `interrupted` (resumable, as after a crash) instead of
        letting `shutdown` record it `cancelled`: a quit signal is not the user cancelling."""
        active = self._active
        if active is not None:
            with contextlib.suppress(KeyError, InvalidTransition):
                if self.queue.get(active).state == JobState.QUEUED:
                    self.queue.notify_started(active)  # handed to the worker, not yet reported
        self.queue.mark_interrupted()

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """Cancel the active render and stop the worker thread (window closing)."""
        self._running = False
        with contextlib.suppress(ValueError):  # shut down twice
            self._unsubscribe_saves()
        if self._token is not None:
            self._token.cancel()
        self._thread.quit()
        self._thread.wait(wait_ms)
        active = self._active
        if active is not None:
            # The worker's last signal cannot be delivered any more; record it here.
            try:
                job = self.queue.get(active)
                if job.state in (JobState.RUNNING, JobState.QUEUED):
                    self.queue.notify_cancelled(active)
            except (KeyError, InvalidTransition):
                pass
            self._active = None

    # -- the loop --------------------------------------------------------------
    def _pump(self) -> None:
        if not self._running or self._active is not None:
            return
        while True:
            job = self.queue.next_runnable()
            if job is None:
                self.drained.emit()
                return
            relative = relative_paths(job.request)
            if not relative:
                break
            self._refuse_relative(job, relative[0])
        self._active = job.id
        self._token = CancelToken()
        self.dispatch.emit(job.id, job.request, self._token)

    def _refuse_relative(self, job: Job, path: Path) -> None:
        """An old queue file gave this job a relative path: fail it rather than guess
        which folder it meant."""
        english = (
            f"This job was saved with the relative path {path}, which cannot be located; "
            "add its files to the queue again"
        )
        self.queue.notify_started(job.id)
        self.queue.notify_failed(job.id, english, RELATIVE_PATH_KIND)
        self.outcomes[job.id] = False
        self.job_failed.emit(
            job.id,
            self.tr(
                "This job was saved with the relative path {path}, which cannot be located; "
                "add its files to the queue again."
            ).format(path=path),
        )

    def _on_save_error(self, exc: OSError) -> None:
        self.save_failed.emit(describe_save_error(exc))

    def _sweep_debris(self, job_id: str) -> None:
        """A render that died earlier may have left its temporary video beside this
        job's output; the job has now ended, so remove what no live process writes."""
        with contextlib.suppress(KeyError):
            sweep_render_debris([self.queue.get(job_id)])

    def _ensure_started(self, job_id: str, label: str | None = None) -> bool:
        try:
            if self.queue.get(job_id).state == JobState.QUEUED:
                self.queue.notify_started(job_id, label)
            return True
        except (KeyError, InvalidTransition):
            log.warning("job %s vanished or changed state while rendering", job_id)
            return False

    def _done(self, job_id: str, ok: bool) -> None:
        self.outcomes[job_id] = ok
        if job_id == self._active:
            self._active = None
            self._token = None
        self._sweep_debris(job_id)
        self._pump()

    @Slot(str, str)
    def _on_engine_chosen(self, job_id: str, label: str) -> None:
        self._ensure_started(job_id, label or None)

    @Slot(str, str, int, int, float)
    def _on_progress(self, job_id: str, stage: str, done: int, total: int, eta: float) -> None:
        try:
            if self.queue.get(job_id).state == JobState.RUNNING:
                eta_s = None if eta == UNKNOWN_ETA else eta
                self.queue.notify_progress(job_id, stage, done, total, eta_s)
        except KeyError:
            pass

    @Slot(str, object)
    def _on_succeeded(self, job_id: str, result: object) -> None:
        if self._ensure_started(job_id):
            self.queue.notify_finished(job_id)
            self.results[job_id] = result
            self.job_succeeded.emit(job_id, result)
        self._done(job_id, True)

    @Slot(str, str, str)
    def _on_failed(self, job_id: str, message: str, kind: str) -> None:
        if self._ensure_started(job_id):
            self.queue.notify_failed(job_id, message, kind)
            self.job_failed.emit(job_id, describe_error(kind, message))
        self._done(job_id, False)

    @Slot(str)
    def _on_cancelled(self, job_id: str) -> None:
        with contextlib.suppress(KeyError, InvalidTransition):
            self.queue.notify_cancelled(job_id)
        self._done(job_id, False)
