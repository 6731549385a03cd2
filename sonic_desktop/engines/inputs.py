"""Input preparation shared by every engine: load, analyse the face, crop, size, audio.

Both engines honour `crop_to_face`, `expand_ratio`, `min_resolution`,
`keep_resolution`, `duration` and `alignment_offset_sec` in exactly the same way,
so a preview is a faithful draft of the final framing and timing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from sonic_desktop.core.errors import AudioTooShort
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.face import (
    FaceAnalysis,
    FaceBox,
    analyse_face,
    full_face_box,
    process_bbox,
    sonic_target_size,
)
from sonic_desktop.media import AudioClip, load_audio, load_image

OUTPUT_FPS = 25.0


@dataclass(frozen=True)
class PreparedInputs:
    source_image: np.ndarray  # the photo as loaded (RGB uint8)
    analysis: FaceAnalysis  # face found in the source image
    crop_box: tuple[int, int, int, int] | None  # x1, y1, x2, y2 in source pixels, when cropping
    frame_image: np.ndarray  # what is animated: cropped (or not) and resized to width × height
    width: int
    height: int
    encode_size: tuple[int, int] | None  # keep_resolution: final encode size (even sides)
    landmarks: np.ndarray  # (68, 2) float32 in frame_image pixels
    face_box: FaceBox  # whole-face box (official detector convention) in frame_image pixels
    audio: AudioClip  # the whole recording, unshifted (it is what gets muxed)
    duration_s: float  # seconds to render
    conditioning: np.ndarray  # 16 kHz mono audio that drives motion: trimmed and offset
    notices: list[str] = field(default_factory=list)


def shift_for_offset(samples: np.ndarray, offset_s: float, sample_rate: int) -> np.ndarray:
    """Shift the motion-driving audio; positive offset makes the mouth move *earlier*.

    Motion at time t is driven by the sound at t + offset, so we drop the first
    offset seconds and pad silence at the end (negative: pad at the start). Length
    is preserved so the frame count never depends on the offset.
    """
    shift = round(offset_s * sample_rate)
    if shift == 0:
        return samples
    out = np.zeros_like(samples)
    if shift > 0:
        out[: max(0, len(samples) - shift)] = samples[shift:]
    else:
        out[-shift:] = samples[: len(samples) + shift]
    return out


def effective_duration(requested: float | None, audio_duration: float) -> tuple[float, str | None]:
    if requested is None:
        return audio_duration, None
    if requested > audio_duration:
        return audio_duration, (
            f"Duration {requested:.2f} s is longer than the audio; "
            f"rendering all {audio_duration:.2f} s."
        )
    return requested, None


def locate_face(
    image: np.ndarray, request: RenderRequest
) -> tuple[FaceAnalysis, FaceBox, tuple[int, int, int, int] | None]:
    """The face the render animates, its box, and the square cropped around it (None with
    "Crop to face" off). The Result view frames its before/after portrait with this too."""
    box = FaceBox(*request.face_box) if request.face_box else None
    analysis = analyse_face(image, face_box=box)
    h0, w0 = image.shape[:2]
    # A hand-drawn box is taken as drawn; a detected one is widened to the whole face.
    fb = box if box is not None else full_face_box(analysis.face.landmarks, h0, w0)
    crop_box: tuple[int, int, int, int] | None = None
    if request.settings.crop_to_face:
        crop_box = process_bbox((fb.x1, fb.y1, fb.x2, fb.y2), request.settings.expand_ratio, h0, w0)
    return analysis, fb, crop_box


def prepare_inputs(request: RenderRequest) -> PreparedInputs:
    settings = request.settings
    notices: list[str] = []

    image = load_image(request.image)
    analysis, fb, crop_box = locate_face(image, request)
    if analysis.notice:
        notices.append(analysis.notice)

    region = image
    origin = np.zeros(2, dtype=np.float32)
    if crop_box is not None:
        x1, y1, x2, y2 = crop_box
        region = image[y1:y2, x1:x2]
        origin = np.array([x1, y1], dtype=np.float32)

    rh, rw = region.shape[:2]
    width, height = sonic_target_size(rw, rh, settings.min_resolution)
    scale = np.array([width / rw, height / rh], dtype=np.float32)
    interpolation = cv2.INTER_AREA if width < rw else cv2.INTER_LANCZOS4
    frame_image = np.ascontiguousarray(
        cv2.resize(region, (width, height), interpolation=interpolation)
    )
    landmarks = ((analysis.face.landmarks - origin) * scale).astype(np.float32)
    face_box = FaceBox(
        float((fb.x1 - origin[0]) * scale[0]),
        float((fb.y1 - origin[1]) * scale[1]),
        float((fb.x2 - origin[0]) * scale[0]),
        float((fb.y2 - origin[1]) * scale[1]),
    )
    # The official keep_resolution encodes at the size of the picture it was given
    # (the crop when cropping), rounded down to even sides.
    encode_size = (rw // 2 * 2, rh // 2 * 2) if settings.keep_resolution else None

    audio = load_audio(request.audio)
    duration_s, notice = effective_duration(settings.duration, audio.duration_s)
    if notice:
        notices.append(notice)
    if duration_s < 0.1:
        raise AudioTooShort(f"Only {duration_s:.2f} s of audio would be rendered")
    offset = settings.alignment_offset_sec if settings.lip_sync_calibration else 0.0
    shifted = shift_for_offset(audio.samples, offset, audio.sample_rate)
    conditioning = shifted[: round(duration_s * audio.sample_rate)]

    return PreparedInputs(
        source_image=image,
        analysis=analysis,
        crop_box=crop_box,
        frame_image=frame_image,
        width=width,
        height=height,
        encode_size=encode_size,
        landmarks=landmarks,
        face_box=face_box,
        audio=audio,
        duration_s=duration_s,
        conditioning=conditioning,
        notices=notices,
    )
