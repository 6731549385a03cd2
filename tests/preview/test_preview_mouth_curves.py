"""Speech → mouth curves: vowels open, silence shuts, plosives close, lips round."""

from __future__ import annotations

import numpy as np
import pytest
from preview_helpers import (
    OPEN_A,
    ROUND_U,
    SPREAD_I,
    SR,
    burst,
    frames_for,
    load_example_speech,
    rms_envelope,
    silence,
    vowel,
)

from sonic_desktop.engines.preview.mouth_curves import (
    MAX_OPENNESS,
    analyse_audio,
    gaussian_smooth,
    mouth_curves,
)


def curves_for(samples: np.ndarray):
    features = analyse_audio(samples, SR, frames_for(samples))
    return features, mouth_curves(features)


def frames_between(start_s: float, end_s: float, fps: float = 25.0) -> np.ndarray:
    """Frames whose centre time lies inside [start_s, end_s)."""
    k = np.arange(round(end_s * fps) + 2)
    centres = (k + 0.5) / fps
    return k[(centres >= start_s) & (centres < end_s)]


def test_open_vowel_opens_the_mouth_and_silence_keeps_it_shut() -> None:
    signal = np.concatenate([silence(0.5), vowel(OPEN_A, 0.6), silence(0.5)])
    _, curves = curves_for(signal)
    assert curves.openness[frames_between(0.0, 0.4)].max() == 0.0
    assert curves.openness[frames_between(1.3, 1.6)].max() == 0.0
    assert curves.openness[frames_between(0.6, 1.0)].mean() > 0.5
    # Silence is also relaxed: no spreading or rounding.
    quiet = frames_between(0.0, 0.4)
    assert np.all(curves.width[quiet] == 0.0) and np.all(curves.rounding[quiet] == 0.0)


def test_silent_or_noise_only_audio_never_opens_the_mouth() -> None:
    _, zeros = curves_for(silence(2.0))
    assert np.all(zeros.openness == 0.0)
    # Steady background noise (a fan at -30 dBFS) with no speech in it.
    noise = np.random.default_rng(1).standard_normal(2 * SR).astype(np.float32) * 0.03
    _, hiss = curves_for(noise)
    assert hiss.openness.max() < 0.05


def test_plosive_burst_closes_the_lips_before_it() -> None:
    # "a-pa": vowel, 80 ms lip closure (silent), release burst, vowel.
    signal = np.concatenate([vowel(OPEN_A, 0.5), silence(0.08), burst(), vowel(OPEN_A, 0.5)])
    features, curves = curves_for(signal)
    closure = frames_between(0.52, 0.58)  # frame centres well inside the gap
    assert closure.size >= 1
    assert np.all(features.closure[closure] == 1.0)
    assert curves.openness[closure].max() < 0.05
    assert curves.openness[frames_between(0.2, 0.4)].min() > 0.5
    assert curves.openness[frames_between(0.75, 0.95)].min() > 0.5


def test_rounded_vowel_narrows_the_lips_and_spread_vowel_widens_them() -> None:
    gap = silence(0.4)
    signal = np.concatenate([gap, vowel(SPREAD_I, 0.6), gap, vowel(ROUND_U, 0.6), gap])
    _, curves = curves_for(signal)
    ee = frames_between(0.55, 0.9)  # /i/ as in "see"
    oo = frames_between(1.55, 1.9)  # /u/ as in "moon"
    assert curves.width[ee].mean() > 0.3
    assert curves.width[oo].mean() < -0.5
    assert curves.rounding[oo].mean() > 0.6
    assert curves.rounding[ee].max() < 0.05


def test_open_vowel_opens_wider_than_close_vowel() -> None:
    gap = silence(0.4)
    signal = np.concatenate([gap, vowel(OPEN_A, 0.6), gap, vowel(SPREAD_I, 0.6), gap])
    _, curves = curves_for(signal)
    aa = curves.openness[frames_between(0.55, 0.9)].mean()
    ee = curves.openness[frames_between(1.55, 1.9)].mean()
    assert aa > 1.5 * ee > 0.0


