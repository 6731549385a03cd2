"""Value types shared by detection, cropping and the engines."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sonic_desktop.face.landmarks import NUM_LANDMARKS


@dataclass(frozen=True)
class FaceBox:
    """An axis-aligned box in image pixels; x2/y2 are exclusive edges (x2 - x1 is the width)."""

    x1: float
    y1: float
    x2: float
    y2: float

    def __post_init__(self) -> None:
        coords = (self.x1, self.y1, self.x2, self.y2)
        if not all(math.isfinite(c) for c in coords):
            raise ValueError(f"FaceBox coordinates must be finite, got {coords}")
        if not (self.x2 > self.x1 and self.y2 > self.y1):
            raise ValueError(f"FaceBox needs x2 > x1 and y2 > y1, got {coords}")

    @classmethod
    def from_xywh(cls, x: float, y: float, w: float, h: float) -> FaceBox:
        return cls(float(x), float(y), float(x) + float(w), float(y) + float(h))

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    @property
    def area(self) -> float:
        return self.width * self.height

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x1 + self.x2) / 2.0, (self.y1 + self.y2) / 2.0)

    def as_xywh(self) -> tuple[float, float, float, float]:
        """(x, y, w, h): the layout the official detector returns and `face_mask` takes."""
        return (self.x1, self.y1, self.width, self.height)

    def as_ints(self) -> tuple[int, int, int, int]:
        """The smallest integer (x1, y1, x2, y2) box that contains this one (floor / ceil)."""
        return (
            math.floor(self.x1),
            math.floor(self.y1),
            math.ceil(self.x2),
            math.ceil(self.y2),
        )

    def scaled(self, factor: float) -> FaceBox:
        """All coordinates multiplied by `factor`: maps a box between two resolutions
        of the same image (it scales about the origin, not about the box centre)."""
        if not factor > 0:
            raise ValueError(f"scale factor must be > 0, got {factor}")
        return FaceBox(self.x1 * factor, self.y1 * factor, self.x2 * factor, self.y2 * factor)

    def clipped(self, width: int, height: int) -> FaceBox:
        """Clamped to a width x height image. Raises ValueError when nothing is left."""
        return FaceBox(
            min(max(self.x1, 0.0), float(width)),
            min(max(self.y1, 0.0), float(height)),
            min(max(self.x2, 0.0), float(width)),
            min(max(self.y2, 0.0), float(height)),
        )


# eq=False: the landmark array makes field-wise equality and hashing ill-defined,
# so faces compare by identity. The array is made read-only to honour "frozen".
@dataclass(frozen=True, eq=False)
class Face:
    """One face: its box, the 68 iBUG landmarks as (x, y) float32 pixels, and a score.

    `score` is the dlib HOG detector's margin (> 0 means detected, higher is surer);
    it is NaN when the box came from the caller rather than the detector.
    """

    box: FaceBox
    landmarks: np.ndarray
    score: float

    def __post_init__(self) -> None:
        points = np.array(self.landmarks, dtype=np.float32)  # always a private copy
        if points.shape != (NUM_LANDMARKS, 2):
            raise ValueError(f"landmarks must have shape (68, 2), got {points.shape}")
        points.setflags(write=False)
        object.__setattr__(self, "landmarks", points)
        object.__setattr__(self, "score", float(self.score))


@dataclass(frozen=True)
class FaceAnalysis:
    """The face to animate, every face found (largest first) and a note for the user."""

    face: Face
    faces: tuple[Face, ...]
    notice: str | None = None
