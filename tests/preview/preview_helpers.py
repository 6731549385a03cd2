"""Helpers for the preview-engine tests: synthetic speech-like sounds, an RMS
envelope, and access to the bundled examples (skipping when they are absent)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.signal import lfilter

SR = 16_000
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"

# Formants (Hz, bandwidth) of three cardinal vowels (Peterson & Barney averages).
OPEN_A = ((730, 90), (1090, 110), (2440, 170))
SPREAD_I = ((270, 60), (2290, 100), (3010, 150))
ROUND_U = ((300, 60), (870, 80), (2240, 150))


def vowel(formants: tuple[tuple[int, int], ...], seconds: float, f0: float = 120.0) -> np.ndarray:
    """A glottal pulse train through formant resonators: a crude but real vowel."""
    n = round(seconds * SR)
    source = np.zeros(n)
    source[np.arange(0, n, SR / f0).astype(int)] = 1.0
    out = source
    for freq, bandwidth in formants:
        r = np.exp(-np.pi * bandwidth / SR)
        theta = 2 * np.pi * freq / SR
        out = lfilter([1 - r], [1, -2 * r * np.cos(theta), r * r], out)
    out = out / np.max(np.abs(out)) * 0.3
    t = np.arange(n) / SR
    ramp = np.minimum(1.0, np.minimum(t / 0.03, (seconds - t) / 0.03))  # no clicks
    return (out * ramp).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * SR), dtype=np.float32)


def burst(seconds: float = 0.015, seed: int = 0) -> np.ndarray:
    """The release of a plosive: a short decaying noise burst."""
    n = round(seconds * SR)
    noise = np.random.default_rng(seed).standard_normal(n)
    return (noise * np.exp(-np.arange(n) / (n / 4)) * 0.3).astype(np.float32)


def frames_for(samples: np.ndarray, fps: float = 25.0) -> int:
    return round(len(samples) / SR * fps)


def rms_envelope(samples: np.ndarray, frames: int, fps: float = 25.0) -> np.ndarray:
    """RMS over each frame's own span (the reference curve mouth opening should follow)."""
    hop = SR / fps
    out = np.zeros(frames)
    for k in range(frames):
        seg = samples[round(k * hop) : round((k + 1) * hop)]
        out[k] = np.sqrt(np.mean(seg.astype(np.float64) ** 2)) if seg.size else 0.0
    return out


def example(name: str) -> Path:
    path = EXAMPLES / name
    if not path.is_file():
        pytest.skip(f"resources/examples/{name} is not present")
    return path


def load_example_speech(name: str) -> np.ndarray:
    from sonic_desktop.media import load_audio

    clip = load_audio(example(name), SR)
    assert clip.sample_rate == SR
    return clip.samples
