"""Paint the inside of the opening mouth: dark shaded cavity, upper-teeth hint, tongue.

The colours come from the photo itself (lip colour and skin brightness), so the
interior matches the lighting instead of being a flat black hole. The gap edge is
anti-aliased and the cavity is darkest just under the lips, which gives the crisp
lip edges a landmark tracker needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from sonic_desktop.engines.preview.rig import Frame2D, smoothstep

_SUBPIXEL_BITS = 4


@dataclass(frozen=True)
class MouthStyle:
    cavity: np.ndarray  # RGB float, deepest shade
    cavity_edge: np.ndarray  # RGB float, just under the upper lip
    inner_lip: np.ndarray  # RGB float, the wet inside of the lower lip
    tongue: np.ndarray
    teeth: np.ndarray
    teeth_visibility: float  # 0 when the photo already shows its own teeth


def mouth_style(image: np.ndarray, landmarks: np.ndarray, teeth_visibility: float) -> MouthStyle:
    """Derive interior colours from the lips and skin of the photo."""
    h, w = image.shape[:2]
    mask = np.zeros((h, w), dtype=np.uint8)
    cv2.fillPoly(mask, [np.round(landmarks[48:60]).astype(np.int32)], 255)
    cv2.fillPoly(mask, [np.round(landmarks[60:68]).astype(np.int32)], 0)
    lip = _mean_colour(image, mask, fallback=(150.0, 80.0, 80.0))
    skin_mask = np.zeros((h, w), dtype=np.uint8)
    cheeks = [landmarks[[1, 2, 3, 31, 40, 41]], landmarks[[15, 14, 13, 35, 47, 46]]]
    for poly in cheeks:
        cv2.fillPoly(skin_mask, [np.round(poly).astype(np.int32)], 255)
    skin = _mean_colour(image, skin_mask, fallback=(180.0, 140.0, 120.0))
    light = float(np.clip(skin.mean() / 160.0, 0.45, 1.25))
    f32 = np.float32
    return MouthStyle(
        cavity=(lip * 0.2 + np.array([6.0, 0.0, 0.0])).astype(f32),
        cavity_edge=(lip * 0.34).astype(f32),
        inner_lip=(lip * 0.62).astype(f32),
        tongue=(lip * 0.62 + np.array([10.0, -4.0, -4.0])).astype(f32),
        teeth=(np.array([222.0, 214.0, 200.0]) * light).astype(f32),
        teeth_visibility=float(np.clip(teeth_visibility, 0.0, 1.0)),
    )


def _mean_colour(
    image: np.ndarray, mask: np.ndarray, fallback: tuple[float, float, float]
) -> np.ndarray:
    if int(np.count_nonzero(mask)) < 4:
        return np.array(fallback)
    return np.array(cv2.mean(image, mask=mask)[:3], dtype=np.float64)


def paint_interior(
    canvas: np.ndarray,
    origin: tuple[int, int],
    frame: Frame2D,
    upper: np.ndarray,
    lower: np.ndarray,
    half_width: float,
    style: MouthStyle,
) -> None:
    """Paint the gap between two lip-edge curves into `canvas` (in place).

    upper / lower: (N, 2) face-local (u, v) points, left to right; `origin` is the
    canvas's top-left corner in image pixels.
    """
    gap = lower[:, 1] - upper[:, 1]
    if upper.shape[0] < 2 or float(gap.max()) < 0.25:
        return
    ux, uy = frame.to_image(upper[:, 0], upper[:, 1])
    lx, ly = frame.to_image(lower[:, 0], lower[:, 1])
    poly = np.concatenate([np.stack([ux, uy], 1), np.stack([lx, ly], 1)[::-1]])
    poly -= np.asarray(origin, dtype=np.float64)
    ch, cw = canvas.shape[:2]
    x0, y0 = np.floor(poly.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(poly.max(axis=0)).astype(int) + 3
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, cw), min(y1, ch)
    if x1 <= x0 or y1 <= y0:
        return
    alpha = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
    fixed = np.round((poly - (x0, y0)) * (1 << _SUBPIXEL_BITS)).astype(np.int32)
    cv2.fillPoly(alpha, [fixed], 255, lineType=cv2.LINE_AA, shift=_SUBPIXEL_BITS)
    if not alpha.any():
        return

    # Local coordinates of every pixel: across (x in -1..1) and down the gap (t in 0..1).
    yy, xx = np.mgrid[y0 + origin[1] : y1 + origin[1], x0 + origin[0] : x1 + origin[0]]
    u, v = frame.to_local(xx.astype(np.float32), yy.astype(np.float32))
    order = np.argsort(upper[:, 0])
    top = np.interp(u, upper[order, 0], upper[order, 1]).astype(np.float32)
    order = np.argsort(lower[:, 0])
    bottom = np.interp(u, lower[order, 0], lower[order, 1]).astype(np.float32)
    local_gap = np.maximum(bottom - top, 1e-3)
    depth = v - top  # px below the upper lip edge
    t = np.clip(depth / local_gap, 0.0, 1.0)
    centre = 0.5 * (upper[0, 0] + upper[-1, 0])
    x = np.clip((u - centre) / max(half_width, 1.0), -1.0, 1.0)
    a = max(half_width, 1.0)

    # Cavity: darkest in the middle and toward the corners; a lit rim under the upper
    # lip, and the wet inside of the lower lip as a soft band along the bottom.
    under_top = np.exp(-np.maximum(depth, 0.0) / (0.06 * a))
    above_bottom = np.exp(-np.maximum(bottom - v, 0.0) / (0.07 * a))
    colour = style.cavity + (style.cavity_edge - style.cavity) * (0.5 * under_top)[..., None]
    colour *= (1.0 - 0.35 * x * x)[..., None]
    lip_band = (0.75 * above_bottom * (1.0 - 0.5 * x * x))[..., None]
    colour += (style.inner_lip - colour) * lip_band
    # Tongue: low in a wide-open mouth.
    tongue_w = smoothstep(0.55, 0.95, t) * smoothstep(0.25 * a, 0.6 * a, local_gap)
    tongue_w *= np.clip(1.0 - x * x, 0.0, 1.0) * 0.7
    colour += (style.tongue - colour) * tongue_w[..., None]
    if style.teeth_visibility > 0.0:
        colour = _add_teeth(colour, x, depth, local_gap, bottom - v, a, style)

    blend = (alpha.astype(np.float32) / 255.0)[..., None]
    patch = canvas[y0:y1, x0:x1].astype(np.float32)
    patch += (colour - patch) * blend
    canvas[y0:y1, x0:x1] = np.clip(patch + 0.5, 0, 255).astype(np.uint8)


def _add_teeth(
    colour: np.ndarray,
    x: np.ndarray,
    depth: np.ndarray,
    gap: np.ndarray,
    height_above_lower: np.ndarray,
    a: float,
    style: MouthStyle,
) -> np.ndarray:
    """Upper teeth peek out under the upper lip; lower teeth show only when wide open."""
    vis = style.teeth_visibility
    upper_h = np.minimum(0.38 * gap, 0.2 * a)
    upper = smoothstep(upper_h, upper_h - 1.5, depth) * smoothstep(0.8, 0.55, np.abs(x))
    # Faint seams between the front teeth: a hint, fading toward the sides.
    seams = np.abs(np.sin(np.pi * (x / 0.3 + 0.5)))
    seam_shade = 1.0 - 0.14 * (1.0 - smoothstep(0.0, 0.3, seams)) * (1.0 - np.abs(x))
    shade = (1.0 - 0.65 * x * x) * seam_shade  # teeth recede into shadow at the sides
    shade *= 0.7 + 0.3 * smoothstep(0.0, 2.5, depth)  # the lip shadows the top edge
    teeth = style.teeth * shade[..., None]
    out = colour + (teeth - colour) * (upper * vis)[..., None]
    lower_h = np.minimum(0.16 * gap, 0.1 * a) * smoothstep(0.3 * a, 0.7 * a, gap)
    lower = smoothstep(lower_h, lower_h - 1.0, height_above_lower) * (lower_h > 0.6)
    lower = lower * smoothstep(0.5, 0.25, np.abs(x)) * 0.6
    out += (teeth * 0.7 - out) * (lower * vis)[..., None]
    return out
