"""What the Result view shows before anything plays: the video's first frame, its
duration and size, and the job's portrait for the before/after toggle.

The portrait is framed as the render framed it: with "Crop to face" on, the same
square around the face (`engines.inputs.prepare_inputs` computes it the same way), so
before and after line up. Qt-free and run off the UI thread: probing and decoding
start ffmpeg, and decoding a portrait and finding its face take a while.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import cv2
import numpy as np

if TYPE_CHECKING:
    from sonic_desktop.core.request import RenderRequest

log = logging.getLogger(__name__)

#: The portrait is only shown letterboxed in the view: no need for more pixels.
PORTRAIT_MAX_SIDE = 1600


@dataclass(frozen=True)
class Poster:
    output: Path
    duration_s: float
    fps: float
    width: int
    height: int
    frame: np.ndarray | None  # the first frame, HxWx3 uint8 RGB


def read_poster(request: RenderRequest) -> Poster:
    """Probe the job's output and decode its first frame (tens of milliseconds)."""
    from sonic_desktop.media.ffmpeg import probe
    from sonic_desktop.media.video import read_video_frames

    output = request.output
    info = probe(output)
    video = info.first("video")
    fps = float(video.fps or 0.0) if video is not None else 0.0
    frame: np.ndarray | None = None
    if video is not None:
        # A generator: close() stops ffmpeg after the first frame.
        frames = cast(Generator[np.ndarray, None, None], read_video_frames(output))
        try:
            frame = next(frames, None)
        finally:
            frames.close()
    height, width = frame.shape[:2] if frame is not None else (0, 0)
    return Poster(
        output=output,
        duration_s=float(info.duration_s or 0.0),
        fps=fps if fps > 0 else 25.0,
        width=int(width),
        height=int(height),
        frame=frame,
    )


def read_portrait(request: RenderRequest) -> np.ndarray | None:
    """The job's portrait framed as rendered, or None when it cannot be read. Slower
    than the poster (the face detector loads on first use), so read after it."""
    from sonic_desktop.media.image import load_image

    try:
        image = load_image(request.image)  # as the render decodes it: the crop fits it
    except Exception as exc:  # moved or deleted since: the toggle is then disabled
        log.info("no portrait for the before/after toggle: %s", exc)
        return None
    if request.settings.crop_to_face:
        crop = _face_crop(request, image)
        if crop is not None:
            x1, y1, x2, y2 = crop
            image = image[y1:y2, x1:x2]
    h, w = image.shape[:2]
    scale = PORTRAIT_MAX_SIDE / max(h, w)
    if scale < 1:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(image)


def _face_crop(request: RenderRequest, image: np.ndarray) -> tuple[int, int, int, int] | None:
    """The render's own crop box (`engines.inputs.locate_face`), or None when no face is
    found (the whole portrait is shown then)."""
    from sonic_desktop.engines.inputs import locate_face

    try:
        return locate_face(image, request)[2]
    except Exception as exc:  # e.g. no face: show the whole picture
        log.info("before/after shows the whole portrait: %s", exc)
        return None
