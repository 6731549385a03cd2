"""Persist the queue as one JSON file, written atomically on every change.

A damaged queue never stops the app from starting and never loses a job silently:

- a file that is not a queue at all (bad JSON, wrong shape) is moved aside;
- a job entry of the wrong shape is left out, and the original file is first
  copied aside, so the next save cannot destroy it;
- a file that cannot be read, moved or backed up is left as it is, and this
  session does not save over it (saves then fail loudly instead).

Every such event becomes a `StoreIssue` in `issues` (English text in `problems`),
which the window and headless runs show. Jobs whose paths are relative (written by
older versions) are kept, reported, and never resolved against a guessed folder.
"""

from __future__ import annotations

import errno
import json
import logging
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sonic_desktop.core import paths
from sonic_desktop.core.atomic import TempName, atomic_writer, sweep_temp_files, write_text_atomic
from sonic_desktop.core.errors import os_reason
from sonic_desktop.core.jobs import Job, JobQueue, relative_paths

log = logging.getLogger(__name__)

STORE_VERSION = 1
BACKUP_INFIX = ".corrupt-"


class IssueKind(str, Enum):
    UNREADABLE = "unreadable"  # reading failed: left untouched, not saved over
    MOVED_ASIDE = "moved_aside"  # not a queue file: moved to `path`
    NOT_MOVED = "not_moved"  # not a queue file, and it could not be moved: not saved over
    ENTRY_DROPPED = "entry_dropped"  # one job left out; `detail` says why
    BACKED_UP = "backed_up"  # the original file (with left-out jobs) was copied to `path`
    BACKUP_FAILED = "backup_failed"  # ... and could not be: not saved over
    RELATIVE_PATH = "relative_path"  # a kept job names a relative path (`detail`)


@dataclass(frozen=True)
class StoreIssue:
    kind: IssueKind
    path: Path  # the queue file, or its backup for MOVED_ASIDE / BACKED_UP
    detail: str = ""  # English: why, or the offending path
    position: int = 0  # 1-based position of the job in the file, for entry issues

    def english(self) -> str:
        k = IssueKind
        texts = {
            k.UNREADABLE: f"The saved queue {self.path} could not be read ({self.detail}); "
            "it is left as it is and will not be saved over",
            k.MOVED_ASIDE: f"The saved queue could not be read and was moved to {self.path} "
            f"({self.detail})",
            k.NOT_MOVED: f"The saved queue {self.path} could not be read ({self.detail}) nor "
            "moved aside; it will not be saved over",
            k.ENTRY_DROPPED: f"Saved job {self.position} could not be restored and was left "
            f"out ({self.detail})",
            k.BACKED_UP: f"The original queue file was kept as {self.path}",
            k.BACKUP_FAILED: f"The original queue file {self.path} could not be backed up "
            f"({self.detail}); it will not be saved over",
            k.RELATIVE_PATH: f"Saved job {self.position} uses the relative path {self.detail}; "
            "it will not run until it is added to the queue again",
        }
        return texts[self.kind]


class QueueFileKept(OSError):
    """Raised by `save` when this session must not overwrite the queue file."""


class JobStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / "queue.json"
        self.issues: list[StoreIssue] = []
        #: why this session must not overwrite the file (None: it may)
        self.kept_reason: str | None = None

    @property
    def problems(self) -> list[str]:
        """The issues as English lines (logs, command line)."""
        return [issue.english() for issue in self.issues]

    def _note(self, issue: StoreIssue) -> None:
        self.issues.append(issue)
        log.warning("%s", issue.english())

    # -- writing -------------------------------------------------------------------
    def save(self, jobs: list[Job]) -> None:
        if self.kept_reason is not None:
            raise QueueFileKept(errno.EPERM, self.kept_reason, str(self.path))
        payload = {"version": STORE_VERSION, "jobs": [job.to_dict() for job in jobs]}
        try:
            # ASCII escapes: a path from an undecodable file name holds lone surrogates, which
            # no UTF-8 writer accepts; escaped, they round-trip through json.loads unchanged.
            write_text_atomic(self.path, json.dumps(payload, ensure_ascii=True, indent=1))
        except QueueFileKept:
            raise
        except OSError as exc:  # name the queue file, not whichever temp file failed
            raise OSError(exc.errno, exc.strerror or str(exc), str(self.path)) from exc

    def sweep_temp_files(self) -> list[Path]:
        """Remove the temporary files of saves that a crash cut short (never those of
        a save another running instance is making)."""
        name = self.path.name

        def ours(temp: TempName) -> bool:
            return temp.belongs_to(name)

        def legacy_ours(temp: TempName) -> bool:
            return temp.stem == self.path.stem and temp.suffix == self.path.suffix

        return sweep_temp_files(self.path.parent, ours, legacy_ours)

    def _backup_path(self) -> Path:
        stamp = int(time.time())
        aside = self.path.with_name(f"{self.path.name}{BACKUP_INFIX}{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}{BACKUP_INFIX}{stamp}-{n}")
            n += 1
        return aside

    def _move_aside(self, why: str) -> None:
        try:
            aside = self._backup_path()
            self.path.replace(aside)
        except OSError as exc:
            self.kept_reason = f"the unreadable queue file could not be moved aside: {exc}"
            self._note(StoreIssue(IssueKind.NOT_MOVED, self.path, f"{why}; {os_reason(exc)}"))
            return
        self._note(StoreIssue(IssueKind.MOVED_ASIDE, aside, why))

    def _back_up(self, raw: bytes) -> None:
        try:
            aside = self._backup_path()
            with atomic_writer(aside, "wb") as handle:
                handle.write(raw)
        except OSError as exc:
            self.kept_reason = f"the queue file could not be backed up: {exc}"
            self._note(StoreIssue(IssueKind.BACKUP_FAILED, self.path, os_reason(exc)))
            return
        self._note(StoreIssue(IssueKind.BACKED_UP, aside))

    # -- reading -------------------------------------------------------------------
    def load(self) -> list[Job]:
        """The saved jobs that can be restored; every problem lands in `issues`."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:  # a folder, no permission, an I/O error: maybe passing
            self.kept_reason = f"the queue file could not be read: {exc}"
            self._note(StoreIssue(IssueKind.UNREADABLE, self.path, os_reason(exc)))
            return []
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError) as exc:  # decode errors; absurdly deep nesting
            self._move_aside(f"not valid JSON: {str(exc)[:200]}")
            return []
        raw_jobs = payload.get("jobs") if isinstance(payload, dict) else None
        if not isinstance(raw_jobs, list):
            self._move_aside("it holds no list of jobs")
            return []

        jobs: list[Job] = []
        seen: set[str] = set()
        dropped = False
        for position, entry in enumerate(raw_jobs, start=1):
            try:
                job = Job.from_dict(entry)
                if job.id in seen:
                    raise ValueError(f"a second job with the id {job.id}")
            except Exception as exc:  # one bad job must not take the others down
                dropped = True
                self._note(StoreIssue(IssueKind.ENTRY_DROPPED, self.path, str(exc), position))
                continue
            seen.add(job.id)
            jobs.append(job)
            relative = relative_paths(job.request)
            if relative:
                self._note(
                    StoreIssue(IssueKind.RELATIVE_PATH, self.path, str(relative[0]), position)
                )
        if dropped:  # keep the original so nothing is lost when the queue is saved again
            self._back_up(raw)
        return jobs

    def open_queue(self) -> JobQueue:
        """Load the saved queue, mark crashed jobs interrupted, and persist from now on."""
        self.sweep_temp_files()
        queue = JobQueue(self.load(), persist=self.save)
        queue.mark_interrupted()
        return queue