def test_dynamic_scale_is_a_gain_on_the_mouth() -> None:
    features, _ = curves_for(load_example_speech("speech_en.wav"))
    normal = mouth_curves(features, dynamic_scale=1.0)
    strong = mouth_curves(features, dynamic_scale=1.5)
    weak = mouth_curves(features, dynamic_scale=0.5)
    assert weak.openness.mean() < normal.openness.mean() < strong.openness.mean()
    unclipped = strong.openness < MAX_OPENNESS
    np.testing.assert_allclose(
        strong.openness[unclipped], 1.5 * normal.openness[unclipped], rtol=1e-5
    )
    # Head-motion energy is a property of the speech, not of the gain.
    np.testing.assert_array_equal(strong.energy, normal.energy)


def test_temporal_smoothing_smooths_without_lag() -> None:
    features, _ = curves_for(load_example_speech("speech_en.wav"))
    raw = mouth_curves(features, temporal_smoothing=False).openness.astype(np.float64)
    smooth = mouth_curves(features, temporal_smoothing=True).openness.astype(np.float64)
    a, b = raw - raw.mean(), smooth - smooth.mean()
    lags = range(-5, 6)
    xcorr = [
        float(np.dot(a[max(0, -k) : len(a) - max(0, k)], b[max(0, k) : len(b) - max(0, -k)]))
        for k in lags
    ]
    assert list(lags)[int(np.argmax(xcorr))] == 0
    # ... and it does smooth: less frame-to-frame jitter.
    assert np.sum(np.diff(smooth, 2) ** 2) < 0.7 * np.sum(np.diff(raw, 2) ** 2)


def test_gaussian_smoothing_is_symmetric() -> None:
    impulse = np.zeros(41)
    impulse[20] = 1.0
    out = gaussian_smooth(impulse, 2.0)
    np.testing.assert_allclose(out, out[::-1], atol=1e-12)
    assert int(np.argmax(out)) == 20
    assert out.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["speech_en.wav", "speech_zh.wav"])
def test_openness_follows_speech_in_english_and_mandarin(name: str) -> None:
    samples = load_example_speech(name)
    features, curves = curves_for(samples)
    envelope = rms_envelope(samples, features.frame_count)
    openness = curves.openness.astype(np.float64)

    def r(lag: int) -> float:
        x = openness[max(0, -lag) : len(openness) - max(0, lag)]
        y = envelope[max(0, lag) : len(envelope) - max(0, -lag)]
        return float(np.corrcoef(x, y)[0, 1])

    by_lag = {lag: r(lag) for lag in range(-3, 4)}
    assert by_lag[0] >= 0.75, by_lag
    assert max(by_lag, key=by_lag.__getitem__) == 0, by_lag
    # The mouth both opens wide and rests shut during the utterance.
    assert openness.max() > 0.6
    assert np.mean(openness < 0.05) > 0.1


def test_curves_cover_every_frame_even_past_the_audio() -> None:
    samples = vowel(OPEN_A, 0.3)
    features = analyse_audio(samples, SR, 20)  # 0.8 s of frames for 0.3 s of sound
    curves = mouth_curves(features)
    assert features.frame_count == 20
    for values in (curves.openness, curves.width, curves.rounding, curves.energy):
        assert values.shape == (20,) and values.dtype == np.float32
        assert np.all(np.isfinite(values))
    assert curves.openness[-3:].max() == 0.0


def test_other_sample_rates_give_the_same_curves_roughly() -> None:
    from scipy.signal import resample_poly

    signal = np.concatenate([silence(0.3), vowel(OPEN_A, 0.5), silence(0.3)])
    at_16k = mouth_curves(analyse_audio(signal, SR, frames_for(signal))).openness
    at_48k = resample_poly(signal, 3, 1).astype(np.float32)
    other = mouth_curves(analyse_audio(at_48k, 48_000, frames_for(signal))).openness
    np.testing.assert_allclose(other, at_16k, atol=0.1)
