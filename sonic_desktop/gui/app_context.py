"""Everything that outlives one main window: preferences, session, queue, worker.

A language switch rebuilds the window (every label is created translated) but keeps
this context, so the loaded inputs, the settings and a running render carry on.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject

from sonic_desktop.core.errors import InvalidSettings
from sonic_desktop.core.job_store import IssueKind, JobStore, StoreIssue
from sonic_desktop.core.jobs import Job, JobQueue
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.queue.controller import QueueController
from sonic_desktop.gui.queue.worker import EngineFactory
from sonic_desktop.gui.shell.hardware_state import HardwareState
from sonic_desktop.gui.shell.i18n import Translations
from sonic_desktop.gui.shell.preferences import Preferences
from sonic_desktop.gui.shell.session import Session

log = logging.getLogger(__name__)


def initial_settings(prefs: Preferences) -> RenderSettings:
    """Last session's settings, with the preferred engine, device and precision."""
    try:
        settings = RenderSettings.from_dict(prefs.last_settings)
    except (InvalidSettings, TypeError):
        settings = RenderSettings()
    try:
        candidate = settings.replace(
            engine=prefs.default_engine, device=prefs.device, precision=prefs.precision
        )
        if not candidate.validate():
            settings = candidate
    except InvalidSettings:
        log.warning("preferences hold invalid engine/device/precision; ignored")
    return settings


class SavedQueueText(QObject):
    """The counted texts' tr() context: lupdate marks a count as a plural only in tr()."""

    def dropped(self, n: int) -> str:
        return self.tr(
            "Left out %n saved job(s) that could not be restored (job {position}: {detail}).",
            "",
            n,
        )

    def relative(self, n: int) -> str:
        return self.tr(
            "%n saved job(s) uses/use relative file paths such as {path}; they will not run "
            "until their files are added to the queue again.",
            "",
            n,
        )


def describe_store_issues(issues: Sequence[StoreIssue]) -> list[str]:
    """The job store's start-up issues as lines in the user's language, one per kind."""
    lines: list[str] = []
    by_kind: dict[IssueKind, list[StoreIssue]] = {}
    for issue in issues:
        by_kind.setdefault(issue.kind, []).append(issue)
    for issue in by_kind.get(IssueKind.UNREADABLE, []):
        lines.append(
            QCoreApplication.translate(
                "AppContext",
                "The saved queue could not be read ({reason}): {path}. It is left as it is "
                "and will not be saved over.",
            ).format(reason=issue.detail, path=issue.path)
        )
    for issue in by_kind.get(IssueKind.MOVED_ASIDE, []):
        lines.append(
            QCoreApplication.translate(
                "AppContext", "The saved queue was damaged and has been moved to {path}."
            ).format(path=issue.path)
        )
    for issue in by_kind.get(IssueKind.NOT_MOVED, []):
        lines.append(
            QCoreApplication.translate(
                "AppContext",
                "The saved queue {path} is damaged and could not be moved aside; it will not "
                "be saved over.",
            ).format(path=issue.path)
        )
    dropped = by_kind.get(IssueKind.ENTRY_DROPPED, [])
    if dropped:
        count = len(dropped)
        line = (
            SavedQueueText()
            .dropped(count)
            .format(position=dropped[0].position, detail=dropped[0].detail)
        )
        for issue in by_kind.get(IssueKind.BACKED_UP, []):
            line += " " + QCoreApplication.translate(
                "AppContext", "The original queue file was kept as {path}."
            ).format(path=issue.path)
        for issue in by_kind.get(IssueKind.BACKUP_FAILED, []):
            line += " " + QCoreApplication.translate(
                "AppContext",
                "The queue file could not be backed up ({reason}), so it will not be saved over.",
            ).format(reason=issue.detail)
        lines.append(line)
    relative = by_kind.get(IssueKind.RELATIVE_PATH, [])
    if relative:
        count = len(relative)
        lines.append(SavedQueueText().relative(count).format(path=relative[0].detail))
    return lines


def open_saved_queue() -> tuple[JobQueue, list[str]]:
    """The saved queue and the start-up notes about it. When the data folder itself
    cannot be used, the queue lives in memory only: its `save_error` says why from
    the start, and every change says so again."""
    try:
        store = JobStore()
    except OSError as exc:
        log.warning("the queue folder cannot be used: %s", exc)
        reason = (exc.errno, exc.strerror or str(exc), exc.filename)

        def unavailable(_jobs: list[Job]) -> None:
            raise OSError(*reason)

        queue = JobQueue(persist=unavailable)
        queue.save_error = exc
        return queue, []
    # A failed save while marking crashed jobs interrupted stays in queue.save_error.
    return store.open_queue(), describe_store_issues(store.issues)


def sweep_debris_in_background(tasks: BackgroundTasks, jobs: list[Job]) -> None:
    """Remove what renders killed mid-way left beside these jobs' outputs."""
    from sonic_desktop.core.debris import sweep_render_debris

    if not jobs:
        return
    tasks.submit(
        lambda: sweep_render_debris(jobs),
        lambda removed: None,
        lambda exc: log.warning("leftover render files could not be swept: %s", exc),
    )


@dataclass
class AppContext:
    prefs: Preferences
    translations: Translations
    tasks: BackgroundTasks
    session: Session
    controller: QueueController
    hardware: HardwareState = field(default_factory=HardwareState)
    problems: list[str] = field(default_factory=list)  # start-up notes shown inline

    @classmethod
    def create(
        cls,
        prefs: Preferences,
        queue: JobQueue | None = None,
        engine_factory: EngineFactory | None = None,
        owner: QObject | None = None,
        translations: Translations | None = None,
    ) -> AppContext:
        problems: list[str] = []
        if queue is None:
            queue, problems = open_saved_queue()
        tasks = BackgroundTasks(owner)
        sweep_debris_in_background(tasks, queue.jobs)
        session = Session(tasks, owner)
        session.set_settings(initial_settings(prefs))
        controller = QueueController(queue, engine_factory, owner)
        controller.undo_stack = session.undo_stack
        return cls(
            prefs=prefs,
            translations=translations or Translations(),
            tasks=tasks,
            session=session,
            controller=controller,
            problems=problems,
        )

    def shutdown(self) -> None:
        self.controller.shutdown()
        self.tasks.wait(5000)
