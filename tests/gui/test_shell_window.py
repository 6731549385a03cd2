"""The window as a whole: small screens, tooltips, language switch, menus, progress."""

from __future__ import annotations

import base64

import pytest
from controls import describe, input_controls, is_view
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWidget


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _squeezed(control: QWidget) -> str:
    """Why the control is drawn smaller than it needs, or "". A control given an explicit
    minimum below Qt's hint (a spin box sized for its values, not for 2³¹) passes while
    its current text fits."""
    need = control.minimumSizeHint()
    if control.height() < need.height() - 1:
        # The theme's style sheet sets a minimum height below Fusion's hint for combo boxes:
        # fine while a line of text still fits inside the frame.
        themed = 0 < control.minimumHeight() <= control.height()
        if not themed or control.fontMetrics().height() > control.height() - 4:
            return f"height {control.height()} < {need.height()}"
    if control.width() >= need.width() - 1:
        return ""
    if control.minimumWidth() > 0 and control.width() >= control.minimumWidth():
        editor = control.findChild(QLineEdit)
        if editor is None:
            return ""
        text = editor.fontMetrics().horizontalAdvance(editor.text())
        return f"text {text} px in {editor.width()} px" if text > editor.width() - 2 else ""
    return f"width {control.width()} < {need.width()}"


def _scroll_to(area: QScrollArea, control: QWidget) -> None:
    """Scroll so the whole control shows, as a user would with the scroll bars.
    (QScrollArea.ensureWidgetVisible only brings a spin box's text cursor into view.)"""
    rect = QRect(control.mapTo(area.widget(), QPoint(0, 0)), control.size())
    view = area.viewport().size()
    for bar, low, high, extent in (
        (area.verticalScrollBar(), rect.top(), rect.bottom(), view.height()),
        (area.horizontalScrollBar(), rect.left(), rect.right(), view.width()),
    ):
        if high >= bar.value() + extent:
            bar.setValue(high - extent + 1)
        if low < bar.value():
            bar.setValue(low)


def _fully_shown(widget: QWidget) -> bool:
    return widget.visibleRegion().boundingRect() == widget.rect()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_input_control_is_reachable_and_unclipped(
    qtbot, window, load_inputs, portrait_path, speech_path, size
):
    """At 1280×720 (a common laptop) every control can be reached, by scrolling its panel
    if need be, and none is squeezed below its own minimum (clipped arrows, cut buttons)."""
    load_inputs(window.session, image=portrait_path, audio=speech_path)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0], timeout=5000)
    QApplication.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1], hint
    assert (window.width(), window.height()) == size
    # The side panels scroll down, never sideways, in English with inputs loaded.
    sideways = [
        area.objectName()
        for area in window.findChildren(QScrollArea)
        if area.objectName().startswith("scroll_") and area.horizontalScrollBar().isVisible()
    ]
    assert not sideways
    controls = input_controls(window)
    assert len(controls) > 40  # the walk sees the real window, not an empty one
    problems = []
    for control in controls:
        if not control.isEnabled() and not control.isVisible():
            continue
        if not is_view(control):
            squeezed = _squeezed(control)
            if squeezed:
                problems.append(f"squeezed ({squeezed}): " + describe(control))
                continue
        area = _scroll_area_of(control)
        if area is not None:
            _scroll_to(area, control)
            QApplication.processEvents()
            inside = QRect(control.mapTo(area.viewport(), QPoint(0, 0)), control.size())
            if not area.viewport().rect().contains(inside) and not is_view(control):
                problems.append("cannot be scrolled into view: " + describe(control))
        elif not _fully_shown(control) and not is_view(control):
            problems.append("clipped: " + describe(control))
    assert not problems, "\n".join(problems)


def test_every_input_control_has_its_own_tooltip(window, load_inputs, portrait_path, speech_path):
    load_inputs(window.session, image=portrait_path, audio=speech_path)
    window.resize(1480, 920)
    controls = input_controls(window)
    missing = [describe(c) for c in controls if not c.toolTip().strip()]
    assert not missing, f"{len(missing)} of {len(controls)} controls lack a tooltip:\n" + "\n".join(
        missing
    )


