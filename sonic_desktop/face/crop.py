"""Crop and resolution maths of the official Sonic preprocessing (SONIC_FACTS §1.2, §1.3).

The numbers must match the official code exactly, including Python's round() (round
half to even), because they decide the frame size the model sees.
"""

from __future__ import annotations

import numpy as np

from sonic_desktop.face.landmarks import BROWS, JAW
from sonic_desktop.face.types import FaceBox

_MULTIPLE = 64  # the UNet needs both sides divisible by 64


def process_bbox(
    bbox: tuple[float, float, float, float],
    expand_ratio: float,
    height: int,
    width: int,
) -> tuple[int, int, int, int]:
    """Square crop (x1, y1, x2, y2) around a face box (x1, y1, x2, y2), as the official demo.

    1. Grow the box by `expand_ratio` of its width / height on every side, clamped to
       the image.
    2. Make it square with side = the shorter expanded side. Along the longer axis the
       centre moves toward the source box centre, by at most half the side difference,
       so the square stays inside the expanded (hence inside the image) box.
    3. Corners are round(centre ± side / 2) with Python's round().
    """
    x1, y1, x2, y2 = (float(v) for v in bbox)
    if not (x2 > x1 and y2 > y1):
        raise ValueError(f"bbox needs x2 > x1 and y2 > y1, got {bbox}")
    if expand_ratio < 0:
        raise ValueError(f"expand_ratio must be >= 0, got {expand_ratio}")
    bw, bh = x2 - x1, y2 - y1
    ex1 = max(x1 - expand_ratio * bw, 0.0)
    ey1 = max(y1 - expand_ratio * bh, 0.0)
    ex2 = min(x2 + expand_ratio * bw, float(width))
    ey2 = min(y2 + expand_ratio * bh, float(height))

    w, h = ex2 - ex1, ey2 - ey1
    cx, cy = (ex1 + ex2) / 2.0, (ey1 + ey2) / 2.0
    sx, sy = (x1 + x2) / 2.0, (y1 + y2) / 2.0
    half = min(h, w) / 2.0
    slack = abs(h - w) / 2.0
    if w < h:
        cy += _toward(cy, sy, slack)
    else:
        cx += _toward(cx, sx, slack)
    return (round(cx - half), round(cy - half), round(cx + half), round(cy + half))


def _toward(current: float, target: float, limit: float) -> float:
    """Signed step from `current` toward `target`, at most `limit` long."""
    step = min(limit, abs(target - current))
    return step if target >= current else -step


def crop_square_for_face(
    face: FaceBox, expand_ratio: float, height: int, width: int
) -> tuple[int, int, int, int]:
    """`process_bbox` for a FaceBox; the official demo and Gradio app use expand_ratio 0.5."""
    return process_bbox((face.x1, face.y1, face.x2, face.y2), expand_ratio, height, width)


def sonic_target_size(width: int, height: int, min_resolution: int) -> tuple[int, int]:
    """The (width, height) the official pipeline resizes the reference image to.

    scale = min_resolution / min(w, h); each side becomes round(side * scale / 64) * 64.
    Deviation: a side that would round to 0 (only when min_resolution < 32) becomes 64,
    where the official code would produce an unusable empty image.
    """
    if width <= 0 or height <= 0 or min_resolution <= 0:
        raise ValueError(f"sizes must be positive, got {width}x{height} @ {min_resolution}")
    scale = min_resolution / min(width, height)
    new_w = round(width * scale / _MULTIPLE) * _MULTIPLE
    new_h = round(height * scale / _MULTIPLE) * _MULTIPLE
    return (max(new_w, _MULTIPLE), max(new_h, _MULTIPLE))


# Proportions that turn dlib's tight box (brows to lower lip) into the box the
# official YOLO detector draws (hairline to chin, ear to ear). Measured on frontal
# portraits: the hairline sits about 0.35 brow-to-chin heights above the brows.
FOREHEAD_RATIO = 0.35
SIDE_MARGIN_RATIO = 0.05
CHIN_MARGIN_RATIO = 0.03


def full_face_box(landmarks: np.ndarray, height: int, width: int) -> FaceBox:
    """A whole-face box from the 68 landmarks, in the official detector's convention.

    `expand_ratio` and the face mask were tuned on that detector's boxes; feeding
    them dlib's tighter box would crop off the forehead and hair at the default 0.5.
    """
    points = np.asarray(landmarks, dtype=np.float64)
    jaw, brows = points[JAW], points[BROWS]
    x1, x2 = jaw[:, 0].min(), jaw[:, 0].max()
    chin = jaw[:, 1].max()
    brow_top = brows[:, 1].min()
    face_h = max(chin - brow_top, 1.0)
    margin = SIDE_MARGIN_RATIO * (x2 - x1)
    box = FaceBox(
        x1 - margin,
        brow_top - FOREHEAD_RATIO * face_h,
        x2 + margin,
        chin + CHIN_MARGIN_RATIO * face_h,
    )
    return box.clipped(width, height)


def landmark_fit_box(whole_face: FaceBox) -> FaceBox:
    """The inverse of `full_face_box`: the tight, detector-style box (jaw width, brows
    to chin) inside a whole-face box, which is what the shape predictor expects."""
    jaw_w = whole_face.width / (1 + 2 * SIDE_MARGIN_RATIO)
    face_h = whole_face.height / (1 + FOREHEAD_RATIO + CHIN_MARGIN_RATIO)
    return FaceBox(
        whole_face.x1 + SIDE_MARGIN_RATIO * jaw_w,
        whole_face.y1 + FOREHEAD_RATIO * face_h,
        whole_face.x2 - SIDE_MARGIN_RATIO * jaw_w,
        whole_face.y2 - CHIN_MARGIN_RATIO * face_h,
    )
