"""Face detection (dlib HOG frontal detector) and 68-point landmarks (dlib shape predictor).

The models load once, lazily and thread-safely. dlib's detector objects are not
documented as safe for concurrent calls, so inference is serialised by a lock too.
In the window these calls run in a child process (`face.process`): there dlib's long
GIL holds cannot freeze the UI, and a cancelled analysis stops waiting for them.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

import cv2
import dlib
import numpy as np

from sonic_desktop.core.errors import EngineUnavailable
from sonic_desktop.face.landmarks import NUM_LANDMARKS
from sonic_desktop.face.process import current_cancel_check, face_process
from sonic_desktop.face.types import Face, FaceBox

# Detection runs on a copy whose long side is at most this: HOG cost grows with pixels,
# and faces worth animating stay well above the detector's ~80 px window at this size.
DETECT_LONG_SIDE = 800
# Below this short side the detector sees an image upsampled once (x2) so that faces
# down to ~40 px are found.
UPSAMPLE_BELOW_SHORT_SIDE = 400
# When the first pass finds nothing, one more x2 level is tried if the detector's
# effective image stays under this many pixels (about 0.5 s on one core).
RETRY_PIXEL_BUDGET = 2_600_000

_LANDMARK_MODEL = "shape_predictor_68_face_landmarks.dat"

_load_lock = threading.Lock()
_run_lock = threading.Lock()
_models: tuple[Any, Any] | None = None


def landmark_model_path() -> Path:
    """Path of the 68-point model shipped by the face_recognition_models package.

    The package is located without importing it: its __init__ imports pkg_resources,
    which current setuptools no longer provides.
    """
    spec = importlib.util.find_spec("face_recognition_models")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / "models" / _LANDMARK_MODEL
        if path.is_file():
            return path
    raise EngineUnavailable(
        f"The face landmark model ({_LANDMARK_MODEL}) is not installed",
        hint="Reinstall Sonic Desktop, or run `pip install face-recognition-models`.",
    )


def _get_models() -> tuple[Any, Any]:
    """(detector, shape predictor), loaded on first use (the predictor file is ~100 MB)."""
    global _models
    if _models is None:
        with _load_lock:
            if _models is None:
                detector = dlib.get_frontal_face_detector()
                predictor = dlib.shape_predictor(str(landmark_model_path()))
                _models = (detector, predictor)
    return _models


def load_face_models() -> None:
    """Load the detector and landmark model now (e.g. while a fresh window is idle)."""
    service = face_process()
    if service is not None:
        service.call("load_face_models", cancelled=current_cancel_check())
        return
    _get_models()


def as_rgb_uint8(image: np.ndarray) -> np.ndarray:
    """A C-contiguous HxWx3 uint8 view or copy; greyscale and RGBA are converted."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("image must be a uint8 numpy array")
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    if image.ndim != 3 or image.shape[2] != 3 or image.shape[0] < 1 or image.shape[1] < 1:
        raise ValueError(f"image must be HxWx3 RGB, got shape {image.shape}")
    return np.ascontiguousarray(image)


def predict_landmarks(image: np.ndarray, box: FaceBox) -> np.ndarray:
    """The 68 landmarks (68, 2) float32 for a face inside `box` (any box, not only a
    detector's: the predictor fits the mean face to the box, then refines)."""
    rgb = as_rgb_uint8(image)
    service = face_process()
    if service is not None:
        result: np.ndarray = service.call(
            "predict_landmarks", rgb, box, cancelled=current_cancel_check()
        )
        return result
    return predict_landmarks_here(rgb, box)


def predict_landmarks_here(rgb: np.ndarray, box: FaceBox) -> np.ndarray:
    """`predict_landmarks` in this process."""
    _, predictor = _get_models()
    # dlib rectangles are inclusive on the right/bottom edge.
    left, top = round(box.x1), round(box.y1)
    rect = dlib.rectangle(left, top, max(round(box.x2) - 1, left), max(round(box.y2) - 1, top))
    with _run_lock:
        shape = predictor(rgb, rect)
    points = np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float32)
    if points.shape != (NUM_LANDMARKS, 2):  # a wrong model file would show up here
        raise EngineUnavailable(
            f"The landmark model returned {len(points)} points instead of {NUM_LANDMARKS}",
            hint="Reinstall Sonic Desktop, or run `pip install face-recognition-models`.",
        )
    return points


def detect_faces(image: np.ndarray, adjust_threshold: float = 0.0) -> list[Face]:
    """Every frontal face in an HxWx3 uint8 RGB image, largest box first.

    Detection runs on a copy scaled to <= DETECT_LONG_SIDE (upsampled once inside dlib
    when small); landmarks are predicted on the full-resolution image. A negative
    `adjust_threshold` finds more (and more false) faces.
    """
    rgb = as_rgb_uint8(image)
    service = face_process()
    if service is not None:
        faces: list[Face] = service.call(
            "detect_faces", rgb, adjust_threshold, cancelled=current_cancel_check()
        )
        return faces
    return detect_faces_here(rgb, adjust_threshold)


def detect_faces_here(rgb: np.ndarray, adjust_threshold: float = 0.0) -> list[Face]:
    """`detect_faces` in this process."""
    height, width = rgb.shape[:2]
    detector, _ = _get_models()

    scale = min(1.0, DETECT_LONG_SIDE / max(height, width))
    small = rgb
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    # Exact per-axis factors of the copy actually made, for mapping boxes back.
    fx, fy = width / small.shape[1], height / small.shape[0]

    upsample = 1 if min(small.shape[:2]) < UPSAMPLE_BELOW_SHORT_SIDE else 0
    with _run_lock:
        rects, scores, _ = detector.run(small, upsample, adjust_threshold)
        retry_pixels = small.shape[0] * small.shape[1] * 4 ** (upsample + 1)
        if not rects and retry_pixels <= RETRY_PIXEL_BUDGET:
            rects, scores, _ = detector.run(small, upsample + 1, adjust_threshold)

    faces: list[Face] = []
    for rect, score in zip(rects, scores, strict=True):
        # Inclusive dlib corners -> exclusive edges, then back to full resolution.
        raw = FaceBox(
            rect.left() * fx, rect.top() * fy, (rect.right() + 1) * fx, (rect.bottom() + 1) * fy
        )
        try:
            box = raw.clipped(width, height)
        except ValueError:  # wholly outside the image; dlib should never do this
            continue
        # Landmarks from the unclipped box: the predictor's fit is relative to its box.
        landmarks = predict_landmarks_here(rgb, raw)
        faces.append(Face(box=box, landmarks=landmarks, score=float(score)))
    faces.sort(key=lambda f: (-f.box.area, -f.score))
    return faces