def test_language_switch_keeps_the_window_and_its_state(
    qtbot, window, load_inputs, portrait_path, speech_path
):
    load_inputs(window.session, image=portrait_path, audio=speech_path)
    timeline = window.timeline
    qtbot.waitUntil(lambda: timeline.prepared is not None, timeout=30_000)
    duration = window.session.audio.duration_s
    before = timeline.time_label.text()
    peaks = window.session.audio.peaks
    window.session.update_settings(dynamic_scale=1.15)
    try:
        window.switch_language("zh_CN")
        qtbot.waitUntil(lambda: window.docks["settings"].windowTitle() == "设置", timeout=5000)
        assert window.menus.menus["file"].title().startswith("文件")
        assert window.tabs.tabText(0) == "预览"
        # nothing rebuilt: the same panels, the same loaded inputs and settings
        assert window.session.audio is not None and window.session.audio.peaks is peaks
        assert window.session.audio.duration_s == duration
        assert timeline.prepared is not None
        assert timeline.time_label.text() == before  # digits only: the same in Chinese
        assert window.inspector.editor("dynamic_scale").value() == 1.15
        # the timeline still takes clicks
        canvas = timeline.canvas
        x = int(canvas.width() * 0.5)
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, canvas.height() // 2))
        qtbot.waitUntil(lambda: timeline.time_label.text() != before, timeout=5000)
    finally:
        window.switch_language("en")
    qtbot.waitUntil(lambda: window.docks["settings"].windowTitle() == "Settings", timeout=5000)


def test_a_saved_layout_larger_than_the_screen_is_refused(qtbot, make_ctx):
    from sonic_desktop.gui.shell.main_window import MainWindow

    big = MainWindow(make_ctx())
    big.confirm_quit = False
    qtbot.addWidget(big)
    big.resize(2600, 1500)  # saved on a larger monitor
    layout = big.layout_state()
    big.close()

    win = MainWindow(make_ctx())
    win.confirm_quit = False
    qtbot.addWidget(win)
    assert win.restore_layout(layout) is False
    assert win.layout_rejected
    screen = win.screen().availableGeometry()
    assert win.width() <= screen.width() and win.height() <= screen.height()
    assert "did not fit" in win.statusBar().currentMessage()
    win.close()


def test_a_saved_layout_that_fits_is_kept(qtbot, make_ctx):
    from sonic_desktop.gui.shell.main_window import MainWindow

    first = MainWindow(make_ctx())
    first.confirm_quit = False
    qtbot.addWidget(first)
    first.resize(1300, 760)
    layout = first.layout_state()
    first.close()
    assert base64.b64decode(layout["geometry"])  # a real saved geometry
    win = MainWindow(make_ctx())
    win.confirm_quit = False
    qtbot.addWidget(win)
    assert win.restore_layout(layout) is True
    assert not win.layout_rejected and win.size().toTuple() == (1300, 760)
    assert QByteArray(base64.b64decode(layout["state"])).size() > 0
    win.close()


def test_menus_show_the_shortcuts(window):
    expected = {
        "remove": "Del",
        "move_up": "Ctrl+Up",
        "move_down": "Ctrl+Down",
        "add_to_queue": "Ctrl+Return",
        "play": "Space",
        "settings": "Ctrl+,",
        "undo": "Ctrl+Z",
    }
    for key, text in expected.items():
        assert window.menus.actions[key].shortcut().toString() == text, key


def test_undo_and_redo_from_the_edit_menu(qtbot, window):
    actions = window.menus.actions
    assert not actions["undo"].isEnabled()
    old = window.session.settings.dynamic_scale
    window.session.update_settings(dynamic_scale=1.2)
    assert actions["undo"].isEnabled()
    actions["undo"].trigger()
    assert window.session.settings.dynamic_scale == old
    assert window.inspector.editor("dynamic_scale").value() == old
    actions["redo"].trigger()
    assert window.session.settings.dynamic_scale == 1.2


def test_space_presses_a_focused_button_instead_of_playing(qtbot, window, monkeypatch):
    played = []
    monkeypatch.setattr(window.timeline, "toggle_play", lambda: played.append(1))
    window.activateWindow()
    window.tabs.setFocus()
    window.toggle_play()
    assert played == [1]
    button = window.queue_view.start_button
    clicked = []
    button.clicked.connect(lambda: clicked.append(1))
    button.setFocus()
    window.toggle_play()
    qtbot.waitUntil(lambda: clicked == [1], timeout=2000)
    assert played == [1]


