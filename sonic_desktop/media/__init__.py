"""Media in and out: photos, speech recordings and MP4s, all through numpy arrays.

Everything here runs on the CPU with numpy, Pillow, soxr and the ffmpeg binary that
imageio-ffmpeg bundles; nothing imports torch or Qt.
"""

from __future__ import annotations

from .audio import AudioClip, audio_duration, load_audio, waveform_peaks
from .ffmpeg import ffmpeg_exe, ffmpeg_version
from .image import image_size, load_image
from .video import (
    UnreadableVideo,
    VideoInfo,
    VideoWriter,
    check_output_path,
    probe_video,
    read_video_frames,
)

__all__ = [
    "AudioClip",
    "UnreadableVideo",
    "VideoInfo",
    "VideoWriter",
    "audio_duration",
    "check_output_path",
    "ffmpeg_exe",
    "ffmpeg_version",
    "image_size",
    "load_audio",
    "load_image",
    "probe_video",
    "read_video_frames",
    "waveform_peaks",
]
