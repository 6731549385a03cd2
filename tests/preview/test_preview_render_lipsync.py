"""End to end: render an MP4 with the preview engine, then measure its lip sync with
the dlib-based checker on the *output frames*, in English and Mandarin."""

from __future__ import annotations

from pathlib import Path

import pytest
from preview_helpers import example

from sonic_desktop import render
from sonic_desktop.analysis.lipsync import measure_lipsync
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings

pytestmark = pytest.mark.slow


def render_example(tmp_path: Path, audio: str, **settings: object) -> Path:
    req = RenderRequest(
        image=example("portrait.png"),
        audio=example(audio),
        output=tmp_path / f"{Path(audio).stem}.mp4",
        settings=RenderSettings(engine="preview", **settings),  # type: ignore[arg-type]
    )
    result = render.run(req)
    assert result.engine_label == "Preview (CPU)"
    return result.output


@pytest.mark.parametrize("audio", ["speech_en.wav", "speech_zh.wav"])
def test_rendered_mouth_follows_the_speech(tmp_path: Path, audio: str) -> None:
    report = measure_lipsync(render_example(tmp_path, audio))
    assert report.frames_with_face == report.frames
    assert abs(report.best_lag_frames) <= 1, report.one_line()
    assert report.r_at_zero >= 0.6, report.one_line()


def test_alignment_offset_moves_the_measured_lag(tmp_path: Path) -> None:
    video = render_example(
        tmp_path, "speech_en.wav", lip_sync_calibration=True, alignment_offset_sec=0.2
    )
    report = measure_lipsync(video)
    assert report.best_lag_frames == 5, report.one_line()  # 0.2 s earlier at 25 fps