def test_title_shows_progress_and_the_queue_end_is_announced(
    qtbot, window, portrait_path, speech_path, tmp_path
):
    window.ctx.prefs.output_folder = str(tmp_path)
    window.enqueue(portrait_path, [speech_path])
    window.controller.start()
    qtbot.waitUntil(lambda: bool(window.progress.sent), timeout=60_000)
    title, message = window.progress.sent[-1]
    assert title == "The render queue is done"
    assert message == "1 video finished"
    assert window.windowTitle() == "Sonic Desktop"  # idle again


def test_title_carries_the_running_jobs_percentage(window):
    from types import SimpleNamespace

    from sonic_desktop.core.jobs import JobState

    job = SimpleNamespace(state=JobState.RUNNING, fraction=0.42)
    window.progress.controller = SimpleNamespace(
        active_job="j1", queue=SimpleNamespace(get=lambda _id: job)
    )
    window.progress.update_title()
    assert window.windowTitle() == "42% · Sonic Desktop"
    assert window.progress.fraction == pytest.approx(0.42)
    job.state = JobState.DONE
    window.progress.update_title()
    assert window.windowTitle() == "Sonic Desktop"


def test_a_failed_job_is_announced(qtbot, window, portrait_path, tmp_path):
    missing = tmp_path / "gone.wav"
    window.ctx.prefs.output_folder = str(tmp_path)
    window.enqueue(portrait_path, [missing])
    window.controller.start()
    qtbot.waitUntil(lambda: len(window.progress.sent) >= 1, timeout=30_000)
    assert window.progress.sent[0][0] == "A render failed"
    assert "gone" in window.progress.sent[0][1]


def test_english_plural_forms_are_complete_and_current(tmp_path):
    """Every tr("%n …(s)", "", n) has its English singular and plural, from the shipped
    sonic_desktop_en.ts (lupdate over a copy would add any missing one as unfinished)."""
    import shutil
    import subprocess
    import sys
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from sonic_desktop.core import paths
    from sonic_desktop.gui.shell.i18n_plurals import english_forms

    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed beside this Python")
    shipped = paths.resources_dir() / "i18n" / "sonic_desktop_en.ts"
    assert shipped.with_suffix(".qm").is_file()
    copy = tmp_path / "en.ts"
    shutil.copy(shipped, copy)
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [str(lupdate), "-extensions", "py", "-pluralonly", str(root / "sonic_desktop" / "gui"),
         "-ts", str(copy)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    messages = [m for m in ET.parse(copy).iter("message") if m.get("numerus") == "yes"]
    assert len(messages) >= 5
    # lupdate marks a plural string it had not seen as unfinished
    stale = [
        m.findtext("source")
        for m in messages
        if (m.find("translation") is None or m.find("translation").get("type") == "unfinished")
    ]
    assert not stale, f"run the commands in sonic_desktop/gui/shell/i18n_plurals.py: {stale}"
    for message in messages:
        forms = [f.text for f in message.iter("numerusform")]
        assert forms == list(english_forms(message.findtext("source") or "")), forms
    assert english_forms("%n job(s) is/are waiting") == ("%n job is waiting", "%n jobs are waiting")


def test_counts_read_naturally_in_english(qapp):
    from PySide6.QtCore import QCoreApplication

    from sonic_desktop.gui.shell.i18n import Translations

    translations = Translations()  # keeps its translators alive for the test
    translations.install("en")
    one = QCoreApplication.translate("CompletionReporter", "%n video(s) finished", "", 1)
    two = QCoreApplication.translate("CompletionReporter", "%n video(s) finished", "", 2)
    assert (one, two) == ("1 video finished", "2 videos finished")


def test_every_count_in_the_translations_uses_plural_forms():
    """A "(s)" in a source text is a count: it must be a %n plural message, never "1 jobs"."""
    import xml.etree.ElementTree as ET

    from sonic_desktop.core import paths

    ts = paths.resources_dir() / "i18n" / "sonic_desktop_zh_CN.ts"
    counted = [
        m.findtext("source")
        for m in ET.parse(ts).iter("message")
        if "(s)" in (m.findtext("source") or "") and m.get("numerus") != "yes"
    ]
    assert not counted


def test_no_text_is_translated_inside_an_f_string():
    """lupdate does not read inside f-strings: a tr() there never reaches the .ts files
    (the job details' headings stayed English in Chinese)."""
    import re
    from pathlib import Path

    import sonic_desktop.gui as gui

    pattern = re.compile(r"""\bf(["'])[^"']*\{[^}]*\btr\(""")
    hidden = [
        f"{path.name}:{number}"
        for path in Path(gui.__file__).parent.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not hidden
