"""`--enqueue`, `--start`, `--quit-when-done`, `--screenshot`: driving the window from a script.

The exit status is 0 only when every job run in this session succeeded (cancelled
and failed jobs count as failures) and the queue could be saved, so a shell script
can trust it. Start-up notes and save failures go to stderr, one line each.

Flags shape this run only: `--preset` applies to the jobs `--enqueue` adds, as it
does for jobs handed to a running window, and the window's own settings (which it
saves for the next launch) stay the user's.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.queue.controller import describe_save_error
from sonic_desktop.gui.queue.job_factory import absolute
from sonic_desktop.gui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

SCREENSHOT_SETTLE_MS = 300  # let layouts and the first paint settle
INPUTS_TIMEOUT_MS = 20_000  # wait at most this long for the inputs before the screenshot


@dataclass
class HeadlessOptions:
    enqueue: list[Path] = field(default_factory=list)  # IMAGE AUDIO [AUDIO...]
    preset: str | None = None
    start: bool = False
    quit_when_done: bool = False
    screenshot: Path | None = None

    @property
    def active(self) -> bool:
        return bool(self.enqueue or self.start or self.quit_when_done or self.screenshot)


class HeadlessDriver(QObject):
    finished = Signal(int)  # exit status

    def __init__(self, window: MainWindow, options: HeadlessOptions) -> None:
        super().__init__(window)
        self.window = window
        self.options = options
        self.errors: list[str] = []
        self.screenshot_done = options.screenshot is None
        self.job_ids: list[str] = []
        self._waited_ms = 0
        self._reported: set[str] = set()
        window.controller.save_failed.connect(self._save_failed)

    def _report(self, label: str, message: str) -> None:
        if message not in self._reported:  # every queue change would repeat it
            self._reported.add(message)
            print(f"{label}: {message}", file=sys.stderr, flush=True)

    def _save_failed(self, message: str) -> None:
        self._report("error", message)
        if message not in self.errors:
            self.errors.append(message)

    def begin(self) -> None:
        try:
            self._begin()
        except Exception as exc:  # never leave a scripted run waiting for nothing
            log.exception("headless run failed")
            self._report("error", str(exc) or type(exc).__name__)
            self.finished.emit(1)

    def _begin(self) -> None:
        window, options = self.window, self.options
        for problem in window.ctx.problems:
            self._report("warning", problem)
        save_error = window.controller.queue.save_error
        if save_error is not None:
            self._save_failed(describe_save_error(save_error))
        job_settings = window.session.settings
        if options.preset:
            found = self._preset_settings(options.preset, job_settings)
            if found is None:
                self.finished.emit(2)
                return
            job_settings = found
        if options.enqueue:
            # Absolute now: the queue may be resumed later from another folder.
            image, audios = absolute(options.enqueue[0]), [absolute(a) for a in options.enqueue[1:]]
            window.session.load_portrait(image)
            window.session.load_audio(audios[0])
            self.job_ids = self._enqueue_with(job_settings, image, audios)
        if options.quit_when_done:
            window.controller.drained.connect(self._maybe_quit)
        if options.start:
            window.controller.start()
        if options.screenshot is not None:
            QTimer.singleShot(SCREENSHOT_SETTLE_MS, self._screenshot_when_ready)
        if options.quit_when_done:
            QTimer.singleShot(0, self._maybe_quit)

    @staticmethod
    def _preset_settings(name: str, base: RenderSettings) -> RenderSettings | None:
        from sonic_desktop.core.presets import apply_preset, find_preset

        preset = find_preset(name)
        if preset is None:
            log.error("no preset named %r", name)
            print(f"error: no preset named {name!r}", file=sys.stderr, flush=True)
            return None
        return apply_preset(base, preset)

    def _enqueue_with(self, settings: RenderSettings, image: Path, audios: list[Path]) -> list[str]:
        """Queue with `settings`, then give the window back the user's own settings:
        they are saved as the next launch's, and a flag must not leak into them."""
        session = self.window.session
        own = (session.settings, session.preset_id)
        session.set_settings(settings, own[1])
        try:
            return self.window.enqueue(image, audios)
        finally:
            session.set_settings(*own)

    def _screenshot_when_ready(self) -> None:
        # The picture and waveform load in the background; wait for them (bounded).
        if self.window.ctx.tasks.busy and self._waited_ms < INPUTS_TIMEOUT_MS:
            self._waited_ms += 100
            QTimer.singleShot(100, self._screenshot_when_ready)
            return
        path = self.options.screenshot
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(path)):
            self.errors.append(f"could not save the screenshot to {path}")
        self.screenshot_done = True
        if self.options.quit_when_done:
            self._maybe_quit()

    def _maybe_quit(self) -> None:
        controller = self.window.controller
        if not self.screenshot_done or controller.busy:
            return
        if controller.running and controller.queue.next_runnable() is not None:
            return
        ok = all(controller.outcomes.values()) and not self.errors
        self.finished.emit(0 if ok else 1)
