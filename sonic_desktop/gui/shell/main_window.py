"""The main window: four rearrangeable docks around the preview, and the top bar.

    ┌ top bar: GPU · suggestion [Apply] ········ estimate [+ Add to queue] ┐
    │ Inputs │      Preview | Result (tabs)        │ Settings (inspector) │
    │        ├─────────────────────────────────────┤                      │
    │        │ Timeline                            │                      │
    ├────────┴─────────────────────────────────────┤                      │
    │ Render queue                                 │                      │

Panels only talk to the shared `Session` and `QueueController`; this class wires
them, routes dropped files, and remembers the layout.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from sonic_desktop.core.errors import os_reason
from sonic_desktop.core.jobs import Job
from sonic_desktop.gui.app_context import AppContext
from sonic_desktop.gui.common.widgets import scrollable
from sonic_desktop.gui.dialogs.about import AboutDialog, application_icon
from sonic_desktop.gui.inputs.drops import plan_drop
from sonic_desktop.gui.inputs.media_panel import MediaPanel
from sonic_desktop.gui.inputs.portrait_view import dropped_paths
from sonic_desktop.gui.inspector.panel import Inspector
from sonic_desktop.gui.queue.controller import describe_save_error
from sonic_desktop.gui.queue.job_factory import make_request
from sonic_desktop.gui.queue.view import QueueView
from sonic_desktop.gui.result.view import ResultView
from sonic_desktop.gui.shell import theme
from sonic_desktop.gui.shell.completion import CompletionReporter
from sonic_desktop.gui.shell.hardware_banner import HardwareBanner
from sonic_desktop.gui.shell.hardware_state import HardwareState, probe_hardware, warm_face_models
from sonic_desktop.gui.shell.menus import WindowMenus
from sonic_desktop.gui.shell.preferences import load_layout, save_layout, save_preferences
from sonic_desktop.gui.shell.screen_fit import (
    DEFAULT_SIZE,
    available_area,
    fit_to_screen,
    geometry_fits,
    layout_fits,
)
from sonic_desktop.gui.timeline.panel import TimelinePanel
from sonic_desktop.gui.timeline.preview_canvas import PreviewCanvas

log = logging.getLogger(__name__)

WARM_UP_DELAY_MS = 400  # after the first paint, so the window appears at once
PROBE_DELAY_MS = 150


class MainWindow(QMainWindow):
    hardware_ready = Signal(object)
    warmed_up = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = ctx.session
        self.controller = ctx.controller
        self._closed = False
        self.confirm_quit = True
        self.setObjectName("SonicDesktopMainWindow")
        self.setWindowIcon(application_icon())
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowNestedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
        )
        # Side panels run full height; the timeline and queue sit under the preview only.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)

        self.media = MediaPanel(self.session, self)
        self.inspector = Inspector(self.session, self)
        self.timeline = TimelinePanel(self.session, self)
        self.queue_view = QueueView(self.controller, self)
        self.preview = PreviewCanvas(self.session, self)
        self.result_view = ResultView(self)
        self.banner = HardwareBanner(self.session, self, throughput=self.controller.throughput)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.preview, "")
        self.tabs.addTab(self.result_view, "")
        self._result_unseen = False  # a "•" on the Result tab until it is looked at
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.top_bar = QToolBar(self)
        self.top_bar.setObjectName("topBar")
        self.top_bar.setMovable(False)
        self.top_bar.addWidget(self.banner)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.top_bar)

        self.docks: dict[str, QDockWidget] = {}
        # Side panels scroll: on a 1280×720 screen they are taller than the window.
        self._dock("inputs", scrollable(self.media), Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock(
            "settings", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )  # scrolls itself
        self._dock("timeline", self.timeline, Qt.DockWidgetArea.BottomDockWidgetArea)
        self._dock("queue", self.queue_view, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.splitDockWidget(self.docks["timeline"], self.docks["queue"], Qt.Orientation.Vertical)
        self.resize(*DEFAULT_SIZE)
        self._default_state = self.saveState()
        self._layout_restored = False
        self.layout_rejected = False  # a saved layout did not fit this screen
        self._sized = False
        self.menus = WindowMenus(self)
        self.statusBar()
        self.progress = CompletionReporter(self)
        self.retranslate()

        self.banner.add_requested.connect(self.add_current_to_queue)
        self.media.files_dropped.connect(self.handle_drop)
        self.queue_view.files_dropped.connect(self.handle_drop)
        self.queue_view.load_settings.connect(self.load_job_settings)
        self.queue_view.show_result.connect(self.show_result)
        self.timeline.frame_ready.connect(self.preview.show_frame)
        self.timeline.preview_status.connect(self.preview.set_status)
        self.result_view.apply_changes.connect(self._apply_tip)
        self.result_view.focus_timeline.connect(self._focus_timeline)
        self.controller.job_succeeded.connect(self._job_succeeded)
        self.controller.job_failed.connect(self._job_failed)
        self.controller.save_failed.connect(self._queue_not_saved)
        self.controller.running_changed.connect(self.menus.set_queue_running)
        self.hardware_ready.connect(self.set_hardware)
        if ctx.hardware.probed:
            self.set_hardware(ctx.hardware)
        # All of them: each names a file the user may want back.
        notes = list(ctx.problems)
        if self.controller.queue.save_error is not None:
            notes.append(describe_save_error(self.controller.queue.save_error))
        if notes:
            self.media.show_drop_message(notes)
        if ctx.prefs.keep_layout:
            self._layout_restored = self.restore_layout()

    # -- construction ------------------------------------------------------------------
    def _dock(self, key: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    # -- language ----------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text the window itself shows; the panels retranslate themselves. Nothing
        is rebuilt, so loaded inputs, the timeline and the shown result stay."""
        self.tabs.setTabText(0, self.tr("Preview"))
        self._name_result_tab()
        self.top_bar.setWindowTitle(self.tr("Top bar"))
        titles = {
            "inputs": self.tr("Inputs"),
            "settings": self.tr("Settings"),
            "timeline": self.tr("Timeline"),
            "queue": self.tr("Render queue"),
        }
        for key, title in titles.items():
            self.docks[key].setWindowTitle(title)
        self.menus.retranslate()  # a QObject: LanguageChange reaches widgets only
        self.progress.update_title()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _name_result_tab(self) -> None:
        self.tabs.setTabText(1, self.tr("Result") + (" •" if self._result_unseen else ""))

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.result_view and self._result_unseen:
            self._result_unseen = False
            self._name_result_tab()

    # -- commands the menus call --------------------------------------------------------
    def toggle_queue(self) -> None:
        if self.controller.running:
            self.controller.pause()
        else:
            self.controller.start()

    def toggle_play(self) -> None:
        """Space: play or pause the preview, except that a focused button or check box
        keeps Space for itself (keyboard users press them with it)."""
        focused = QApplication.focusWidget()
        if isinstance(focused, QAbstractButton) and focused.isVisible():
            focused.animateClick()
            return
        self.timeline.toggle_play()

    # -- background start-up ------------------------------------------------------------
    def start_background_work(self, warm_up: bool = True) -> None:
        """After the window is shown: probe the GPU and Sonic, then load the face models.

        One after the other, not side by side: both import the native face and media
        libraries, and one start-up task at a time keeps the idle window responsive.
        """
        device, weights = self.session.settings.device, self.ctx.prefs.weights_folder

        def probed(state: HardwareState) -> None:
            if not shiboken6.isValid(self):  # the window closed while the probe ran
                return
            self.hardware_ready.emit(state)
            if warm_up:
                # With `self` as context the timer dies with the window; a bare callable
                # would fire into a deleted window (a crash seen in the test suite).
                QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)

        def submit() -> None:
            self.ctx.tasks.submit(
                lambda: probe_hardware(device, weights),
                probed,
                lambda exc: log.warning("hardware probe failed: %s", exc),
            )

        # After the first paint has landed: the probe's imports hold the GIL in bursts, and
        # on a busy 2-core machine they stretched the first frame past 50 ms.
        QTimer.singleShot(PROBE_DELAY_MS, self, submit)

    def _warm_up(self) -> None:
        self.ctx.tasks.submit(
            warm_face_models,
            lambda _none: self.warmed_up.emit() if shiboken6.isValid(self) else None,
            lambda exc: log.warning("face models could not be loaded: %s", exc),
        )

    def set_hardware(self, state: HardwareState) -> None:
        self.ctx.hardware = state
        self.controller.set_hardware(state)
        self.banner.set_state(state)
        self.inspector.set_hardware(state)

    # -- jobs --------------------------------------------------------------------------
    def add_current_to_queue(self) -> str | None:
        session = self.session
        portrait, audio = session.portrait, session.audio
        if portrait is None or audio is None:
            self.media.show_drop_message(
                self.tr("Add a portrait photo and a speech recording first."),
                resolved_when=lambda: session.portrait is not None and session.audio is not None,
            )
            return None
        if not portrait.faces and session.manual_box is None:
            self.media.show_drop_message(
                self.tr("Mark the face with Draw face box first."),
                resolved_when=lambda: session.face_box is not None,
            )
            return None
        errors = session.settings.validate()
        if errors:
            self.media.show_drop_message(
                [str(e) for e in errors], resolved_when=lambda: not session.settings.validate()
            )
            return None
        request = make_request(
            portrait.path, audio.path, session.settings, self.ctx.prefs, self.controller.queue,
            session.explicit_face_box,
        )  # fmt: skip
        job_id = self.controller.add(request)
        if self.controller.queue.save_error is None:  # else the save error stays in view
            self.statusBar().showMessage(
                self.tr("Queued {name}").format(name=request.output.name), 5000
            )
        return job_id

    def enqueue(self, image: Path, audios: list[Path]) -> list[str]:
        """One job per recording with the current settings (drops and --enqueue)."""
        ids = []
        current = self.session.portrait
        for audio in audios:
            face_box = self.session.explicit_face_box if current and current.path == image else None
            request = make_request(
                image, audio, self.session.settings, self.ctx.prefs, self.controller.queue, face_box
            )
            ids.append(self.controller.add(request))
        return ids

    def handle_drop(self, paths: list[Path]) -> None:
        current = self.session.portrait.path if self.session.portrait else None
        plan = plan_drop(paths, current)
        if plan.portrait is not None:
            self.session.load_portrait(plan.portrait)
        if plan.audio is not None:
            self.session.load_audio(plan.audio)
        by_image: dict[Path, list[Path]] = {}
        for image, audio in plan.jobs:
            by_image.setdefault(image, []).append(audio)
        added = sum(len(self.enqueue(image, audios)) for image, audios in by_image.items())
        notes = []
        if added:
            notes.append(self.tr("Added %n job(s) to the queue.", "", added))
            if self.session.portrait is None and plan.jobs:
                self.session.load_portrait(plan.jobs[0][0])
                self.session.load_audio(plan.jobs[0][1])
        if plan.unpaired:
            names = ", ".join(p.name for p in plan.unpaired[:4])
            notes.append(self.tr("No partner found by name for: {names}").format(names=names))
        if plan.ignored:
            names = ", ".join(p.name for p in plan.ignored[:4])
            notes.append(
                self.tr("Skipped files that are neither pictures nor audio: {names}").format(
                    names=names
                )
            )
        self.media.show_drop_message(notes)

    def load_job_settings(self, job: Job) -> None:
        self.session.set_settings(job.request.settings, undoable=True)
        self.docks["settings"].raise_()
        self.statusBar().showMessage(self.tr("Settings loaded from the job"), 4000)

    def show_result(self, job_id: str) -> None:
        job = self.controller.queue.get(job_id)
        self.result_view.show_job(job, self.controller.results.get(job_id))
        self.tabs.setCurrentWidget(self.result_view)

    def _job_succeeded(self, job_id: str, result: object) -> None:
        job = self.controller.queue.get(job_id)
        self.statusBar().showMessage(
            self.tr("Finished {name}").format(name=job.request.output.name), 8000
        )
        if self.tabs.currentWidget() is not self.result_view:
            self.result_view.show_job(job, result)
            self._result_unseen = True
            self._name_result_tab()

    def _job_failed(self, job_id: str, message: str) -> None:
        self.statusBar().showMessage(
            self.tr("A job failed: {message}").format(message=message), 10000
        )

    def _queue_not_saved(self, message: str) -> None:
        """The jobs stay in memory; say so where it cannot be missed, without a dialog
        (a modal box would stall a scripted run)."""
        self.media.show_drop_message(message)
        self.statusBar().showMessage(message)

    def _apply_tip(self, job: Job, changes: dict) -> None:
        self.session.set_settings(job.request.settings.replace(**changes), undoable=True)
        self.docks["settings"].raise_()
        self.statusBar().showMessage(
            self.tr("Settings updated; add the job to the queue again"), 6000
        )

    def _focus_timeline(self) -> None:
        self.tabs.setCurrentWidget(self.preview)
        self.docks["timeline"].show()
        self.docks["timeline"].raise_()

    # -- window-level drops -----------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.handle_drop(paths)

    # -- preferences, theme, layout ------------------------------------------------------
    def set_theme(self, name: str) -> None:
        self.ctx.prefs.theme = name
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, name)
        self._save_prefs()

    def layout_state(self) -> dict[str, str]:
        return {
            "geometry": base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii"),
            "state": base64.b64encode(bytes(self.saveState().data())).decode("ascii"),
        }

    def restore_layout(self, layout: dict[str, str] | None = None) -> bool:
        """The saved layout, unless it does not fit this screen: then the default one,
        sized to the screen, and a line in the status bar saying why."""
        layout = load_layout() if layout is None else layout
        try:
            geometry = QByteArray(base64.b64decode(layout.get("geometry", "")))
            state = QByteArray(base64.b64decode(layout.get("state", "")))
        except ValueError:
            return False
        restored = False
        if not geometry.isEmpty():
            restored = self.restoreGeometry(geometry)
        if not state.isEmpty():
            restored = self.restoreState(state) and restored
        if restored and not (geometry_fits(geometry, available_area(self)) and layout_fits(self)):
            log.info("the saved layout does not fit this screen; using the default one")
            self.layout_rejected = True
            self.restoreState(self._default_state)
            self.resize(*DEFAULT_SIZE)
            fit_to_screen(self)
            self.statusBar().showMessage(
                self.tr("The saved layout did not fit this screen, so the default one is used."),
                10000,
            )
            return False
        return restored

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        fit_to_screen(self)
        self.apply_default_sizes()

    def apply_default_sizes(self) -> None:
        """Dock sizes only take once the window has a size, so this runs on first show."""
        horizontal, vertical = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
        self.resizeDocks([self.docks["inputs"], self.docks["settings"]], [320, 400], horizontal)
        self.resizeDocks([self.docks["timeline"], self.docks["queue"]], [200, 290], vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            if not self._layout_restored:
                fit_to_screen(self)
                self.apply_default_sizes()

    def _save_prefs(self) -> None:
        self.ctx.prefs.last_settings = self.session.settings.to_dict()
        try:
            save_preferences(self.ctx.prefs)
            if self.ctx.prefs.keep_layout:
                save_layout(self.layout_state())
        except OSError as exc:
            log.warning("could not save preferences: %s", exc)
            if not self._closed:
                reason = os_reason(exc, with_file=True)
                self.statusBar().showMessage(
                    self.tr("Preferences could not be saved ({reason}).").format(reason=reason)
                )

    # -- dialogs -----------------------------------------------------------------------
    def open_settings(self) -> None:
        from sonic_desktop.gui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx.prefs, list(self.ctx.hardware.gpus), self)
        accepted = dialog.exec()
        dialog.deleteLater()  # parented to the window: would otherwise live as long as it
        if accepted:
            old_language = self.ctx.prefs.language
            dialog.apply_to(self.ctx.prefs)
            self._save_prefs()
            self.set_theme(self.ctx.prefs.theme)
            if self.ctx.prefs.language != old_language:
                self.switch_language(self.ctx.prefs.language)

    def switch_language(self, language: str) -> None:
        """Install the new translator; Qt then sends LanguageChange to every widget,
        and each one renames itself in place (no state is rebuilt or lost)."""
        from sonic_desktop.gui.shell.i18n import resolve_language

        self.ctx.translations.install(resolve_language(language))

    def open_models(self) -> None:
        from sonic_desktop.gui.dialogs.models import ModelsDialog

        dialog = ModelsDialog(self.ctx.prefs.weights_folder, self)
        dialog.folder_chosen.connect(self._weights_folder_chosen)
        dialog.exec()
        dialog.deleteLater()  # its pool waits for a cancelled download before it goes

    def _weights_folder_chosen(self, folder: str) -> None:
        self.ctx.prefs.weights_folder = folder
        self._save_prefs()
        self.start_background_work(warm_up=False)  # Sonic may have become available

    def open_logs(self) -> None:
        from sonic_desktop.core.logs import log_file
        from sonic_desktop.gui.queue.reveal import reveal_or_explain

        reveal_or_explain(log_file(), self)

    def about(self) -> None:
        dialog = AboutDialog(self)
        dialog.exec()
        dialog.deleteLater()

    # -- closing -----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        if self.confirm_quit and self.controller.busy:
            answer = QMessageBox.question(
                self,
                self.tr("A render is running"),
                self.tr("Quit and cancel the render in progress? It can be retried later."),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._closed = True
        self._save_prefs()
        self.timeline.shutdown()
        self.result_view.stop()
        self.queue_view.model.close()
        self.progress.close()
        self.ctx.shutdown()
        event.accept()
