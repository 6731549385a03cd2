"""Streaming H.264 MP4 output, and reading MP4s back (for tests and sync checks).

One ffmpeg process takes raw RGB frames on stdin as they are produced and muxes
them with the original audio file, so no video is ever held in memory. It writes a
hidden temp file beside the target, renamed into place only after ffmpeg succeeds.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import subprocess
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import NoReturn

import numpy as np

from sonic_desktop.core.atomic import (
    place_without_replacing,
    replace_atomically,
    temp_path_beside,
)
from sonic_desktop.core.errors import (
    Cancelled,
    DiskFull,
    EncoderFailed,
    OutputIsInput,
    OutputNotWritable,
    SonicDesktopError,
    UnreadableVideo,
    UnsupportedAudio,
    os_reason,
)
from sonic_desktop.core.interrupts import deferred as deferred_interrupts

from .ffmpeg import (
    StderrTail,
    StreamInfo,
    decoded_duration,
    error_summary,
    kill_ffmpeg,
    path_arg,
    popen_ffmpeg,
    probe,
    run_ffmpeg,
)

# Measured on 2 cores, 512x512: veryfast ~420 frames/s, medium ~195 frames/s, at
# similar size for CRF 18. The preview engine needs the cores for itself.
DEFAULT_PRESET = "veryfast"
LOW_SPACE_BYTES = 1 << 20  # below this a failed write is taken as a full disk


OVERWRITE_HINT = "Pass --overwrite to replace it, or choose another output file name."


def check_output_path(output: Path, inputs: Sequence[Path], overwrite: bool = True) -> Path:
    """The resolved output path, once it is known to be an .mp4 that is not one of
    the inputs, in a folder that exists (created if needed) and takes new files.
    With `overwrite=False`, a file already at that path is an error too."""
    out = Path(output).expanduser().resolve()
    for item in inputs:
        source = Path(item).expanduser().resolve()
        same = os.path.normcase(source) == os.path.normcase(out)
        if not same and out.exists() and source.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(out, source)
        if same:
            raise OutputIsInput(f"The output {out.name} is also one of the inputs")
    if out.suffix.lower() != ".mp4":
        raise OutputNotWritable(
            f"{out.name} is not an .mp4 file name", "Choose a file name ending in .mp4."
        )
    if out.is_dir():
        raise OutputNotWritable(f"{out.name} is a folder, not a file name")
    if not overwrite and os.path.lexists(out):
        raise OutputNotWritable(f"{out.name} already exists", OVERWRITE_HINT)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritable(
            f"Cannot create the folder for {out.name}: {os_reason(exc)}"
        ) from exc
    try:
        temp_path_beside(out, ".probe").unlink()
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFull(f"No space left to write {out.name}") from exc
        raise OutputNotWritable(
            f"Cannot write {out.name} in {out.parent}: {os_reason(exc)}"
        ) from exc
    if out.exists() and not os.access(out, os.W_OK):
        raise OutputNotWritable(f"{out.name} exists and is read-only")
    return out


def _rate_arg(fps: float) -> str:
    rate = Fraction(fps).limit_denominator(1001)  # 29.97002997 -> 30000/1001
    return f"{rate.numerator}/{rate.denominator}"


def _kill_and_remove(proc: subprocess.Popen[bytes], temp: Path) -> None:
    """Stop ffmpeg and delete its temp file (also run if a writer is garbage-collected
    without close() or abort())."""
    kill_ffmpeg(proc)
    with contextlib.suppress(OSError, ValueError):
        if proc.stdin is not None:
            proc.stdin.close()
    proc.wait()
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)


def _encoder_args(
    in_size: tuple[int, int],
    out_size: tuple[int, int],
    fps: float,
    audio_path: Path | None,
    duration_s: float | None,
    crf: int,
    preset: str,
) -> list[str]:
    """ffmpeg's arguments for raw RGB frames on stdin (plus the audio file) to an H.264 MP4,
    all but the output file name, which comes last."""
    args = ["-v", "error", "-nostats", "-y"]
    args += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{in_size[0]}x{in_size[1]}"]
    args += ["-framerate", _rate_arg(fps), "-i", "pipe:0"]
    if audio_path is not None:
        if duration_s is not None:  # trim while reading, so audio never outlasts video
            args += ["-t", f"{duration_s:.6f}"]
        args += ["-i", path_arg(audio_path), "-map", "0:v:0", "-map", "1:a:0"]
    else:
        args += ["-map", "0:v:0"]
    # Explicit BT.709 matrix plus matching tags: untagged video makes players guess
    # (BT.601 below 720p, BT.709 above), which shifts skin tones. The tags go on the
    # frames (setparams): output -color_* options left them unset with this ffmpeg.
    scale = f"scale={out_size[0]}:{out_size[1]}:flags=lanczos:out_color_matrix=bt709:out_range=tv"
    tags = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"
    args += ["-vf", f"{scale},format=yuv420p,{tags}"]
    args += ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p"]
    if audio_path is not None:
        args += ["-c:a", "aac", "-b:a", "192k"]
    return [*args, "-movflags", "+faststart", "-f", "mp4"]


class VideoWriter:
    """Write frames with write(); close() publishes the MP4, abort() discards it.

    With `overwrite=False`, close() never replaces a file that is at the output path by
    then (even one that appeared while encoding): it raises `OutputNotWritable` instead."""

    def __init__(
        self,
        output: Path,
        width: int,
        height: int,
        fps: float = 25.0,
        audio_path: Path | None = None,
        duration_s: float | None = None,
        crf: int = 18,
        encode_size: tuple[int, int] | None = None,
        preset: str = DEFAULT_PRESET,
        overwrite: bool = True,
    ) -> None:
        if width < 1 or height < 1:
            raise ValueError(f"frame size must be positive, got {width}x{height}")
        if not fps > 0:
            raise ValueError(f"fps must be positive, got {fps}")
        if duration_s is not None and not duration_s > 0:
            raise ValueError(f"duration_s must be positive, got {duration_s}")
        if not 0 <= crf <= 51:
            raise ValueError(f"crf must be within 0..51, got {crf}")
        self._final = Path(output).expanduser().resolve()
        self._overwrite = overwrite
        self._shape = (height, width, 3)
        # libx264 4:2:0 needs even sizes: odd frames get their last row/column repeated.
        self._pad = (height % 2, width % 2)
        in_w, in_h = width + self._pad[1], height + self._pad[0]
        out_w, out_h = (in_w, in_h)
        if encode_size is not None:
            out_w, out_h = encode_size[0] // 2 * 2, encode_size[1] // 2 * 2
            if out_w < 2 or out_h < 2:
                raise ValueError(f"encode_size too small: {encode_size}")
        self._audio = None if audio_path is None else Path(audio_path)
        self._frames = 0
        self._state = "open"
        # A Ctrl+C or SIGTERM between creating the temp file and registering its clean-up
        # would leave both it and ffmpeg behind: the interrupt waits until the writer is
        # whole, and then stops it.
        try:
            with deferred_interrupts():
                try:
                    self._final.parent.mkdir(parents=True, exist_ok=True)
                    self._temp = temp_path_beside(self._final, ".mp4")
                except OSError as exc:
                    reason = os_reason(exc)
                    raise OutputNotWritable(f"Cannot write {self._final.name}: {reason}") from exc
                args = _encoder_args(
                    (in_w, in_h), (out_w, out_h), fps, audio_path, duration_s, crf, preset
                )
                try:
                    self._proc = popen_ffmpeg([*args, path_arg(self._temp)], stdin=subprocess.PIPE)
                except (OSError, subprocess.SubprocessError) as exc:
                    reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
                    raise EncoderFailed(f"Cannot start ffmpeg: {reason}") from exc
                self._cleanup = weakref.finalize(self, _kill_and_remove, self._proc, self._temp)
                self._stderr = StderrTail(self._proc.stderr)
        except BaseException:  # e.g. that interrupt, raised once the writer was whole
            cleanup = getattr(self, "_cleanup", None)
            if cleanup is not None:
                cleanup()  # stops ffmpeg, removes the temp file
            elif (temp := getattr(self, "_temp", None)) is not None:
                temp.unlink(missing_ok=True)
            raise

    @property
    def frames_written(self) -> int:
        return self._frames

    @property
    def output(self) -> Path:
        return self._final

    def write(self, frame: np.ndarray) -> None:
        self._check_open()
        if frame.shape != self._shape or frame.dtype != np.uint8:
            raise ValueError(
                f"expected a {self._shape} uint8 frame, got {frame.shape} {frame.dtype}"
            )
        if any(self._pad):
            frame = np.pad(frame, ((0, self._pad[0]), (0, self._pad[1]), (0, 0)), mode="edge")
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(np.ascontiguousarray(frame).data)
        except (OSError, ValueError):  # BrokenPipe, or stdin closed by abort()
            self._fail()
        self._frames += 1

    def close(self) -> Path:
        """Finish encoding and move the MP4 into place; returns the final path."""
        if self._state == "closed":
            return self._final
        self._check_open()
        if self._frames == 0:
            self.abort()
            raise EncoderFailed(f"No video frames were written to {self._final.name}")
        self._state = "closing"
        try:
            assert self._proc.stdin is not None
            with contextlib.suppress(OSError):  # a broken pipe shows up in the exit code
                self._proc.stdin.close()
            if self._proc.wait() != 0:
                self._fail()
            self._publish()
        except BaseException:  # Ctrl+C or SIGTERM while finishing: still leave nothing
            if self._state != "closed":
                if self._state == "closing":
                    self._state = "failed"
                self._cleanup()
            raise
        return self._final

    def _publish(self) -> None:
        try:
            if self._overwrite:
                replace_atomically(self._temp, self._final)
            else:
                place_without_replacing(self._temp, self._final)
        except FileExistsError as exc:
            raise OutputNotWritable(
                f"{self._final.name} appeared while rendering and was left as it is",
                OVERWRITE_HINT,
            ) from exc
        except OSError as exc:
            raise OutputNotWritable(
                f"Cannot replace {self._final.name} (open in another program?): {os_reason(exc)}"
            ) from exc
        self._state = "closed"
        self._cleanup.detach()

    def _check_open(self) -> None:
        if self._state == "aborted":  # abort() from another thread, e.g. the Cancel button
            raise Cancelled()
        if self._state != "open":
            raise RuntimeError(f"VideoWriter for {self._final.name} is {self._state}")

    def abort(self) -> None:
        """Stop ffmpeg and delete the temp file; the final path is never touched."""
        if self._state in ("open", "closing"):
            self._state = "aborted"
        self._cleanup()  # runs at most once

    def _fail(self) -> NoReturn:
        if self._state == "aborted":  # ffmpeg died because abort() killed it
            self._cleanup()
            raise Cancelled()
        self._state = "failed"
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=10)
        lines = self._stderr.lines()
        error = self._error_from(lines)
        self._cleanup()  # after _error_from: the temp file's size counts as used space
        raise error

    def _error_from(self, lines: list[str]) -> SonicDesktopError:
        text = "\n".join(lines).lower()
        free = None
        with contextlib.suppress(OSError):
            free = shutil.disk_usage(self._final.parent).free
        nearly_full = free is not None and free < LOW_SPACE_BYTES
        if "no space left" in text or "enospc" in text or nearly_full:
            return DiskFull(f"The disk filled up while writing {self._final.name}")
        if self._audio is not None and "for option 'map'" in text:
            return UnsupportedAudio(f"{self._audio.name} has no audio track")
        if self._audio is not None and any(line.startswith("[in#1") for line in lines):
            # The user's audio file (input #1) is what failed, not the encoder.
            cause = error_summary(lines)
            return UnsupportedAudio(f"Cannot read the audio of {self._audio.name}: {cause}")
        return EncoderFailed(f"Encoding {self._final.name} failed: {error_summary(lines)}")

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


@dataclass
class VideoInfo:
    width: int
    height: int
    fps: float
    duration_s: float
    frame_count: int
    has_audio: bool
    audio_duration_s: float | None
    video_codec: str
    pix_fmt: str
    audio_codec: str | None


def _video_stream(path: Path) -> tuple[StreamInfo, float | None, StreamInfo | None]:
    if not path.is_file():
        raise UnreadableVideo(f"Video file not found: {path.name}")
    info = probe(path)
    video = info.first("video")
    if info.error is not None or video is None or not video.width or not video.height:
        raise UnreadableVideo(f"{path.name} has no video track ffmpeg can read")
    return video, info.duration_s, info.first("audio")


def _display_size(video: StreamInfo) -> tuple[int, int]:
    """Frame size after ffmpeg's auto-rotation (phone videos store a rotation)."""
    assert video.width and video.height
    if round(abs(video.rotation)) % 180 == 90:
        return video.height, video.width
    return video.width, video.height


