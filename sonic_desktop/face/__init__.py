"""Face detection, 68-point landmarks, Sonic's crop maths and face mask.

Uses dlib (HOG detector + shape predictor) from packages; no torch needed.
"""

from __future__ import annotations

from sonic_desktop.face.analyse import analyse_face, describe_box, landmark_problem
from sonic_desktop.face.crop import (
    crop_square_for_face,
    full_face_box,
    landmark_fit_box,
    process_bbox,
    sonic_target_size,
)
from sonic_desktop.face.detect import (
    detect_faces,
    landmark_model_path,
    load_face_models,
    predict_landmarks,
)
from sonic_desktop.face.landmarks import (
    BROWS,
    EYES,
    INNER_LIPS,
    JAW,
    LEFT_BROW,
    LEFT_EYE,
    MOUTH,
    NOSE,
    NOSE_BRIDGE,
    NOSE_LOWER,
    NUM_LANDMARKS,
    OUTER_LIPS,
    RIGHT_BROW,
    RIGHT_EYE,
)
from sonic_desktop.face.mask import face_mask, resize_mask_like_official
from sonic_desktop.face.types import Face, FaceAnalysis, FaceBox

__all__ = [
    "BROWS",
    "EYES",
    "INNER_LIPS",
    "JAW",
    "LEFT_BROW",
    "LEFT_EYE",
    "MOUTH",
    "NOSE",
    "NOSE_BRIDGE",
    "NOSE_LOWER",
    "NUM_LANDMARKS",
    "OUTER_LIPS",
    "RIGHT_BROW",
    "RIGHT_EYE",
    "Face",
    "FaceAnalysis",
    "FaceBox",
    "analyse_face",
    "crop_square_for_face",
    "describe_box",
    "detect_faces",
    "face_mask",
    "full_face_box",
    "landmark_fit_box",
    "landmark_model_path",
    "landmark_problem",
    "load_face_models",
    "predict_landmarks",
    "process_bbox",
    "resize_mask_like_official",
    "sonic_target_size",
]
