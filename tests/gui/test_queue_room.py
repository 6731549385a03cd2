"""The queue room: where outputs go, saying when the desktop cannot show them, plural
counts, the Start/Pause button, undoable remove and moves, details, the command line,
posters, the one estimator, completion signals, and retranslation in place."""

from __future__ import annotations

import shlex

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from sonic_desktop.core import output_folder
from sonic_desktop.core.jobs import JobQueue, JobState
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings


def _request(tmp_path, portrait_path, speech_path, name, **settings):
    return RenderRequest(
        image=portrait_path,
        audio=speech_path,
        output=tmp_path / f"{name}.mp4",
        settings=RenderSettings(**settings),
    )


@pytest.fixture
def queue_view(qtbot, make_ctx):
    from sonic_desktop.gui.queue.view import QueueView

    def _make(engine=None, queue=None):
        ctx = make_ctx(queue=queue, **({"engine": engine} if engine is not None else {}))
        view = QueueView(ctx.controller)
        qtbot.addWidget(view)
        view.resize(640, 420)
        view.show()
        return view

    return _make


@pytest.fixture
def english(qapp):
    from sonic_desktop.gui.shell.i18n import Translations

    translations = Translations()
    translations.install("en")
    yield translations
    translations.install("en")


# -- major defect 1: outputs no longer land beside the recording ---------------------------
def test_outputs_default_to_the_videos_folder_not_beside_the_audio(
    tmp_path, monkeypatch, portrait_path, speech_path
):
    from sonic_desktop.gui.queue.job_factory import make_request
    from sonic_desktop.gui.shell.preferences import Preferences

    monkeypatch.setattr(output_folder, "videos_dir", lambda: tmp_path / "Videos")
    request = make_request(portrait_path, speech_path, RenderSettings(), Preferences(), JobQueue())
    assert request.output.parent == tmp_path / "Videos" / "Sonic Desktop"
    assert request.output.parent != speech_path.parent


def test_an_unwritable_folder_falls_back_loudly(
    queue_view, tmp_path, monkeypatch, portrait_path, speech_path, qtbot
):
    blocked = tmp_path / "blocked"
    real = output_folder.writable_problem
    monkeypatch.setattr(
        "sonic_desktop.gui.queue.controller.writable_problem",
        lambda folder: "Permission denied" if folder == blocked else real(folder),
    )
    monkeypatch.setattr(output_folder, "documents_dir", lambda: tmp_path / "Documents")
    view = queue_view()
    request = RenderRequest(image=portrait_path, audio=speech_path, output=blocked / "v.mp4")
    with qtbot.waitSignal(view.controller.output_redirected) as said:
        job_id = view.controller.add(request)
    used = tmp_path / "Documents" / "Sonic Desktop"
    assert view.controller.queue.get(job_id).request.output == used / "v.mp4"
    message = said.args[0]
    assert str(blocked) in message and str(used) in message and "Permission denied" in message
    assert view.redirect_bar.isVisibleTo(view)
    assert view.redirect_label.text() == message


def test_row_tooltip_shows_the_full_output_path(queue_view, tmp_path, portrait_path, speech_path):
    view = queue_view()
    job_id = view.controller.add(_request(tmp_path, portrait_path, speech_path, "full"))
    tip = view.model.index(view.model.row_of(job_id)).data(Qt.ItemDataRole.ToolTipRole)
    assert str(tmp_path / "full.mp4") in tip


# -- silent failures ------------------------------------------------------------------------
def test_show_in_folder_without_a_file_manager_says_so_with_the_path(qtbot, tmp_path, monkeypatch):
    from sonic_desktop.gui.queue import reveal

    monkeypatch.setattr(reveal.QDesktopServices, "openUrl", staticmethod(lambda _url: False))
    monkeypatch.setattr(reveal.sys, "platform", "linux")
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"x")
    assert reveal.show_in_folder(video) is not None
    box = reveal.reveal_or_explain(video)
    assert isinstance(box, QMessageBox)
    assert str(video) in box.informativeText()
    assert "file manager" in box.text()
    box.close()

    monkeypatch.setattr(reveal.QDesktopServices, "openUrl", staticmethod(lambda _url: True))
    assert reveal.reveal_or_explain(video) is None


