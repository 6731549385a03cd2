"""The render queue: a plain state machine over jobs, persisted on every change.

Qt-free on purpose: the GUI adapts `QueueEvent`s to signals, and the whole queue
can be tested without a display. A job's request is the frozen `RenderRequest`.
"""

from __future__ import annotations

import logging
import math
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from sonic_desktop.core.request import RenderRequest

log = logging.getLogger(__name__)


class JobState(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"  # was running when the app died; resumable

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)

    @property
    def resumable(self) -> bool:
        return self in (JobState.FAILED, JobState.CANCELLED, JobState.INTERRUPTED)


@dataclass(frozen=True)
class Job:
    id: str
    request: RenderRequest
    state: JobState = JobState.QUEUED
    stage: str = ""
    done: int = 0
    total: int = 0
    eta_s: float | None = None
    error: str | None = None
    error_kind: str | None = None  # the error's class name, so the UI can translate it
    created_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None
    engine_label: str | None = None

    @property
    def fraction(self) -> float:
        if self.state == JobState.DONE:
            return 1.0
        return 0.0 if self.total <= 0 else min(1.0, self.done / self.total)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "request": self.request.to_dict(),
            "state": self.state.value,
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "error": self.error,
            "error_kind": self.error_kind,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "engine_label": self.engine_label,
        }

    @classmethod
    def from_dict(cls, data: object) -> Job:
        """A job from its stored JSON. Anything of the wrong shape raises
        `MalformedJob` naming the field, so a damaged entry can be set aside."""
        if not isinstance(data, dict):
            raise MalformedJob(f"expected a job object, found {_kind_of(data)}")
        job_id = data.get("id")
        if not isinstance(job_id, str) or not job_id.strip():
            raise MalformedJob("the job has no id")
        state = data.get("state", JobState.QUEUED.value)
        if state not in {s.value for s in JobState}:
            raise MalformedJob(f"unknown state {state!r}")
        try:
            request = RenderRequest.from_dict(_request_dict(data.get("request")))
        except MalformedJob:
            raise
        except Exception as exc:  # InvalidSettings, or a value RenderRequest refuses
            raise MalformedJob(f"the render request is invalid ({exc})") from exc
        return cls(
            id=job_id,
            request=request,
            state=JobState(state),
            stage=_optional(data, "stage", str) or "",
            done=_count(data, "done"),
            total=_count(data, "total"),
            error=_optional(data, "error", str),
            error_kind=_optional(data, "error_kind", str),
            created_at=_time(data, "created_at") or time.time(),
            started_at=_time(data, "started_at"),
            finished_at=_time(data, "finished_at"),
            engine_label=_optional(data, "engine_label", str),
        )


class MalformedJob(ValueError):
    """A stored job that cannot be restored; the message names what is wrong."""


def _kind_of(value: object) -> str:
    """How a JSON value reads in a message: "null", "text", "a list"..."""
    names: dict[type, str] = {type(None): "null", bool: "true/false", int: "a number"}
    names.update({float: "a number", str: "text", list: "a list", dict: "an object"})
    return names.get(type(value), "a value")


def _optional(data: dict, key: str, kind: type) -> Any:
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise MalformedJob(f"{key!r} should be {kind.__name__}, found {_kind_of(value)}")
    return value


def _count(data: dict, key: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedJob(f"{key!r} should be a whole number, found {value!r}")
    return value


_LATEST_TIME_S = 1e11  # seconds since 1970: the year 5138


def _time(data: dict, key: str) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value < _LATEST_TIME_S  # the window formats it as a date and a duration
    ):
        raise MalformedJob(f"{key!r} should be a time in seconds, found {value!r}")
    return float(value)


_PATH_KEYS = ("image", "audio", "output")


