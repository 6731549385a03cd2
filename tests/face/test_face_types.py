"""FaceBox / Face value types."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sonic_desktop.face import Face, FaceBox


def test_facebox_geometry() -> None:
    box = FaceBox.from_xywh(10, 20, 30, 40)
    assert box == FaceBox(10, 20, 40, 60)
    assert (box.width, box.height, box.area, box.center) == (30, 40, 1200, (25, 40))
    assert box.as_xywh() == (10, 20, 30, 40)
    assert FaceBox(10.2, 20.7, 39.1, 59.9).as_ints() == (10, 20, 40, 60)
    assert box.scaled(2) == FaceBox(20, 40, 80, 120)


def test_facebox_clipped() -> None:
    assert FaceBox(-5, -5, 50, 70).clipped(40, 60) == FaceBox(0, 0, 40, 60)
    with pytest.raises(ValueError):
        FaceBox(50, 50, 60, 60).clipped(40, 40)


@pytest.mark.parametrize("coords", [(0, 0, 0, 10), (0, 10, 10, 5), (0, 0, math.nan, 1)])
def test_facebox_validates(coords: tuple[float, float, float, float]) -> None:
    with pytest.raises(ValueError):
        FaceBox(*coords)


def test_face_landmarks_are_a_read_only_float32_copy() -> None:
    points = np.zeros((68, 2), np.float64)
    face = Face(FaceBox(0, 0, 10, 10), points, score=1)
    assert face.landmarks.dtype == np.float32 and not face.landmarks.flags.writeable
    points[0, 0] = 5
    assert face.landmarks[0, 0] == 0
    with pytest.raises(ValueError):
        Face(FaceBox(0, 0, 10, 10), np.zeros((5, 2)), score=1)
