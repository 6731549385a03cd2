"""The render plumbing, driven by the test-only still engine."""

from __future__ import annotations

import pytest

from sonic_desktop import render
from sonic_desktop.core.errors import Cancelled, OutputIsInput
from sonic_desktop.core.progress import CancelToken, Stage
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.media import probe_video


def _request(portrait_path, speech_path, output, **settings):
    return RenderRequest(
        image=portrait_path, audio=speech_path, output=output, settings=RenderSettings(**settings)
    )


def test_render_streams_frames_into_an_mp4_of_the_audio_length(
    tmp_path, portrait_path, speech_path, still_engine
):
    events = []
    out = tmp_path / "输出 folder" / "still.mp4"
    out.parent.mkdir()
    result = render.run(
        _request(portrait_path, speech_path, out, min_resolution=256),
        events.append,
        engine=still_engine,
    )
    assert result.output == out.resolve() and out.exists()
    info = probe_video(out)
    assert (info.width, info.height) == (256, 256)
    assert info.frame_count == 50 and info.fps == pytest.approx(25)
    assert info.duration_s == pytest.approx(2.0, abs=0.04)
    assert info.has_audio
    stages = [e.stage for e in events]
    assert Stage.RENDERING in stages and stages[-1] == Stage.DONE
    rendering = [e for e in events if e.stage == Stage.RENDERING]
    assert rendering[-1].done == rendering[-1].total == 50
    assert still_engine.released == 1


def test_duration_trims_the_render(tmp_path, portrait_path, speech_path, still_engine):
    out = tmp_path / "short.mp4"
    render.run(
        _request(portrait_path, speech_path, out, min_resolution=128, duration=1.0),
        engine=still_engine,
    )
    info = probe_video(out)
    assert info.frame_count == 25
    assert info.duration_s == pytest.approx(1.0, abs=0.04)


def test_cancel_leaves_no_file_and_releases_the_engine(
    tmp_path, portrait_path, speech_path, still_engine
):
    out = tmp_path / "cancelled.mp4"
    token = CancelToken()

    def cancel_midway(event):
        if event.stage == Stage.RENDERING and event.done == 10:
            token.cancel()

    with pytest.raises(Cancelled):
        render.run(
            _request(portrait_path, speech_path, out, min_resolution=128),
            cancel_midway,
            token,
            engine=still_engine,
        )
    assert list(tmp_path.iterdir()) == []
    assert still_engine.released == 1


def test_engine_crash_leaves_no_partial_output(
    tmp_path, portrait_path, speech_path, make_still_engine
):
    out = tmp_path / "crash.mp4"
    with pytest.raises(RuntimeError, match="simulated"):
        render.run(
            _request(portrait_path, speech_path, out, min_resolution=128),
            engine=make_still_engine(fail_at=5),
        )
    assert list(tmp_path.iterdir()) == []


def test_output_equal_to_input_is_refused_before_any_work(portrait_path, speech_path, still_engine):
    with pytest.raises(OutputIsInput):
        render.run(_request(portrait_path, speech_path, speech_path), engine=still_engine)
    assert still_engine.released == 0
