"""The lip-sync meter on synthetic talking videos whose mouth/sound offset is known.

The astronaut's mouth is opened by a "jaw drop" warp whose height follows a smooth
random signal; the audio is a tone whose amplitude follows the same signal shifted
by k frames. The meter must find lag k with the documented sign (positive = mouth
early) and a high r, and a low r when the two signals are unrelated.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from wav_files import write_wav

from sonic_desktop.analysis import (
    SyncReport,
    lagged_correlation,
    lip_opening,
    measure_lipsync,
    speech_envelope,
)
from sonic_desktop.core.errors import NoFaceFound, UnsupportedAudio
from sonic_desktop.face import detect_faces, predict_landmarks
from sonic_desktop.media import VideoWriter

FPS = 25.0
FRAMES = 150
SAMPLE_RATE = 16_000
MARGIN = 20  # spare signal on both sides, so shifted copies need no padding
MAX_OPEN_PX = 26.0


def smooth_signal(seed: int, length: int) -> np.ndarray:
    """Speech-like activity in [0, 1]: smooth bursts with ~30% of frames at rest."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(length)
    kernel = np.exp(-0.5 * (np.arange(-6, 7) / 2.0) ** 2)
    smooth = np.convolve(noise, kernel / kernel.sum(), mode="same")
    low, high = np.quantile(smooth, [0.3, 0.95])
    return np.clip((smooth - low) / (high - low), 0.0, 1.0)


class MouthPainter:
    """Opens the portrait's mouth by `h` pixels: the lower lip and chin slide down and
    the gap between the lips is filled with a dark mouth interior."""

    def __init__(self, portrait: np.ndarray) -> None:
        self.portrait = portrait
        face = detect_faces(portrait)[0]
        self.box = face.box
        pts = face.landmarks.astype(np.float64)
        lips = pts[60:68]
        self.cx = float(lips[[0, 4], 0].mean())
        self.mid = float(lips[:, 1].mean())
        self.half_width = float(lips[4, 0] - lips[0, 0]) / 2.0
        chin = float(pts[8, 1])
        h, w = portrait.shape[:2]
        self.yy, self.xx = np.mgrid[0:h, 0:w].astype(np.float32)
        across = np.clip(1.0 - ((self.xx - self.cx) / (1.6 * self.half_width)) ** 2, 0.0, 1.0)
        below = np.clip((self.yy - self.mid) / 3.0, 0.0, 1.0)
        above_chin = np.clip((chin + 35.0 - self.yy) / 50.0, 0.0, 1.0)
        self.weight = (across * below * above_chin).astype(np.float32)
        self.gap_profile = np.clip(
            1.0 - ((self.xx - self.cx) / (1.05 * self.half_width)) ** 2, 0.0, 1.0
        )

    def paint(self, h: float) -> np.ndarray:
        # float32 maps: OpenCV misreads float64 ones (numpy 2 keeps float64 scalars wide).
        source_y = (self.yy - np.float32(h) * self.weight).astype(np.float32)
        out = cv2.remap(
            self.portrait, self.xx, source_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
        )
        gap = (self.yy > self.mid) & (self.yy < self.mid + h * self.gap_profile)
        out[gap] = (60, 20, 25)
        return out


def write_tone_wav(path: Path, activity: np.ndarray) -> Path:
    """A 220 Hz tone whose amplitude follows `activity` (one value per video frame)."""
    t = np.arange(int(len(activity) / FPS * SAMPLE_RATE)) / SAMPLE_RATE
    frame_centres = (np.arange(len(activity)) + 0.5) / FPS
    amplitude = 0.02 + 0.6 * np.interp(t, frame_centres, activity)
    return write_wav(path, amplitude * np.sin(2 * np.pi * 220.0 * t), SAMPLE_RATE)


def write_video(path: Path, frames: list[np.ndarray], audio: Path | None = None) -> Path:
    h, w = frames[0].shape[:2]
    with VideoWriter(path, w, h, FPS, audio_path=audio, duration_s=len(frames) / FPS) as out:
        for frame in frames:
            out.write(frame)
    return path


@pytest.fixture(scope="module")
def portrait() -> np.ndarray:
    skimage_data = pytest.importorskip("skimage.data")
    # The head and shoulders, upscaled x2 so the face is ~175 px and the mouth is big.
    crop = skimage_data.astronaut()[0:256, 96:352]
    return cv2.resize(crop, (512, 512), interpolation=cv2.INTER_CUBIC)


