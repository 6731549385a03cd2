from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from sonic_desktop.core.errors import (
    Cancelled,
    DiskFull,
    EncoderFailed,
    OutputIsInput,
    OutputNotWritable,
    UnsupportedAudio,
)
from sonic_desktop.media import (
    UnreadableVideo,
    VideoWriter,
    check_output_path,
    probe_video,
    read_video_frames,
)
from sonic_desktop.media import video as video_module

WavMaker = Callable[..., Path]


def frame(index: int, width: int = 64, height: int = 48) -> np.ndarray:
    """A flat colour that changes per frame, so frames can be told apart after coding."""
    out = np.empty((height, width, 3), np.uint8)
    out[:] = (index * 5 % 256, 100, 200)
    return out


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_two_seconds_with_longer_audio(tmp_path: Path, make_wav: WavMaker) -> None:
    audio = make_wav("speech.wav", 3.0)
    out = tmp_path / "talk.mp4"
    with VideoWriter(out, 64, 48, fps=25.0, audio_path=audio, duration_s=2.0) as writer:
        for i in range(50):
            writer.write(frame(i))
        assert writer.frames_written == 50
    info = probe_video(out)
    assert (info.width, info.height, info.fps, info.frame_count) == (64, 48, 25.0, 50)
    assert abs(info.duration_s - 2.0) <= 0.04
    assert info.has_audio and info.audio_codec == "aac"
    assert info.audio_duration_s is not None and 1.95 <= info.audio_duration_s <= 2.05
    assert (info.video_codec, info.pix_fmt) == ("h264", "yuv420p")
    assert leftovers(tmp_path) == []

    frames = list(read_video_frames(out))
    assert len(frames) == 50
    for i in (0, 17, 49):  # colours survive RGB -> BT.709 YUV -> RGB within a few levels
        assert np.abs(frames[i][10:40, 10:50].astype(int) - frame(i)[10:40, 10:50]).max() <= 4
    every_fifth = list(read_video_frames(out, every_nth=5))
    assert len(every_fifth) == 10
    assert abs(int(every_fifth[3][24, 32, 0]) - 15 * 5) <= 4  # frame 15


def test_video_only_and_odd_size(tmp_path: Path) -> None:
    out = tmp_path / "odd.mp4"
    with VideoWriter(out, 65, 49, fps=25.0) as writer:
        for i in range(10):
            writer.write(frame(i, 65, 49))
    info = probe_video(out)
    assert (info.width, info.height, info.frame_count) == (66, 50, 10)  # edge row/col repeated
    assert not info.has_audio and info.audio_duration_s is None and info.audio_codec is None


def test_encode_size_rounds_down_to_even(tmp_path: Path) -> None:
    out = tmp_path / "scaled.mp4"
    with VideoWriter(out, 64, 48, encode_size=(101, 75)) as writer:
        for i in range(5):
            writer.write(frame(i))
    info = probe_video(out)
    assert (info.width, info.height) == (100, 74)


def test_exception_in_block_leaves_nothing(tmp_path: Path, make_wav: WavMaker) -> None:
    audio = make_wav("speech.wav", 1.0)
    out = tmp_path / "out.mp4"
    out.write_bytes(b"previous render")  # an earlier file must survive a failed one
    crash = pytest.raises(RuntimeError, match="engine crashed")
    with crash, VideoWriter(out, 64, 48, audio_path=audio, duration_s=1.0) as writer:
        for i in range(10):
            writer.write(frame(i))
        raise RuntimeError("engine crashed")
    assert out.read_bytes() == b"previous render"
    assert leftovers(tmp_path) == []


def test_abort_and_misuse(tmp_path: Path) -> None:
    out = tmp_path / "x.mp4"
    writer = VideoWriter(out, 64, 48)
    writer.write(frame(0))
    with pytest.raises(ValueError, match="uint8"):
        writer.write(np.zeros((48, 64, 3), np.float32))
    with pytest.raises(ValueError):
        writer.write(np.zeros((64, 48, 3), np.uint8))
    writer.abort()
    writer.abort()  # idempotent
    with pytest.raises(Cancelled):
        writer.write(frame(1))
    with pytest.raises(Cancelled):
        writer.close()
    assert not out.exists() and leftovers(tmp_path) == []

    empty = VideoWriter(out, 64, 48)
    with pytest.raises(EncoderFailed, match="No video frames"):
        empty.close()
    assert not out.exists() and leftovers(tmp_path) == []

    with pytest.raises(ValueError):
        VideoWriter(out, 0, 48)


def test_abort_from_another_thread_cancels_the_writer(tmp_path: Path) -> None:
    writer = VideoWriter(tmp_path / "c.mp4", 64, 48)
    writer.write(frame(0))
    canceller = threading.Timer(0.2, writer.abort)  # the Cancel button, mid-render
    canceller.start()
    with pytest.raises(Cancelled):
        for i in range(100_000):
            writer.write(frame(i))
    canceller.join()
    assert not (tmp_path / "c.mp4").exists() and leftovers(tmp_path) == []


