"""The rectangular face mask of the official pipeline (SONIC_FACTS §1.3)."""

from __future__ import annotations

import numpy as np
from PIL import Image


def face_mask(
    height: int,
    width: int,
    box_xywh: tuple[float, float, float, float],
    area: float = 1.1,
) -> np.ndarray:
    """uint8 (height, width) mask: 255 inside the face box scaled by `area` about its centre.

    Reproduces the official arithmetic, floor divisions on floats included, so edges
    land on the same pixels. `area` is 1.1 in the official `process` (the function's
    own default there, 1.25, is never used).
    """
    if height <= 0 or width <= 0:
        raise ValueError(f"mask size must be positive, got {width}x{height}")
    x, y, w, h = (float(v) for v in box_xywh)
    x2, y2 = x + w, y + h
    ww, hh = w * area, h * area
    cx, cy = (x2 + x) // 2, (y2 + y) // 2
    mx1 = max(cx - ww // 2, 0)
    my1 = max(cy - hh // 2, 0)
    # The lower clamp at 0 is ours: for a box wholly off the image a negative end
    # would wrap around in a slice. For any box on the image it changes nothing.
    mx2 = max(min(cx + ww // 2, width), 0)
    my2 = max(min(cy + hh // 2, height), 0)
    mask = np.zeros((height, width), dtype=np.uint8)
    mask[int(my1) : int(my2), int(mx1) : int(mx2)] = 255
    return mask


def resize_mask_like_official(mask: np.ndarray, new_w: int, new_h: int) -> np.ndarray:
    """Resize a uint8 mask as the official code does and return float32 values in [0, 1].

    The official code resizes a 3-channel mask with PIL LANCZOS (only when the size
    changes) and keeps channel 0 after ToTensor. LANCZOS rings, so edge values are
    soft; they are deliberately not re-binarised.
    """
    if mask.ndim != 2 or mask.dtype != np.uint8:
        raise ValueError(f"mask must be a 2-D uint8 array, got {mask.dtype} {mask.shape}")
    height, width = mask.shape
    if (new_w, new_h) != (width, height):
        rgb = Image.fromarray(np.repeat(mask[:, :, None], 3, axis=2))
        mask = np.asarray(rgb.resize((new_w, new_h), Image.Resampling.LANCZOS))[:, :, 0]
    return mask.astype(np.float32) / 255.0
