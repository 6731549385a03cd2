from __future__ import annotations

import os
from pathlib import Path

import pytest

from sonic_desktop.media import ffmpeg_exe, ffmpeg_version
from sonic_desktop.media.ffmpeg import channels_from_layout, error_summary, parse_probe

# Real `ffmpeg -i` banners (ffmpeg 9), trimmed.
WAV = """\
[aist#0:0/pcm_s16le @ 0x5558d3d4c200] Guessed Channel Layout: stereo
Input #0, wav, from 'a b.wav':
  Duration: 00:00:01.00, bitrate: 1411 kb/s
  Stream #0:0: Audio: pcm_s16le ([1][0][0][0] / 0x0001), 44100 Hz, stereo, s16, 1411 kb/s
At least one output file must be specified
"""
PHONE_VIDEO = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '视频.mp4':
  Metadata:
    major_brand     : isom
  Duration: 01:02:03.50, start: 0.000000, bitrate: 158 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, \
progressive), 1920x1080 [SAR 1:1 DAR 16:9], 8 kb/s, 29.97 fps, 29.97 tbr, 90k tbn (default)
    Metadata:
      handler_name    : VideoHandler
    Side data:
      displaymatrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1(side), fltp, \
384 kb/s (default)
"""
MP3_WITH_COVER = """\
Input #0, mp3, from 'song.mp3':
  Duration: 00:03:00.05, start: 0.025057, bitrate: 135 kb/s
  Stream #0:0: Audio: mp3 (mp3float), 44100 Hz, mono, fltp, 128 kb/s, start 0.025057
  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 300x300 \
[SAR 1:1 DAR 1:1], 90k tbr, 90k tbn (attached pic)
"""
NOT_MEDIA = """\
[in#0 @ 0x55] Error opening input: Invalid data found when processing input
Error opening input file notes.mp3.
Error opening input files: Invalid data found when processing input
"""


def test_parse_audio_banner() -> None:
    probe = parse_probe(WAV)
    assert (probe.container, probe.duration_s, probe.error) == ("wav", 1.0, None)
    audio = probe.first("audio")
    assert audio is not None
    assert (audio.codec, audio.sample_rate, audio.channels) == ("pcm_s16le", 44100, 2)
    assert probe.first("video") is None


def test_parse_video_banner() -> None:
    probe = parse_probe(PHONE_VIDEO)
    assert probe.duration_s == pytest.approx(3723.5)
    video, audio = probe.first("video"), probe.first("audio")
    assert video is not None and audio is not None
    # the codec tag "0x31637661" must not be read as a size
    assert (video.codec, video.width, video.height, video.pix_fmt) == (
        "h264",
        1920,
        1080,
        "yuv420p",
    )
    assert video.fps == pytest.approx(29.97) and video.rotation == -90.0
    assert (audio.codec, audio.sample_rate, audio.channels) == ("aac", 48000, 6)


def test_cover_art_is_not_a_video_stream() -> None:
    probe = parse_probe(MP3_WITH_COVER)
    assert probe.first("video") is None
    assert probe.streams[1].attached_pic and probe.streams[1].fps == 90000.0
    audio = probe.first("audio")
    assert audio is not None and audio.channels == 1


def test_unreadable_input() -> None:
    probe = parse_probe(NOT_MEDIA)
    assert probe.container is None and probe.streams == ()
    assert probe.error == "Invalid data found when processing input"


@pytest.mark.parametrize(
    ("layout", "count"),
    [("mono", 1), ("stereo", 2), ("5.1(side)", 6), ("7.1.4", 12), ("quad", 4), ("3 channels", 3)],
)
def test_channel_layouts(layout: str, count: int) -> None:
    assert channels_from_layout(layout) == count
    assert channels_from_layout("FL+FR+weird") is None


def test_error_summary_picks_the_cause() -> None:
    lines = [
        "x264 [error]: invalid preset 'nope'",
        "[libx264 @ 0x55db9ab816c0] Error setting preset/tune nope/(null).",
        "[vf#0:0 @ 0x55db9ab83c00] Error sending frames to consumers: Invalid argument",
        "[vf#0:0 @ 0x55db9ab83c00] Task finished with error code: -22 (Invalid argument)",
        "Conversion failed!",
    ]
    assert error_summary(lines) == "x264 [error]: invalid preset 'nope'"
    assert error_summary(["Conversion failed!"]) == "unknown error"
    assert len(error_summary(["x" * 500])) == 200


def test_bundled_ffmpeg() -> None:
    assert os.path.isfile(ffmpeg_exe())
    assert ffmpeg_version() and ffmpeg_version() != "unknown"
    assert ffmpeg_exe() is ffmpeg_exe()  # cached


def test_media_never_imports_torch_or_qt_or_librosa(tmp_path: Path) -> None:
    """media is imported by the GUI at start-up: it must stay light."""
    import subprocess
    import sys

    code = (
        "import sys, sonic_desktop.media; "
        "print([m for m in ('torch', 'PySide6', 'librosa') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
