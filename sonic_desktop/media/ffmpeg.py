"""The bundled ffmpeg (imageio-ffmpeg): locating it, running it, reading what it says.

There is no ffprobe in imageio-ffmpeg, so stream facts come from the banner that
`ffmpeg -i FILE` prints on stderr. Every call passes an argument list, never a shell
string, so paths with spaces or CJK characters work on Windows and Linux alike.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from typing import IO, Any

from sonic_desktop.core import child_processes

CompletedFFmpeg = subprocess.CompletedProcess[bytes]

# Lines that only report the knock-on effects of an earlier error, never its cause.
_KNOCK_ON = (
    "conversion failed",
    "at least one output file must be specified",
    "error sending frames to consumers",
    "task finished with error code",
    "terminating thread with return code",
    "could not open encoder before eof",
    "nothing was written into output file",
    "error opening input file ",
    "error opening input files",
    "error closing file",
    "exiting normally",
)


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    import imageio_ffmpeg  # local: its import scans the package for the binary

    return str(imageio_ffmpeg.get_ffmpeg_exe())


@functools.lru_cache(maxsize=1)
def ffmpeg_version() -> str:
    """The version from `ffmpeg -version`, such as "n9.0.2-17-g2a571b6068-20260930"."""
    out = run_ffmpeg(["-version"]).stdout.decode("utf-8", "replace")
    match = re.search(r"ffmpeg version (\S+)", out)
    return match.group(1) if match else "unknown"


def path_arg(path: str | os.PathLike[str]) -> str:
    """An absolute path, so ffmpeg never mistakes "name:with colon" for a protocol."""
    return os.path.abspath(os.fspath(path))


def _platform_kwargs() -> dict[str, Any]:
    if sys.platform == "win32":  # no console window flashing up from a GUI app
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0x08000000)}
    return {}


def run_ffmpeg(args: Sequence[str], timeout: float | None = None) -> CompletedFFmpeg:
    """Run ffmpeg to completion, capturing stdout and stderr (communicate() drains
    both pipes concurrently, so neither can fill up and deadlock). ffmpeg dies with
    this process, and is killed when the wait ends early (timeout, Ctrl+C, SIGTERM)."""
    cmd = [ffmpeg_exe(), "-hide_banner", *args]
    proc = child_processes.popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **_platform_kwargs(),
    )
    with proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except BaseException:
            child_processes.kill(proc)
            proc.wait()
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def popen_ffmpeg(
    args: Sequence[str], stdin: int = subprocess.DEVNULL, stdout: int = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    """Start ffmpeg with stderr piped; pair it with `StderrTail` to drain that pipe. It dies
    with this process (see `core.child_processes`); stop it with `kill_ffmpeg`."""
    return child_processes.popen(
        [ffmpeg_exe(), "-hide_banner", *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        **_platform_kwargs(),
    )


def kill_ffmpeg(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a running ffmpeg started by `popen_ffmpeg` (a finished one is left alone)."""
    child_processes.kill(proc)


class StderrTail:
    """Drains a process's stderr on a daemon thread, keeping its first and last lines.

    Without this, a chatty ffmpeg fills the stderr pipe and blocks while we block
    writing frames to its stdin. The first lines are kept because ffmpeg names the
    cause of a failure first; the last ones because they say how it ended.
    """

    def __init__(self, stream: IO[bytes] | None, head: int = 50, tail: int = 150) -> None:
        self._head: list[str] = []
        self._head_size = head
        self._tail: collections.deque[str] = collections.deque(maxlen=tail)
        self._thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self._thread.start()

    def _drain(self, stream: IO[bytes] | None) -> None:
        if stream is None:
            return
        with stream:
            for raw in iter(stream.readline, b""):
                text = raw.decode("utf-8", "replace").strip()
                if not text:
                    continue
                if len(self._head) < self._head_size:
                    self._head.append(text)
                else:
                    self._tail.append(text)

    def lines(self, timeout: float = 5.0) -> list[str]:
        """The collected lines; waits for the stream to end (call after the process exits)."""
        self._thread.join(timeout)
        return self._head + list(self._tail)


def error_summary(lines: Iterable[str], default: str = "unknown error") -> str:
    """The line of ffmpeg's stderr that names the cause, shortened to fit a message.

    ffmpeg reports the cause first and then a cascade of consequences (threads ending,
    "Conversion failed!"), so this is the first line that is not a consequence.
    """
    causes = [ln for ln in lines if not any(k in ln.lower() for k in _KNOCK_ON)]
    if not causes:
        return default
    line = re.sub(r"^(\[[^\]]*@ 0x[0-9a-f]+\]\s*)+", "", causes[0])  # drop "[mp4 @ 0x55..]"
    # "Error opening input: Invalid data ..." -> the cause after the colon
    line = re.sub(r"^Error (?:opening|writing|while)[^:]*: ", "", line)
    return line if len(line) <= 200 else line[:197] + "..."


# --- the `ffmpeg -i` banner ------------------------------------------------------------

_NAMED_LAYOUTS = {
    "mono": 1,
    "stereo": 2,
    "downmix": 2,
    "quad": 4,
    "hexagonal": 6,
    "octagonal": 8,
    "cube": 8,
    "hexadecagonal": 16,
}