def probe_video(path: Path) -> VideoInfo:
    path = Path(path)
    video, duration, audio = _video_stream(path)
    # Packets of the first video stream, copied to nowhere: an exact count, no decoding.
    args = ["-nostdin", "-v", "error", "-i", path_arg(path), "-map", "0:v:0", "-c", "copy"]
    result = run_ffmpeg([*args, "-f", "null", "-", "-nostats", "-progress", "pipe:1"])
    counts = re.findall(rb"frame=\s*(\d+)", result.stdout)
    if result.returncode != 0 or not counts:
        error = error_summary(result.stderr.decode("utf-8", "replace").splitlines())
        raise UnreadableVideo(f"Cannot read the frames of {path.name}: {error}")
    frame_count = int(counts[-1])
    fps = video.fps or 0.0
    width, height = _display_size(video)
    return VideoInfo(
        width=width,
        height=height,
        fps=fps,
        duration_s=duration if duration else (frame_count / fps if fps else 0.0),
        frame_count=frame_count,
        has_audio=audio is not None,
        audio_duration_s=decoded_duration(path, "0:a:0") if audio is not None else None,
        video_codec=video.codec,
        pix_fmt=video.pix_fmt or "",
        audio_codec=audio.codec if audio is not None else None,
    )


def read_video_frames(path: Path, every_nth: int = 1) -> Iterator[np.ndarray]:
    """Decode frames 0, n, 2n, ... as HxWx3 uint8 RGB arrays, one at a time."""
    if every_nth < 1:
        raise ValueError(f"every_nth must be at least 1, got {every_nth}")
    path = Path(path)
    video, _, _ = _video_stream(path)
    width, height = _display_size(video)
    args = ["-nostdin", "-v", "error", "-i", path_arg(path), "-map", "0:v:0"]
    if every_nth > 1:  # drop frames inside ffmpeg rather than piping them over
        args += ["-vf", f"select=not(mod(n\\,{every_nth}))", "-fps_mode", "passthrough"]
    args += ["-s", f"{width}x{height}", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
    proc = popen_ffmpeg(args, stdout=subprocess.PIPE)
    stderr = StderrTail(proc.stderr)
    assert isinstance(proc.stdout, io.BufferedReader)
    frame_bytes = width * height * 3
    try:
        while True:
            buffer = bytearray(frame_bytes)  # fresh each time: callers may keep frames
            view, filled = memoryview(buffer), 0
            while filled < frame_bytes:
                got = proc.stdout.readinto(view[filled:])
                if not got:
                    break
                filled += got
            if filled < frame_bytes:
                break
            yield np.frombuffer(buffer, dtype=np.uint8).reshape(height, width, 3)
        if proc.wait() != 0:
            error = error_summary(stderr.lines())
            raise UnreadableVideo(f"Cannot decode {path.name}: {error}")
    finally:
        if proc.poll() is None:  # the caller stopped early
            kill_ffmpeg(proc)
            proc.wait()
        proc.stdout.close()
