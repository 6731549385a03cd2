"""What the Result view shows before anything plays: the video's first frame, its
duration and size, and the job's portrait for the before/after toggle.

Qt-free and run off the UI thread: probing and decoding start ffmpeg, and a large
portrait takes a while to decode.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
    portrait: np.ndarray | None  # the job's input picture, or None when unreadable


def read_poster(output: Path, portrait: Path | None = None) -> Poster:
    """Probe `output`, decode its first frame, and load `portrait` (each best effort:
    a damaged video still gets its portrait, and a moved portrait its video)."""
    from sonic_desktop.media.ffmpeg import probe
    from sonic_desktop.media.video import read_video_frames

    info = probe(output)
    video = info.first("video")
    fps = float(video.fps or 0.0) if video is not None else 0.0
    frame: np.ndarray | None = None
    if video is not None:
        frames = read_video_frames(output)
        try:
            frame = next(frames, None)
        finally:
            frames.close()  # stops ffmpeg after the first frame
    height, width = frame.shape[:2] if frame is not None else (0, 0)
    return Poster(
        output=output,
        duration_s=float(info.duration_s or 0.0),
        fps=fps if fps > 0 else 25.0,
        width=int(width),
        height=int(height),
        frame=frame,
        portrait=_read_portrait(portrait),
    )


def _read_portrait(path: Path | None) -> np.ndarray | None:
    if path is None:
        return None
    from sonic_desktop.media.image import load_image

    try:
        return load_image(path, max_side=PORTRAIT_MAX_SIDE)
    except Exception as exc:  # moved or deleted since: the toggle is then disabled
        log.info("no portrait for the before/after toggle: %s", exc)
        return None
