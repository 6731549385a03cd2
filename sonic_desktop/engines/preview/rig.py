"""Landmark-driven deformation fields of the face: jaw/lips, eyelids/brows, head.

Every field is smooth and written in a face-local frame (u along the mouth or eye
corners, v perpendicular, pointing down the face), so tilted faces work unchanged.

The mouth is the one place where the picture must split: the upper lip stays with the
skull, the lower lip rides the jaw, and the dark gap between them is painted. It is
modelled as two smooth branches of one forward field (upper / lower) that agree
everywhere except across the lip line between the mouth corners; `warp.py` picks a
branch per output pixel, so the split is sharp while every field stays smooth.

Forward fields map source (photo) points to where they appear in the frame; the warp
needs the inverse, found by a few fixed-point steps (s ← q − F(s)), which converge
because every field's slope stays well below 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

# Gap added at the mouth centre per unit openness, as a fraction of the mouth width.
GAP_PER_OPENNESS = 0.32
UPPER_LIP_SHARE = 0.15  # the upper lip rises a little; the jaw does the rest
CORNER_DROP = 0.4  # mouth corners follow the jaw by this fraction
# The split between "upper" and "lower" in a photo whose mouth is already open sits
# low in the existing gap: visible teeth in a smile are the upper teeth, which stay.
SPLIT_DEPTH = 0.8
FIXED_POINT_STEPS = 3
TAIL = 0.01  # blurred weights below this count as exactly zero


def smoothstep(edge0: float | np.ndarray, edge1: float | np.ndarray, x: np.ndarray) -> np.ndarray:
    """0 below edge0, 1 above edge1, C1-smooth in between (edges may be reversed)."""
    t = np.subtract(x, edge0) / np.subtract(edge1, edge0)
    # maximum/minimum in place: np.clip's wrapper costs more than the maths on small arrays.
    t = np.minimum(np.maximum(t, 0.0, out=t), 1.0, out=t)
    return t * t * (3.0 - 2.0 * t)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.hypot(v[0], v[1]))
    return v / n if n > 1e-9 else np.array([1.0, 0.0])


@dataclass(frozen=True)
class Frame2D:
    """A face-local frame: u along `ex`, v along `ey` (ey = ex turned 90° toward the chin)."""

    origin: np.ndarray
    ex: np.ndarray

    @property
    def ey(self) -> np.ndarray:
        return np.array([-self.ex[1], self.ex[0]])

    def to_local(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Python floats keep float32 inputs in float32 (NumPy 2 promotion rules).
        ox, oy = float(self.origin[0]), float(self.origin[1])
        cx, cy = float(self.ex[0]), float(self.ex[1])
        dx, dy = x - ox, y - oy
        return dx * cx + dy * cy, dy * cx - dx * cy

    def to_image(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ox, oy = float(self.origin[0]), float(self.origin[1])
        cx, cy = float(self.ex[0]), float(self.ex[1])
        return ox + u * cx - v * cy, oy + u * cy + v * cx

    def vector_to_image(self, du: np.ndarray, dv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rotate a local offset into image axes (exactly 0 stays exactly 0)."""
        cx, cy = float(self.ex[0]), float(self.ex[1])
        return du * cx - dv * cy, du * cy + dv * cx

    def points_local(self, pts: np.ndarray) -> np.ndarray:
        u, v = self.to_local(pts[:, 0].astype(np.float64), pts[:, 1].astype(np.float64))
        return np.stack([u, v], axis=1)


