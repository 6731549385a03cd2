"""PreviewEngine through the Engine protocol, with the bundled example photo and speech."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from preview_helpers import example

from sonic_desktop.core.errors import Cancelled, NoFaceFound
from sonic_desktop.core.progress import CancelToken, ProgressEvent, Stage
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.engines.base import Engine, Plan
from sonic_desktop.engines.preview import PreviewEngine, frame_index
from sonic_desktop.engines.preview.cache import LRUCache

SECONDS = 2.0  # keep renders short; the speech starts within the first second


def request(tmp_path: Path, audio: str = "speech_en.wav", **settings: object) -> RenderRequest:
    values: dict[str, object] = {"engine": "preview", "duration": SECONDS, "seed": 1234}
    values.update(settings)
    return RenderRequest(
        image=example("portrait.png"),
        audio=example(audio),
        output=tmp_path / "out.mp4",
        settings=RenderSettings(**values),  # type: ignore[arg-type]
    )


@pytest.fixture()
def engine() -> PreviewEngine:
    return PreviewEngine(cache=LRUCache())  # a private cache: tests stay independent


@pytest.fixture()
def plan(engine: PreviewEngine, tmp_path: Path) -> Plan:
    return engine.prepare(request(tmp_path))


def test_it_is_an_engine_with_an_honest_label(engine: PreviewEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.name == "preview" and engine.label == "Preview (CPU)"


def test_prepare_plans_25_fps_frames_and_reports_audio_analysis(
    engine: PreviewEngine, tmp_path: Path
) -> None:
    events: list[ProgressEvent] = []
    plan = engine.prepare(request(tmp_path, duration=1.93), events.append)
    assert plan.fps == 25.0
    assert plan.frame_count == round(1.93 * 25)
    assert (plan.width, plan.height) == (512, 512)
    audio = [e for e in events if e.stage is Stage.ANALYSING_AUDIO]
    assert audio and audio[-1].done == audio[-1].total
    assert plan.estimate_seconds and plan.estimate_seconds > 0
    assert plan.estimate_peak_memory_gb and plan.estimate_peak_memory_gb < 2


def test_frames_stream_one_at_a_time_with_progress(engine: PreviewEngine, plan: Plan) -> None:
    events: list[ProgressEvent] = []
    count = 0
    for frame in engine.frames(plan, events.append, CancelToken()):
        assert frame.shape == (512, 512, 3) and frame.dtype == np.uint8
        count += 1
    assert count == plan.frame_count
    rendering = [e for e in events if e.stage is Stage.RENDERING]
    assert [e.done for e in rendering] == list(range(plan.frame_count + 1))


def test_render_frame_at_t_equals_the_streamed_frame(engine: PreviewEngine, plan: Plan) -> None:
    wanted = {0: None, 13: None, 27: None, plan.frame_count - 1: None}
    for index, frame in enumerate(engine.frames(plan)):
        if index in wanted:
            wanted[index] = frame
    for index, frame in wanted.items():
        t = index / plan.fps
        assert np.array_equal(engine.render_frame(plan, t), frame)
        # Anywhere inside the frame's display interval gives the same frame.
        assert np.array_equal(engine.render_frame(plan, t + 0.5 / plan.fps), frame)
    assert frame_index(plan, -1.0) == 0
    assert frame_index(plan, 1e6) == plan.frame_count - 1


def test_the_same_seed_renders_the_same_video(engine: PreviewEngine, tmp_path: Path) -> None:
    first = engine.prepare(request(tmp_path, seed=99))
    again = PreviewEngine(cache=LRUCache()).prepare(request(tmp_path, seed=99))
    other = engine.prepare(request(tmp_path, seed=100))
    for index in (5, 24, 40):
        t = index / 25
        assert np.array_equal(engine.render_frame(first, t), engine.render_frame(again, t))
    a, b = engine.motion_curves(first), engine.motion_curves(other)
    assert not np.allclose(a["head_x"], b["head_x"])
    np.testing.assert_array_equal(a["openness"], b["openness"])  # the mouth follows the audio
    assert any(
        not np.array_equal(engine.render_frame(first, i / 25), engine.render_frame(other, i / 25))
        for i in (5, 24, 40)
    )


def test_a_random_seed_is_recorded_so_the_render_can_be_repeated(
    engine: PreviewEngine, tmp_path: Path
) -> None:
    plan = engine.prepare(request(tmp_path, seed=None))
    seed = plan.state.seed
    assert isinstance(seed, int) and 0 <= seed < 2**32
    assert any(str(seed) in notice for notice in plan.notices)
    repeat = engine.prepare(request(tmp_path, seed=seed))
    np.testing.assert_array_equal(
        engine.motion_curves(plan)["head_roll"], engine.motion_curves(repeat)["head_roll"]
    )


def test_cancelling_stops_within_one_frame(engine: PreviewEngine, plan: Plan) -> None:
    cancel = CancelToken()
    frames = engine.frames(plan, cancel=cancel)
    got = [next(frames) for _ in range(3)]
    cancel.cancel()
    with pytest.raises(Cancelled):
        next(frames)
    assert len(got) == 3


def test_audio_analysis_is_cached_per_file(tmp_path: Path) -> None:
    cache: LRUCache = LRUCache()
    engine = PreviewEngine(cache=cache)
    engine.prepare(request(tmp_path, motion_scale=1.0))
    engine.prepare(request(tmp_path, motion_scale=1.5, dynamic_scale=1.2))  # same analysis
    assert (cache.misses, cache.hits) == (1, 1)
    engine.prepare(request(tmp_path, duration=1.0))  # other analysis parameters
    assert cache.misses == 2


def test_lip_sync_offset_moves_the_mouth_earlier(engine: PreviewEngine, tmp_path: Path) -> None:
    base = engine.motion_curves(engine.prepare(request(tmp_path, duration=None)))["openness"]
    early = engine.motion_curves(
        engine.prepare(
            request(tmp_path, duration=None, lip_sync_calibration=True, alignment_offset_sec=0.2)
        )
    )["openness"]
    assert len(early) == len(base)
    a, b = base - base.mean(), early - early.mean()
    lags = list(range(-8, 9))
    xcorr = [
        float(np.dot(b[: len(b) - k], a[k:])) if k >= 0 else float(np.dot(b[-k:], a[:k]))
        for k in lags
    ]
    assert lags[int(np.argmax(xcorr))] == 5  # 0.2 s at 25 fps


def test_dynamic_scale_opens_the_mouth_wider(engine: PreviewEngine, tmp_path: Path) -> None:
    normal = engine.motion_curves(engine.prepare(request(tmp_path, dynamic_scale=1.0)))
    strong = engine.motion_curves(engine.prepare(request(tmp_path, dynamic_scale=1.5)))
    assert strong["openness"].mean() > 1.3 * normal["openness"].mean()


def test_motion_curves_describe_every_frame(engine: PreviewEngine, plan: Plan) -> None:
    curves = engine.motion_curves(plan)
    for name in ("time_s", "openness", "width", "rounding", "energy", "blink", "head_x"):
        assert curves[name].shape == (plan.frame_count,)
    assert curves["time_s"][1] == pytest.approx(1 / 25)
    curves["openness"][:] = 99.0  # a copy: the plan is not affected
    assert engine.motion_curves(plan)["openness"].max() < 2.0


def test_a_face_it_cannot_animate_is_refused_clearly(
    engine: PreviewEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sonic_desktop.engines.preview.engine as engine_module

    real = engine_module.prepare_inputs

    def profile_inputs(req: RenderRequest):
        inputs = real(req)
        squashed = inputs.landmarks.copy()
        nose_x = squashed[30, 0]
        left = squashed[:, 0] < nose_x
        squashed[left, 0] = nose_x - (nose_x - squashed[left, 0]) * 0.1
        return dataclasses.replace(inputs, landmarks=squashed)

    monkeypatch.setattr(engine_module, "prepare_inputs", profile_inputs)
    with pytest.raises(NoFaceFound, match="turned too far"):
        engine.prepare(request(tmp_path))


def test_plan_from_another_engine_is_rejected(engine: PreviewEngine, plan: Plan) -> None:
    foreign = dataclasses.replace(plan, state=None)
    with pytest.raises(ValueError):
        engine.render_frame(foreign, 0.0)
