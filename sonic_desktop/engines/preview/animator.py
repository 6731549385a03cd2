"""The preview animation of one photo and one recording, independent of files and Qt.

`Animator` holds only per-frame curves (a few floats per frame) and the prepared
warp, so any frame renders on its own and memory does not grow with clip length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sonic_desktop.engines.preview.motion import MotionCurves, idle_motion
from sonic_desktop.engines.preview.mouth_curves import AudioFeatures, MouthCurves, mouth_curves
from sonic_desktop.engines.preview.warp import FaceWarper, Pose


@dataclass(frozen=True)
class AnimationParams:
    dynamic_scale: float = 1.0
    motion_scale: float = 1.0
    temporal_smoothing: bool = True
    seed: int = 0


class Animator:
    def __init__(
        self,
        image: np.ndarray,
        landmarks: np.ndarray,
        features: AudioFeatures,
        params: AnimationParams,
    ) -> None:
        self.params = params
        self.fps = features.fps
        self.frame_count = features.frame_count
        self.mouth: MouthCurves = mouth_curves(
            features, params.dynamic_scale, params.temporal_smoothing
        )
        lm = np.asarray(landmarks, dtype=np.float64)
        face_w = float(np.hypot(*(lm[16] - lm[0])))
        face_h = float(np.hypot(*(lm[8] - lm[17:27].mean(axis=0))))
        # Head motion follows Sonic's pose bucket: dynamic_scale × motion_scale.
        self.motion: MotionCurves = idle_motion(
            self.frame_count,
            self.fps,
            params.seed,
            self.mouth.energy,
            face_w,
            face_h,
            gain=params.motion_scale * params.dynamic_scale,
        )
        self.warper = FaceWarper(image, lm, self.motion.max_head_px(2.5 * face_h))

    def pose(self, index: int) -> Pose:
        if not 0 <= index < self.frame_count:
            raise IndexError(f"frame {index} is outside 0..{self.frame_count - 1}")
        m, h = self.mouth, self.motion
        return Pose(
            openness=float(m.openness[index]),
            width=float(m.width[index]),
            rounding=float(m.rounding[index]),
            blink=float(h.blink[index]),
            brow=float(h.brow[index]),
            head_x=float(h.head_x[index]),
            head_y=float(h.head_y[index]),
            head_roll=float(h.head_roll[index]),
        )

    def frame(self, index: int) -> np.ndarray:
        return self.warper.render(self.pose(index))

    def curves(self) -> dict[str, np.ndarray]:
        """Per-frame curves for the GUI timeline (copies; safe to keep)."""
        m, h = self.mouth, self.motion
        return {
            "time_s": (np.arange(self.frame_count) / self.fps).astype(np.float32),
            "openness": m.openness.copy(),
            "width": m.width.copy(),
            "rounding": m.rounding.copy(),
            "energy": m.energy.copy(),
            "blink": h.blink.copy(),
            "brow": h.brow.copy(),
            "head_x": h.head_x.copy(),
            "head_y": h.head_y.copy(),
            "head_roll": h.head_roll.copy(),
        }


def face_problem(landmarks: np.ndarray) -> str | None:
    """Why these landmarks cannot be animated sensibly (profile, broken fit), or None."""
    lm = np.asarray(landmarks, dtype=np.float64)
    if lm.shape != (68, 2) or not np.all(np.isfinite(lm)):
        return "the face landmarks are incomplete"
    eye_r, eye_l = lm[36:42].mean(axis=0), lm[42:48].mean(axis=0)
    axis = eye_l - eye_r
    eye_dist = float(np.hypot(*axis))
    if eye_dist < 4.0:
        return "the eyes are too close together to be a front view"
    axis /= eye_dist
    down = np.array([-axis[1], axis[0]])
    # Nose tip position between the jaw edges: 0.5 frontal, near 0 or 1 in profile.
    left, right = float(lm[0] @ axis), float(lm[16] @ axis)
    if right - left < 2.0 * eye_dist * 0.8:
        return "the face is turned too far to the side"
    share = (float(lm[30] @ axis) - left) / (right - left)
    if not 0.2 <= share <= 0.8:
        return "the face is turned too far to the side"
    brow, nose, mouth, chin = (float(lm[i] @ down) for i in (27, 33, 51, 8))
    if not brow < nose < mouth < chin:
        return "the mouth, nose and chin are not in a plausible order"
    mouth_w = float(np.hypot(*(lm[54] - lm[48])))
    if mouth_w < 0.4 * eye_dist:
        return "the mouth is hidden or too small"
    return None
