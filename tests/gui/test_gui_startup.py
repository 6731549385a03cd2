"""Start-up: no torch, translations ship and load, the window builds in both languages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sonic_desktop.core import paths


def clean_env() -> dict[str, str]:
    """The environment a user's shell would give: importing cv2 in this process added
    LD_LIBRARY_PATH="<site-packages>/lib64:", and a child inheriting it crashed in dlib."""
    return {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}


def test_window_creation_does_not_import_torch():
    # A fresh interpreter: this test process may have torch loaded by other tests.
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QEventLoop, QTimer
        import sonic_desktop.gui.app as app
        host = app.start(language="en", theme_name="light")
        host.window.show()
        host.app.processEvents()
        host.window.confirm_quit = False
        assert host.window.isVisible()
        # Also after the background start-up work (GPU probe, Sonic check, face models).
        loop = QEventLoop()
        done = set()
        def mark(name):
            done.add(name)
            if len(done) == 2:
                loop.quit()
        host.window.warmed_up.connect(lambda: mark("faces"))
        host.window.hardware_ready.connect(lambda _state: mark("hardware"))
        QTimer.singleShot(60_000, loop.quit)
        host.window.start_background_work()
        loop.exec()
        assert host.ctx.hardware.probed
        print("torch" in sys.modules, "diffusers" in sys.modules)
        host.window.close()
        """
    )
    out = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", code],
        capture_output=True, text=True, timeout=120,
        env=clean_env(),
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.split()[-2:] == ["False", "False"], out.stdout + out.stderr


def test_translation_files_ship_and_cover_the_ui():
    folder = paths.resources_dir() / "i18n"
    ts = folder / "sonic_desktop_zh_CN.ts"
    qm = folder / "sonic_desktop_zh_CN.qm"
    assert ts.is_file() and qm.is_file()
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "every string has a Chinese translation"
    assert "<source>Add to queue</source>" in text or "Add to queue" in text


def test_every_source_string_is_in_the_translation(tmp_path):
    # lupdate over a copy of the shipped .ts: a tr() string added to the code but not
    # to the file would come back as a new, unfinished entry.
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    root = Path(__file__).resolve().parents[2]
    copy = tmp_path / "check.ts"
    shutil.copy(paths.resources_dir() / "i18n" / "sonic_desktop_zh_CN.ts", copy)
    sources = sorted(str(f) for f in (root / "sonic_desktop" / "gui").rglob("*.py"))
    out = subprocess.run(
        [str(lupdate), *sources, "-ts", str(copy)],
        capture_output=True, text=True, timeout=120, env=clean_env(),
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "(0 new " in out.stdout, out.stdout
    text = copy.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
    assert 'type="vanished"' not in text and 'type="obsolete"' not in text


def test_settings_strings_file_is_current():
    from sonic_desktop.gui.shell import i18n_extract

    assert i18n_extract.TARGET.read_text(encoding="utf-8") == i18n_extract.render(), (
        "run: python -m sonic_desktop.gui.shell.i18n_extract, then pyside6-lupdate / lrelease"
    )


def test_chinese_ui_translates_labels(qtbot, make_ctx):
    from sonic_desktop.gui.shell.main_window import MainWindow

    ctx = make_ctx()
    assert ctx.translations.install("zh_CN")
    try:
        win = MainWindow(ctx)
        win.confirm_quit = False
        qtbot.addWidget(win)
        assert win.docks["queue"].windowTitle() == "渲染队列"
        label = win.inspector.rows["inference_steps"].label.text()
        assert label == "步数"
        assert win.inspector.sections["Advanced"].header.text() == "高级"
        win.close()
    finally:
        ctx.translations.install("en")


def test_language_follows_preference_or_system():
    from sonic_desktop.gui.shell.i18n import resolve_language, system_language

    assert resolve_language("zh_CN") == "zh_CN"
    assert resolve_language("en") == "en"
    assert resolve_language("system") == system_language()


def test_dark_theme_applies(qapp):
    from sonic_desktop.gui.shell import theme

    assert theme.apply_theme(qapp, "dark") == "dark"
    assert theme.colors().dark
    assert theme.apply_theme(qapp, "light") == "light"
    assert not theme.colors().dark


def test_language_switch_renames_the_window_in_place(qtbot, load_inputs, portrait_path):
    from sonic_desktop.gui import app

    host = app.start(language="en", theme_name="light")
    window = host.window
    window.confirm_quit = False
    window.show()
    load_inputs(host.ctx.session, image=portrait_path)
    host.ctx.session.update_settings(dynamic_scale=1.15)
    try:
        host.switch_language("zh_CN")
        assert host.window is window and window.isVisible()  # not rebuilt
        qtbot.waitUntil(lambda: window.docks["settings"].windowTitle() == "设置", timeout=5000)
        assert window.session.portrait is not None  # the loaded photo survived
        assert window.inspector.editor("dynamic_scale").value() == 1.15
    finally:
        host.ctx.translations.install("en")
        host.window.close()
