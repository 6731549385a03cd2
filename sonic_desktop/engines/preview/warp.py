"""Render one frame: warp the face region of the still photo for one pose.

Only a region of interest (ROI) around the head is touched, so the cost depends on
the face size, never on the picture size, and everything outside stays bit-exact.
The inverse map is computed on a coarse grid (fields are smooth) and upsampled as a
*displacement*, which is exactly zero where nothing moves; the mouth's two branches
are upsampled separately and chosen per pixel, so the lip split stays sharp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from sonic_desktop.engines.preview.mouth_curves import MAX_OPENNESS
from sonic_desktop.engines.preview.mouth_interior import MouthStyle, mouth_style, paint_interior
from sonic_desktop.engines.preview.rig import EyeRig, Frame2D, HeadRig, MouthRig

MAX_BROW_PX_PER_FACE = 0.02
# A photo whose lips are already this far apart (× mouth width) shows its own teeth.
OPEN_PHOTO_GAP = 0.08


@dataclass
class _Split:
    """Where and how the lip split is resolved per pixel (ROI pixel coordinates)."""

    box: tuple[int, int, int, int]
    cells: tuple[slice, slice]  # coarse cells covering `box`, within the mouth cells
    origin: tuple[int, int]  # pixel position where those cells start
    mid: np.ndarray  # gap mid-line, relative to the box
    upper: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 2)))
    lower: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 2)))


@dataclass(frozen=True)
class Pose:
    """Everything that moves in one frame. All zero = the photo, unchanged."""

    openness: float = 0.0  # 0..MAX_OPENNESS (the ROI is sized for it)
    width: float = 0.0  # + spread lips, − narrow
    rounding: float = 0.0  # 0..1.5 lip pursing
    blink: float = 0.0  # 0 open .. 1 shut
    brow: float = 0.0  # 0..1 brow raise
    head_x: float = 0.0  # px
    head_y: float = 0.0  # px
    head_roll: float = 0.0  # radians


class FaceWarper:
    """Prepared once per photo; `render(pose)` returns a new full frame."""

    def __init__(self, image: np.ndarray, landmarks: np.ndarray, max_head_px: float = 0.0) -> None:
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError("image must be an HxWx3 uint8 array")
        self.image = np.ascontiguousarray(image)
        self.image.setflags(write=False)
        lm = np.asarray(landmarks, dtype=np.float64)
        self.mouth = MouthRig(lm)
        self.eyes = (
            EyeRig(lm, range(36, 42), range(17, 22)),
            EyeRig(lm, range(42, 48), range(22, 27)),
        )
        self.head = HeadRig(lm)
        self.brow_px = MAX_BROW_PX_PER_FACE * self.head.face_h
        teeth = 0.0 if self.mouth.source_gap > OPEN_PHOTO_GAP * 2 * self.mouth.a else 1.0
        self.style: MouthStyle = mouth_style(self.image, lm.astype(np.float32), teeth)
        # Coarse-grid step scales with the face so the cost per frame is size-independent.
        self.step = int(np.clip(round(self.mouth.a / 10.0), 2, 8))
        # Fields are bounded in photo coordinates; output pixels can sit up to the head
        # shift (plus the smaller sideways lip and brow shifts) away from them.
        margin = max_head_px + 0.1 * self.head.face_w + 4.0
        self._roi = self._roi_box(margin)
        self._edges_memo: tuple[tuple[float, float], np.ndarray, np.ndarray] | None = None
        x0, y0, x1, y1 = self._roi
        g = self.step
        self._gw, self._gh = math.ceil((x1 - x0) / g), math.ceil((y1 - y0) / g)
        # Grid points sit at block centres, matching cv2.resize's pixel-centre mapping.
        gx = x0 + np.arange(self._gw) * g + (g - 1) / 2.0
        gy = y0 + np.arange(self._gh) * g + (g - 1) / 2.0
        self._qx, self._qy = np.meshgrid(gx, gy)
        ident_x, ident_y = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )
        self._ident = np.dstack([ident_x, ident_y])  # (h, w, 2): cv2's two-channel map
        self._mouth_cells = self._cells(self._mouth_box(), margin)
        self._eye_cells = [
            self._cells(self._local_box(eye.frame, eye.extent_local(self.brow_px)), margin)
            for eye in self.eyes
        ]
        self._blink_boxes = [
            self._pixel_box(self._local_box(eye.frame, eye.blink_extent_local()), max_head_px + 2)
            for eye in self.eyes
        ]

    # -- set-up -----------------------------------------------------------------

    @property
    def roi(self) -> tuple[int, int, int, int]:
        """x0, y0, x1, y1 (exclusive) of the only pixels that may ever change."""
        return self._roi

    @staticmethod
    def _local_box(frame: Frame2D, ext: tuple[float, float, float, float]) -> tuple[float, ...]:
        u0, u1, v0, v1 = ext
        us = np.array([u0, u1, u1, u0])
        vs = np.array([v0, v0, v1, v1])
        x, y = frame.to_image(us, vs)
        return float(x.min()), float(y.min()), float(x.max()), float(y.max())

    def _mouth_box(self) -> tuple[float, ...]:
        return self._local_box(self.mouth.frame, self.mouth.extent_local(MAX_OPENNESS))

    def _roi_box(self, margin: float) -> tuple[int, int, int, int]:
        h, w = self.image.shape[:2]
        boxes = [self.head.extent(), self._mouth_box()]
        boxes += [self._local_box(e.frame, e.extent_local(self.brow_px)) for e in self.eyes]
        x0 = min(b[0] for b in boxes) - margin
        y0 = min(b[1] for b in boxes) - margin
        x1 = max(b[2] for b in boxes) + margin
        y1 = max(b[3] for b in boxes) + margin
        return (
            max(0, math.floor(x0)),
            max(0, math.floor(y0)),
            min(w, math.ceil(x1)),
            min(h, math.ceil(y1)),
        )

    def _pixel_box(self, box: tuple[float, ...], margin: float) -> tuple[int, int, int, int]:
        """An image box grown by the head-motion margin, in whole pixels inside the ROI."""
        x0, y0, x1, y1 = self._roi
        return (
            int(np.clip(math.floor(box[0] - margin), x0, x1)),
            int(np.clip(math.floor(box[1] - margin), y0, y1)),
            int(np.clip(math.ceil(box[2] + margin), x0, x1)),
            int(np.clip(math.ceil(box[3] + margin), y0, y1)),
        )

    def _cells(self, box: tuple[float, ...], margin: float) -> tuple[slice, slice]:
        """Grid rows/cols covering an image box (grown by the head-motion margin)."""
        x0, y0 = self._roi[0], self._roi[1]
        g = self.step
        c0 = int(np.clip(math.floor((box[0] - margin - x0) / g), 0, self._gw))
        c1 = int(np.clip(math.ceil((box[2] + margin - x0) / g) + 1, 0, self._gw))
        r0 = int(np.clip(math.floor((box[1] - margin - y0) / g), 0, self._gh))
        r1 = int(np.clip(math.ceil((box[3] + margin - y0) / g) + 1, 0, self._gh))
        return slice(r0, r1), slice(c0, c1)

    # -- per frame --------------------------------------------------------------

    def mouth_params(self, pose: Pose) -> tuple[float, float]:
        """(chin drop px, corner shift px) for a pose."""
        openness = float(np.clip(pose.openness, 0.0, MAX_OPENNESS))
        drop = self.mouth.max_drop(openness)
        shift = self.mouth.a * (0.12 * pose.width - 0.16 * pose.rounding - 0.08 * openness)
        return drop, shift

    def render(self, pose: Pose) -> np.ndarray:
        frame = self.image.copy()
        x0, y0, x1, y1 = self._roi
        if x1 <= x0 or y1 <= y0:
            return frame
        frame[y0:y1, x0:x1] = self.render_roi(pose)
        return frame

    def displacement(self, pose: Pose) -> np.ndarray:
        """Backward map of the ROI as (h, w, 2) offsets: output pixel p shows the
        photo at p + offset. Exactly zero wherever nothing moves."""
        x0, y0, x1, y1 = self._roi
        qx, qy = self._qx, self._qy
        head = (pose.head_x, pose.head_y, pose.head_roll)
        sx, sy = self.head.inverse(qx, qy, *head) if any(head) else (qx, qy)
        # Brows are smooth: solved on the coarse grid. They never overlap the mouth.
        brow_up = self.brow_px * pose.brow if self.brow_px * pose.brow > 0.1 else 0.0
        if brow_up > 0.0:
            sx, sy = sx.copy(), sy.copy()
            for eye, (rows, cols) in zip(self.eyes, self._eye_cells, strict=True):
                u, v = eye.frame.to_local(sx[rows, cols], sy[rows, cols])
                dx, dy = eye.frame.vector_to_image(
                    np.zeros_like(u), eye.brow_inverse(u, v, brow_up) - v
                )
                sx[rows, cols] += dx
                sy[rows, cols] += dy
        disp = np.stack([sx - qx, sy - qy], axis=-1)

        drop, shift = self.mouth_params(pose)
        split = None
        if drop > 0.0 or shift != 0.0:
            split = self._mouth_coarse(disp, sx, sy, pose, drop, shift)
        full = self._upsample(disp.astype(np.float32), (x1 - x0, y1 - y0), (0, 0))
        if split is not None:
            self._sharpen_split(full, split)
        # The lid edge must be sharp, so blinks are solved per pixel (small boxes).
        if pose.blink > 0.01:
            blink = float(min(pose.blink, 1.0))
            for eye, box in zip(self.eyes, self._blink_boxes, strict=True):
                self._blink_full_res(full, eye, box, blink)
        return full

    def render_roi(self, pose: Pose) -> np.ndarray:
        full = self.displacement(pose) + self._ident  # contiguous, as cv2.remap wants
        # map1 holds x and y, so map2 is None (typed since OpenCV 5's stubs).
        out = cv2.remap(self.image, full, None, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        drop, shift = self.mouth_params(pose)
        if drop > 0.0:
            self._paint_gap(out, pose, drop, shift)
        return out

    def _mouth_coarse(
        self,
        disp: np.ndarray,
        sx: np.ndarray,
        sy: np.ndarray,
        pose: Pose,
        drop: float,
        shift: float,
    ) -> _Split | None:
        """Mouth fields on the coarse grid, each point on the branch of its side of the
        gap. Near the gap both branches are kept for the per-pixel split."""
        rows, cols = self._mouth_cells
        frame = self.mouth.frame
        mu, mv = frame.to_local(sx[rows, cols], sy[rows, cols])
        base = disp[rows, cols].copy()  # head motion (and brows) so far
        if drop <= 0.0:  # width change only: one continuous field, no split
            su, sv = self.mouth.inverse(mu, mv, False, drop, shift)
            disp[rows, cols] = base + np.stack(frame.vector_to_image(su - mu, sv - mv), axis=-1)
            return None
        upper_edge, lower_edge = self._lip_edges(drop, shift)
        mid = (upper_edge + lower_edge) / 2.0
        below = mv > np.interp(mu, mid[:, 0], mid[:, 1])
        band = self._band(pose, drop, shift)
        near = np.zeros_like(below)
        if band is not None:
            near[band.cells] = True
        # Both branches in one pass: points of each side, plus both near the gap.
        need_up, need_lo = ~below | near, below | near
        u_all = np.concatenate([mu[need_up], mu[need_lo]])
        v_all = np.concatenate([mv[need_up], mv[need_lo]])
        lower = np.zeros(u_all.shape, dtype=bool)
        lower[int(np.count_nonzero(need_up)) :] = True
        su, sv = self.mouth.inverse(u_all, v_all, lower, drop, shift)
        delta = np.stack(frame.vector_to_image(su - u_all, sv - v_all), axis=-1)
        branches = []
        for need, part in ((need_up, delta[~lower]), (need_lo, delta[lower])):
            values = np.zeros((*below.shape, 2), dtype=np.float64)
            values[need] = base[need] + part
            branches.append(values)
        out = np.where(below[..., None], branches[1], branches[0])
        disp[rows, cols] = out
        if band is None:
            return None
        band.upper, band.lower = branches[0][band.cells], branches[1][band.cells]
        return band

    def _band(self, pose: Pose, drop: float, shift: float) -> _Split | None:
        """The pixel box around the gap where the branch is chosen per pixel."""
        g = self.step
        x0, y0, x1, y1 = self._roi
        rows, cols = self._mouth_cells
        upper, lower = self._dst_lip_edges(drop, shift, pose)
        pts = np.concatenate([upper, lower]) - (x0, y0)
        pad = 2 * g + 2
        bx0 = max(int(np.floor(pts[:, 0].min())) - pad, cols.start * g)
        by0 = max(int(np.floor(pts[:, 1].min())) - pad, rows.start * g)
        bx1 = min(int(np.ceil(pts[:, 0].max())) + pad, cols.stop * g, x1 - x0)
        by1 = min(int(np.ceil(pts[:, 1].max())) + pad, rows.stop * g, y1 - y0)
        if bx1 <= bx0 or by1 <= by0:
            return None
        # Grid cells covering the box plus one for interpolation, relative to the mouth cells.
        c0, c1 = max(bx0 // g - 1, cols.start), min(-(-bx1 // g) + 1, cols.stop)
        r0, r1 = max(by0 // g - 1, rows.start), min(-(-by1 // g) + 1, rows.stop)
        cells = (slice(r0 - rows.start, r1 - rows.start), slice(c0 - cols.start, c1 - cols.start))
        mid = (upper + lower) / 2.0 - (x0 + bx0, y0 + by0)
        return _Split((bx0, by0, bx1, by1), cells, (c0 * g, r0 * g), mid)

    def _sharpen_split(self, full: np.ndarray, split: _Split) -> None:
        """Inside the band, choose the branch per pixel instead of per grid point."""
        bx0, by0, bx1, by1 = split.box
        up = self._upsample(split.upper.astype(np.float32), split.box, split.origin)
        lo = self._upsample(split.lower.astype(np.float32), split.box, split.origin)
        bw, bh = bx1 - bx0, by1 - by0
        far = 2.0 * (bw + bh)
        side, down = self.mouth.frame.ex * far, self.mouth.frame.ey * far
        mid = split.mid
        ends = [[mid[-1] + side], [mid[-1] + side + down], [mid[0] - side + down]]
        poly = np.concatenate([[mid[0] - side], mid, *ends])
        mask = np.zeros((bh, bw), dtype=np.uint8)
        cv2.fillPoly(mask, [np.round(poly * 16).astype(np.int32)], 1, shift=4)
        np.copyto(up, lo, where=mask[..., None].astype(bool))
        full[by0:by1, bx0:bx1] = up

    def _blink_full_res(
        self, full: np.ndarray, eye: EyeRig, box: tuple[int, int, int, int], blink: float
    ) -> None:
        bx0, by0, bx1, by1 = box
        if bx1 <= bx0 or by1 <= by0:
            return
        x0, y0 = self._roi[0], self._roi[1]
        rows, cols = slice(by0 - y0, by1 - y0), slice(bx0 - x0, bx1 - x0)
        region = full[rows, cols]
        qx, qy = self._ident[rows, cols, 0], self._ident[rows, cols, 1]
        u, v = eye.frame.to_local(qx + region[..., 0], qy + region[..., 1])
        dx, dy = eye.frame.vector_to_image(np.zeros_like(u), eye.blink_inverse(u, v, blink) - v)
        region[..., 0] += dx
        region[..., 1] += dy

    def _upsample(
        self, disp: np.ndarray, box: tuple[int, ...], origin: tuple[int, int]
    ) -> np.ndarray:
        """Upsample coarse displacement to pixels. `box` is (w, h) from the ROI origin,
        or (x0, y0, x1, y1) in ROI pixels; `origin` is where cell (0, 0) starts."""
        g = self.step
        bx0, by0, bx1, by1 = (0, 0, *box) if len(box) == 2 else box
        if not disp.any():
            return np.zeros((by1 - by0, bx1 - bx0, 2), dtype=np.float32)
        h, w = disp.shape[:2]
        big = cv2.resize(disp, (w * g, h * g), interpolation=cv2.INTER_LINEAR)
        ox, oy = bx0 - origin[0], by0 - origin[1]
        return big[oy : oy + by1 - by0, ox : ox + bx1 - bx0]

    def lip_gap(self, pose: Pose) -> tuple[np.ndarray, np.ndarray]:
        """Image-space (N, 2) upper and lower edges of the painted mouth gap."""
        drop, shift = self.mouth_params(pose)
        return self._dst_lip_edges(drop, shift, pose)

    def _lip_edges(self, drop: float, shift: float) -> tuple[np.ndarray, np.ndarray]:
        """Local (u, v) gap edges; memoised because one frame asks three times."""
        key = (drop, shift)
        cached = self._edges_memo
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]
        upper, lower = self.mouth.lip_edges(drop, shift)
        self._edges_memo = (key, upper, lower)  # one tuple: safe across threads
        return upper, lower

    def _dst_lip_edges(
        self, drop: float, shift: float, pose: Pose
    ) -> tuple[np.ndarray, np.ndarray]:
        """Image-space upper and lower gap edges after the mouth and head motion."""
        upper, lower = self._lip_edges(drop, shift)
        out = []
        for curve in (upper, lower):
            x, y = self.mouth.frame.to_image(curve[:, 0], curve[:, 1])
            if pose.head_x or pose.head_y or pose.head_roll:
                dx, dy = self.head.forward(x, y, pose.head_x, pose.head_y, pose.head_roll)
                x, y = x + dx, y + dy
            out.append(np.stack([x, y], axis=1))
        return out[0], out[1]

    def _paint_gap(self, out: np.ndarray, pose: Pose, drop: float, shift: float) -> None:
        upper, lower = self._lip_edges(drop, shift)
        frame = self.mouth.frame
        if pose.head_x or pose.head_y or pose.head_roll:
            # Move the edges with the head, then express them in the mouth frame again.
            moved = []
            for curve in (upper, lower):
                x, y = frame.to_image(curve[:, 0], curve[:, 1])
                dx, dy = self.head.forward(x, y, pose.head_x, pose.head_y, pose.head_roll)
                u, v = frame.to_local(x + dx, y + dy)
                moved.append(np.stack([u, v], axis=1))
            upper, lower = moved
        origin = (self._roi[0], self._roi[1])
        paint_interior(out, origin, frame, upper, lower, self.mouth.in_a, self.style)
