"""`PreviewEngine`: a fast, honest CPU draft of the talking-head video.

It animates the photo itself (landmark-driven warps, a painted mouth interior,
blinks and head sway) from acoustic features of the speech: no model, no download.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from sonic_desktop.core.errors import NoFaceFound
from sonic_desktop.core.progress import (
    CancelToken,
    ProgressCallback,
    ProgressTracker,
    Stage,
    ignore_progress,
)
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.engines.base import Plan
from sonic_desktop.engines.inputs import OUTPUT_FPS, PreparedInputs, prepare_inputs
from sonic_desktop.engines.preview.animator import AnimationParams, Animator, face_problem
from sonic_desktop.engines.preview.cache import LRUCache, audio_key
from sonic_desktop.engines.preview.mouth_curves import AudioFeatures, analyse_audio

# Shared by every engine instance: the GUI creates engines freely.
AUDIO_CACHE: LRUCache[AudioFeatures] = LRUCache(max_entries=8)
# Time model for the estimate the GUI shows before a render (2 CPU cores, encoding
# included): per frame a fixed part plus a part per pixel of the face region, which is
# where the work happens (~8 ms a frame for a 512² face crop).
ESTIMATE_FIXED_S = 1.0
ESTIMATE_FRAME_S = 0.003
ESTIMATE_PIXEL_S = 2e-8
_FACE_HINT = "Use a front-facing photo with the whole face visible, or draw the face box by hand."


@dataclass(frozen=True)
class PreviewState:
    """What `prepare` hands to `frames` / `render_frame` through `Plan.state`."""

    seed: int
    animator: Animator


class PreviewEngine:
    name = "preview"
    label = "Preview (CPU)"

    def __init__(self, cache: LRUCache[AudioFeatures] | None = None) -> None:
        self._cache = AUDIO_CACHE if cache is None else cache

    # -- protocol ---------------------------------------------------------------

    def prepare(self, request: RenderRequest, progress: ProgressCallback = ignore_progress) -> Plan:
        settings = request.settings
        tracker = ProgressTracker(Stage.ANALYSING_INPUTS, 1, progress)
        inputs = prepare_inputs(request)
        problem = face_problem(inputs.landmarks)
        if problem:
            raise NoFaceFound(f"The preview engine cannot animate this face: {problem}", _FACE_HINT)
        tracker.advance()

        frame_count = max(1, round(inputs.duration_s * OUTPUT_FPS))
        audio_tracker = ProgressTracker(Stage.ANALYSING_AUDIO, 1, progress)
        features = self._features(request, inputs, frame_count)
        audio_tracker.advance(message="speech analysed")

        notices: list[str] = []
        seed = settings.seed
        if seed is None:
            seed = secrets.randbits(32)
            notices.append(f"Random seed {seed} was used; set it as the seed to repeat the motion.")
        params = AnimationParams(
            dynamic_scale=float(settings.dynamic_scale),
            motion_scale=float(settings.motion_scale),
            temporal_smoothing=bool(settings.temporal_smoothing),
            seed=int(seed),
        )
        animator = Animator(inputs.frame_image, inputs.landmarks, features, params)
        return Plan(
            request=request,
            inputs=inputs,
            frame_count=frame_count,
            fps=OUTPUT_FPS,
            width=inputs.width,
            height=inputs.height,
            estimate_seconds=_estimate_seconds(animator, frame_count),
            estimate_peak_memory_gb=_estimate_memory_gb(inputs),
            notices=notices,
            state=PreviewState(seed=int(seed), animator=animator),
        )

    def frames(
        self,
        plan: Plan,
        progress: ProgressCallback = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> Iterator[np.ndarray]:
        animator = _state(plan).animator
        tracker = ProgressTracker(Stage.RENDERING, plan.frame_count, progress)
        for index in range(plan.frame_count):
            if cancel is not None:
                cancel.check()
            frame = animator.frame(index)
            tracker.advance()
            yield frame

    def release(self) -> None:
        """Nothing to free: plans own their state and the audio cache is bounded."""

    # -- extras for the GUI -----------------------------------------------------

    def render_frame(self, plan: Plan, t_seconds: float) -> np.ndarray:
        """The frame on screen at time t (the same pixels `frames` yields for it)."""
        return _state(plan).animator.frame(frame_index(plan, t_seconds))

    def motion_curves(self, plan: Plan) -> dict[str, np.ndarray]:
        """Per-frame curves (time_s, openness, width, rounding, energy, blink, brow,
        head_x, head_y, head_roll) for the timeline to draw."""
        return _state(plan).animator.curves()

    # -- helpers ----------------------------------------------------------------

    def _features(
        self, request: RenderRequest, inputs: PreparedInputs, frame_count: int
    ) -> AudioFeatures:
        settings = request.settings
        offset = settings.alignment_offset_sec if settings.lip_sync_calibration else 0.0
        key = audio_key(
            request.audio,
            duration_s=round(inputs.duration_s, 6),
            offset_s=round(float(offset), 6),
            sample_rate=inputs.audio.sample_rate,
            samples=int(inputs.conditioning.shape[0]),
            frame_count=frame_count,
            fps=OUTPUT_FPS,
        )
        return self._cache.get_or_compute(
            key,
            lambda: analyse_audio(
                inputs.conditioning, inputs.audio.sample_rate, frame_count, OUTPUT_FPS
            ),
        )


def frame_index(plan: Plan, t_seconds: float) -> int:
    """Index of the frame shown at time t: frame i covers [i / fps, (i + 1) / fps)."""
    if not math.isfinite(t_seconds):
        raise ValueError(f"time must be finite, got {t_seconds}")
    index = math.floor(t_seconds * plan.fps + 1e-6)
    return min(max(index, 0), plan.frame_count - 1)


def _state(plan: Plan) -> PreviewState:
    if not isinstance(plan.state, PreviewState):
        raise ValueError("This plan was not prepared by the preview engine")
    return plan.state


def _estimate_seconds(animator: Animator, frame_count: int) -> float:
    x0, y0, x1, y1 = animator.warper.roi
    per_frame = ESTIMATE_FRAME_S + ESTIMATE_PIXEL_S * (x1 - x0) * (y1 - y0)
    return round(ESTIMATE_FIXED_S + frame_count * per_frame, 1)


def _estimate_memory_gb(inputs: PreparedInputs) -> float:
    """Process RAM: libraries and the dlib model (~0.2 GB measured), the ffmpeg encoder
    (~0.2 GB), a few frame-sized buffers, the photo and the audio. Flat in clip length
    apart from the audio (0.06 MB per second)."""
    frame = inputs.width * inputs.height * 3
    audio = inputs.audio.samples.nbytes + inputs.conditioning.nbytes
    return round((0.4e9 + 12 * frame + inputs.source_image.nbytes + 2 * audio) / 1e9, 2)