# -- counts are plural forms ----------------------------------------------------------------
def test_counts_use_plural_forms(english, queue_view, tmp_path, portrait_path, speech_path):
    view = queue_view()
    view.controller.add(_request(tmp_path, portrait_path, speech_path, "one"))
    assert view.count_label.text().startswith("1 job ·"), view.count_label.text()
    assert "1 waiting" in view.count_label.text()
    view.controller.add(_request(tmp_path, portrait_path, speech_path, "two"))
    assert view.count_label.text().startswith("2 jobs ·")


# -- "Pause queue" only while there is something to pause ---------------------------------
def test_pause_button_returns_to_start_when_the_queue_runs_dry(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    view = queue_view()
    controller = view.controller
    controller.add(_request(tmp_path, portrait_path, speech_path, "dry"))
    with qtbot.waitSignal(controller.drained, timeout=60_000):
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
        assert view.start_button.text() == "Pause queue"
    qtbot.waitUntil(lambda: not controller.busy, timeout=10_000)
    assert view.start_button.text() == "Start queue"
    assert not view.start_button.isEnabled()  # nothing waiting: nothing to start


# -- undoable remove and moves, shortcuts ----------------------------------------------------
def test_moves_and_remove_are_undoable_and_keyed(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    view = queue_view()
    controller, queue = view.controller, view.controller.queue
    ids = [controller.add(_request(tmp_path, portrait_path, speech_path, n)) for n in "abcd"]
    order = lambda: [j.id for j in queue.jobs]  # noqa: E731

    view.select_ids([ids[2]])
    view.move_selected("top")
    assert order() == [ids[2], ids[0], ids[1], ids[3]]
    view.move_selected("down")
    assert order() == [ids[0], ids[2], ids[1], ids[3]]
    view.move_selected("bottom")
    assert order() == [ids[0], ids[1], ids[3], ids[2]]
    view.move_selected("up")
    assert order() == [ids[0], ids[1], ids[2], ids[3]]
    controller.undo_stack.undo()
    assert order() == [ids[0], ids[1], ids[3], ids[2]]
    controller.undo_stack.redo()
    assert order() == ids

    # Ctrl+Up with the list focused; Delete removes, undo puts it back with its state.
    queue.notify_started(ids[3])
    queue.notify_finished(ids[3])
    view.activateWindow()
    qtbot.waitActive(view)
    view.list.setFocus()
    qtbot.waitUntil(view.list.hasFocus)
    view.select_ids([ids[3]])
    assert view.selected_ids() == [ids[3]]
    qtbot.keyClick(view.list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [ids.index(i) for i in order()] == [0, 1, 3, 2]
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    assert ids[3] not in order()
    assert view.model.rowCount() == 3
    controller.undo_stack.undo()
    assert order() == [ids[0], ids[1], ids[3], ids[2]]
    assert queue.get(ids[3]).state == JobState.DONE  # not queued again: no re-render
    assert view.model.rowCount() == 4


def test_shortcuts_do_not_fire_outside_the_queue(
    qtbot, queue_view, tmp_path, portrait_path, speech_path
):
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    host = QWidget()
    qtbot.addWidget(host)
    view = queue_view()
    edit = QLineEdit(host)
    layout = QVBoxLayout(host)
    layout.addWidget(edit)
    layout.addWidget(view)
    host.show()
    job_id = view.controller.add(_request(tmp_path, portrait_path, speech_path, "k"))
    view.select_ids([job_id])
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert [j.id for j in view.controller.queue.jobs] == [job_id]


# -- details and the command line ------------------------------------------------------------
def test_copy_as_command_parses_back_to_the_same_request(tmp_path, portrait_path, qapp):
    from sonic_desktop.cli import _request_from_args, build_parser
    from sonic_desktop.core.jobs import Job
    from sonic_desktop.gui.queue.details import copy_command

    odd = tmp_path / "a folder with 'quotes' & spaces"
    odd.mkdir()
    request = RenderRequest(
        image=portrait_path,
        audio=odd / "speech €.wav",
        output=odd / "out (2).mp4",
        settings=RenderSettings(
            engine="preview", inference_steps=12, seed=None, frame_interpolation=False,
            dynamic_scale=1.25, min_resolution=384,
        ),
        face_box=(10.5, 20.0, 300.25, 400.0),
    )  # fmt: skip
    command = copy_command(Job(id="x", request=request))
    assert QApplication.clipboard().text() == command
    argv = shlex.split(command)
    assert argv[:2] == ["sonic-desktop", "render"]
    parsed = _request_from_args(build_parser().parse_args(argv[1:]))
    assert parsed == request


def test_details_show_settings_error_and_the_jobs_own_log_lines(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    from sonic_desktop.core.logs import log_file
    from sonic_desktop.gui.queue.worker import job_thread_name

    view = queue_view()
    controller = view.controller
    job_id = controller.add(_request(tmp_path, portrait_path, speech_path, "d", inference_steps=11))
    other = controller.add(_request(tmp_path, portrait_path, speech_path, "e"))
    controller.queue.notify_started(job_id)
    controller.queue.notify_failed(
        job_id, "Cannot read speech.wav: a long reason", "UnsupportedAudio"
    )
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"2026-12-03 10:00:00,000 INFO x [{job_thread_name(job_id)}] mine one\n"
        "Traceback (most recent call last):\n  boom\n"
        f"2026-12-03 10:00:01,000 INFO x [{job_thread_name(other)}] not mine\n"
        "2026-12-03 10:00:02,000 INFO x [MainThread] nobody's\n",
        encoding="utf-8",
    )
    dialog = view.show_details(job_id)
    qtbot.waitUntil(lambda: dialog.log_lines is not None, timeout=10_000)
    text = dialog.summary.toPlainText()
    assert "Cannot read speech.wav: a long reason" in text
    assert str(tmp_path / "d.mp4") in text
    assert "sonic-desktop render" in text and "--inference-steps 11" in text
    log = dialog.log_view.toPlainText()
    assert "mine one" in log and "boom" in log
    assert "not mine" not in log and "nobody's" not in log
    dialog.close()


def test_a_real_render_tags_its_log_lines(queue_view, tmp_path, portrait_path, speech_path, qtbot):
    import logging

    from sonic_desktop.gui.queue.job_log import job_log_lines

    target = tmp_path / "job.log"
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    logger = logging.getLogger("sonic_desktop")
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        view = queue_view()
        job_id = view.controller.add(_request(tmp_path, portrait_path, speech_path, "tag"))
        with qtbot.waitSignal(view.controller.job_succeeded, timeout=60_000):
            view.controller.start()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()
    lines = job_log_lines(target, job_id)
    assert any("started" in line for line in lines) and any("finished" in line for line in lines)


# -- poster frames -----------------------------------------------------------------------
def test_finished_rows_get_a_poster_frame(queue_view, tmp_path, portrait_path, speech_path, qtbot):
    view = queue_view()
    controller = view.controller
    job_id = controller.add(_request(tmp_path, portrait_path, speech_path, "poster"))
    with qtbot.waitSignal(controller.job_succeeded, timeout=60_000):
        controller.start()
    posters = view.delegate.posters
    output = controller.queue.get(job_id).request.output
    posters.poster(output)  # the first ask starts the extraction off the UI thread
    qtbot.waitUntil(lambda: posters.poster(output) is not None, timeout=30_000)
    image = posters.poster(output)
    assert max(image.width(), image.height()) == 112
    view.grab()  # paints with the poster, no error


# -- the one estimator -----------------------------------------------------------------------
def test_queue_eta_and_top_bar_share_one_measured_estimator(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    view = queue_view()
    controller = view.controller
    settings = RenderSettings(engine="preview")
    first = controller.add(_request(tmp_path, portrait_path, speech_path, "m1", engine="preview"))
    qtbot.waitUntil(lambda: speech_path in controller.durations, timeout=20_000)
    static = controller.job_total_seconds(controller.queue.get(first))
    assert static is not None and static > 0
    assert "About" in view.eta_label.text()
    with qtbot.waitSignal(controller.job_succeeded, timeout=60_000):
        controller.start()
    job = controller.queue.get(first)
    took = job.finished_at - job.started_at
    rate = controller.throughput.rate(settings, "preview")
    assert rate is not None and rate.samples == 1
    controller.pause()
    second = controller.add(_request(tmp_path, portrait_path, speech_path, "m2", engine="preview"))
    measured = controller.remaining_for(controller.queue.get(second))
    assert measured == pytest.approx(took, rel=1e-6)
    seconds, counted, unknown = controller.queue_remaining()
    assert (counted, unknown) == (1, 0) and seconds == pytest.approx(took, rel=1e-6)

    # The top bar shows the same figure from the same book.
    from sonic_desktop.core.estimate import job_seconds

    duration = controller.durations[speech_path]
    assert job_seconds(
        settings, duration, "preview", 999.0, controller.throughput
    ) == pytest.approx(took, rel=1e-6)


# -- completion signals --------------------------------------------------------------------
def test_queue_finished_and_progress_signals(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    view = queue_view()
    controller = view.controller
    fractions: list[float] = []
    controller.progress_changed.connect(fractions.append)
    controller.add(_request(tmp_path, portrait_path, speech_path, "s1"))
    controller.add(_request(tmp_path, portrait_path, speech_path, "s2"))
    with qtbot.waitSignal(controller.queue_finished, timeout=60_000) as finished:
        controller.start()
    assert finished.args == [2, 0]
    assert fractions[-1] == -1.0
    running = [f for f in fractions if f >= 0]
    assert running and running == sorted(running) and max(running) <= 1.0
    assert any(0.4 <= f <= 0.6 for f in running)  # halfway through two jobs


# -- retranslate in place --------------------------------------------------------------------
def test_switching_language_retranslates_the_queue_and_keeps_its_jobs(
    english, queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    view = queue_view()
    ids = [view.controller.add(_request(tmp_path, portrait_path, speech_path, n)) for n in "xy"]
    view.select_ids([ids[1]])
    english_clear, english_start = view.clear_button.text(), view.start_button.text()
    assert english.install("zh_CN")
    QApplication.processEvents()
    assert view.clear_button.text() != english_clear
    assert view.start_button.text() != english_start
    assert view.model.rowCount() == 2 and view.selected_ids() == [ids[1]]
    english.install("en")
    QApplication.processEvents()
    assert (view.clear_button.text(), view.start_button.text()) == (english_clear, english_start)


def test_every_queue_control_has_a_tooltip(queue_view, tmp_path, portrait_path, speech_path):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView

    view = queue_view()
    view.controller.add(_request(tmp_path, portrait_path, speech_path, "t"))
    controls = view.findChildren(QAbstractButton) + view.findChildren(QAbstractItemView)
    missing = [c.objectName() or type(c).__name__ for c in controls if not c.toolTip()]
    assert not missing


def test_settings_dialog_shows_the_default_folder_and_retranslates(
    english, qtbot, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    from sonic_desktop.gui.dialogs.settings import SettingsDialog
    from sonic_desktop.gui.shell.preferences import Preferences

    monkeypatch.setattr(output_folder, "videos_dir", lambda: tmp_path / "Videos")
    prefs = Preferences(output_folder="")
    dialog = SettingsDialog(prefs, [])
    qtbot.addWidget(dialog)
    assert dialog.folder.placeholderText() == str(tmp_path / "Videos" / "Sonic Desktop")
    for widget in dialog.findChildren(QLineEdit) + dialog.findChildren(QComboBox):
        assert widget.toolTip(), widget.objectName()
    for button in dialog.findChildren(QAbstractButton):
        if button.parent() is dialog:
            assert button.toolTip(), button.text()
    dialog.template.setText("{audio}_x")
    title = dialog.windowTitle()
    english.install("zh_CN")
    QApplication.processEvents()
    assert dialog.windowTitle() != title
    assert dialog.template.text() == "{audio}_x"  # state kept
    dialog.apply_to(prefs)
    assert prefs.output_folder == ""
