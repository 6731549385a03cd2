"""Blinks and head motion: natural rates, deterministic for a seed, scaled by the gain."""

from __future__ import annotations

import numpy as np

from sonic_desktop.engines.preview.motion import idle_motion

FPS = 25.0
FACE_W, FACE_H = 260.0, 240.0


def motion(seconds: float, seed: int, energy: float | np.ndarray = 0.5, gain: float = 1.0):
    n = round(seconds * FPS)
    e = np.full(n, energy) if np.isscalar(energy) else np.asarray(energy)
    return idle_motion(n, FPS, seed, e, FACE_W, FACE_H, gain=gain)


def test_same_seed_same_motion_and_other_seed_other_motion() -> None:
    a, b, c = motion(20, 7), motion(20, 7), motion(20, 8)
    for name in ("blink", "brow", "head_x", "head_y", "head_roll"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert not np.allclose(a.head_x, c.head_x)
    assert not np.array_equal(a.blink, c.blink)


def test_blinks_come_at_a_natural_rate_and_close_the_eyes() -> None:
    m = motion(60, 3)
    assert m.blink.min() >= 0.0 and m.blink.max() <= 1.0
    onsets = np.flatnonzero((m.blink[1:] >= 0.5) & (m.blink[:-1] < 0.5))
    assert 8 <= onsets.size <= 30  # people blink every 2-6 s
    assert m.blink.max() > 0.8
    assert np.mean(m.blink > 0.05) < 0.15  # eyes are open most of the time


def test_a_shorter_clip_with_the_same_seed_starts_with_the_same_motion() -> None:
    long, short = motion(20, 11, energy=0.0), motion(10, 11, energy=0.0)
    n = short.blink.size
    np.testing.assert_array_equal(long.blink[:n], short.blink)
    np.testing.assert_array_equal(long.head_x[:n], short.head_x)


def test_gain_scales_head_motion_linearly() -> None:
    one, two = motion(10, 5, gain=1.0), motion(10, 5, gain=2.0)
    np.testing.assert_allclose(two.head_x, 2 * one.head_x, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(two.head_roll, 2 * one.head_roll, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(two.blink, one.blink)  # blinking is not "motion strength"


def test_speech_livens_the_head_but_silence_keeps_a_gentle_idle_sway() -> None:
    quiet, loud = motion(30, 2, energy=0.0), motion(30, 2, energy=1.0)
    assert np.std(loud.head_x) > 1.5 * np.std(quiet.head_x)
    assert np.std(quiet.head_x) > 0.0  # never frozen
    assert np.abs(loud.head_x).max() < 0.05 * FACE_W  # gentle
    assert np.degrees(np.abs(loud.head_roll).max()) < 4.0
    assert quiet.brow.max() == 0.0  # brows lift only on emphasis


def test_emphasis_dips_the_head_and_lifts_the_brows() -> None:
    energy = np.zeros(250)
    energy[120:140] = 1.0  # a stressed syllable after silence
    m = motion(10, 1, energy=energy)
    base = motion(10, 1, energy=np.zeros(250))
    assert m.brow[125:140].max() > 0.3
    assert (m.head_y - base.head_y)[120:140].mean() > 0.0  # down (image y grows down)
