"""Media panel: portrait with face box and live crop square, face picking, hand-drawn box,
audio details, and inline problems for bad files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt


@pytest.fixture
def panel(qtbot, make_ctx):
    from sonic_desktop.gui.inputs.media_panel import MediaPanel

    ctx = make_ctx()
    widget = MediaPanel(ctx.session)
    widget.resize(360, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_portrait_shows_face_and_crop_follows_expand_ratio(panel, load_inputs, portrait_path):
    session = panel.session
    load_inputs(session, image=portrait_path)
    assert len(session.portrait.faces) == 1
    view = panel.portrait_view
    first = view.crop_square()
    assert first is not None
    session.update_settings(expand_ratio=0.2)
    tighter = view.crop_square()
    session.update_settings(expand_ratio=0.8)
    wider = view.crop_square()
    side = lambda box: box[2] - box[0]  # noqa: E731
    assert side(tighter) < side(first) < side(wider)
    # The crop contains the face box.
    face = session.face_box
    assert tighter[0] <= face.x1 and tighter[2] >= face.x2
    session.update_settings(crop_to_face=False)
    assert view.crop_square() is None
    assert "face" in panel.face_info.text()


def test_click_picks_among_several_faces(panel, load_inputs, two_faces_path, qtbot):
    session = panel.session
    load_inputs(session, image=two_faces_path)
    faces = session.portrait.faces
    assert len(faces) == 2
    assert session.face_index == 0 and session.explicit_face_box is None
    view = panel.portrait_view
    target = view._to_view(faces[1]).center()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target.toPoint())
    assert session.face_index == 1
    assert session.explicit_face_box == faces[1].as_tuple()
    assert "2 face" in panel.face_info.text() and "the one you picked" in panel.face_info.text()


def test_hand_drawn_box(panel, load_inputs, portrait_path, qtbot):
    session = panel.session
    load_inputs(session, image=portrait_path)
    panel.draw_button.setChecked(True)
    view = panel.portrait_view
    assert view.drawing
    rect = view.image_rect()
    start = QPointF(rect.left() + rect.width() * 0.3, rect.top() + rect.height() * 0.1)
    end = QPointF(rect.left() + rect.width() * 0.6, rect.top() + rect.height() * 0.45)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(view, end.toPoint())
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end.toPoint())
    box = session.manual_box
    assert box is not None and session.explicit_face_box == box.as_tuple()
    assert box.width == pytest.approx(0.3 * session.portrait.width, rel=0.05)
    assert not view.drawing and not panel.draw_button.isChecked()
    qtbot.mouseClick(panel.auto_button, Qt.MouseButton.LeftButton)
    assert session.manual_box is None and session.explicit_face_box is None


def test_audio_card_shows_name_duration_format(panel, load_inputs, speech_path):
    load_inputs(panel.session, audio=speech_path)
    card = panel.audio_card
    assert card.name.text() == speech_path.name
    details = card.details.text()
    assert "0:02.0" in details and "pcm_s16le" in details and "mono" in details
    assert panel.session.audio.peaks.shape[1] == 2


def test_bad_files_get_an_inline_message(panel, qtbot, tmp_path):
    bad_image = tmp_path / "broken.png"
    bad_image.write_bytes(b"not a picture")
    bad_audio = tmp_path / "broken.wav"
    bad_audio.write_bytes(b"RIFF....nonsense")
    panel.session.load_portrait(bad_image)
    panel.session.load_audio(bad_audio)
    qtbot.waitUntil(lambda: panel.portrait_notice.isVisible() and panel.audio_notice.isVisible())
    assert "broken.png" in panel.portrait_notice.label.text()
    assert panel.session.portrait is None


def test_photo_without_face_offers_drawing(panel, qtbot, tmp_path):
    import numpy as np
    from PIL import Image

    blank = tmp_path / "wall.png"
    Image.fromarray(np.full((300, 300, 3), 180, np.uint8)).save(blank)
    panel.session.load_portrait(blank)
    qtbot.waitUntil(lambda: panel.session.portrait is not None)
    assert panel.portrait_notice.isVisible()
    assert "Draw face box" in panel.portrait_notice.label.text()
    assert panel.draw_button.isChecked()


def test_a_file_dropped_on_a_zone_is_taken_for_that_zone(
    panel, qtbot, tmp_path, portrait_path, speech_path
):
    import shutil

    session = panel.session
    # An odd extension is still meant as the portrait; the media layer reads it.
    odd = tmp_path / "portrait.photo"
    shutil.copy(portrait_path, odd)
    panel.portrait_view.files_dropped.emit([odd])
    qtbot.waitUntil(lambda: session.portrait is not None, timeout=30_000)
    assert session.portrait.path == odd

    panel.audio_card.waveform.files_dropped.emit([speech_path])
    qtbot.waitUntil(lambda: session.audio is not None, timeout=30_000)
    assert session.audio.path == speech_path

    # Several files are a batch, planned by the window like any drop.
    with qtbot.waitSignal(panel.files_dropped) as blocker:
        panel.portrait_view.files_dropped.emit([portrait_path, speech_path])
    assert blocker.args == [[portrait_path, speech_path]]
