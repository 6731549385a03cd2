"""Choose the face to animate and turn detection failures into actionable user errors."""

from __future__ import annotations

import numpy as np

from sonic_desktop.core.errors import FaceTooSmall, NoFaceFound
from sonic_desktop.face.crop import landmark_fit_box
from sonic_desktop.face.detect import as_rgb_uint8, detect_faces, predict_landmarks
from sonic_desktop.face.landmarks import MOUTH
from sonic_desktop.face.types import Face, FaceAnalysis, FaceBox

_FRONT_FACING_HINT = (
    "Use a front-facing photo with the whole face visible, or draw the face box by hand."
)
# A real fit spans most of its box (dlib's jaw-to-brow points nearly fill it), so a
# spread under this fraction only happens when the fit collapsed.
MIN_LANDMARK_SPREAD = 0.25
# How far (in box sizes) the mouth centre may stray outside the box before the fit
# is judged broken; a chin cut by the box edge stays well inside this.
MAX_MOUTH_OUTSIDE = 0.5
# HOG detections scoring below this are usually round patches, logos or fabric folds
# (the astronaut's mission patch scores about 0.01-0.12; real faces score 0.5+). They
# are dropped whenever a confident face exists, so they can neither win nor be counted.
WEAK_DETECTION_SCORE = 0.3


def analyse_face(
    image: np.ndarray, face_box: FaceBox | None = None, min_face_px: int = 64
) -> FaceAnalysis:
    """Find the face to animate in an HxWx3 uint8 RGB image.

    With `face_box` (a face picker choice or a hand-drawn box) detection is skipped and
    the landmarks are fitted inside that box. Otherwise the largest detected face is
    chosen. The official code means to do the same but compares every face with the
    *first* face's area and keeps the last one larger than it, which is not always the
    largest; here the truly largest box wins (ties: higher detector score).

    Raises NoFaceFound (nothing detected, box off the image, or a landmark fit that
    looks broken, as for profiles) and FaceTooSmall (chosen box narrower than
    `min_face_px`).
    """
    rgb = as_rgb_uint8(image)
    height, width = rgb.shape[:2]
    notice: str | None = None
    if face_box is not None:
        try:
            box = face_box.clipped(width, height)
        except ValueError:
            raise NoFaceFound(
                "The face box lies outside the photo", hint="Draw the box over the face."
            ) from None
        face = _face_in_box(rgb, box)
        faces: tuple[Face, ...] = (face,)
    else:
        detected = detect_faces(rgb)  # already largest first
        if not detected:
            raise NoFaceFound("No face was found in the photo")
        confident = [f for f in detected if f.score >= WEAK_DETECTION_SCORE]
        faces = tuple(confident or detected)
        face = faces[0]
        if len(faces) > 1:
            notice = f"Found {len(faces)} faces; using the largest ({describe_box(face.box)})."

    if face.box.width < min_face_px:
        raise FaceTooSmall(
            f"The face is only {face.box.width:.0f} px wide; at least {min_face_px} px is needed",
            hint=(
                "Use a larger picture, or one where the face fills more of the frame "
                f"(at least {min_face_px} px across)."
            ),
        )
    problem = landmark_problem(face.landmarks, face.box)
    if problem is not None:
        raise NoFaceFound(f"The face could not be read reliably ({problem})", _FRONT_FACING_HINT)
    return FaceAnalysis(face=face, faces=faces, notice=notice)


def _face_in_box(rgb: np.ndarray, box: FaceBox) -> Face:
    """Landmarks for a given whole-face box (a picked face or a hand-drawn one), with
    no detection, so a given box always gives the same fit.

    The shape predictor was trained on the detector's tight boxes (brows to chin), so
    the fit runs in the tight box that corresponds to the whole-face box.
    """
    fit_box = landmark_fit_box(box)
    return Face(box=box, landmarks=predict_landmarks(rgb, fit_box), score=float("nan"))


def describe_box(box: FaceBox) -> str:
    """'box 120×130 at x=40, y=60' for messages."""
    return f"box {box.width:.0f}×{box.height:.0f} at x={box.x1:.0f}, y={box.y1:.0f}"


def landmark_problem(landmarks: np.ndarray, box: FaceBox) -> str | None:
    """Why a landmark fit looks degenerate, or None when it looks like a face.

    Deliberately conservative: it only catches fits that have collapsed or whose mouth
    ended up far outside the box, which happens on profiles and half-hidden faces.
    """
    points = np.asarray(landmarks, dtype=np.float64)
    if not np.all(np.isfinite(points)):
        return "landmarks are not finite"
    spread_x, spread_y = np.ptp(points, axis=0)
    if spread_x < MIN_LANDMARK_SPREAD * box.width or spread_y < MIN_LANDMARK_SPREAD * box.height:
        return "the landmarks collapsed to a small part of the face box"
    mx, my = points[MOUTH].mean(axis=0)
    margin_x, margin_y = MAX_MOUTH_OUTSIDE * box.width, MAX_MOUTH_OUTSIDE * box.height
    if not (
        box.x1 - margin_x <= mx <= box.x2 + margin_x
        and box.y1 - margin_y <= my <= box.y2 + margin_y
    ):
        return "the mouth lies far outside the face box"
    return None