def _request_dict(value: object) -> dict[str, Any]:
    """Check the stored request's shape before RenderRequest reads it."""
    if not isinstance(value, dict):
        raise MalformedJob(f"expected a render request object, found {_kind_of(value)}")
    for key in _PATH_KEYS:
        path = value.get(key)
        if not isinstance(path, str) or not path.strip():
            raise MalformedJob(f"the render request has no {key} path")
    weights = value.get("weights_dir")
    if weights is not None and not isinstance(weights, str):
        raise MalformedJob(f"'weights_dir' should be a folder path, found {_kind_of(weights)}")
    settings = value.get("settings")
    if settings is not None and not isinstance(settings, dict):
        raise MalformedJob(f"'settings' should be an object, found {_kind_of(settings)}")
    box = value.get("face_box")
    if box is not None and (
        not isinstance(box, list)
        or len(box) != 4
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in box)
    ):
        raise MalformedJob("'face_box' should be four numbers")
    return value


def relative_paths(request: RenderRequest) -> list[Path]:
    """The request's paths that are not absolute. Jobs get absolute paths when they
    are made; a relative one comes from an old queue file and is not guessed at."""
    paths = [request.image, request.audio, request.output]
    if request.weights_dir is not None:
        paths.append(request.weights_dir)
    return [path for path in paths if not path.is_absolute()]


