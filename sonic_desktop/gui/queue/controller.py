"""Drives the core `JobQueue` with the render worker: start, pause, cancel, retry.

All queue changes happen on the UI thread: the worker only emits signals, and the
slots here turn them into `notify_*` calls. The queue itself stays Qt-free.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import logging
import time
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from sonic_desktop.core.debris import sweep_render_debris
from sonic_desktop.core.errors import os_reason
from sonic_desktop.core.estimate import (
    ThroughputBook,
    job_seconds,
    queue_seconds,
    remaining_seconds,
)
from sonic_desktop.core.job_store import QueueFileKept
from sonic_desktop.core.jobs import InvalidTransition, Job, JobQueue, JobState, relative_paths
from sonic_desktop.core.output_folder import fallback_folders, writable_problem
from sonic_desktop.core.progress import CancelToken
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.gui.common.error_text import describe_error
from sonic_desktop.gui.common.python_thread import PythonThread
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.queue.edits import MoveJobs, RemoveJobs
from sonic_desktop.gui.queue.worker import UNKNOWN_ETA, EngineFactory, RenderWorker
from sonic_desktop.gui.shell.hardware_state import HardwareState
from sonic_desktop.gui.shell.preferences import unique_output

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
    #: the started queue ran out of jobs after running some: succeeded, failed (not cancelled)
    queue_finished = Signal(int, int)
    #: the running batch's overall fraction done, 0..1; -1.0 when nothing runs (title, taskbar)
    progress_changed = Signal(float)
    #: a job's output folder could not be written to; it goes elsewhere (one translated line)
    output_redirected = Signal(str)
    #: the time estimates changed (an audio length became known, a render finished)
    estimates_changed = Signal()

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
        #: jobs run since the queue last went idle: job id -> succeeded (for queue_finished)
        self._batch: dict[str, bool] = {}
        self._batch_peak = 0.0
        #: what the machine can do; the window sets it once probed (see `set_hardware`)
        self.hardware = HardwareState()
        #: measured throughput of finished renders: the one estimator's calibration
        self.throughput = ThroughputBook()
        #: audio lengths, probed off the UI thread, for estimates
        self.durations: dict[Path, float] = {}
        self._probing: set[Path] = set()
        self._totals: dict[tuple[object, float], float | None] = {}
        self.estimates_changed.connect(self._totals.clear)
        self._tasks = BackgroundTasks(self, max_threads=1)
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
        for job in queue.jobs:
            self._probe_duration(job.request.audio)

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

    # -- estimates (one estimator: the top bar's, each row's and the queue's) -------
    def set_hardware(self, state: HardwareState) -> None:
        self.hardware = state
        self._totals.clear()
        self.estimates_changed.emit()

    def job_total_seconds(self, job: Job) -> float | None:
        """The whole render's seconds for this job, as the top bar estimates it (cached:
        rows ask on every repaint)."""
        duration = self.durations.get(job.request.audio)
        if duration is None:
            return None
        key = (job.request.settings, duration)
        if key not in self._totals:
            self._totals[key] = self._job_total_seconds(job, duration)
        return self._totals[key]

    def _job_total_seconds(self, job: Job, duration: float) -> float | None:
        settings = job.request.settings
        static = self.hardware.estimate(settings, duration, None)
        static_s = float(getattr(static, "total_seconds", 0.0)) if static is not None else None
        engine = self.hardware.effective_engine(settings)
        return job_seconds(settings, duration, engine, static_s, self.throughput)

    def remaining_for(self, job: Job) -> float | None:
        """Seconds until this job is done (its own render only); None when unknown."""
        if job.state == JobState.QUEUED:
            return self.job_total_seconds(job)
        if job.state == JobState.RUNNING:
            elapsed = time.time() - job.started_at if job.started_at else 0.0
            return remaining_seconds(self.job_total_seconds(job), elapsed, job.eta_s)
        return None

    def queue_remaining(self) -> tuple[float, int, int]:
        """Seconds until every waiting and running job is done, how many jobs that counts,
        and how many of them have no estimate yet."""
        jobs = [j for j in self.queue.jobs if j.state in (JobState.QUEUED, JobState.RUNNING)]
        total, unknown = queue_seconds(self.remaining_for(j) for j in jobs)
        return total, len(jobs), unknown

    def batch_fraction(self) -> float:
        """The running batch's fraction done (jobs run since the queue was idle plus the
        ones waiting), or -1.0 when nothing is running. It never goes back within a batch:
        a job's own fraction is its time spent over its estimate (stage fractions restart
        at every stage), or its stage fraction when there is no estimate yet."""
        if self._active is None:
            return -1.0
        try:
            job = self.queue.get(self._active)
        except KeyError:
            return self._batch_peak
        total = self.job_total_seconds(job)
        if total and job.started_at:
            active = min(0.99, (time.time() - job.started_at) / total)
        else:
            active = min(0.99, job.fraction)
        waiting = sum(1 for j in self.queue.jobs if j.state == JobState.QUEUED and j.id != job.id)
        done = len(self._batch)
        fraction = (done + active) / max(1, done + 1 + waiting)
        self._batch_peak = max(self._batch_peak, fraction)
        return self._batch_peak

    def _probe_duration(self, audio: Path) -> None:
        if audio in self.durations or audio in self._probing:
            return
        self._probing.add(audio)

        def probe() -> float:
            from sonic_desktop.media.audio import audio_duration

            return audio_duration(audio)

        def done(seconds: float) -> None:
            self._probing.discard(audio)
            self.durations[audio] = float(seconds)
            self.estimates_changed.emit()

        def failed(exc: Exception) -> None:
            self._probing.discard(audio)
            log.debug("no length for %s: %s", audio, exc)

        self._tasks.submit(probe, done, failed)

    def _record_throughput(self, job_id: str) -> None:
        with contextlib.suppress(KeyError):
            job = self.queue.get(job_id)
            duration = self.durations.get(job.request.audio)
            if duration is None or not (job.started_at and job.finished_at):
                return
            settings = job.request.settings
            engine = self.hardware.effective_engine(settings)
            if job.engine_label and "preview" in job.engine_label.lower():
                engine = "preview"  # "auto" fell back: the label says what actually ran
            self.throughput.record(settings, engine, duration, job.finished_at - job.started_at)
            self.estimates_changed.emit()

    # -- commands ------------------------------------------------------------
    def add(self, request: RenderRequest) -> str:
        request = self._writable_output(request)
        job = self.queue.add(request)
        self._probe_duration(request.audio)
        self._pump()
        return job.id

    def _writable_output(self, request: RenderRequest) -> RenderRequest:
        """The request, or a copy writing to a fallback folder when its own folder cannot
        be written to, said out loud (`output_redirected`)."""
        folder = request.output.parent
        problem = writable_problem(folder)
        if problem is None:
            return request
        for fallback in fallback_folders():
            if fallback != folder and writable_problem(fallback) is None:
                taken = {j.request.output for j in self.queue.jobs if not j.state.finished}
                output = unique_output(fallback, request.output.name, taken)
                log.warning(
                    "output folder %s not writable (%s); using %s", folder, problem, fallback
                )
                self.output_redirected.emit(
                    self.tr(
                        "The folder {wanted} cannot be written to ({reason}), so {name} goes to "
                        "{used} instead. Choose another output folder in Settings."
                    ).format(wanted=folder, reason=problem, name=output.name, used=fallback)
                )
                return dataclasses.replace(request, output=output)
        return request  # nowhere writable: the render reports the error on the job

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
        """Remove jobs, as one undoable step; the active one is skipped (cancel it first).
        Returns the skipped."""
        skipped, removing = [], []
        for job_id in job_ids:
            if job_id == self._active or self.queue.get(job_id).state == JobState.RUNNING:
                skipped.append(job_id)
            else:
                removing.append(job_id)
        if removing:
            self.undo_stack.push(RemoveJobs(self.queue, removing))
        return skipped

    def duplicate(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            self.queue.duplicate(job_id)
        self._pump()

    def move(self, job_ids: list[str], row: int) -> None:
        """Move jobs (in their current order) so the first lands at `row`; one undo step."""
        moving = sorted(set(job_ids), key=self.queue.index)
        others = [j.id for j in self.queue.jobs if j.id not in moving]
        target = row - sum(1 for j in moving if self.queue.index(j) < row)
        self._reorder(others[:target] + moving + others[target:])

    def move_to(self, job_ids: list[str], where: str) -> None:
        """Move jobs to the "top" or "bottom", or one place "up" or "down" (blocks of
        selected jobs move together; a job already at the edge stays)."""
        order = [j.id for j in self.queue.jobs]
        chosen = set(job_ids) & set(order)
        if not chosen:
            return
        if where in ("top", "bottom"):
            moving = [i for i in order if i in chosen]
            rest = [i for i in order if i not in chosen]
            self._reorder(moving + rest if where == "top" else rest + moving)
            return
        if where not in ("up", "down"):
            raise ValueError(f"unknown place {where!r}")
        step = -1 if where == "up" else 1
        indices = range(len(order)) if step < 0 else range(len(order) - 1, -1, -1)
        for i in indices:
            j = i + step
            if order[i] in chosen and 0 <= j < len(order) and order[j] not in chosen:
                order[i], order[j] = order[j], order[i]
        self._reorder(order)

    def _reorder(self, final: list[str]) -> None:
        before = [j.id for j in self.queue.jobs]
        if final != before:
            self.undo_stack.push(MoveJobs(self.queue, before, final))

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
                self._finish_batch()
                self.drained.emit()
                return
            relative = relative_paths(job.request)
            if not relative:
                break
            self._refuse_relative(job, relative[0])
        self._active = job.id
        self._token = CancelToken()
        self.dispatch.emit(job.id, job.request, self._token)
        self.progress_changed.emit(self.batch_fraction())

    def _finish_batch(self) -> None:
        """The queue went idle: report the batch once (notifications), then forget it."""
        self.progress_changed.emit(-1.0)
        self._batch_peak = 0.0
        if not self._batch:
            return
        succeeded = sum(1 for ok in self._batch.values() if ok)
        failed = sum(1 for ok in self._batch.values() if ok is False)
        self._batch = {}
        self.queue_finished.emit(succeeded, failed)

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

    def _done(self, job_id: str, ok: bool, cancelled: bool = False) -> None:
        self.outcomes[job_id] = ok
        if not cancelled:
            self._batch[job_id] = ok
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
                self.progress_changed.emit(self.batch_fraction())
        except KeyError:
            pass

    @Slot(str, object)
    def _on_succeeded(self, job_id: str, result: object) -> None:
        if self._ensure_started(job_id):
            self.queue.notify_finished(job_id)
            self._record_throughput(job_id)
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
        self._done(job_id, False, cancelled=True)
