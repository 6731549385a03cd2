"""Everything that outlives one main window: preferences, session, queue, worker.

A language switch rebuilds the window (every label is created translated) but keeps
this context, so the loaded inputs, the settings and a running render carry on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from sonic_desktop.core.errors import InvalidSettings
from sonic_desktop.core.jobs import JobQueue
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.hardware_state import HardwareState
from sonic_desktop.gui.i18n import Translations
from sonic_desktop.gui.preferences import Preferences
from sonic_desktop.gui.queue_controller import QueueController
from sonic_desktop.gui.session import Session
from sonic_desktop.gui.tasks import BackgroundTasks
from sonic_desktop.gui.worker import EngineFactory

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
            from sonic_desktop.core.job_store import JobStore

            store = JobStore()
            queue = store.open_queue()
            problems += store.problems
        tasks = BackgroundTasks(owner)
        session = Session(tasks, owner)
        session.set_settings(initial_settings(prefs))
        controller = QueueController(queue, engine_factory, owner)
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
