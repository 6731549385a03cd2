"""`sonic-desktop` / `sonic-desktop gui`: start the window (and optionally drive it).

    sonic-desktop gui [--enqueue IMAGE AUDIO [AUDIO...]] [--preset NAME] [--start]
                      [--quit-when-done] [--screenshot PATH] [--lang en|zh_CN]
                      [--theme light|dark] [FILE ...]

FILEs (pictures, recordings, folders) open as if dropped on the window; the Linux
desktop entry passes the files a user opens with Sonic Desktop.

Start-up imports only Qt, numpy and the core; the engines (and torch) load on the
worker thread with the first job.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from sonic_desktop.gui import theme
from sonic_desktop.gui.app_context import AppContext
from sonic_desktop.gui.headless import HeadlessDriver, HeadlessOptions
from sonic_desktop.gui.i18n import LANGUAGES, Translations, resolve_language
from sonic_desktop.gui.main_window import MainWindow
from sonic_desktop.gui.preferences import Preferences, load_preferences

log = logging.getLogger(__name__)

# QtMultimedia reports every optional codec library it cannot find; that is noise.
QUIET_LOGGING = "qt.multimedia.*=false;qt.multimedia.ffmpeg.*=false"


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
        help="quit once nothing is left to run; exit status 0 only if every job succeeded",
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
    """Owns the context and the current window; rebuilds the window on a language switch."""

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        super().__init__(app)
        self.app = app
        self.ctx = ctx
        self.window = self._new_window()

    def _new_window(self) -> MainWindow:
        window = MainWindow(self.ctx)
        window.language_requested.connect(self.switch_language)
        return window

    def switch_language(self, language: str) -> None:
        self.ctx.translations.install(resolve_language(language))
        old = self.window
        layout = old.layout_state()
        old.rebuilding = True
        old.close()
        old.deleteLater()
        self.window = self._new_window()
        self.window.restore_layout(layout)
        self.window.show()


def create_app(argv: Sequence[str] = ()) -> QApplication:
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
    app = create_app()
    prefs = prefs or load_preferences()
    translations = Translations()
    translations.install(resolve_language(language or prefs.language))
    theme.apply_theme(app, theme_name or prefs.theme)
    ctx = AppContext.create(prefs, translations=translations, **context_args)  # type: ignore[arg-type]
    return AppHost(app, ctx)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    from sonic_desktop.core.logs import configure_logging

    configure_logging()
    options = HeadlessOptions(
        enqueue=list(args.enqueue or []),
        preset=args.preset,
        start=args.start,
        quit_when_done=args.quit_when_done,
        screenshot=args.screenshot,
    )
    if options.enqueue and len(options.enqueue) < 2:
        print("error: --enqueue needs an image and at least one audio file", file=sys.stderr)
        return 2
    missing = [p for p in options.enqueue if not p.exists()]
    if missing:
        print(f"error: file not found: {missing[0]}", file=sys.stderr)
        return 2

    host = start(language=args.lang, theme_name=args.theme)
    window = host.window
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
    status = host.app.exec()
    return exit_code["value"] if options.active else int(status)


if __name__ == "__main__":
    sys.exit(main())