@pytest.fixture(scope="module")
def talking(portrait: np.ndarray, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A silent talking video whose mouth follows `signal[MARGIN:MARGIN + FRAMES]`,
    the same video with a muxed in-sync soundtrack, and the painted heights."""
    folder = tmp_path_factory.mktemp("lipsync")
    signal = smooth_signal(seed=7, length=FRAMES + 2 * MARGIN)
    heights = MAX_OPEN_PX * signal[MARGIN : MARGIN + FRAMES]
    painter = MouthPainter(portrait)
    frames = [painter.paint(h) for h in heights]
    in_sync = write_tone_wav(folder / "in_sync.wav", signal[MARGIN : MARGIN + FRAMES])
    return {
        "folder": folder,
        "signal": signal,
        "heights": heights,
        "frames": frames,
        "box": painter.box,
        "silent": write_video(folder / "silent.mp4", frames),
        "muxed": write_video(folder / "muxed.mp4", frames, in_sync),
    }


def test_lagged_correlation_sign_convention() -> None:
    envelope = smooth_signal(seed=1, length=200)
    opening = np.roll(envelope, -3)  # opening[i] = envelope[i + 3]: the mouth is 3 early
    r = lagged_correlation(opening, envelope, max_lag=6)
    assert int(np.argmax(r)) - 6 == 3
    assert r.max() > 0.99


def test_lagged_correlation_skips_nan_and_constant() -> None:
    envelope = smooth_signal(seed=2, length=100)
    opening = envelope.copy()
    opening[::7] = np.nan
    assert lagged_correlation(opening, envelope, 0)[0] == pytest.approx(1.0)
    assert lagged_correlation(np.ones(100), envelope, 2).tolist() == [0.0] * 5


def test_speech_envelope_puts_a_burst_in_its_frame() -> None:
    samples = np.zeros(SAMPLE_RATE)  # 1 s of silence with a 40 ms burst in frame 10
    start = int(10 / FPS * SAMPLE_RATE)
    samples[start : start + 640] = 0.5
    env = speech_envelope(samples, SAMPLE_RATE, FPS, 25)
    assert int(np.argmax(env)) == 10
    assert env.max() == pytest.approx(0.0)
    assert env.min() == pytest.approx(-40.0)  # silence sits on the floor
    assert env[0] == env[20] == env[24] == -40.0


def test_painted_mouth_moves_the_landmarks(talking: dict) -> None:
    """The synthetic video is only a fair test if dlib sees the painted opening."""
    openings = [lip_opening(predict_landmarks(f, talking["box"])) for f in talking["frames"]]
    r = np.corrcoef(openings, talking["heights"])[0, 1]
    assert r > 0.95


@pytest.mark.parametrize("k", [0, 3, -4])
def test_recovers_a_known_offset(talking: dict, k: int) -> None:
    signal = talking["signal"]
    # Sound at frame i follows signal[i - k], the mouth signal[i]: the mouth is k early.
    audio = write_tone_wav(
        talking["folder"] / f"shift_{k}.wav", signal[MARGIN - k : MARGIN - k + FRAMES]
    )
    report = measure_lipsync(talking["silent"], audio, max_lag_frames=8)
    assert report.best_lag_frames == k
    assert report.best_lag_s == pytest.approx(k / FPS)
    assert report.best_r > 0.85
    assert report.frames == report.frames_with_face == FRAMES
    assert report.mouth_range > 0.15 and not report.mouth_still
    if k == 0:
        assert report.r_at_zero == report.best_r
    else:
        assert report.r_at_zero < report.best_r - 0.1


@pytest.fixture(scope="module")
def muxed_report(talking: dict) -> SyncReport:
    return measure_lipsync(talking["muxed"], max_lag_frames=4)


def test_reads_the_video_own_soundtrack(muxed_report: SyncReport) -> None:
    """AAC in MP4 carries encoder delay; the decoded track must still line up."""
    report = muxed_report
    assert report.audio_source == "video"
    assert report.best_lag_frames == 0
    assert report.r_at_zero > 0.85
    assert report.fps == FPS


def test_unrelated_sound_scores_low(talking: dict) -> None:
    other = write_tone_wav(talking["folder"] / "other.wav", smooth_signal(99, FRAMES))
    report = measure_lipsync(talking["silent"], other, max_lag_frames=8)
    assert report.r_at_zero < 0.3
    assert report.best_r < 0.5


def test_report_is_json_and_one_line(muxed_report: SyncReport) -> None:
    report = muxed_report
    data = json.loads(json.dumps(report.to_dict()))
    assert data["lags"] == [-4, -3, -2, -1, 0, 1, 2, 3, 4]
    assert len(data["r_by_lag"]) == 9
    assert SyncReport(**data) == report
    line = report.one_line()
    assert "\n" not in line and "r=" in line and f"{FRAMES}/{FRAMES}" in line


def test_still_mouth_has_no_sync(talking: dict) -> None:
    audio = write_tone_wav(talking["folder"] / "still.wav", talking["signal"][:40])
    report = measure_lipsync(
        write_video(talking["folder"] / "still.mp4", [talking["frames"][0]] * 40, audio)
    )
    # dlib's landmarks jitter on a still face; that must not read as a correlation.
    assert report.mouth_still and report.mouth_range < 0.03
    assert report.r_by_lag == [0.0] * len(report.lags)
    assert (report.best_r, report.best_lag_frames) == (0.0, 0)
    assert "barely moves" in report.one_line()


def test_video_without_audio_needs_an_audio_file(talking: dict) -> None:
    with pytest.raises(UnsupportedAudio, match="no audio track"):
        measure_lipsync(talking["silent"])


def test_no_face_is_reported(tmp_path: Path) -> None:
    grey = [np.full((128, 128, 3), 120, np.uint8)] * 25
    audio = write_tone_wav(tmp_path / "tone.wav", np.ones(25))
    with pytest.raises(NoFaceFound, match="0 of 25 frames"):
        measure_lipsync(write_video(tmp_path / "grey.mp4", grey, audio))
