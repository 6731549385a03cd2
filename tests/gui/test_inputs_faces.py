"""Inputs room: face picking in the large preview, the hint after a pick, the small-face
warning, drawing mode, drops on the wrong zone, notices, and retranslation in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def room(qtbot, make_ctx):
    """The media panel and the large preview on one session."""
    from sonic_desktop.gui.inputs.media_panel import MediaPanel
    from sonic_desktop.gui.timeline.preview_canvas import PreviewCanvas

    ctx = make_ctx()
    panel = MediaPanel(ctx.session)
    panel.resize(360, 700)
    canvas = PreviewCanvas(ctx.session)
    canvas.resize(800, 500)
    for w in (panel, canvas):
        qtbot.addWidget(w)
        w.show()
    return panel, canvas


def test_large_preview_boxes_faces_and_a_click_picks_one(room, load_inputs, two_faces_path, qtbot):
    panel, canvas = room
    session = panel.session
    load_inputs(session, image=two_faces_path)
    faces = session.portrait.faces
    assert len(faces) == 2 and session.face_index == 0
    assert canvas.picking and canvas.showing_photo() and canvas.pick_button.isVisible()
    assert "animating the largest" in panel.face_info.text()

    # Each box lies over its face in the large preview, inside the drawn photo.
    photo = canvas.photo_rect()
    boxes = [canvas.to_view(f) for f in faces]
    assert all(photo.contains(b) for b in boxes)
    assert boxes[0].width() > 2 * panel.portrait_view._to_view(faces[0]).width()

    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=boxes[1].center().toPoint())
    assert session.face_index == 1
    assert session.explicit_face_box == faces[1].as_tuple()
    text = panel.face_info.text()
    assert "the one you picked" in text and "click one to pick it" not in text

    # A click outside every face changes nothing.
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=photo.topLeft().toPoint())
    assert session.face_index == 1


def test_pick_hides_the_photo_once_frames_can_show(room, load_inputs, two_faces_path, qtbot):
    from PySide6.QtGui import QImage

    panel, canvas = room
    load_inputs(panel.session, image=two_faces_path)
    frame = QImage(64, 64, QImage.Format.Format_RGB888)
    canvas.show_frame(frame)
    assert canvas.showing_photo()  # picking keeps the photo up although a frame came
    target = canvas.to_view(panel.session.portrait.faces[1]).center().toPoint()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=target)
    assert not canvas.picking and not canvas.showing_photo()
    canvas.pick_button.click()
    assert canvas.showing_photo()


def test_small_face_warns_about_upscaling(room, load_inputs, two_faces_path):
    panel, _canvas = room
    session = panel.session
    load_inputs(session, image=two_faces_path)
    # The astronaut's face is ~102 px; with expand_ratio 0.5 its crop is ~205 px.
    session.update_settings(min_resolution=512, expand_ratio=0.5)
    assert not panel.size_notice.isHidden()
    assert "enlarged 2." in panel.size_notice.text and "512" in panel.size_notice.text
    session.update_settings(min_resolution=384)  # 1.9x: soft enough to pass
    assert panel.size_notice.isHidden()


def test_draw_mode_ends_when_a_photo_with_a_face_loads(
    room, load_inputs, portrait_path, tmp_path, qtbot
):
    import numpy as np
    from PIL import Image

    panel, _canvas = room
    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((300, 300, 3), 180, np.uint8)).save(blank)
    load_inputs(panel.session, image=blank)
    qtbot.waitUntil(lambda: panel.draw_button.isChecked())
    load_inputs(panel.session, image=portrait_path)
    assert not panel.draw_button.isChecked() and not panel.portrait_view.drawing
    assert panel.portrait_notice.isHidden()


def test_a_picture_dropped_on_the_speech_is_taken_as_the_portrait(room, qtbot, portrait_path):
    panel, _canvas = room
    session = panel.session
    panel.audio_card.waveform.files_dropped.emit([portrait_path])
    qtbot.waitUntil(lambda: session.portrait is not None, timeout=30_000)
    assert session.portrait.path == portrait_path and session.audio is None
    assert "taken as the portrait" in panel.drop_notice.text


def test_drop_notes_are_bullets_and_clear_when_resolved(room, load_inputs, speech_path):
    panel, _canvas = room
    panel.show_drop_message(["First problem.", "Second problem."])
    assert panel.drop_notice.text == "• First problem.\n• Second problem."
    session = panel.session
    panel.show_drop_message(
        "Add a speech recording.", resolved_when=lambda: session.audio is not None
    )
    assert not panel.drop_notice.isHidden()
    load_inputs(session, audio=speech_path)
    assert panel.drop_notice.isHidden()


def test_language_switch_retranslates_in_place(
    room, load_inputs, two_faces_path, speech_path, qtbot
):
    from sonic_desktop.gui.shell.i18n import Translations

    panel, canvas = room
    session = panel.session
    load_inputs(session, image=two_faces_path, audio=speech_path)
    play = panel.audio_card.play_button.text()
    session.choose_face(1)
    english = (panel.draw_button.text(), canvas.pick_button.text(), panel.face_info.text())
    translations = Translations()
    assert translations.install("zh_CN")
    try:
        qtbot.waitUntil(lambda: panel.draw_button.text() != english[0])  # posted LanguageChange
        chinese = (panel.draw_button.text(), canvas.pick_button.text(), panel.face_info.text())
        assert chinese[0] != english[0]
        # State survives: the same photo, the same pick, the boxes still there.
        assert session.face_index == 1 and len(session.portrait.faces) == 2
        assert chinese[2].startswith("two_faces.png")
        assert panel.audio_card.play_button.text() != play
        assert "0:02.0" in panel.audio_card.details.text()  # recomputed from the loaded audio
    finally:
        translations.install("en")
    qtbot.waitUntil(lambda: panel.draw_button.text() == english[0])


def test_every_control_in_the_room_has_a_tooltip(room, load_inputs, two_faces_path, speech_path):
    from PySide6.QtWidgets import QAbstractButton

    panel, canvas = room
    load_inputs(panel.session, image=two_faces_path, audio=speech_path)
    panel.session.set_manual_box(panel.session.portrait.faces[0])  # shows "Use detected"
    controls = [
        w
        for root in (panel, canvas)
        for w in root.findChildren(QAbstractButton)
        if w.isVisibleTo(root)
    ]
    assert len(controls) >= 7  # open ×2, draw, use detected, play, stop, pick face
    views = (panel.portrait_view, panel.audio_card.waveform)  # click and drop targets
    assert all(v.toolTip() for v in views)
    missing = [w.objectName() or w.text() for w in controls if not w.toolTip()]
    assert missing == []


def test_unreadable_audio_is_said_in_plain_words(room, qtbot, tmp_path):
    panel, _canvas = room
    fake = tmp_path / "notes.mp3"
    fake.write_text("this is a text file, not a recording\n" * 20)
    panel.session.load_audio(fake)
    qtbot.waitUntil(lambda: not panel.audio_notice.isHidden(), timeout=30_000)
    text = panel.audio_notice.text
    assert "notes.mp3" in text and "can be read" in text
    assert "score" not in text and "ffmpeg" not in text.lower()
