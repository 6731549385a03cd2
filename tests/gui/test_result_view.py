"""The Result view: poster and duration without Play, a missing file said as such,
frame stepping, the before/after toggle, tips that never clip, tooltips, and a
language switch that keeps the shown job."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QLabel, QSlider

FRAMES = 50  # 2 s at 25 fps


def _grey(image) -> int:
    return image.pixel(image.width() // 2, image.height() // 2) & 0xFF


@pytest.fixture(scope="module")
def video(tmp_path_factory, speech_path) -> Path:
    """2 s, 25 fps, 64×64: frame i is uniformly grey at 5·i, so a frame names itself."""
    from sonic_desktop.media.video import VideoWriter

    path = tmp_path_factory.mktemp("result") / "grey.mp4"
    with VideoWriter(path, 64, 64, fps=25, audio_path=speech_path, duration_s=2.0) as writer:
        for i in range(FRAMES):
            writer.write(np.full((64, 64, 3), 5 * i, np.uint8))
    return path


def _job(portrait: Path, speech: Path, output: Path, job_id: str = "abc"):
    from sonic_desktop.core.jobs import Job, JobState
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings

    return Job(job_id, RenderRequest(portrait, speech, output, RenderSettings()), JobState.DONE)


@pytest.fixture
def view(qtbot):
    from sonic_desktop.gui.result.view import ResultView

    widget = ResultView()
    widget.resize(1280, 560)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.stop()


@pytest.fixture
def shown(view, qtbot, video, portrait_path, speech_path):
    """The view with a restored job (no RenderResult, as after a restart), poster read."""
    view.show_job(_job(portrait_path, speech_path, video))
    qtbot.waitUntil(lambda: view.poster is not None, timeout=20_000)
    qtbot.waitUntil(lambda: view.portrait is not None, timeout=20_000)
    return view


def test_restored_job_shows_its_first_frame_and_duration_before_play(shown):
    assert shown._player is None  # nothing played: the poster came from a background read
    assert not shown.canvas.image.isNull()
    assert _grey(shown.canvas.image) < 4  # frame 0
    assert shown.time_label.text() == "0:00.0 / 0:02.0"
    assert shown.slider.maximum() == 2000
    assert "64×64" in shown.details.text() and "0:02.0" in shown.details.text()
    assert str(shown.job.request.output) in shown.details.text()
    assert shown.play_button.isEnabled() and shown.before_button.isEnabled()
    assert not shown.status.isVisible()


def test_a_missing_file_is_said_with_its_path_and_cannot_play(
    view, tmp_path, portrait_path, speech_path
):
    gone = tmp_path / "gone.mp4"
    view.show_job(_job(portrait_path, speech_path, gone))
    assert view.missing
    assert view.status.isVisible() and str(gone) in view.status.text()
    assert "missing" in view.status.text()
    for control in (view.play_button, view.prev_button, view.next_button, view.slider):
        assert not control.isEnabled()
    assert view.canvas.image.isNull() and "missing" in view.canvas.message
    view.toggle_play()
    assert view._player is None  # nothing to play


def _at(view, frame: int) -> bool:
    """The view's position and shown picture are both frame `frame`."""
    return view.position_ms // 40 == frame and abs(_grey(view.shown_image()) - 5 * frame) <= 3


