"""The official rectangular face mask and its LANCZOS resize."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from sonic_desktop.face import face_mask, resize_mask_like_official


def _edges(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(first row, last row, first col, last col) of the 255 region."""
    ys, xs = np.nonzero(mask == 255)
    return int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())


def test_mask_rectangle_for_a_known_box() -> None:
    # x=50 y=20 w=40 h=30: x2=90, y2=50, ww=44.0000..., hh=33.0000...
    # cx=140//2=70, cy=70//2=35, ww//2=22, hh//2=16 -> rows [19, 51), cols [48, 92).
    mask = face_mask(100, 200, (50, 20, 40, 30))
    assert mask.dtype == np.uint8 and mask.shape == (100, 200)
    assert _edges(mask) == (19, 50, 48, 91)
    assert set(np.unique(mask).tolist()) == {0, 255}
    assert int((mask == 255).sum()) == 32 * 44


def test_mask_is_clamped_at_the_borders() -> None:
    # x=0 y=80 w=40 h=30: cx=20, cy=95 -> mx1=max(-2, 0)=0, my1=79,
    # mx2=42, my2=min(111, 100)=100 -> rows [79, 100), cols [0, 42).
    assert _edges(face_mask(100, 200, (0, 80, 40, 30))) == (79, 99, 0, 41)


def test_mask_floor_division_drops_the_last_column_of_odd_boxes() -> None:
    # x=10 w=21, area 1: cx=41//2=20, ww//2=10 -> cols [10, 30) although the box ends at 31.
    assert _edges(face_mask(100, 200, (10, 10, 21, 21), area=1.0)) == (10, 29, 10, 29)


def test_mask_of_a_box_off_the_image_is_empty() -> None:
    assert not face_mask(50, 50, (-500, -500, 40, 40)).any()


def test_resize_same_size_is_a_plain_rescale() -> None:
    mask = face_mask(64, 64, (10, 10, 30, 30))
    out = resize_mask_like_official(mask, 64, 64)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, mask.astype(np.float32) / 255.0)


def test_resize_is_lanczos_and_stays_soft() -> None:
    mask = face_mask(100, 150, (40, 30, 50, 40))
    out = resize_mask_like_official(mask, 64, 128)
    assert out.shape == (128, 64) and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    # Edges are not re-binarised: some values lie strictly between 0 and 1.
    assert ((out > 0.01) & (out < 0.99)).any()
    expected = Image.fromarray(mask).resize((64, 128), Image.Resampling.LANCZOS)
    np.testing.assert_array_equal(out, np.asarray(expected, dtype=np.float32) / 255.0)


def test_resize_rejects_non_uint8() -> None:
    with pytest.raises(ValueError):
        resize_mask_like_official(np.zeros((4, 4), np.float32), 8, 8)
