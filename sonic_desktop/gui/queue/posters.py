"""Poster frames of finished outputs: one frame per video, extracted by the bundled ffmpeg
on a pool thread and cached by path and modification time.

The delegate asks `poster(path)` while painting; the first ask starts the extraction and
returns None (the row shows the portrait meanwhile); `ready` repaints when it arrives.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from sonic_desktop.gui.common.tasks import BackgroundTasks

log = logging.getLogger(__name__)

#: pixels of the poster's longer side: twice the row thumbnail, for high-DPI screens
POSTER_SIDE = 112
#: a frame into the clip, past a fade-in or the first, often blinking, frame
POSTER_AT_S = 0.5


def extract_poster(video: Path, side: int = POSTER_SIDE) -> bytes:
    """PNG bytes of one frame of `video`, scaled to `side` px on its longer side."""
    from sonic_desktop.media.ffmpeg import path_arg, run_ffmpeg

    scale = f"scale='if(gt(iw,ih),{side},-2)':'if(gt(iw,ih),-2,{side})'"
    args = ["-loglevel", "error"]
    for seek in (["-ss", str(POSTER_AT_S)], []):  # a clip shorter than the seek: frame 0
        done = run_ffmpeg(
            [*args, *seek, "-i", path_arg(video), "-frames:v", "1", "-vf", scale,
             "-f", "image2pipe", "-vcodec", "png", "-"],
            timeout=30,
        )  # fmt: skip
        if done.returncode == 0 and done.stdout:
            return bytes(done.stdout)
    raise OSError(f"no frame in {video}: {done.stderr.decode('utf-8', 'replace')[-300:]}")


class PosterCache(QObject):
    ready = Signal(object)  # Path of the video whose poster arrived

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._images: dict[tuple[Path, float], QImage | None] = {}  # None: pending or failed
        self._tasks = BackgroundTasks(self, max_threads=1)

    def poster(self, video: Path) -> QImage | None:
        try:
            stamp = os.stat(video).st_mtime
        except OSError:
            return None  # gone: the row says so
        key = (video, stamp)
        if key in self._images:
            return self._images[key]
        self._images[key] = None

        def done(data: bytes) -> None:
            image = QImage.fromData(data)
            self._images[key] = None if image.isNull() else image
            self.ready.emit(video)

        def failed(exc: Exception) -> None:
            log.debug("no poster for %s: %s", video, exc)

        self._tasks.submit(lambda: extract_poster(video), done, failed)
        return None

    def wait(self, msecs: int = 10_000) -> bool:
        """Tests: wait until pending extractions ran (results may still be queued)."""
        return self._tasks.wait(msecs)
