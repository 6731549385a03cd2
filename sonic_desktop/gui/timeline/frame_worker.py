"""The scrubber's thread: prepares the preview plan and renders single frames.

Frame requests coalesce: while one frame renders, newer requests overwrite the
pending time, so a fast scrub renders only the latest position instead of a
backlog (latest wins). The UI thread never waits on any of this.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QImage

from sonic_desktop.core.request import RenderRequest
from sonic_desktop.gui.common.error_text import error_text
from sonic_desktop.gui.common.python_thread import PythonThread
from sonic_desktop.gui.shell.session import rgb_to_qimage
from sonic_desktop.gui.timeline.preview_source import PreparedPreview, prepare_preview, render_frame

log = logging.getLogger(__name__)


class _FrameWorker(QObject):
    prepared = Signal(int, object)  # generation, PreparedPreview
    failed = Signal(int, str)
    frame = Signal(int, float, QImage)  # generation, time rendered, image
    _kick = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._pending: float | None = None
        self._current: PreparedPreview | None = None
        self._generation = 0
        self._kick.connect(self._render_pending)

    @Slot(int, object)
    def prepare(self, generation: int, request: RenderRequest) -> None:
        try:
            prepared = prepare_preview(request)
        except Exception as exc:  # shown in the timeline; the render may still work
            log.info("preview preparation failed: %s", exc, exc_info=True)
            self.failed.emit(generation, error_text(exc))
            return
        with self._lock:
            self._current, self._generation = prepared, generation
        self.prepared.emit(generation, prepared)

    def request(self, t_seconds: float) -> None:
        """Thread-safe: remember the latest wanted time and wake the worker."""
        with self._lock:
            self._pending = t_seconds
        self._kick.emit()

    @Slot()
    def _render_pending(self) -> None:
        with self._lock:
            t, self._pending = self._pending, None
            prepared, generation = self._current, self._generation
        if t is None or prepared is None:
            return
        try:
            # RGB32 is what the raster painter draws natively: converting here, off the
            # UI thread, saves ~1.5 ms of every scrub frame's paint.
            image = rgb_to_qimage(render_frame(prepared, t)).convertToFormat(
                QImage.Format.Format_RGB32
            )
        except Exception:
            log.exception("preview frame at %.3f s failed", t)
            return
        self.frame.emit(generation, t, image)


class FrameService(QObject):
    """Owns the thread; the timeline talks to this from the UI thread."""

    prepared = Signal(object)  # PreparedPreview
    failed = Signal(str)
    frame = Signal(float, QImage)
    _prepare = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.current: PreparedPreview | None = None
        self._thread = PythonThread()
        self._thread.setObjectName("preview-frames")
        self._worker = _FrameWorker()
        self._worker.moveToThread(self._thread)
        # The kick signal belongs to the worker; once moved it is delivered on its thread.
        self._prepare.connect(self._worker.prepare)
        self._worker.prepared.connect(self._on_prepared)
        self._worker.failed.connect(self._on_failed)
        self._worker.frame.connect(self._on_frame)
        self._thread.start()

    def prepare(self, request: RenderRequest) -> None:
        self.generation += 1
        self.current = None
        self._prepare.emit(self.generation, request)

    def request_frame(self, t_seconds: float) -> None:
        if self.current is not None:
            self._worker.request(t_seconds)

    def shutdown(self) -> None:
        self._thread.quit()
        self._thread.wait(5000)

    @Slot(int, object)
    def _on_prepared(self, generation: int, prepared: PreparedPreview) -> None:
        if generation == self.generation:
            self.current = prepared
            self.prepared.emit(prepared)

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self.failed.emit(message)

    @Slot(int, float, QImage)
    def _on_frame(self, generation: int, t: float, image: QImage) -> None:
        if generation == self.generation:
            self.frame.emit(t, image)
