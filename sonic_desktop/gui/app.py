"""`sonic-desktop` / `sonic-desktop gui`: start the window (and optionally drive it).

    sonic-desktop gui [--enqueue IMAGE AUDIO [AUDIO...]] [--preset NAME] [--start]
                      [--quit-when-done] [--screenshot PATH] [--lang en|zh_CN]
                      [--theme light|dark] [FILE ...]

FILEs (pictures, recordings, folders) open as if dropped on the window; the Linux
desktop entry passes the files a user opens with Sonic Desktop.

One window per user profile (data folder): when one is already open, a later launch
hands its files and flags to it over a local socket and exits (`single_instance`,
`handoff`), so two windows never share, and overwrite, one queue. Ctrl+C, SIGTERM and
SIGHUP quit the window as its Quit command does, without asking: the render in
progress stops, becomes `interrupted` (resumable) and leaves no partial file, the
queue is saved, and the exit status is 128 + the signal number (`quit_signals`).

Start-up imports only Qt, numpy and the core; the engines (and torch) load on the
worker thread with the first job. The window's modules load only once this process
knows it will show a window: a launch that hands over to a running window imports
QtCore and QtNetwork alone, and is gone within about a second.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from sonic_desktop.core import paths
from sonic_desktop.core.errors import os_reason
from sonic_desktop.gui.instance.handoff import (
    EXIT_NO_ANSWER,
    HandoffHandler,
    HandoffRequest,
    forward,
)
from sonic_desktop.gui.instance.quit_signals import SignalRelay, exit_status
from sonic_desktop.gui.instance.single_instance import (
    Connection,
    InstanceLock,
    InstanceServer,
    NoAnswer,
    claim,
    server_name,
)
from sonic_desktop.gui.shell.i18n import LANGUAGES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from sonic_desktop.gui.app_context import AppContext
    from sonic_desktop.gui.shell.main_window import MainWindow
    from sonic_desktop.gui.shell.preferences import Preferences

log = logging.getLogger(__name__)

# QtMultimedia reports every optional codec library it cannot find; that is noise.
QUIET_LOGGING = "qt.multimedia.*=false;qt.multimedia.ffmpeg.*=false"
#: After a quit signal, the process ends by then even if the render will not stop.
FORCE_EXIT_S = 20.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sonic-desktop gui", description="Open the Sonic Desktop window."
    )
    parser.add_argument(
        "--enqueue", nargs="+", type=Path, metavar="FILE",
        help="IMAGE AUDIO [AUDIO...]: queue one job per audio file with the current settings",
    )  # fmt: skip
    parser.add_argument("--preset", help="apply this preset (name or id) before queueing")
    parser.add_argument("--start", action="store_true", help="start the queue at once")
    parser.add_argument(
        "--quit-when-done", action="store_true",
        help="quit once nothing is left to run (with a window already open: wait for the "
        "jobs handed to it); exit status 0 only if every job succeeded",
    )  # fmt: skip
    parser.add_argument("--screenshot", type=Path, metavar="PATH", help="save a PNG of the window")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help="language for this run")
    parser.add_argument("--theme", choices=("light", "dark", "system"), help="theme for this run")
    parser.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="pictures, recordings or folders to open, as if dropped on the window",
    )  # fmt: skip
    return parser


class AppHost(QObject):
    """Owns the context and the window; quits on signals."""

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        super().__init__(app)
        self.app = app
        self.ctx = ctx
        self.signal_status: int | None = None  # set once a quit signal arrived
        self.window = self._new_window()

    def _new_window(self) -> MainWindow:
        from sonic_desktop.gui.shell.main_window import MainWindow

        return MainWindow(self.ctx)

    # -- quitting on a signal ------------------------------------------------------------
    def quit_for_signal(self, signum: int) -> None:
        """Close the window as its Quit command does, without asking, and exit with
        128 + `signum`. A second signal while quitting changes nothing."""
        from PySide6.QtWidgets import QApplication

        if self.signal_status is not None:
            return
        self.signal_status = exit_status(signum)
        name = signal.Signals(signum).name
        log.warning("%s received: stopping the render, saving the queue, quitting", name)
        print(f"{name} received: stopping the render and saving the queue.", file=sys.stderr)
        # A dialog (the quit question too) would hold the close up: close them first,
        # and close the window once their event loops have returned.
        for _ in range(10):
            widget = QApplication.activePopupWidget() or QApplication.activeModalWidget()
            if widget is None or not widget.close():
                break
        QTimer.singleShot(0, self, self._quit_now)

    def _quit_now(self) -> None:
        self.ctx.controller.interrupt_active()  # then shutdown only stops the worker
        self.window.confirm_quit = False
        self.window.close()
        self.app.exit(self.signal_status or 0)

    def switch_language(self, language: str) -> None:
        """The window renames itself in place; nothing is rebuilt."""
        self.window.switch_language(language)


def create_app(argv: Sequence[str] = ()) -> QApplication:
    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_LOGGING_RULES", QUIET_LOGGING)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["sonic-desktop", *argv])
    app.setApplicationName("Sonic Desktop")
    app.setOrganizationName("SonicDesktop")
    app.setApplicationDisplayName("Sonic Desktop")
    return app


def start(
    prefs: Preferences | None = None,
    language: str | None = None,
    theme_name: str | None = None,
    **context_args: object,
) -> AppHost:
    """Create the application, translations, theme, context and window (not shown)."""
    from sonic_desktop.gui.app_context import AppContext
    from sonic_desktop.gui.shell import theme
    from sonic_desktop.gui.shell.i18n import Translations, resolve_language
    from sonic_desktop.gui.shell.preferences import load_preferences

    app = create_app()
    prefs = prefs or load_preferences()
    translations = Translations()
    translations.install(resolve_language(language or prefs.language))
    theme.apply_theme(app, theme_name or prefs.theme)
    from sonic_desktop.gui.shell.hardware_state import use_face_process

    use_face_process()  # before any photo is analysed: dlib never runs in the UI process
    ctx = AppContext.create(prefs, translations=translations, **context_args)  # type: ignore[arg-type]
    return AppHost(app, ctx)


def _exit_later(seconds: float, status: int) -> None:
    """The last resort if the render does not stop: end the process anyway."""

    def force() -> None:
        log.error("the render did not stop within %.0f s; exiting anyway", seconds)
        os._exit(status)

    timer = threading.Timer(seconds, force)
    timer.daemon = True
    timer.start()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    from sonic_desktop.core.logs import configure_logging

    configure_logging()
    enqueue: list[Path] = list(args.enqueue or [])
    if enqueue and len(enqueue) < 2:
        print("error: --enqueue needs an image and at least one audio file", file=sys.stderr)
        return 2
    missing = [p for p in enqueue if not p.exists()]
    if missing:
        print(f"error: file not found: {missing[0]}", file=sys.stderr)
        return 2

    try:  # the app's own folders: the lock and the queue live in one, preferences in the other
        data_dir = paths.data_dir()
        paths.config_dir()
    except OSError as exc:
        where = exc.filename or exc
        print(
            f"error: Sonic Desktop cannot create its folder {where} ({os_reason(exc)}). "
            "Move away what is in the way, or set SONIC_DESKTOP_HOME to another folder.",
            file=sys.stderr,
        )
        return 2
    try:
        instance = claim(data_dir)
    except NoAnswer as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NO_ANSWER
    if isinstance(instance, Connection):
        return _hand_over(instance, args)
    try:
        return _run_window(args, instance)
    finally:
        instance.release()


def _hand_over(connection: Connection, args: argparse.Namespace) -> int:
    """A window already runs on this profile: give it the files and flags."""
    log.info("Sonic Desktop already runs (process %s); handing over", connection.holder_pid)
    if args.screenshot is not None:
        connection.close()
        print(
            "error: --screenshot needs a window of its own, and Sonic Desktop is already "
            "running; close it, or set SONIC_DESKTOP_HOME to another folder",
            file=sys.stderr,
        )
        return 2
    if args.lang or args.theme:
        print("note: the running window keeps its language and theme", file=sys.stderr)
    request = HandoffRequest(
        files=[path.resolve() for path in args.files],
        enqueue=[path.resolve() for path in args.enqueue or []],
        preset=args.preset,
        start=args.start,
        wait=args.quit_when_done,
    )
    return forward(connection, request)


def _run_window(args: argparse.Namespace, lock: InstanceLock) -> int:
    try:  # the launcher's answer when the window's libraries cannot load
        from sonic_desktop.gui.instance.headless import HeadlessDriver, HeadlessOptions
    except ImportError as exc:
        from sonic_desktop.gui_availability import report_import_failure

        return report_import_failure(exc)

    options = HeadlessOptions(
        enqueue=list(args.enqueue or []),
        preset=args.preset,
        start=args.start,
        quit_when_done=args.quit_when_done,
        screenshot=args.screenshot,
    )
    # Listen, and catch quit signals, before building the window (seconds on a slow
    # machine): a launch or a signal that arrives meanwhile is answered once the
    # event loop runs.
    app = create_app()
    relay = SignalRelay(parent=app)
    server = InstanceServer(server_name(paths.data_dir()), app)
    if lock.held:
        server.listen()
    else:  # the lock file cannot be written: run, as before, but say why
        log.warning("no instance lock (%s): a second window would share the queue", lock.path)
    host = start(language=args.lang, theme_name=args.theme)
    window = host.window

    def quit_for_signal(signum: int) -> None:
        if host.signal_status is None:  # the last resort, should the render not stop
            _exit_later(FORCE_EXIT_S, exit_status(signum))
        host.quit_for_signal(signum)

    relay.received.connect(quit_for_signal)
    handoff = HandoffHandler(lambda: host.window, host)
    server.request_received.connect(handoff.handle)
    window.show()
    window.start_background_work()
    if args.files:  # "Open with Sonic Desktop" from a file manager
        files = [path.resolve() for path in args.files]
        QTimer.singleShot(0, window, lambda: window.handle_drop(files))
    exit_code = {"value": 0}
    if options.active:
        window.confirm_quit = False
        driver = HeadlessDriver(window, options)

        def finish(code: int) -> None:
            exit_code["value"] = code
            host.window.close()
            host.app.exit(code)

        driver.finished.connect(finish)
        QTimer.singleShot(0, driver.begin)
    try:
        status = host.app.exec()
    finally:
        handoff.close()  # later launches waiting on their jobs hear how they ended
        server.close()
        relay.close()
    if host.signal_status is not None:
        return host.signal_status
    return exit_code["value"] if options.active else int(status)


if __name__ == "__main__":
    sys.exit(main())