def test_unreadable_audio_is_reported_as_such(tmp_path: Path) -> None:
    bogus = tmp_path / "voice.wav"
    bogus.write_text("not audio")
    out = tmp_path / "out.mp4"
    failed = pytest.raises(UnsupportedAudio, match=r"voice\.wav: Invalid data")
    with failed as info, VideoWriter(out, 64, 48, audio_path=bogus) as writer:
        for i in range(500):
            writer.write(frame(i))
    assert "\n" not in str(info.value)
    assert not out.exists() and leftovers(tmp_path) == []


def test_audio_file_without_audio_track(tmp_path: Path) -> None:
    mute = tmp_path / "mute.mp4"
    with VideoWriter(mute, 64, 48) as writer:
        writer.write(frame(0))
    out = tmp_path / "out.mp4"
    no_track = pytest.raises(UnsupportedAudio, match=r"mute\.mp4 has no audio track")
    with no_track, VideoWriter(out, 64, 48, audio_path=mute) as writer:
        for i in range(500):
            writer.write(frame(i))
    assert not out.exists() and leftovers(tmp_path) == []


def test_encoder_failure_is_encoder_failed(tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    failed = pytest.raises(EncoderFailed, match=r"Encoding out\.mp4 failed: .*preset")
    with failed, VideoWriter(out, 64, 48, preset="no-such-preset") as writer:
        for i in range(500):
            writer.write(frame(i))
    assert not out.exists() and leftovers(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux /dev/full")
def test_full_disk_raises_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = tmp_path / ".full.part.mp4"
    full.symlink_to("/dev/full")  # every write through this link fails with ENOSPC
    monkeypatch.setattr(video_module, "temp_path_beside", lambda final, suffix=None: full)
    out = tmp_path / "out.mp4"
    with pytest.raises(DiskFull), VideoWriter(out, 64, 48) as writer:
        for i in range(200):
            writer.write(frame(i))
    assert not out.exists()
    assert not full.is_symlink()  # the "temp file" (the link only) was removed
    assert os.path.exists("/dev/full")


def test_nearly_full_disk_is_reported_as_disk_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = VideoWriter(tmp_path / "out.mp4", 64, 48)
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(video_module.shutil, "disk_usage", lambda _: usage._replace(free=4096))
    error = writer._error_from(["av_interleaved_write_frame(): I/O error"])
    writer.abort()
    assert isinstance(error, DiskFull)
    monkeypatch.undo()
    error = writer._error_from(["[libx264 @ 0x5] broken", "Conversion failed!"])
    assert isinstance(error, EncoderFailed) and error.message.endswith(": broken")


def test_check_output_path(tmp_path: Path) -> None:
    photo = tmp_path / "face.png"
    photo.write_bytes(b"x")
    video_in = tmp_path / "clip.mp4"
    video_in.write_bytes(b"x")

    with pytest.raises(OutputIsInput):
        check_output_path(video_in, [photo, video_in])
    with pytest.raises(OutputIsInput):  # same file, different spelling
        check_output_path(tmp_path / "sub" / ".." / "clip.mp4", [video_in])
    link = tmp_path / "link.mp4"
    os.link(video_in, link)
    with pytest.raises(OutputIsInput):  # hard link: same file on disk
        check_output_path(link, [video_in])

    with pytest.raises(OutputNotWritable, match=r"\.mp4"):
        check_output_path(tmp_path / "out.mov", [photo])
    with pytest.raises(OutputNotWritable):  # a regular file where the folder should be
        check_output_path(photo / "out.mp4", [video_in])
    (tmp_path / "dir.mp4").mkdir()
    with pytest.raises(OutputNotWritable, match="folder"):
        check_output_path(tmp_path / "dir.mp4", [photo])

    target = tmp_path / "新的 文件夹" / "说话 1.mp4"
    assert check_output_path(target, [photo]) == target.resolve()
    assert target.parent.is_dir() and list(target.parent.iterdir()) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write anywhere"
)
def test_check_output_path_read_only_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputNotWritable):
            check_output_path(locked / "out.mp4", [])
    finally:
        locked.chmod(0o700)


def test_chinese_output_and_audio_paths(tmp_path: Path, make_wav: WavMaker) -> None:
    audio = make_wav("讲话 录音.wav", 1.0)
    out = tmp_path / "我的 视频" / "结果 1.mp4"
    with VideoWriter(out, 64, 48, audio_path=audio, duration_s=0.4) as writer:
        for i in range(10):
            writer.write(frame(i))
    info = probe_video(out)
    assert info.frame_count == 10 and info.has_audio
    assert info.audio_duration_s is not None and info.audio_duration_s <= 0.45


def test_rotated_phone_video(tmp_path: Path, encode: Callable[..., None]) -> None:
    upright = tmp_path / "upright.mp4"
    with VideoWriter(upright, 64, 48) as writer:
        for i in range(4):
            writer.write(frame(i))
    rotated = tmp_path / "rotated.mp4"
    encode("-display_rotation", "90", "-i", upright, "-c", "copy", rotated)
    info = probe_video(rotated)
    assert (info.width, info.height, info.frame_count) == (48, 64, 4)
    assert [f.shape for f in read_video_frames(rotated)] == [(64, 48, 3)] * 4


def test_probe_video_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.mp4").write_text("hello")
    with pytest.raises(UnreadableVideo, match=r"notes\.mp4"):
        probe_video(tmp_path / "notes.mp4")
    with pytest.raises(UnreadableVideo, match="not found"):
        list(read_video_frames(tmp_path / "missing.mp4"))