def test_frame_steps_with_buttons_and_keys(shown, qtbot):
    def at(frame: int) -> bool:
        return _at(shown, frame)

    qtbot.mouseClick(shown.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(shown.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: at(2), timeout=20_000)
    shown.setFocus()
    qtbot.keyClick(shown, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: at(3), timeout=10_000)
    qtbot.keyClick(shown, Qt.Key.Key_Comma)
    qtbot.keyClick(shown, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: at(1), timeout=10_000)
    assert shown.time_label.text().startswith("0:00.1")
    shown.step(-5)  # clamps at the first frame
    qtbot.waitUntil(lambda: at(0), timeout=10_000)
    shown.step(FRAMES + 10)  # and at the last
    qtbot.waitUntil(lambda: at(FRAMES - 1), timeout=10_000)


def test_before_shows_the_portrait_in_the_same_frame_and_after_restores(shown, qtbot):
    video_image = shown.shown_image()
    qtbot.mouseClick(shown.before_button, Qt.MouseButton.LeftButton)
    assert shown.before_button.isChecked()
    portrait = shown.canvas.image
    assert (portrait.width(), portrait.height()) == shown.portrait.shape[1::-1]
    # Letterboxed as the video is: as high as the canvas, centred, aspect kept.
    rect = shown.canvas.picture_rect()
    assert rect.height() == pytest.approx(shown.canvas.height())
    assert rect.center().x() == pytest.approx(shown.canvas.width() / 2)
    assert rect.width() / rect.height() == pytest.approx(portrait.width() / portrait.height())
    qtbot.mouseClick(shown.before_button, Qt.MouseButton.LeftButton)
    assert shown.shown_image() == video_image


def test_tips_wrap_and_scroll_when_the_view_is_short(
    view, qtbot, video, portrait_path, speech_path
):
    view.show_job(_job(portrait_path, speech_path, video))
    view.resize(1280, 300)
    qtbot.waitUntil(lambda: view.tips_panel.verticalScrollBar().maximum() > 0)
    panel = view.tips_panel
    inner = panel.viewport().width()
    for widget in view.tips_box.findChildren(QLabel) + view.tips_box.findChildren(QAbstractButton):
        assert widget.geometry().right() <= inner, widget.text()
        if isinstance(widget, QLabel):
            assert widget.wordWrap()
    last = view.tips_panel.rows[-1].button
    panel.ensureWidgetVisible(last)
    assert last.visibleRegion().boundingRect().height() == last.height()


def test_every_control_has_its_own_tooltip(shown):
    controls = shown.findChildren(QAbstractButton) + shown.findChildren(QSlider)
    controls = [c for c in controls if c.isVisibleTo(shown)]
    assert len(controls) == 12  # 6 transport buttons, the slider, 5 tip fixes
    missing = [c.text() or c.objectName() for c in controls if not c.toolTip()]
    assert not missing


def test_language_switch_keeps_the_shown_job_frame_and_position(shown, qtbot):
    from sonic_desktop.gui.shell.i18n import Translations

    shown.step(3)
    qtbot.waitUntil(lambda: _at(shown, 3), timeout=20_000)
    job, grey, time_text = shown.job, _grey(shown.shown_image()), shown.time_label.text()
    english = (
        shown.play_button.text(),
        shown.open_button.text(),
        shown.tips_box.findChildren(QLabel)[1].text(),
    )
    translations = Translations()
    assert translations.install("zh_CN")
    try:
        qtbot.waitUntil(lambda: shown.play_button.text() != english[0])
        assert shown.open_button.text() != english[1]
        assert shown.tips_box.findChildren(QLabel)[1].text() != english[2]
        assert shown.job is job and shown.poster is not None
        assert abs(_grey(shown.shown_image()) - grey) <= 3 and shown.time_label.text() == time_text
        assert shown.position_ms // 40 == 3 and shown.play_button.isEnabled()
    finally:
        translations.install("en")
    qtbot.waitUntil(lambda: shown.play_button.text() == english[0])


def test_show_in_folder_without_a_file_manager_says_where_the_file_is(shown, monkeypatch):
    import sonic_desktop.gui.result.view as module

    monkeypatch.setattr(module, "show_in_folder", lambda _path: False)
    shown.folder_button.click()
    assert shown.status.isVisible()
    assert str(shown.job.request.output.parent) in shown.status.text()


def test_result_notices_go_through_translation(view, qapp, video, portrait_path, speech_path):
    from types import SimpleNamespace

    from sonic_desktop.gui.result.notices import translate_notice

    draft = (
        "Using Preview (CPU) because no usable Sonic weights were found "
        "(`sonic-desktop doctor` says what is missing). This is a draft, not the Sonic model."
    )
    seed = "Random seed 1234 was used; set it as the seed to repeat the motion."

    class Marker(QTranslator):
        def isEmpty(self) -> bool:  # an empty translator would not announce a change
            return False

        def translate(self, context, source, disambiguation=None, n=-1):
            return f"«{source}»" if context == "Notices" else None

    marker = Marker()
    QCoreApplication.installTranslator(marker)
    try:
        assert translate_notice(draft).startswith("«Rendered with Preview (CPU)")
        assert "1234" in translate_notice(seed) and translate_notice(seed).startswith("«")
        assert translate_notice("Something new.") == "Something new."  # shown as it came
        result = SimpleNamespace(
            width=64,
            height=64,
            duration_s=2.0,
            engine_label="Preview (CPU)",
            elapsed_s=3.0,
            fps=25.0,
            notices=[draft],
        )
        view.show_job(_job(portrait_path, speech_path, video), result)
        assert "«Rendered with Preview (CPU)" in view.details.text()
        assert "Using Preview" not in view.details.text()
    finally:
        QCoreApplication.removeTranslator(marker)


def test_before_is_framed_as_the_render_framed_the_portrait(video, portrait_path, speech_path):
    """Crop to face: the same square the render cropped (a drawn box here, so exact);
    without it, the whole picture."""
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings
    from sonic_desktop.face import process_bbox
    from sonic_desktop.gui.result.poster import read_portrait, read_poster

    box = (180.0, 40.0, 300.0, 200.0)
    cropped = RenderRequest(
        portrait_path, speech_path, video, RenderSettings(expand_ratio=0.5), face_box=box
    )
    x1, y1, x2, y2 = process_bbox(box, 0.5, 512, 512)
    poster, portrait = read_poster(cropped), read_portrait(cropped)
    assert portrait is not None and portrait.shape == (y2 - y1, x2 - x1, 3)
    assert (poster.width, poster.height, poster.fps) == (64, 64, 25.0)
    assert poster.duration_s == pytest.approx(2.0, abs=0.05)
    whole = RenderRequest(portrait_path, speech_path, video, RenderSettings(crop_to_face=False))
    assert read_portrait(whole).shape == (512, 512, 3)


def test_a_file_deleted_after_it_was_shown_is_said_missing_on_play(
    view, qtbot, tmp_path, video, portrait_path, speech_path
):
    import shutil

    copy = tmp_path / "copy.mp4"
    shutil.copy(video, copy)
    view.show_job(_job(portrait_path, speech_path, copy))
    qtbot.waitUntil(lambda: view.poster is not None, timeout=20_000)
    copy.unlink()
    qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
    assert view.missing and str(copy) in view.status.text()
    assert not view.play_button.isEnabled() and view.shown_image().isNull()
