"""Tell the user how the queue is doing when they are looking elsewhere.

- the window title carries the running job's percentage ("42% · Sonic Desktop");
- the taskbar/dock shows a progress bar where the desktop supports the Unity
  launcher API over D-Bus (KDE Plasma, Ubuntu Dock, Dash to Dock, Plank);
- a desktop notification (the system tray's message) says when the queue has
  finished or a job failed.

Windows' taskbar progress needs native COM calls that Qt 6 no longer wraps; there the
window title carries the progress.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QSystemTrayIcon

from sonic_desktop.core.jobs import JobState

if TYPE_CHECKING:
    from sonic_desktop.gui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

POLL_MS = 500  # the title changes at most twice a second: calm, and cheap
DESKTOP_ENTRY = "application://sonic-desktop.desktop"


class CompletionReporter(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.fraction: float | None = None  # the running job's progress, None when idle
        #: every notification sent, newest last (title, message): the tray shows them
        self.sent: list[tuple[str, str]] = []
        self._tray: QSystemTrayIcon | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.update_title)
        self.controller.running_changed.connect(self._running_changed)
        self.controller.job_failed.connect(self._failed)
        self.controller.queue_finished.connect(self._finished)

    # -- progress ------------------------------------------------------------------------
    def _running_changed(self, running: bool) -> None:
        if running:
            self._timer.start()
        else:
            self._timer.stop()
        self.update_title()

    def update_title(self) -> None:
        active = self.controller.active_job
        fraction: float | None = None
        if active is not None:
            try:
                job = self.controller.queue.get(active)
            except KeyError:
                job = None
            if job is not None and job.state == JobState.RUNNING:
                fraction = max(0.0, min(1.0, job.fraction))
        self.fraction = fraction
        title = self.tr("Sonic Desktop")
        if fraction is not None:
            title = self.tr("{percent}% · {title}").format(percent=int(fraction * 100), title=title)
        self.window.setWindowTitle(title)
        self._launcher_progress(fraction)

    # -- notifications -------------------------------------------------------------------
    def _failed(self, job_id: str, message: str) -> None:
        try:
            name = self.controller.queue.get(job_id).request.output.name
        except KeyError:
            name = job_id
        self.notify(
            self.tr("A render failed"),
            self.tr("{name}: {message}").format(name=name, message=message),
            QSystemTrayIcon.MessageIcon.Warning,
        )

    def _finished(self, done: int, failed: int) -> None:
        if failed:
            text = (
                self.tr("%n video(s) finished", "", done) + "; " + self.tr("%n failed", "", failed)
            )
        else:
            text = self.tr("%n video(s) finished", "", done)
        self.notify(self.tr("The render queue is done"), text)
        self.update_title()

    def notify(
        self,
        title: str,
        message: str,
        icon: QSystemTrayIcon.MessageIcon = QSystemTrayIcon.MessageIcon.Information,
    ) -> None:
        self.sent.append((title, message))
        tray = self._tray_icon()
        if tray is not None:
            tray.showMessage(title, message, icon, 8000)

    def _tray_icon(self) -> QSystemTrayIcon | None:
        if self._tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self._tray = QSystemTrayIcon(self.window.windowIcon(), self)
            self._tray.setToolTip(self.tr("Sonic Desktop"))
            self._tray.activated.connect(lambda _reason: self._raise_window())
            self._tray.messageClicked.connect(self._raise_window)
            self._tray.show()
        return self._tray

    def _raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    # -- taskbar -------------------------------------------------------------------------
    def _launcher_progress(self, fraction: float | None) -> None:
        if not sys.platform.startswith("linux"):
            return
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusMessage
        except ImportError:  # a build without QtDBus
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        message = QDBusMessage.createSignal(
            "/com/sonic_desktop/launcher", "com.canonical.Unity.LauncherEntry", "Update"
        )
        message.setArguments(
            [
                DESKTOP_ENTRY,
                {"progress": float(fraction or 0.0), "progress-visible": fraction is not None},
            ]
        )
        if not bus.send(message):
            log.debug("the launcher progress could not be sent over D-Bus")

    def close(self) -> None:
        self._timer.stop()
        self._launcher_progress(None)
        if self._tray is not None:
            self._tray.hide()
