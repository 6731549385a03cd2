"""Single preview frames and the mouth curve for the timeline, from the preview engine.

Runs on the timeline's own thread (never the UI thread). The plan is prepared with
the lip-sync offset at zero; the timeline applies the offset itself by asking for
the frame at `t + offset` (the mouth at t is driven by the sound at t + offset), so
dragging the offset never waits for a new analysis.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from sonic_desktop.core.request import RenderRequest

log = logging.getLogger(__name__)

#: scrubbing renders at most this short side: single frames must stay well under 30 ms
SCRUB_RESOLUTION = 512


@dataclass
class PreparedPreview:
    plan: Any
    engine: Any
    fps: float
    duration_s: float
    openness: np.ndarray  # per output frame, unshifted
    label: str


def scrub_request(request: RenderRequest) -> RenderRequest:
    """The request the scrubber prepares: offset off, resolution capped, whole clip."""
    settings = request.settings.replace(
        engine="preview",
        lip_sync_calibration=False,
        alignment_offset_sec=0.0,
        min_resolution=min(request.settings.min_resolution, SCRUB_RESOLUTION),
        keep_resolution=False,
    )
    return RenderRequest(
        image=request.image,
        audio=request.audio,
        output=request.output,
        settings=settings,
        face_box=request.face_box,
    )


def prepare_preview(request: RenderRequest) -> PreparedPreview:
    from sonic_desktop.core.progress import ignore_progress
    from sonic_desktop.engines.preview import PreviewEngine

    engine = PreviewEngine()
    plan = engine.prepare(scrub_request(request), ignore_progress)
    openness = _openness(engine.motion_curves(plan), plan.frame_count)
    return PreparedPreview(
        plan=plan,
        engine=engine,
        fps=float(plan.fps),
        duration_s=float(plan.duration_s),
        openness=openness,
        label=str(getattr(engine, "label", "Preview")),
    )


def render_frame(prepared: PreparedPreview, t_seconds: float) -> np.ndarray:
    t = min(max(0.0, t_seconds), max(0.0, prepared.duration_s - 1e-3))
    return np.asarray(prepared.engine.render_frame(prepared.plan, t))


def _openness(curves: Any, frame_count: int) -> np.ndarray:
    """The mouth-openness series, whatever container the engine returns it in."""
    for key in ("mouth_openness", "openness", "mouth"):
        value = curves.get(key) if isinstance(curves, dict) else getattr(curves, key, None)
        if value is not None and not isinstance(value, (int, float)):
            inner = getattr(value, "openness", value)
            return np.asarray(inner, dtype=np.float32).reshape(-1)
    log.warning("preview engine returned no mouth-openness curve")
    return np.zeros(frame_count, dtype=np.float32)
