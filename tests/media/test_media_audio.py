from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sonic_desktop.core.errors import AudioTooShort, SilentAudio, UnsupportedAudio
from sonic_desktop.media import AudioClip, audio_duration, load_audio, waveform_peaks

TONE_HZ = 440.0  # the tone in conftest.speech_like
Encode = Callable[..., None]
WavWriter = Callable[[Path, np.ndarray, int], Path]

# (suffix, encoder arguments, codec ffmpeg reports, source rate)
ENCODINGS = [
    ("mp3", ["-c:a", "libmp3lame", "-b:a", "128k"], "mp3", 44100),
    ("m4a", ["-c:a", "aac", "-b:a", "128k"], "aac", 44100),
    ("flac", ["-c:a", "flac"], "flac", 44100),
    ("ogg", ["-c:a", "libvorbis"], "vorbis", 44100),
    ("opus", ["-c:a", "libopus"], "opus", 48000),
]
# ffmpeg trims encoder delay (LAME tag, MP4 edit list, Ogg pre-skip) when decoding, so
# every format measured exactly 1.000 s here; 30 ms leaves room for other builds.
DURATION_TOLERANCE_S = 0.03


def dominant_hz(clip: AudioClip) -> float:
    spectrum = np.abs(np.fft.rfft(clip.samples * np.hanning(len(clip.samples))))
    return float(np.fft.rfftfreq(len(clip.samples), 1 / clip.sample_rate)[spectrum.argmax()])


def check_clip(clip: AudioClip, seconds: float = 1.0) -> None:
    assert clip.sample_rate == 16000
    assert clip.samples.dtype == np.float32 and clip.samples.ndim == 1
    assert abs(clip.duration_s - seconds) <= DURATION_TOLERANCE_S
    assert abs(dominant_hz(clip) - TONE_HZ) <= 2.0


def test_wav(tone_wav: Path) -> None:
    clip = load_audio(tone_wav)
    check_clip(clip)
    assert len(clip.samples) == 16000
    assert (clip.source_format, clip.source_sample_rate, clip.source_channels) == (
        "pcm_s16le",
        44100,
        2,
    )
    assert clip.source == tone_wav


@pytest.mark.parametrize(("suffix", "codec_args", "codec", "rate"), ENCODINGS)
def test_compressed_formats(
    tone_wav: Path,
    tmp_path: Path,
    encode: Encode,
    suffix: str,
    codec_args: list[str],
    codec: str,
    rate: int,
) -> None:
    path = tmp_path / f"speech.{suffix}"
    encode("-i", tone_wav, *codec_args, path)
    clip = load_audio(path)
    check_clip(clip)
    assert clip.source_format == codec
    assert clip.source_sample_rate == rate
    assert clip.source_channels == 2
    assert abs(audio_duration(path) - 1.0) <= DURATION_TOLERANCE_S


def test_audio_track_of_a_video(tone_wav: Path, tmp_path: Path, encode: Encode) -> None:
    path = tmp_path / "clip.mp4"
    encode(
        "-f", "lavfi", "-i", "color=c=blue:s=64x48:r=25:d=1", "-i", tone_wav,
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", path,
    )  # fmt: skip
    clip = load_audio(path)
    check_clip(clip)
    assert clip.source_format == "aac"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # audioread's aifc/sunau imports
def test_matches_librosa_load(tone_wav: Path) -> None:
    """The official Sonic pipeline loads speech with librosa.load(path, sr=16000)."""
    librosa = pytest.importorskip("librosa")
    expected, _ = librosa.load(tone_wav, sr=16000)
    samples = load_audio(tone_wav).samples
    assert samples.shape == expected.shape
    assert np.abs(samples - expected).max() < 1e-5


def test_mono_is_the_channel_mean(tmp_path: Path, wav_writer: WavWriter) -> None:
    t = np.arange(16000) / 16000
    left = 0.5 * np.sin(2 * np.pi * 300 * t)
    path = wav_writer(tmp_path / "left.wav", np.stack([left, np.zeros_like(left)], 1), 16000)
    clip = load_audio(path)  # 16 kHz already: no resampling involved
    assert abs(float(np.abs(clip.samples).max()) - 0.25) < 1e-3


def test_surround_and_mono_sources(make_wav: Callable[..., Path]) -> None:
    surround = load_audio(make_wav("six.wav", 1.0, 48000, 6))
    check_clip(surround)
    assert surround.source_channels == 6
    narrow = load_audio(make_wav("phone.wav", 1.0, 8000, 1))
    check_clip(narrow)
    assert (narrow.source_channels, narrow.source_sample_rate) == (1, 8000)


