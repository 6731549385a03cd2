"""Fixtures for the window tests: a context with an in-memory queue and a test engine."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_ui_thread():
    """Collect each test's leftover Qt wrappers here, after its workers have stopped.

    Left to chance, Python's cycle collector runs on whichever thread allocates next,
    often a pool thread, and would destroy UI-thread QObjects from there.
    """
    yield
    gc.collect()


@pytest.fixture
def make_ctx(qapp, still_engine):
    """Factory: make_ctx(queue=None, engine=still_engine | 'real') -> AppContext.
    `queue="store"` opens the saved queue of the (isolated) data folder, as the app does."""
    from sonic_desktop.core.jobs import JobQueue
    from sonic_desktop.gui.app_context import AppContext
    from sonic_desktop.gui.shell.i18n import Translations
    from sonic_desktop.gui.shell.preferences import Preferences

    made = []

    def _make(queue=None, engine=still_engine, prefs=None):
        factory = None if engine == "real" else (lambda _request: engine)
        translations = Translations()
        # Installed first, as app.start does: the saved queue's notes are said on create.
        translations.install("en")  # English plural forms ("1 job", "2 jobs")
        ctx = AppContext.create(
            prefs or Preferences(language="en", theme="light"),
            queue=None if queue == "store" else queue if queue is not None else JobQueue(),
            engine_factory=factory,
            translations=translations,
        )
        made.append(ctx)
        return ctx

    yield _make
    for ctx in made:
        ctx.shutdown()


@pytest.fixture
def window(qtbot, make_ctx):
    """A main window on a fresh context, shown offscreen; closed without questions."""
    from PySide6.QtWidgets import QApplication

    from sonic_desktop.gui.shell import theme
    from sonic_desktop.gui.shell.main_window import MainWindow

    theme.apply_theme(QApplication.instance(), "light")  # as the app does: sizes depend on it
    win = MainWindow(make_ctx())
    win.confirm_quit = False
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


@pytest.fixture
def load_inputs(qtbot):
    """load_inputs(session, image=None, audio=None): load and wait until both arrived."""

    def _load(session, image=None, audio=None, timeout=30_000):
        if image is not None:
            session.load_portrait(Path(image))
        if audio is not None:
            session.load_audio(Path(audio))

        def arrived() -> bool:
            # A bool, always: pytest-qt treats a None result as "condition met".
            got_image = image is None or (
                session.portrait is not None and session.portrait.path == Path(image)
            )
            got_audio = audio is None or (
                session.audio is not None and session.audio.path == Path(audio)
            )
            return bool(got_image and got_audio)

        qtbot.waitUntil(arrived, timeout=timeout)

    return _load


@pytest.fixture
def two_faces_path(tmp_path_factory, portrait_path) -> Path:
    """The astronaut twice, side by side: two detectable faces of the same size."""
    from PIL import Image

    image = np.asarray(Image.open(portrait_path).convert("RGB"))
    small = image.copy()
    canvas = np.full((image.shape[0], image.shape[1] + small.shape[1], 3), 255, np.uint8)
    canvas[:, : image.shape[1]] = image
    canvas[: small.shape[0], image.shape[1] :] = small
    path = tmp_path_factory.mktemp("faces") / "two_faces.png"
    Image.fromarray(canvas).save(path)
    return path


@pytest.fixture
def timeline(qtbot, make_ctx, load_inputs, portrait_path, speech_path):
    """A timeline panel with the example portrait and speech loaded (900x220, offscreen)."""
    from sonic_desktop.gui.timeline.panel import TimelinePanel

    ctx = make_ctx()
    panel = TimelinePanel(ctx.session)
    panel.resize(900, 220)
    qtbot.addWidget(panel)
    panel.show()
    load_inputs(ctx.session, image=portrait_path, audio=speech_path)
    yield panel
    panel.shutdown()
