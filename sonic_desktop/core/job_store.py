"""Persist the queue as one JSON file, written atomically on every change.

A job file that cannot be read is moved aside and reported, never silently
dropped, so a damaged queue does not stop the app from starting.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from sonic_desktop.core import paths
from sonic_desktop.core.atomic import write_text_atomic
from sonic_desktop.core.jobs import Job, JobQueue

log = logging.getLogger(__name__)

STORE_VERSION = 1


class JobStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.data_dir() / "queue.json"
        self.problems: list[str] = []

    def save(self, jobs: list[Job]) -> None:
        payload = {"version": STORE_VERSION, "jobs": [job.to_dict() for job in jobs]}
        write_text_atomic(self.path, json.dumps(payload, ensure_ascii=False, indent=1))

    def load(self) -> list[Job]:
        if not self.path.exists():
            return []
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
            raw_jobs = payload["jobs"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.replace(aside)
            self.problems.append(f"The saved queue could not be read and was moved to {aside}")
            log.warning("queue file unreadable (%s); moved to %s", exc, aside)
            return []
        jobs = []
        dropped = False
        for raw in raw_jobs:
            try:
                jobs.append(Job.from_dict(raw))
            except Exception as exc:  # one bad job must not take the others down
                self.problems.append(f"A saved job could not be restored ({exc})")
                log.warning("dropping unreadable job %r: %s", raw.get("id"), exc)
                dropped = True
        if dropped:  # keep the original so nothing is lost when the queue is saved again
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            aside.write_text(self.path.read_text(encoding="utf-8"), encoding="utf-8")
        return jobs

    def open_queue(self) -> JobQueue:
        """Load the saved queue, mark crashed jobs interrupted, and persist from now on."""
        queue = JobQueue(self.load(), persist=self.save)
        queue.mark_interrupted()
        return queue
