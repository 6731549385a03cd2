"""Idle life: blinks, brow accents and gentle head motion, deterministic for a seed.

Everything is precomputed per frame (a few floats each), so any frame can be
rendered on its own. Random draws are consumed in time order, so a shorter
`duration` with the same seed gives the same motion up to where it stops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sonic_desktop.engines.preview.mouth_curves import gaussian_smooth

# Blinks: humans blink every 2-6 s; a blink closes in ~90 ms and reopens in ~170 ms.
FIRST_BLINK_S = (0.6, 2.5)
BLINK_GAP_MIN_S = 1.8
BLINK_GAP_SHAPE, BLINK_GAP_SCALE = 2.0, 1.1
DOUBLE_BLINK_P = 0.12
CLOSE_S, HOLD_S, OPEN_S = 0.09, 0.04, 0.17
# Head motion amplitudes at motion_scale 1 and full speech energy (fractions of face size).
SWAY_X, SWAY_Y = 0.012, 0.008
ROLL_DEG = 1.3
NOD = 0.02
IDLE_SHARE = 0.4  # share of the sway that remains in silence


@dataclass(frozen=True)
class MotionCurves:
    blink: np.ndarray  # 0 open .. 1 shut
    brow: np.ndarray  # 0..1 brow raise
    head_x: np.ndarray  # px
    head_y: np.ndarray  # px
    head_roll: np.ndarray  # radians

    def max_head_px(self, reach: float) -> float:
        """Largest head displacement within `reach` px of the roll pivot."""
        if self.head_x.size == 0:
            return 0.0
        shift = float(np.max(np.hypot(self.head_x, self.head_y)))
        return shift + float(np.max(np.abs(self.head_roll))) * reach


def blink_curve(frame_count: int, fps: float, rng: np.random.Generator) -> np.ndarray:
    """Per-frame eyelid closure from a random blink schedule."""
    duration = frame_count / fps
    starts: list[float] = []
    t = rng.uniform(*FIRST_BLINK_S)
    while t < duration:
        starts.append(t)
        if rng.random() < DOUBLE_BLINK_P:
            starts.append(t + CLOSE_S + HOLD_S + OPEN_S + 0.08)
        t += BLINK_GAP_MIN_S + rng.gamma(BLINK_GAP_SHAPE, BLINK_GAP_SCALE)
    times = (np.arange(frame_count) + 0.5) / fps
    out = np.zeros(frame_count, dtype=np.float64)
    for start in starts:
        out = np.maximum(out, _blink_shape(times - start))
    return out.astype(np.float32)


def _blink_shape(dt: np.ndarray) -> np.ndarray:
    closing = np.clip(dt / CLOSE_S, 0.0, 1.0) ** 2  # accelerating lid
    opening = 1.0 - np.clip((dt - CLOSE_S - HOLD_S) / OPEN_S, 0.0, 1.0)
    opening = opening * opening * (3.0 - 2.0 * opening)
    shape = np.where(dt < CLOSE_S, closing, opening)
    return np.where((dt < 0) | (dt > CLOSE_S + HOLD_S + OPEN_S), 0.0, shape)


def smooth_noise(
    rng: np.random.Generator, frame_count: int, sigma: float, channels: int
) -> np.ndarray:
    """Unit-variance, smooth random curves (white noise through a Gaussian)."""
    radius = math.ceil(3 * sigma)
    noise = rng.standard_normal((frame_count + 2 * radius, channels))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= math.sqrt(float(np.sum(taps**2)))  # keeps the output variance at 1
    columns = [np.convolve(noise[:, c], taps, mode="valid") for c in range(channels)]
    return np.stack(columns, axis=1)[:frame_count]


def idle_motion(
    frame_count: int,
    fps: float,
    seed: int,
    energy: np.ndarray,
    face_width: float,
    face_height: float,
    gain: float = 1.0,
) -> MotionCurves:
    """Blinks, brow accents and head sway. Speech energy livens the head up."""
    blink_seq, head_seq = np.random.SeedSequence(int(seed)).spawn(2)
    blink = blink_curve(frame_count, fps, np.random.default_rng(blink_seq))
    rng = np.random.default_rng(head_seq)
    slow = smooth_noise(rng, frame_count, 1.2 * fps, 3)
    fast = smooth_noise(rng, frame_count, 0.35 * fps, 3)
    e = np.clip(np.asarray(energy, dtype=np.float64), 0.0, 1.0)[:frame_count]
    if e.size < frame_count:
        e = np.pad(e, (0, frame_count - e.size))
    amp = gain * (IDLE_SHARE + (1.0 - IDLE_SHARE) * e)
    sway = 0.75 * slow + 0.45 * fast * e[:, None]
    # Emphasis: when speech gets louder than its recent average the head dips a little
    # and the brows lift.
    accent = np.clip(e - gaussian_smooth(e, 0.8 * fps), 0.0, None)
    head_x = amp * sway[:, 0] * SWAY_X * face_width
    head_y = amp * sway[:, 1] * SWAY_Y * face_height + gain * NOD * face_height * accent
    roll = amp * sway[:, 2] * math.radians(ROLL_DEG)
    brow = np.clip(gain * 3.0 * gaussian_smooth(accent, 2.0), 0.0, 1.0)
    return MotionCurves(
        blink=blink,
        brow=brow.astype(np.float32),
        head_x=head_x.astype(np.float32),
        head_y=head_y.astype(np.float32),
        head_roll=roll.astype(np.float32),
    )
