"""Speech decoding: any format the bundled ffmpeg reads becomes 16 kHz mono float32.

The result matches the official Sonic pipeline (`librosa.load(path, sr=16000)`):
all channels decoded at the source rate and averaged (librosa's `to_mono`; ffmpeg's
own `-ac 1` downmix weighs channels differently), then resampled with soxr 'HQ'
and padded or trimmed to ceil(n * ratio) samples as librosa does.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soxr

from sonic_desktop.core.errors import AudioTooShort, SilentAudio, UnsupportedAudio

from .ffmpeg import MediaProbe, decoded_duration, error_summary, path_arg, probe, run_ffmpeg

MIN_DURATION_S = 0.1
SILENT_PEAK = 1e-4
SILENT_RMS_DBFS = -60.0

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)  # eq=False: comparing arrays with == is ambiguous
class AudioClip:
    samples: np.ndarray  # float32, mono, 1-D
    sample_rate: int
    source: Path
    source_format: str  # the source codec as ffmpeg names it: "mp3", "aac", "pcm_s16le"
    source_sample_rate: int
    source_channels: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


def _check_file(path: Path) -> None:
    if not path.exists():
        raise UnsupportedAudio(f"Audio file not found: {path.name}")
    if path.is_dir():
        raise UnsupportedAudio(f"{path.name} is a folder, not an audio file")
    if path.stat().st_size == 0:
        raise UnsupportedAudio(f"{path.name} is empty (0 bytes)")


def _probe_audio(path: Path) -> MediaProbe:
    _check_file(path)
    info = probe(path)
    if info.error is not None:
        # ffmpeg's own words ("detected only with low score of 1") help a bug report,
        # not the user: they go to the log, the message says what it means.
        log.info("ffmpeg cannot read %s: %s", path, info.error)
        raise UnsupportedAudio(
            f"{path.name} is not a recording that can be read (not audio, or damaged)"
        )
    if info.first("audio") is None:
        raise UnsupportedAudio(f"{path.name} has no audio track")
    return info


def _decode(path: Path, rate: int, channels: int | None) -> tuple[np.ndarray, int]:
    """(frames x channels float32, channel count) at the source rate."""
    args = ["-nostdin", "-v", "error", "-i", path_arg(path), "-map", "0:a:0", "-vn", "-sn", "-dn"]
    # Naming the source's own rate and channel count is a no-op, except that a stream
    # which changes them midway is converted instead of yielding garbled frames.
    args += ["-ar", str(rate), "-ac", str(channels or 1)]
    args += ["-f", "f32le", "-c:a", "pcm_f32le", "pipe:1"]
    result = run_ffmpeg(args)
    if result.returncode != 0:
        error = error_summary(result.stderr.decode("utf-8", "replace").splitlines())
        log.info("ffmpeg cannot decode %s: %s", path, error)
        raise UnsupportedAudio(
            f"The sound in {path.name} cannot be decoded (the file may be damaged)"
        )
    count = channels or 1
    data = np.frombuffer(result.stdout, dtype="<f4")
    data = data[: len(data) // count * count].reshape(-1, count)
    return data, count


def _resample(mono: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    if source_rate == target_rate:
        return mono
    out = soxr.resample(mono, source_rate, target_rate, quality="HQ")
    length = math.ceil(len(mono) * target_rate / source_rate)
    if len(out) < length:
        out = np.pad(out, (0, length - len(out)))
    return np.asarray(out[:length], dtype=np.float32)


def load_audio(path: str | os.PathLike[str], sample_rate: int = 16000) -> AudioClip:
    path = Path(path)
    stream = _probe_audio(path).first("audio")
    assert stream is not None  # _probe_audio guarantees an audio stream
    # A stream whose rate the banner does not state is resampled by ffmpeg instead.
    source_rate = stream.sample_rate or sample_rate
    data, channels = _decode(path, source_rate, stream.channels)
    if len(data) / source_rate < MIN_DURATION_S:
        raise AudioTooShort(
            f"{path.name} is only {len(data) / source_rate:.2f} s long "
            f"(at least {MIN_DURATION_S} s is needed)"
        )
    mono = data.mean(axis=1, dtype=np.float32) if channels > 1 else data[:, 0]
    samples = np.ascontiguousarray(_resample(mono, source_rate, sample_rate), dtype=np.float32)

    peak = float(np.max(np.abs(samples)))
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    rms_dbfs = 20.0 * math.log10(max(rms, 1e-12))
    if peak < SILENT_PEAK or rms_dbfs < SILENT_RMS_DBFS:
        raise SilentAudio(f"{path.name} is silent or nearly so (level {rms_dbfs:.0f} dBFS)")
    return AudioClip(
        samples=samples,
        sample_rate=sample_rate,
        source=path,
        source_format=stream.codec,
        source_sample_rate=source_rate,
        source_channels=channels,
    )


def audio_duration(path: str | os.PathLike[str]) -> float:
    """Duration in seconds from the container header, without decoding; formats that
    do not state one (raw ADTS, some streams) are decoded to the null muxer instead."""
    path = Path(path)
    info = _probe_audio(path)
    if info.duration_s is not None and info.duration_s > 0:
        return info.duration_s
    duration = decoded_duration(path, "0:a:0")
    if duration is None:
        raise UnsupportedAudio(f"Cannot read the length of {path.name}")
    return duration


def waveform_peaks(samples: np.ndarray, bins: int) -> np.ndarray:
    """(bins, 2) float32 of (min, max) per bin for drawing; with more bins than
    samples, neighbouring bins repeat the same sample."""
    if bins <= 0:
        raise ValueError(f"bins must be positive, got {bins}")
    data = np.asarray(samples, dtype=np.float32).reshape(-1)
    if data.size == 0:
        return np.zeros((bins, 2), dtype=np.float32)
    starts = (np.arange(bins, dtype=np.int64) * data.size) // bins
    # reduceat covers [starts[i], starts[i+1]); where they are equal it yields data[starts[i]].
    lows = np.minimum.reduceat(data, starts)
    highs = np.maximum.reduceat(data, starts)
    return np.stack([lows, highs], axis=1).astype(np.float32, copy=False)
