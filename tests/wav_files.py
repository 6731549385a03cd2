"""Write test recordings: float samples in [-1, 1] as 16-bit PCM WAV, stdlib only.

A plain module (not a conftest) so any test folder can import it.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    """Mono for 1-D `samples`, one channel per column for 2-D; parents are created."""
    data = samples if samples.ndim == 2 else samples[:, None]
    pcm = (np.clip(data, -1.0, 1.0) * 32767).round().astype("<i2")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(data.shape[1])
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())
    return path