class QueueEventKind(str, Enum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"
    MOVED = "moved"


@dataclass(frozen=True)
class QueueEvent:
    kind: QueueEventKind
    job_id: str


Listener = Callable[[QueueEvent], None]
SaveErrorListener = Callable[[OSError], None]


class InvalidTransition(Exception):
    pass


class JobQueue:
    """Ordered jobs plus the legal transitions between their states.

    `persist` is called with the full job list after every change, so a crash
    loses at most the progress figures of the running job. When it cannot write
    (disk full, read-only folder), the change still holds in memory: the error is
    kept in `save_error` and passed to save-error listeners, never raised into the
    caller that changed the queue.
    """

    def __init__(
        self,
        jobs: Iterable[Job] = (),
        persist: Callable[[list[Job]], None] | None = None,
    ) -> None:
        self._jobs: list[Job] = list(jobs)
        self._persist = persist
        self._listeners: list[Listener] = []
        self._save_listeners: list[SaveErrorListener] = []
        #: the last save's error; None once a save succeeds again
        self.save_error: OSError | None = None

    # -- observation ---------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def subscribe_save_errors(self, listener: SaveErrorListener) -> Callable[[], None]:
        """Called with the OSError of every save that fails."""
        self._save_listeners.append(listener)
        return lambda: self._save_listeners.remove(listener)

    def _save(self) -> None:
        if self._persist is None:
            return
        try:
            self._persist(list(self._jobs))
        except OSError as exc:
            log.warning("the queue could not be saved: %s", exc)
            self.save_error = exc
            for listener in list(self._save_listeners):
                listener(exc)
        else:
            if self.save_error is not None:
                log.info("the queue is saved again")
            self.save_error = None

    def _emit(self, kind: QueueEventKind, job_id: str, save: bool = True) -> None:
        if save:
            self._save()
        for listener in list(self._listeners):
            listener(QueueEvent(kind, job_id))

    @property
    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def get(self, job_id: str) -> Job:
        for job in self._jobs:
            if job.id == job_id:
                return job
        raise KeyError(job_id)

    def index(self, job_id: str) -> int:
        return next(i for i, job in enumerate(self._jobs) if job.id == job_id)

    def next_runnable(self) -> Job | None:
        return next((job for job in self._jobs if job.state == JobState.QUEUED), None)

    @property
    def running(self) -> Job | None:
        return next((job for job in self._jobs if job.state == JobState.RUNNING), None)

    # -- editing -------------------------------------------------------------
    def insert(self, job: Job, index: int) -> None:
        """Put an existing job back at `index` (undoing its removal keeps its state)."""
        if any(existing.id == job.id for existing in self._jobs):
            raise ValueError(f"job {job.id} is already in the queue")
        self._jobs.insert(max(0, min(index, len(self._jobs))), job)
        self._emit(QueueEventKind.ADDED, job.id)

    def add(self, request: RenderRequest) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], request=request)
        self._jobs.append(job)
        self._emit(QueueEventKind.ADDED, job.id)
        return job

    def duplicate(self, job_id: str) -> Job:
        return self.add(self.get(job_id).request)

    def remove(self, job_id: str) -> None:
        if self.get(job_id).state == JobState.RUNNING:
            raise InvalidTransition("cancel a running job before removing it")
        self._jobs.pop(self.index(job_id))
        self._emit(QueueEventKind.REMOVED, job_id)

    def move(self, job_id: str, new_index: int) -> None:
        job = self._jobs.pop(self.index(job_id))
        new_index = max(0, min(new_index, len(self._jobs)))
        self._jobs.insert(new_index, job)
        self._emit(QueueEventKind.MOVED, job_id)

    # -- lifecycle -------------------------------------------------------------
    def _update(self, job_id: str, save: bool = True, **changes: object) -> Job:
        i = self.index(job_id)
        self._jobs[i] = replace(self._jobs[i], **changes)  # type: ignore[arg-type]
        self._emit(QueueEventKind.CHANGED, job_id, save=save)
        return self._jobs[i]

    def _require(self, job_id: str, *allowed: JobState) -> Job:
        job = self.get(job_id)
        if job.state not in allowed:
            raise InvalidTransition(f"job {job_id} is {job.state.value}")
        return job

    def notify_started(self, job_id: str, engine_label: str | None = None) -> Job:
        self._require(job_id, JobState.QUEUED)
        if self.running is not None:
            raise InvalidTransition("another job is already running")
        return self._update(
            job_id,
            state=JobState.RUNNING,
            started_at=time.time(),
            finished_at=None,
            error=None,
            done=0,
            total=0,
            engine_label=engine_label,
        )

    def notify_progress(
        self, job_id: str, stage: str, done: int, total: int, eta_s: float | None
    ) -> Job:
        self._require(job_id, JobState.RUNNING)
        # Progress is frequent and worthless after a crash: notify, but do not persist.
        return self._update(job_id, save=False, stage=stage, done=done, total=total, eta_s=eta_s)

    def notify_finished(self, job_id: str) -> Job:
        self._require(job_id, JobState.RUNNING)
        return self._update(
            job_id, state=JobState.DONE, finished_at=time.time(), stage="done", eta_s=None
        )

    def notify_failed(self, job_id: str, message: str, kind: str | None = None) -> Job:
        self._require(job_id, JobState.RUNNING)
        return self._update(
            job_id,
            state=JobState.FAILED,
            finished_at=time.time(),
            error=message,
            error_kind=kind,
            eta_s=None,
        )

    def notify_cancelled(self, job_id: str) -> Job:
        self._require(job_id, JobState.RUNNING, JobState.QUEUED)
        return self._update(
            job_id, state=JobState.CANCELLED, finished_at=time.time(), stage="cancelled", eta_s=None
        )

    def retry(self, job_id: str) -> Job:
        """Failed, cancelled and interrupted jobs go back to the queue as they were."""
        self._require(job_id, JobState.FAILED, JobState.CANCELLED, JobState.INTERRUPTED)
        return self._update(
            job_id,
            state=JobState.QUEUED,
            error=None,
            error_kind=None,
            done=0,
            total=0,
            stage="",
            eta_s=None,
        )

    def mark_interrupted(self) -> list[str]:
        """At start-up: a job still `running` on disk died with the app."""
        ids = [job.id for job in self._jobs if job.state == JobState.RUNNING]
        for job_id in ids:
            self._update(
                job_id,
                state=JobState.INTERRUPTED,
                error="Sonic Desktop closed while this job was rendering",
            )
        return ids
