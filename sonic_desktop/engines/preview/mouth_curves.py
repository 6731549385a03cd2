"""Speech audio → per-frame mouth curves (openness, width, rounding) and speech energy.

Language-independent: only acoustics are used, no phonemes.

- Openness follows the loudness of the 300-3000 Hz band (where vowels carry their
  energy and nasal murmurs, voice bars and hiss do not), shaped by the first formant:
  a high F1 means an open vowel (/a/), a low F1 a close one (/i/, /u/).
- Width follows the second formant: a high F2 spreads the lips (/i/, /e/), a low F2
  together with a low F1 rounds them (/u/, /o/).
- A silent gap that ends in an abrupt burst is a plosive closure: the lips are forced
  shut there, after smoothing, so the closure survives it.

`analyse_audio` is the expensive, cacheable part (no user gain applied);
`mouth_curves` turns it into curves for given `dynamic_scale` / `temporal_smoothing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

HOP_S = 0.010  # analysis hop: 10 ms resolves plosive gaps and bursts
WIN_S = 0.025
CHUNK_FRAMES = 1024  # video frames analysed at once, so memory stays flat for long clips
# Cepstral lifter (in samples at 16 kHz): keeps the formant envelope and removes the
# harmonic ripple of voices up to ~400 Hz pitch.
LIFTER_S = 36 / 16000
EPS = 1e-12
MAX_OPENNESS = 1.6


@dataclass(frozen=True)
class AudioFeatures:
    """Per-video-frame acoustic features, independent of user gain (the cached part)."""

    fps: float
    level: np.ndarray  # 0..~1.25: compressed 300-3000 Hz loudness, 0 in silence
    f1: np.ndarray  # Hz, first-formant estimate (0 where unvoiced/silent)
    f2: np.ndarray  # Hz, second-formant estimate
    sonority: np.ndarray  # 0..1: share of energy below 3 kHz (low for hiss)
    closure: np.ndarray  # 0/1: lips shut before a plosive burst

    @property
    def frame_count(self) -> int:
        return int(self.level.shape[0])


@dataclass(frozen=True)
class MouthCurves:
    """What the warp consumes, one value per output frame."""

    openness: np.ndarray  # 0 closed .. ~1 wide open (× dynamic_scale, ≤ MAX_OPENNESS)
    width: np.ndarray  # relative mouth-width change: + spread, − narrowed
    rounding: np.ndarray  # 0..1 lip rounding (pursing)
    energy: np.ndarray  # 0..1 slow speech energy (drives head motion)


def analyse_audio(
    samples: np.ndarray, sample_rate: int, frame_count: int, fps: float = 25.0
) -> AudioFeatures:
    """Acoustic features for `frame_count` video frames.

    Frame k is on screen from k / fps to (k + 1) / fps, so it describes the sound
    around the middle of that span, (k + 0.5) / fps.
    """
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    hop = max(1, round(sample_rate * HOP_S))
    win = max(8, round(sample_rate * WIN_S))
    n_fft = 1 << (win - 1).bit_length()
    freqs = np.fft.rfftfreq(n_fft, 1.0 / sample_rate)
    hops_per_frame = sample_rate / fps / hop
    # Hop j is centred on sample j * hop (the signal is padded by half a window).
    first = 0.5 * hops_per_frame  # hop index of frame 0's centre
    n_hops = int(np.ceil((frame_count - 0.5) * hops_per_frame)) + 4
    taper = np.hanning(win).astype(np.float32)
    band = _band_masks(freqs)
    lifter = max(4, round(LIFTER_S * sample_rate))
    kernel = np.array([1.0, 2.0, 3.0, 2.0, 1.0], dtype=np.float32) / 9.0

    hop_mid = np.zeros(n_hops, dtype=np.float32)
    mid = np.zeros(frame_count, dtype=np.float32)
    f1 = np.zeros(frame_count, dtype=np.float32)
    f2 = np.zeros(frame_count, dtype=np.float32)
    sonority = np.zeros(frame_count, dtype=np.float32)
    flatness = np.zeros(frame_count, dtype=np.float32)
    for start in range(0, frame_count, CHUNK_FRAMES):
        stop = min(frame_count, start + CHUNK_FRAMES)
        centres = np.rint(first + np.arange(start, stop) * hops_per_frame).astype(np.int64)
        h0, h1 = max(0, centres[0] - 2), min(n_hops, centres[-1] + 3)
        windows = _windows(x, h0, h1, hop, win)
        power = np.abs(np.fft.rfft(windows * taper, n_fft)) ** 2
        hop_mid[h0:h1] = power[:, band["mid"]].sum(axis=1)
        # Each video frame pools five hops (≈65 ms) with a triangular weight.
        pooled = np.zeros((stop - start, power.shape[1]), dtype=np.float64)
        for offset, weight in zip(range(-2, 3), kernel, strict=True):
            idx = np.clip(centres + offset - h0, 0, h1 - h0 - 1)
            pooled += weight * power[idx]
        sl = slice(start, stop)
        mid_power = pooled[:, band["mid"]]
        mid[sl] = mid_power.sum(axis=1)
        # Spectral flatness: ~0.9 for noise, < 0.1 for voiced sounds with harmonics.
        geo = np.exp(np.mean(np.log(mid_power + EPS), axis=1))
        flatness[sl] = geo / (mid_power.mean(axis=1) + EPS)
        total = pooled[:, band["all"]].sum(axis=1) + EPS
        sonority[sl] = pooled[:, band["sonorant"]].sum(axis=1) / total
        f1[sl], f2[sl] = _formants(pooled, freqs, lifter)

    # Digital silence: a -70 dBFS sine's energy in one analysis window.
    floor = 0.5 * float(np.sum(taper**2)) * n_fft * 0.5 * (10 ** (-70 / 20)) ** 2
    level = _compressed_level(mid, flatness, hop_mid, floor)
    closure = _plosive_closures(hop_mid, frame_count, hops_per_frame, first)
    silent = level <= 0
    f1[silent] = 0.0
    f2[silent] = 0.0
    return AudioFeatures(fps, level, f1, f2, sonority.astype(np.float32), closure)


def mouth_curves(
    features: AudioFeatures, dynamic_scale: float = 1.0, temporal_smoothing: bool = True
) -> MouthCurves:
    """Turn features into mouth curves; smoothing is zero-phase so it adds no lag."""
    level = features.level.astype(np.float64)
    voiced = np.clip(level * 3.0, 0.0, 1.0)  # how much the vowel shape can show
    # Open vowels (F1 ≈ 750 Hz) open the jaw fully; close vowels (F1 ≈ 300 Hz) about half.
    f1_open = np.clip((features.f1 - 300.0) / 450.0, 0.0, 1.0)
    shape = 0.55 + 0.45 * np.where(voiced > 0, f1_open, 1.0)
    hiss = 0.45 + 0.55 * np.clip((features.sonority - 0.3) / 0.5, 0.0, 1.0)
    openness = level * shape * hiss

    # F2 above ~1700 Hz spreads the lips; below ~1200 Hz with a low F1 rounds them.
    spread = np.clip((features.f2 - 1700.0) / 600.0, 0.0, 1.0) * voiced
    low_f1 = 1.0 - np.clip((features.f1 - 450.0) / 200.0, 0.0, 1.0)
    rounding = np.clip((1250.0 - features.f2) / 400.0, 0.0, 1.0) * low_f1 * voiced
    rounding *= features.f2 > 0
    width = 0.6 * spread - rounding

    if temporal_smoothing:
        openness = gaussian_smooth(openness, 1.0)
        width = gaussian_smooth(width, 1.5)
        rounding = gaussian_smooth(rounding, 1.5)
    # Closures are applied after smoothing so they are not smeared open again.
    shut = features.closure.astype(np.float64)
    openness = openness * (1.0 - shut)
    rounding = rounding * (1.0 - 0.5 * shut)
    scale = float(dynamic_scale)
    energy = np.clip(gaussian_smooth(level, 4.0), 0.0, 1.0)
    return MouthCurves(
        openness=np.clip(openness * scale, 0.0, MAX_OPENNESS).astype(np.float32),
        width=np.clip(width * scale, -1.5, 1.5).astype(np.float32),
        rounding=np.clip(rounding * scale, 0.0, 1.5).astype(np.float32),
        energy=energy.astype(np.float32),
    )


def gaussian_smooth(values: np.ndarray, sigma: float) -> np.ndarray:
    """Centred (zero-phase) Gaussian smoothing with mirrored edges."""
    v = np.asarray(values, dtype=np.float64)
    if sigma <= 0 or v.size < 2:
        return v.copy()
    radius = max(1, int(np.ceil(3 * sigma)))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= taps.sum()
    pad = min(radius, v.size - 1)
    padded = np.pad(v, pad, mode="reflect")
    if pad < radius:  # very short curves: fall back to edge padding for the rest
        padded = np.pad(padded, radius - pad, mode="edge")
    return np.convolve(padded, taps, mode="valid")


def _windows(x: np.ndarray, h0: int, h1: int, hop: int, win: int) -> np.ndarray:
    """Analysis windows of hops h0..h1-1, hop j centred on sample j * hop (zeros
    outside the signal). Built per chunk, so no padded copy of a long clip exists."""
    first = h0 * hop - win // 2
    segment = np.zeros((h1 - h0 - 1) * hop + win, dtype=np.float32)
    lo, hi = max(first, 0), min(first + len(segment), len(x))
    if hi > lo:
        segment[lo - first : hi - first] = x[lo:hi]
    return sliding_window_view(segment, win)[::hop]


def _band_masks(freqs: np.ndarray) -> dict[str, np.ndarray]:
    return {
        "mid": (freqs >= 300) & (freqs <= 3000),
        "all": (freqs >= 80) & (freqs <= 7600),
        "sonorant": (freqs >= 80) & (freqs <= 3000),
    }


def _formants(power: np.ndarray, freqs: np.ndarray, lifter: int) -> tuple[np.ndarray, np.ndarray]:
    """F1/F2 as peaks of the cepstrally smoothed spectrum (no LPC root finding needed)."""
    log_power = np.log(power + EPS)
    cep = np.fft.irfft(log_power, axis=1)
    cep[:, lifter:-lifter] = 0.0
    env = np.fft.rfft(cep, axis=1).real[:, : len(freqs)]
    f1_band = np.flatnonzero((freqs >= 200) & (freqs <= 1000))
    f1 = freqs[f1_band[np.argmax(env[:, f1_band], axis=1)]]
    # F2 is searched above F1 (at least 250 Hz higher), within 700-3000 Hz.
    f2_band = (freqs >= 700) & (freqs <= 3000)
    allowed = f2_band[None, :] & (freqs[None, :] >= f1[:, None] + 250.0)
    masked = np.where(allowed, env, -np.inf)
    f2 = freqs[np.argmax(masked, axis=1)]
    return f1.astype(np.float32), f2.astype(np.float32)


def _compressed_level(
    energy: np.ndarray, flatness: np.ndarray, hop_energy: np.ndarray, floor: float
) -> np.ndarray:
    """Band energy → 0..~1.25 opening level relative to this clip's speech peaks.

    Amplitude^0.7 sits between linear (quiet syllables barely open) and dB (every
    consonant opens). The gate sits ~35 dB below the speech level; for noise-like
    frames (flat spectrum) it rises to ~9 dB above the noise floor, so steady
    background noise keeps the mouth shut while a sustained vowel does not.
    `floor` is an absolute digital-silence level.
    """
    energy = np.asarray(energy, dtype=np.float64)
    if energy.size == 0:
        return np.zeros(0, dtype=np.float32)
    peak = np.percentile(energy, 99.5)
    if peak <= floor:
        return np.zeros(energy.shape, dtype=np.float32)
    active = energy[energy > peak * 10 ** (-35 / 10)]
    ref = max(float(np.percentile(active, 85)), EPS)
    # 10 ms hops catch the short gaps between syllables that 40 ms frames blur.
    noise = max(float(np.percentile(hop_energy, 5)), floor)
    compressed = (energy / ref) ** 0.35  # = amplitude ** 0.7
    base_gate = (10 ** (-35 / 10)) ** 0.35
    noise_gate = 2.0 * (noise / ref) ** 0.35
    noisy = np.clip((flatness - 0.15) / 0.2, 0.0, 1.0)
    gate = np.maximum(base_gate, noise_gate * noisy)
    level = np.clip((compressed - gate) / (1.0 - np.minimum(gate, 0.9)), 0.0, None)
    level = 1.25 * np.tanh(level / 1.25)  # soft ceiling for shouted syllables
    return level.astype(np.float32)


def _plosive_closures(
    hop_energy: np.ndarray, frame_count: int, hops_per_frame: float, first: float
) -> np.ndarray:
    """Frames where the lips are shut: a quiet gap of 30-250 ms right before a burst."""
    out = np.zeros(frame_count, dtype=np.float32)
    if hop_energy.size < 4 or hop_energy.max() <= 1e-10:
        return out
    db = 10.0 * np.log10(hop_energy + EPS)
    speech = np.percentile(db, 95)
    quiet = db < speech - 30.0
    shut = np.zeros(hop_energy.size, dtype=bool)
    run = 0
    for j in range(1, hop_energy.size):
        if quiet[j - 1]:
            run += 1
        else:
            run = 0
        rises = not quiet[j] and db[j] - db[j - 1] > 15.0 and db[j] > speech - 25.0
        if rises and run >= 3:
            shut[j - min(run, 25) : j] = True
            run = 0
    # A frame is shut when its own (central) hops are.
    for k in range(frame_count):
        c = round(first + k * hops_per_frame)
        lo, hi = max(0, c - 1), min(shut.size, c + 2)
        if lo < hi and shut[lo:hi].all():
            out[k] = 1.0
    return out
