"""Lip-sync check: how well does a video's mouth opening follow its speech?

Per video frame we measure the inner-lip opening (dlib 68 landmarks, normalised by
the inter-ocular distance) and the speech loudness (RMS in dB around the frame's
time), then correlate the two at a range of frame lags.

Sign convention (the same as `RenderSettings.alignment_offset_sec`): a positive lag
means the mouth moves EARLIER than the sound. With lag k, opening[i] is paired with
envelope[i + k]; a render made with offset +0.2 s at 25 fps peaks at lag +5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sonic_desktop.core.errors import NoFaceFound, SilentAudio, UnsupportedAudio
from sonic_desktop.core.progress import (
    CancelToken,
    ProgressCallback,
    ProgressTracker,
    Stage,
    ignore_progress,
)
from sonic_desktop.face import (
    EYES,
    INNER_LIPS,
    LEFT_EYE,
    NOSE,
    RIGHT_EYE,
    FaceBox,
    detect_faces,
    predict_landmarks,
)
from sonic_desktop.media import UnreadableVideo, load_audio, probe_video, read_video_frames

SAMPLE_RATE = 16_000
# Upper/lower inner-lip pairs in iBUG order: (61, 67), (62, 66), (63, 65).
LIP_PAIRS = tuple((INNER_LIPS[i], INNER_LIPS[8 - i]) for i in (1, 2, 3))
# Envelope: RMS over 2 frame durations (80 ms at 25 fps) centred on each frame, so a
# syllable nucleus (~100-200 ms) spans a few frames and neighbours overlap smoothly.
WINDOW_FRAMES = 2.0
# Loudness is compared in dB relative to the loudest frame, floored at -40 dB: mouth
# opening follows loudness roughly logarithmically, and on a linear scale a few loud
# vowels would dominate r. The floor makes every pause the same "closed" value
# instead of letting background hiss (-60 vs -80 dB) look like speech.
FLOOR_DB = -40.0
# Landmarks that do not move with the jaw: tracking the box by them keeps an opening
# mouth from dragging the box (and so the fit) downwards.
STABLE_POINTS = np.r_[EYES, NOSE]
# Mouth opening spread (5th to 95th percentile, in inter-ocular distances) below which
# the mouth counts as still. dlib's integer landmarks jitter by ~0.01 on a still face,
# and Pearson r, being scale-free, would turn that jitter into a chance correlation;
# speech rendered by either engine spans ~0.15-0.25.
STILL_MOUTH_RANGE = 0.03
# Below this share of frames with a face, the numbers would describe noise.
MIN_FACE_SHARE = 0.5


@dataclass(frozen=True)
class SyncReport:
    """Result of `measure_lipsync`. Lags are in frames; positive = mouth early."""

    frames: int
    fps: float
    frames_with_face: int
    r_at_zero: float
    best_r: float
    best_lag_frames: int
    best_lag_s: float
    lags: list[int]
    r_by_lag: list[float]  # Pearson r for each entry of `lags`
    mouth_range: float  # 5th-95th percentile spread of the opening, in eye distances
    audio_source: str  # "video" (its own track) or the audio file's path

    @property
    def mouth_still(self) -> bool:
        return self.mouth_range < STILL_MOUTH_RANGE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def one_line(self) -> str:
        lag = self.best_lag_frames
        if self.mouth_still:
            timing = f"the mouth barely moves (range {self.mouth_range:.3f})"
        elif lag == 0:
            timing = "mouth and sound aligned"
        else:
            timing = (
                f"mouth {'early' if lag > 0 else 'late'} by {abs(lag)} "
                f"frame{'s' if abs(lag) != 1 else ''} ({abs(self.best_lag_s) * 1000:.0f} ms)"
            )
        return (
            f"lip sync r={self.r_at_zero:.2f} at lag 0, peak r={self.best_r:.2f} at lag "
            f"{lag:+d}: {timing}; face on {self.frames_with_face}/{self.frames} frames "
            f"at {self.fps:g} fps"
        )


def measure_lipsync(
    video_path: str | Path,
    audio_path: str | Path | None = None,
    max_lag_frames: int = 12,
    *,
    detect_every: int = 10,
    progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
) -> SyncReport:
    """Correlate mouth opening with speech loudness in `video_path`.

    The speech is the video's own audio track, or `audio_path` when given (any format
    ffmpeg reads). Raises `NoFaceFound` when most frames show no face and
    `UnsupportedAudio` when there is no audio to compare with.
    """
    if max_lag_frames < 0:
        raise ValueError(f"max_lag_frames must be >= 0, got {max_lag_frames}")
    video_path = Path(video_path)
    info = probe_video(video_path)
    if not info.fps > 0:
        raise UnreadableVideo(f"Cannot tell the frame rate of {video_path.name}")
    if audio_path is None and not info.has_audio:
        raise UnsupportedAudio(
            f"{video_path.name} has no audio track to check the lip sync against",
            hint="Pass the speech recording with --audio.",
        )
    clip = load_audio(video_path if audio_path is None else audio_path, SAMPLE_RATE)

    tracker = ProgressTracker(Stage.ANALYSING_INPUTS, max(info.frame_count, 1), progress)
    opening = mouth_openings(read_video_frames(video_path), detect_every, tracker, cancel)
    frames = len(opening)
    with_face = int(np.count_nonzero(np.isfinite(opening)))
    if frames == 0 or with_face < MIN_FACE_SHARE * frames:
        raise NoFaceFound(f"A face was found on only {with_face} of {frames} frames")

    envelope = speech_envelope(clip.samples, SAMPLE_RATE, info.fps, frames)
    max_lag = min(max_lag_frames, frames // 2)  # keep at least half the frames overlapping
    finite = opening[np.isfinite(opening)]
    mouth_range = float(np.percentile(finite, 95) - np.percentile(finite, 5))
    if mouth_range < STILL_MOUTH_RANGE:
        r = np.zeros(2 * max_lag + 1)
    else:
        r = lagged_correlation(opening, envelope, max_lag)
    # Of equal maxima the lag nearest 0 wins, so a still mouth (r = 0 everywhere)
    # reads "aligned, r=0" rather than "12 frames late".
    best = max(range(len(r)), key=lambda i: (r[i], -abs(i - max_lag)))
    best_lag = best - max_lag
    return SyncReport(
        frames=frames,
        fps=info.fps,
        frames_with_face=with_face,
        r_at_zero=float(r[max_lag]),
        best_r=float(r[best]),
        best_lag_frames=best_lag,
        best_lag_s=best_lag / info.fps,
        lags=list(range(-max_lag, max_lag + 1)),
        r_by_lag=[float(v) for v in r],
        mouth_range=mouth_range,
        audio_source="video" if audio_path is None else str(audio_path),
    )


def lip_opening(landmarks: np.ndarray) -> float:
    """Mean inner-lip gap over three upper/lower pairs, in inter-ocular distances.

    Euclidean gaps (not just dy) keep a tilted head's opening the same.
    """
    points = np.asarray(landmarks, dtype=np.float64)
    gap = np.mean([np.linalg.norm(points[a] - points[b]) for a, b in LIP_PAIRS])
    eyes = np.linalg.norm(points[LEFT_EYE].mean(axis=0) - points[RIGHT_EYE].mean(axis=0))
    return float(gap / eyes) if eyes > 0 else math.nan


def mouth_openings(
    frames: Iterable[np.ndarray],
    detect_every: int = 10,
    tracker: ProgressTracker | None = None,
    cancel: CancelToken | None = None,
) -> np.ndarray:
    """Lip opening per frame (NaN where no face), float64.

    The detector (~15-60 ms a frame) runs every `detect_every` frames; in between the
    landmark predictor (~2 ms) reuses the last box, moved by how far the landmarks
    moved since that detection, so a moving head stays inside it.
    """
    if detect_every < 1:
        raise ValueError(f"detect_every must be >= 1, got {detect_every}")
    values: list[float] = []
    box: FaceBox | None = None
    anchor = np.zeros(2)  # centroid of STABLE_POINTS when `box` was detected
    shift = np.zeros(2)
    misses = 0
    for index, frame in enumerate(frames):
        if cancel is not None:
            cancel.check()
        landmarks = None
        if index % detect_every == 0:
            faces = detect_faces(frame)
            if faces:
                box, landmarks, misses = faces[0].box, faces[0].landmarks, 0
                anchor, shift = landmarks[STABLE_POINTS].mean(axis=0), np.zeros(2)
            else:
                # One missed detection (motion blur, a hand) keeps the track; two lose it.
                misses += 1
                if misses >= 2:
                    box = None
        if landmarks is None and box is not None:
            dx, dy = float(shift[0]), float(shift[1])
            landmarks = predict_landmarks(
                frame, FaceBox(box.x1 + dx, box.y1 + dy, box.x2 + dx, box.y2 + dy)
            )
        if landmarks is None:
            values.append(math.nan)
        else:
            shift = landmarks[STABLE_POINTS].mean(axis=0) - anchor
            values.append(lip_opening(landmarks))
        if tracker is not None:
            tracker.advance()
    return np.asarray(values, dtype=np.float64)


def speech_envelope(
    samples: np.ndarray,
    sample_rate: int,
    fps: float,
    frames: int,
    window_frames: float = WINDOW_FRAMES,
    floor_db: float = FLOOR_DB,
) -> np.ndarray:
    """Loudness in dB (relative to the loudest frame, >= floor_db) for each frame.

    Frame i is shown from i/fps to (i+1)/fps; its window is centred on the middle of
    that span. Audio missing at either end counts as silence.
    """
    if fps <= 0 or frames <= 0:
        raise ValueError(f"need fps > 0 and frames > 0, got {fps}, {frames}")
    power = np.square(np.asarray(samples, dtype=np.float64).reshape(-1))
    cumulative = np.concatenate(([0.0], np.cumsum(power)))
    width = max(1, round(window_frames * sample_rate / fps))
    centres = np.round((np.arange(frames) + 0.5) * sample_rate / fps).astype(np.int64)
    lo = np.clip(centres - width // 2, 0, len(power))
    hi = np.clip(centres - width // 2 + width, 0, len(power))
    rms = np.sqrt((cumulative[hi] - cumulative[lo]) / width)
    peak = float(rms.max())
    if peak <= 0:
        raise SilentAudio("The audio is silent for the whole length of the video")
    floor = peak * 10.0 ** (floor_db / 20.0)
    return 20.0 * np.log10(np.maximum(rms, floor) / peak)


def lagged_correlation(opening: np.ndarray, envelope: np.ndarray, max_lag: int) -> np.ndarray:
    """Pearson r of (opening[i], envelope[i + lag]) for lag = -max_lag .. +max_lag.

    Pairs with a NaN are skipped. Where either side is constant over the overlap
    (a mouth that never moves) r is 0: there is no sync to speak of.
    """
    opening = np.asarray(opening, dtype=np.float64)
    envelope = np.asarray(envelope, dtype=np.float64)
    if opening.shape != envelope.shape or opening.ndim != 1:
        raise ValueError(f"need two equal 1-D series, got {opening.shape}, {envelope.shape}")
    n = len(opening)
    out = np.zeros(2 * max_lag + 1)
    for k, lag in enumerate(range(-max_lag, max_lag + 1)):
        a = opening[max(0, -lag) : n - max(0, lag)]
        b = envelope[max(0, lag) : n - max(0, -lag)]
        keep = np.isfinite(a) & np.isfinite(b)
        if np.count_nonzero(keep) < 3:
            continue
        a, b = a[keep] - a[keep].mean(), b[keep] - b[keep].mean()
        denom = math.sqrt(float(np.dot(a, a)) * float(np.dot(b, b)))
        out[k] = float(np.dot(a, b)) / denom if denom > 1e-12 else 0.0
    return out
