"""Synthetic media for the media tests: numpy signals, written with stdlib `wave`
and encoded with the bundled ffmpeg (the only ffmpeg CI has)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from wav_files import write_wav

from sonic_desktop.media.ffmpeg import ffmpeg_exe

TONE_HZ = 440.0


def speech_like(seconds: float, rate: int, channels: int = 2, seed: int = 0) -> np.ndarray:
    """A 440 Hz tone plus noise whose loudness pulses at 4 Hz like syllables;
    (frames, channels) float in -1..1."""
    t = np.arange(round(seconds * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * TONE_HZ * t)
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 4.0 * t)
    noise = np.random.default_rng(seed).standard_normal((len(t), channels)) * 0.05
    return tone[:, None] + noise * envelope[:, None]


def run_ffmpeg(*args: str | Path) -> None:
    cmd = [ffmpeg_exe(), "-hide_banner", "-v", "error", "-nostdin", "-y", *map(str, args)]
    subprocess.run(cmd, check=True, capture_output=True)


@pytest.fixture(scope="session")
def tone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1 s, 44.1 kHz, stereo speech-like test signal."""
    folder = tmp_path_factory.mktemp("tone")
    return write_wav(folder / "tone.wav", speech_like(1.0, 44100), 44100)


@pytest.fixture
def make_wav(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, seconds: float, rate: int = 44100, channels: int = 2) -> Path:
        return write_wav(tmp_path / name, speech_like(seconds, rate, channels), rate)

    return make


@pytest.fixture
def encode() -> Callable[..., None]:
    """Run the bundled ffmpeg with the given arguments (fails the test on error)."""
    return run_ffmpeg


@pytest.fixture
def wav_writer() -> Callable[[Path, np.ndarray, int], Path]:
    return write_wav
