from __future__ import annotations

import json
from pathlib import Path

import pytest

from sonic_desktop.core.errors import InvalidSettings
from sonic_desktop.core.request import SCHEMA_VERSION, RenderRequest
from sonic_desktop.core.settings import RenderSettings


def test_round_trip_keeps_every_field_including_chinese_paths():
    request = RenderRequest(
        image=Path("/照片/我的 头像.png"),
        audio=Path("/音频/讲话 1.mp3"),
        output=Path("/out/结果.mp4"),
        settings=RenderSettings(inference_steps=30, seed=0, alignment_offset_sec=-0.12),
        face_box=(10, 20, 110, 140),
        weights_dir=Path("/models/sonic"),
    )
    text = request.to_json()
    assert "我的 头像" in text  # stored readable, not \u-escaped
    again = RenderRequest.from_json(text)
    assert again == request
    assert again.settings.seed == 0 and again.settings.inference_steps == 30
    assert json.loads(text)["schema"] == SCHEMA_VERSION


def test_schema_zero_migrates_engine_into_settings():
    old = {
        "image": "a.png",
        "audio": "b.wav",
        "output": "c.mp4",
        "engine": "preview",
        "settings": {},
    }
    request = RenderRequest.from_dict(old)
    assert request.settings.engine == "preview"


def test_newer_schema_is_refused_with_an_actionable_message():
    data = RenderRequest(image="a.png", audio="b.wav", output="c.mp4").to_dict()
    data["schema"] = SCHEMA_VERSION + 1
    with pytest.raises(InvalidSettings, match="newer Sonic Desktop"):
        RenderRequest.from_dict(data)


@pytest.mark.parametrize("box", [(10, 10, 5, 20), (0, 0, 10)])
def test_bad_face_box_is_rejected(box):
    with pytest.raises(InvalidSettings):
        RenderRequest(image="a.png", audio="b.wav", output="c.mp4", face_box=box)  # type: ignore[arg-type]


def test_garbage_json_is_a_user_error():
    with pytest.raises(InvalidSettings, match="not valid JSON"):
        RenderRequest.from_json("{nope")