def channels_from_layout(layout: str) -> int | None:
    """Channel count of an ffmpeg layout name: "stereo", "5.1(side)", "7.1.4", "3 channels"."""
    base = layout.split("(")[0].strip().lower()
    if base in _NAMED_LAYOUTS:
        return _NAMED_LAYOUTS[base]
    if match := re.fullmatch(r"(\d+) channels?", base):
        return int(match.group(1))
    if re.fullmatch(r"\d+(\.\d+)+", base):  # "5.1" = 5 + 1, "7.1.4" = 7 + 1 + 4
        return sum(int(part) for part in base.split("."))
    return None


@dataclasses.dataclass(frozen=True)
class StreamInfo:
    kind: str  # "video", "audio", "subtitle", "data", "attachment"
    codec: str
    sample_rate: int | None = None
    channels: int | None = None
    channel_layout: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    pix_fmt: str | None = None
    attached_pic: bool = False  # cover art in an mp3/m4a, not a real video
    rotation: float = 0.0  # from the display matrix; ffmpeg auto-rotates on decode


@dataclasses.dataclass(frozen=True)
class MediaProbe:
    container: str | None
    duration_s: float | None
    streams: tuple[StreamInfo, ...]
    error: str | None  # set when ffmpeg could not open the file at all

    def first(self, kind: str) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == kind and not s.attached_pic), None)


def _split_top_level(text: str) -> list[str]:
    """Split on commas that are not inside parentheses or brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _rate(text: str) -> float:
    return float(text[:-1]) * 1000 if text.endswith("k") else float(text)


def _parse_stream(kind: str, desc: str) -> StreamInfo:
    fields = _split_top_level(desc)
    codec = fields[0].split()[0] if fields else "unknown"
    info: dict[str, Any] = {"kind": kind.lower(), "codec": codec}
    info["attached_pic"] = "(attached pic)" in desc
    if info["kind"] == "audio":
        for field in fields[1:]:
            if match := re.fullmatch(r"(\d+) Hz", field):
                info["sample_rate"] = int(match.group(1))
            elif "sample_rate" in info and "channel_layout" not in info:
                info["channel_layout"] = field  # the field right after "NNNN Hz"
                info["channels"] = channels_from_layout(field)
    elif info["kind"] == "video":
        if len(fields) > 1:
            info["pix_fmt"] = fields[1].split("(")[0].strip()
        for field in fields[1:]:
            if "width" not in info and (match := re.match(r"(\d+)x(\d+)(\s|$)", field)):
                info["width"], info["height"] = int(match.group(1)), int(match.group(2))
            # ffmpeg prints "25 fps, 25 tbr": the first wins; tbr (a guess) only stands in.
            elif (match := re.fullmatch(r"([\d.]+k?) (?:fps|tbr)", field)) and "fps" not in info:
                info["fps"] = _rate(match.group(1))
    return StreamInfo(**info)


def _hms(text: str) -> float | None:
    match = re.fullmatch(r"(-?)(\d+):(\d+):(\d+(?:\.\d+)?)", text.strip())
    if not match:
        return None
    sign = -1.0 if match.group(1) else 1.0
    return sign * (int(match.group(2)) * 3600 + int(match.group(3)) * 60 + float(match.group(4)))


def parse_probe(stderr: str) -> MediaProbe:
    """Read container, duration and streams of input #0 from `ffmpeg -i` stderr."""
    container = None
    duration = None
    streams: list[StreamInfo] = []
    lines = stderr.splitlines()
    for line in lines:
        if match := re.match(r"Input #0, (.+?), from '", line):
            container = match.group(1)
        elif match := re.match(r"Input #[1-9]", line):
            break
        elif match := re.match(r"\s*Duration: ([^,]+)", line):
            duration = _hms(match.group(1))
        elif match := re.match(r"\s*Stream #0:\d+\S*: (\w+): (.*)", line):
            streams.append(_parse_stream(match.group(1), match.group(2)))
        elif streams and (match := re.search(r"rotation of (-?[\d.]+) degrees", line)):
            streams[-1] = dataclasses.replace(streams[-1], rotation=float(match.group(1)))
    error = None if container is not None else error_summary(lines, "not a media file")
    return MediaProbe(container, duration, tuple(streams), error)


def probe(path: str | os.PathLike[str], timeout: float = 60.0) -> MediaProbe:
    """Container, duration and streams of a media file, without decoding it."""
    try:
        result = run_ffmpeg(["-nostdin", "-i", path_arg(path)], timeout=timeout)
    except subprocess.TimeoutExpired:  # a FIFO or a stalled network share
        return MediaProbe(None, None, (), f"no answer from ffmpeg within {timeout:.0f} s")
    return parse_probe(result.stderr.decode("utf-8", "replace"))


def decoded_duration(
    path: str | os.PathLike[str], stream: str = "0:a:0", timeout: float = 300.0
) -> float | None:
    """Exact duration of one stream by decoding it to the null muxer (fast for audio)."""
    args = ["-nostdin", "-v", "error", "-i", path_arg(path), "-map", stream]
    args += ["-f", "null", "-", "-nostats", "-progress", "pipe:1"]
    try:
        result = run_ffmpeg(args, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    times = re.findall(rb"out_time_us=(\d+)", result.stdout)
    return int(times[-1]) / 1e6 if result.returncode == 0 and times else None