def test_shell_characters_in_the_name(tone_wav: Path, tmp_path: Path) -> None:
    path = tmp_path / "it's $HOME & `date`; 100%.wav"  # harmless only without a shell
    shutil.copy(tone_wav, path)
    check_clip(load_audio(path))


def test_chinese_path_with_spaces(tone_wav: Path, tmp_path: Path, encode: Encode) -> None:
    path = tmp_path / "我的 录音" / "讲话 1.mp3"
    path.parent.mkdir()
    encode("-i", tone_wav, path)
    check_clip(load_audio(path))
    assert abs(audio_duration(str(path)) - 1.0) <= DURATION_TOLERANCE_S


def test_silent_and_near_silent_audio(tmp_path: Path, wav_writer: WavWriter) -> None:
    wav_writer(tmp_path / "silence.wav", np.zeros(16000), 16000)
    with pytest.raises(SilentAudio, match=r"silence\.wav"):
        load_audio(tmp_path / "silence.wav")
    hiss = np.random.default_rng(1).standard_normal(16000) * 10**-3.6  # about -72 dBFS
    wav_writer(tmp_path / "hiss.wav", hiss, 16000)
    with pytest.raises(SilentAudio, match=r"hiss\.wav"):
        load_audio(tmp_path / "hiss.wav")


def test_too_short(make_wav: Callable[..., Path]) -> None:
    with pytest.raises(AudioTooShort, match=r"blip\.wav is only 0\.05 s"):
        load_audio(make_wav("blip.wav", 0.05))
    check_clip(load_audio(make_wav("ok.wav", 0.12)), seconds=0.12)


def test_not_audio(tmp_path: Path, tone_wav: Path, encode: Encode) -> None:
    (tmp_path / "notes.mp3").write_text("this is a text file, not audio\n" * 20)
    (tmp_path / "empty.wav").write_bytes(b"")
    video_only = tmp_path / "mute.mp4"
    encode("-f", "lavfi", "-i", "color=s=64x48:d=0.5", "-c:v", "libx264", video_only)
    broken = tmp_path / "broken.flac"
    encode("-i", tone_wav, broken)
    broken.write_bytes(broken.read_bytes()[:60])
    cases = {
        "notes.mp3": "notes.mp3",
        "empty.wav": "empty",
        "mute.mp4": "no audio track",
        "missing.wav": "not found",
        "broken.flac": "broken.flac",
    }
    for name, words in cases.items():
        with pytest.raises(UnsupportedAudio, match=words) as info:
            load_audio(tmp_path / name)
        assert name in str(info.value) and "\n" not in str(info.value)
    for name in ("notes.mp3", "mute.mp4", "missing.wav"):
        with pytest.raises(UnsupportedAudio):
            audio_duration(tmp_path / name)


def test_audio_duration_is_a_header_read(tone_wav: Path, tmp_path: Path, encode: Encode) -> None:
    shutil.copy(tone_wav, tmp_path / "a.wav")
    assert audio_duration(tmp_path / "a.wav") == pytest.approx(1.0, abs=0.01)
    adts = tmp_path / "raw.aac"  # raw ADTS states no duration; estimated or decoded
    encode("-i", tone_wav, "-c:a", "aac", "-f", "adts", adts)
    assert audio_duration(adts) == pytest.approx(1.0, abs=0.1)


def test_waveform_peaks() -> None:
    samples = np.sin(np.linspace(0, 8 * np.pi, 1000, dtype=np.float32))
    peaks = waveform_peaks(samples, 50)
    assert peaks.shape == (50, 2) and peaks.dtype == np.float32
    assert (peaks[:, 0] <= peaks[:, 1]).all()
    assert peaks.min() == samples.min() and peaks.max() == samples.max()

    few = np.array([0.5, -0.25, 1.0], np.float32)
    many = waveform_peaks(few, 7)  # more bins than samples
    assert many.shape == (7, 2)
    assert set(many[:, 0]) <= set(few) and (many[:, 0] == many[:, 1]).all()
    assert many[0, 0] == 0.5 and many[-1, 0] == 1.0

    assert waveform_peaks(np.zeros(0, np.float32), 4).shape == (4, 2)
    with pytest.raises(ValueError):
        waveform_peaks(samples, 0)