def _curve(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(u, v) samples sorted by u with strictly increasing u, for np.interp."""
    order = np.argsort(points[:, 0], kind="stable")
    u, v = points[order, 0].copy(), points[order, 1].copy()
    for i in range(1, len(u)):
        u[i] = max(u[i], u[i - 1] + 1e-3)
    return u, v


class MouthRig:
    """Jaw opening, lip width and rounding around the mouth of one face."""

    def __init__(self, landmarks: np.ndarray) -> None:
        lm = landmarks.astype(np.float64)
        left, right = lm[48], lm[54]
        self.frame = Frame2D((left + right) / 2.0, _unit(right - left))
        self.a = max(2.0, float(np.hypot(*(right - left))) / 2.0)  # mouth half-width
        loc = self.frame.points_local(lm)
        up_u, up_v = _curve(loc[[60, 61, 62, 63, 64]])
        lo_u, lo_v = _curve(loc[[60, 67, 66, 65, 64]])
        self.in_u0, self.in_u1 = float(min(up_u[0], lo_u[0])), float(max(up_u[-1], lo_u[-1]))
        self.in_c = (self.in_u0 + self.in_u1) / 2.0
        self.in_a = max(1.0, (self.in_u1 - self.in_u0) / 2.0)
        knots = np.linspace(self.in_u0, self.in_u1, 9)
        upper = np.interp(knots, up_u, up_v)
        lower = np.maximum(np.interp(knots, lo_u, lo_v), upper)
        self.source_gap = float(np.max(lower - upper))
        self.split_knots_u = knots
        self.split_knots_v = upper + SPLIT_DEPTH * (lower - upper)
        centre_split = float(np.interp(self.in_c, knots, self.split_knots_v))
        a = self.a
        # Vertical reach of the fields, kept large enough that slopes stay gentle.
        self.nose_rel = min(loc[33, 1] - centre_split, -0.8 * a)
        self.chin_rel = max(loc[8, 1] - centre_split, 1.2 * a)
        self.neck_fall = 2.2 * a
        self.jaw_u, self.jaw_v = _curve(loc[2:15])
        self._jaw_weight = _JawWeight(loc, self.neck_fall)
        self.lat0, self.lat1 = 1.0 * a, 2.5 * a

    # -- geometry -------------------------------------------------------------

    def split(self, u: np.ndarray) -> np.ndarray:
        return np.interp(u, self.split_knots_u, self.split_knots_v)

    def max_drop(self, openness: float) -> float:
        """Chin drop (px) for an openness value."""
        gap = GAP_PER_OPENNESS * 2.0 * self.a * max(0.0, openness)
        return gap / (1.0 + UPPER_LIP_SHARE)

    def extent_local(self, openness_max: float) -> tuple[float, float, float, float]:
        """(u0, u1, v0, v1) outside which every mouth field is exactly zero."""
        drop = self.max_drop(openness_max)
        v_low = float(np.max(self.jaw_v)) + 1.6 * self.neck_fall + drop
        split_top = float(np.min(self.split_knots_v))
        return -self.lat1 - 2.0, self.lat1 + 2.0, split_top + self.nose_rel - 2.0, v_low + 2.0

    # -- fields ---------------------------------------------------------------

    def _profile(self, u: np.ndarray) -> np.ndarray:
        x = np.clip((u - self.in_c) / self.in_a, -1.0, 1.0)
        return 1.0 - x * x  # lens-shaped opening: widest at the centre, shut at the corners

    def forward(
        self,
        u: np.ndarray,
        v: np.ndarray,
        lower: bool | np.ndarray,
        drop: float,
        shift_x: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Forward displacement (du, dv) of source points on the upper or lower branch.

        lower: one branch for all points, or a per-point boolean array (evaluating both
        branches in one pass halves the numpy calls, which dominate at these sizes).
        drop: chin drop in px; shift_x: horizontal corner shift in px (+ wider).
        """
        vs = v - self.split(u)
        prof = self._profile(u)
        au = np.abs(u)
        lateral = 1.0 - smoothstep(self.lat0, self.lat1, au)
        neck = self._jaw_weight(u, v)
        rest = 1.0 - CORNER_DROP
        if np.all(lower):
            s = smoothstep(0.0, self.chin_rel, np.maximum(vs, 0.0))
            w = CORNER_DROP + rest * s + rest * prof * (1.0 - s)
        elif not np.any(lower):
            s = smoothstep(self.nose_rel, 0.0, np.minimum(vs, 0.0))
            w = (CORNER_DROP - (CORNER_DROP + UPPER_LIP_SHARE) * prof) * s
        else:
            s_lo = smoothstep(0.0, self.chin_rel, np.maximum(vs, 0.0))
            s_up = smoothstep(self.nose_rel, 0.0, np.minimum(vs, 0.0))
            w_lo = CORNER_DROP + rest * s_lo + rest * prof * (1.0 - s_lo)
            w_up = (CORNER_DROP - (CORNER_DROP + UPPER_LIP_SHARE) * prof) * s_up
            w = np.where(lower, w_lo, w_up)
        dv = drop * w * lateral * neck
        if shift_x != 0.0:
            hprof = np.clip(u / self.a, -1.0, 1.0) * (1.0 - smoothstep(self.a, 2.4 * self.a, au))
            # Fades up to the nose (which must not widen) and down over the chin.
            above = smoothstep(self.nose_rel, 0.0, np.minimum(vs, 0.0))
            below = 1.0 - smoothstep(0.0, 1.5 * self.a, np.maximum(vs, 0.0))
            du = shift_x * hprof * above * below
        else:
            du = np.zeros_like(u)
        return du, dv

    def inverse(
        self,
        u: np.ndarray,
        v: np.ndarray,
        lower: bool | np.ndarray,
        drop: float,
        shift_x: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Source point for each output point (local coords), by fixed-point iteration.

        The error shrinks geometrically, more slowly for big openings, which therefore
        get more steps (the lips stay within ~1 px of where the gap is painted).
        """
        steps = FIXED_POINT_STEPS + int(drop > 0.45 * self.a) + int(drop > 0.65 * self.a)
        su, sv = u, v
        for _ in range(steps):
            du, dv = self.forward(su, sv, lower, drop, shift_x)
            su, sv = u - du, v - dv
        return su, sv

    def lip_edges(
        self, drop: float, shift_x: float, samples: int = 24
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where the split line appears in the output (local coords) under each branch:
        (upper, lower) edges as (samples, 2) arrays, left to right. The painted gap
        lies between them."""
        u = np.linspace(self.in_u0, self.in_u1, samples)
        v = self.split(u)
        du_up, dv_up = self.forward(u, v - 1e-9, False, drop, shift_x)
        du_lo, dv_lo = self.forward(u, v + 1e-9, True, drop, shift_x)
        upper = np.stack([u + du_up, v + dv_up], axis=1)
        lower = np.stack([u + du_lo, v + dv_lo], axis=1)
        return upper, lower


class _JawWeight:
    """1 on the face inside the jaw line, fading smoothly to 0 over `fall` px outside it
    (neck, background), sampled from a small precomputed map in mouth-local coords.

    A blurred mask, not a distance along v: where the jaw line runs steeply (its sides)
    a vertical distance would make the fade far too sharp sideways.
    """

    SPACING = 2.0  # px per map cell

    def __init__(self, loc: np.ndarray, fall: float) -> None:
        jaw = loc[0:17]
        face_h = float(jaw[:, 1].max() - min(loc[17:27, 1].min(), jaw[:, 1].min())) + 1.0
        top = float(loc[17:27, 1].min()) - face_h
        # Jaw line closed over the top of the head, so the mask is the whole face.
        poly = np.concatenate([jaw, [[jaw[-1, 0], top], [jaw[0, 0], top]]])
        self.u0 = float(jaw[:, 0].min()) - 1.7 * fall
        self.v0 = top
        width = float(jaw[:, 0].max()) + 1.7 * fall - self.u0
        height = float(jaw[:, 1].max()) + 1.7 * fall - self.v0
        cols, rows = int(width / self.SPACING) + 2, int(height / self.SPACING) + 2
        mask = np.zeros((rows, cols), dtype=np.uint8)
        cells = (poly - (self.u0, self.v0)) / self.SPACING
        cv2.fillPoly(mask, [np.round(cells * 16).astype(np.int32)], 255, shift=4)
        grow = max(1, round(0.35 * fall / self.SPACING))
        disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1,) * 2)
        grown = np.asarray(cv2.dilate(mask, disc), dtype=np.float32) / 255.0
        weight = cv2.GaussianBlur(grown, (0, 0), 0.3 * fall / self.SPACING)
        # Shift the Gaussian's endless tails to exactly 0 so that pixels far from the
        # face are bit-exact.
        weight = (weight - TAIL) / max(float(weight.max()) - TAIL, 1e-6)
        self.map = np.clip(weight, 0.0, 1.0)

    def __call__(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        shape = np.shape(u)
        mx = ((np.asarray(u, dtype=np.float64) - self.u0) / self.SPACING).astype(np.float32)
        my = ((np.asarray(v, dtype=np.float64) - self.v0) / self.SPACING).astype(np.float32)
        flat = (1, -1) if len(shape) != 2 else shape
        out = cv2.remap(
            self.map,
            mx.reshape(flat),
            my.reshape(flat),
            cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )
        return np.asarray(out, dtype=np.float64).reshape(shape)


class EyeRig:
    """Blink (upper lid sweeps down over the eye) and brow raise for one eye."""

    def __init__(self, landmarks: np.ndarray, eye: range, brow: range) -> None:
        lm = landmarks.astype(np.float64)
        i0, i1, i2, i3, i4, i5 = eye  # corner, upper, upper, corner, lower, lower
        c0, c1 = lm[i0], lm[i3]
        self.frame = Frame2D((c0 + c1) / 2.0, _unit(c1 - c0))
        self.hw = max(1.5, float(np.hypot(*(c1 - c0))) / 2.0)
        loc = self.frame.points_local(lm)
        self.upper = self._fit(loc[[i0, i1, i2, i3]])
        self.lower = self._fit(loc[[i0, i5, i4, i3]])
        brow_pts = loc[list(brow)]
        self.brow = self._fit(brow_pts)
        self.brow_u0, self.brow_u1 = float(brow_pts[:, 0].min()), float(brow_pts[:, 0].max())
        # Lid-to-brow distance, floored so the stretch stays gentle on odd fits.
        self.lift = max(2.0, float(-np.polyval(self.brow, 0.0) + np.polyval(self.upper, 0.0)))

    @staticmethod
    def _fit(points: np.ndarray) -> np.ndarray:
        deg = 2 if len(points) >= 3 else 1
        return np.polyfit(points[:, 0], points[:, 1], deg)

    def extent_local(self, brow_max: float) -> tuple[float, float, float, float]:
        """(u0, u1, v0, v1) outside which the brow and blink fields are zero."""
        u0 = min(-self.hw, self.brow_u0 - self.hw) - 1.0
        u1 = max(self.hw, self.brow_u1 + self.hw) + 1.0
        u = np.linspace(u0, u1, 64)
        v_up, v_brow, span = self._brow_geometry(u)
        top = float(np.min(v_brow - 1.2 * span)) - brow_max - 2.0
        bottom = float(np.max(np.maximum(np.polyval(self.lower, u), v_up))) + 2.0
        return u0, u1, top, bottom

    def _brow_geometry(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Upper lid, brow line and their distance at u (kept sane where the fitted
        parabolas are extrapolated beyond the eye)."""
        v_up = np.polyval(self.upper, u)
        span = np.clip(v_up - np.polyval(self.brow, u), 1.0, 2.0 * self.lift)
        return v_up, v_up - span, span

    def blink_extent_local(self) -> tuple[float, float, float, float]:
        """(u0, u1, v0, v1) of the lid region a blink changes."""
        u = np.linspace(-self.hw, self.hw, 17)
        v_up = np.polyval(self.upper, u)
        top = np.minimum(v_up + 0.6 * (np.polyval(self.brow, u) - v_up), v_up - 1.0)
        bottom = np.maximum(np.polyval(self.lower, u), v_up)
        return -self.hw - 1.0, self.hw + 1.0, float(top.min()) - 1.0, float(bottom.max()) + 1.0

    def brow_inverse(self, u: np.ndarray, v: np.ndarray, brow_up: float) -> np.ndarray:
        """Source v for a brow raise of `brow_up` px: the skin between lid and forehead
        moves up, most at the brow line; the eye itself stays."""
        v_up, v_brow, span = self._brow_geometry(u)
        rise = smoothstep(v_up, v_brow, v)
        fall = smoothstep(v_brow - 1.2 * span, v_brow, v)
        lateral = 1.0 - smoothstep(0.0, 1.0 * self.hw, np.maximum(0.0, self._out_of(u)))
        return v + brow_up * np.where(v < v_brow, fall, rise) * lateral

    def blink_inverse(self, u: np.ndarray, v: np.ndarray, blink: float) -> np.ndarray:
        """Source v for a blink: the lid slides down over the eye (the eye itself does
        not move), the skin between `top` and the lid margin stretching to follow."""
        v_up = np.polyval(self.upper, u)
        v_lo = np.polyval(self.lower, u)
        x = np.clip(u / self.hw, -1.0, 1.0)
        h = np.maximum(0.0, v_lo - v_up) * (1.0 - x**8) * (np.abs(u) < self.hw)
        top = np.minimum(v_up + 0.6 * (np.polyval(self.brow, u) - v_up), v_up - 1.0)
        edge = v_up + blink * h
        stretched = top + (v - top) * (v_up - top) / np.maximum(edge - top, 1e-3)
        return np.where((v >= top) & (v < edge) & (h > 0.0), stretched, v)

    def _out_of(self, u: np.ndarray) -> np.ndarray:
        """Distance outside the brow's u-span (0 inside)."""
        return np.maximum(self.brow_u0 - u, u - self.brow_u1)


class HeadRig:
    """Small rigid head motion (shift + roll) faded out by an ellipse around the head."""

    def __init__(self, landmarks: np.ndarray) -> None:
        lm = landmarks.astype(np.float64)
        brow_mid = lm[17:27].mean(axis=0)
        chin = lm[8]
        down = _unit(chin - brow_mid)
        self.face_h = max(4.0, float(np.hypot(*(chin - brow_mid))))
        self.face_w = max(4.0, float(np.hypot(*(lm[16] - lm[0]))))
        # Ellipse over face, forehead and hair; the neck pivot sits below the chin.
        self.centre = brow_mid + down * 0.25 * self.face_h
        self.down = down
        self.rx = 0.62 * self.face_w
        self.ry = 0.85 * self.face_h
        self.outer = 1.3  # mask reaches 0 at this ellipse radius
        self.pivot = chin + down * 0.45 * self.face_h

    def extent(self) -> tuple[float, float, float, float]:
        """Image-space box outside which the head mask is zero (axis-aligned bound)."""
        a, b = self.outer * self.rx, self.outer * self.ry  # across / along the face
        cos, sin = abs(float(self.down[1])), abs(float(self.down[0]))
        hx = math.sqrt((a * cos) ** 2 + (b * sin) ** 2) + 2.0
        hy = math.sqrt((a * sin) ** 2 + (b * cos) ** 2) + 2.0
        return self.centre[0] - hx, self.centre[1] - hy, self.centre[0] + hx, self.centre[1] + hy

    def mask(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        dx, dy = x - self.centre[0], y - self.centre[1]
        # Elliptical radius in the face's own axes.
        a = dx * self.down[1] - dy * self.down[0]
        b = dx * self.down[0] + dy * self.down[1]
        rho = np.sqrt((a / self.rx) ** 2 + (b / self.ry) ** 2)
        return 1.0 - smoothstep(1.0, self.outer, rho)

    def forward(
        self, x: np.ndarray, y: np.ndarray, tx: float, ty: float, roll: float
    ) -> tuple[np.ndarray, np.ndarray]:
        c, s = np.cos(roll), np.sin(roll)
        px, py = x - self.pivot[0], y - self.pivot[1]
        dx = c * px - s * py + self.pivot[0] + tx - x
        dy = s * px + c * py + self.pivot[1] + ty - y
        m = self.mask(x, y)
        return m * dx, m * dy

    def inverse(
        self, x: np.ndarray, y: np.ndarray, tx: float, ty: float, roll: float
    ) -> tuple[np.ndarray, np.ndarray]:
        sx, sy = x, y
        for _ in range(2):
            dx, dy = self.forward(sx, sy, tx, ty, roll)
            sx, sy = x - dx, y - dy
        return sx, sy
