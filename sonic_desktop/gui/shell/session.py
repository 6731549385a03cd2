"""The current inputs and settings: the one model every panel binds to.

Panels never talk to each other. The media panel loads a photo into the session,
the inspector edits `settings`, the timeline reads the audio, and "Add to queue"
snapshots the whole thing into a frozen `RenderRequest`. Loading runs off the UI
thread through `BackgroundTasks`; results arrive as signals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QUndoStack

from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.common.error_text import error_text
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.shell.undo import SettingsEdit

log = logging.getLogger(__name__)

DISPLAY_MAX_SIDE = 1280  # the portrait is shown, not edited: a capped copy is plenty
WAVEFORM_BINS = 2400  # at least; long clips get more, so a zoomed timeline stays sharp
WAVEFORM_BINS_PER_S = 200
NO_FACE = "NO_FACE"  # problem code: the photo loaded but no face was detected


@dataclass(frozen=True)
class Box:
    """x1, y1, x2, y2 in source-image pixels (the face package's FaceBox, minus numpy)."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def contains(self, x: float, y: float) -> bool:
        return self.x1 <= x <= self.x2 and self.y1 <= y <= self.y2

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x1, self.y1, self.x2, self.y2)


@dataclass(frozen=True)
class PortraitInfo:
    path: Path
    width: int
    height: int
    display: QImage  # RGB, at most DISPLAY_MAX_SIDE on its long side
    faces: tuple[Box, ...]  # largest first; empty when detection failed
    problem: str | None  # why no face could be used (shown inline)


@dataclass(frozen=True)
class AudioInfo:
    path: Path
    duration_s: float
    source_format: str
    sample_rate: int
    channels: int
    samples: np.ndarray  # 16 kHz mono float32
    peaks: np.ndarray  # (bins, 2) min/max for drawing


class Session(QObject):
    portrait_changed = Signal()
    audio_changed = Signal()
    face_changed = Signal()  # chosen face or hand-drawn box
    settings_changed = Signal(object)  # RenderSettings
    loading_changed = Signal(str, bool)  # "portrait"/"audio", busy
    problem = Signal(str, str)  # "portrait"/"audio", message ("" clears it)

    def __init__(self, tasks: BackgroundTasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.portrait: PortraitInfo | None = None
        self.audio: AudioInfo | None = None
        self.face_index: int | None = None  # into portrait.faces
        self.manual_box: Box | None = None
        self._settings = RenderSettings()
        self.preset_id: str | None = None
        #: the window's one undo stack (the queue controller shares it)
        self.undo_stack = QUndoStack(self)
        self._undoing = False

    # -- settings ------------------------------------------------------------------
    @property
    def settings(self) -> RenderSettings:
        return self._settings

    def set_settings(
        self, settings: RenderSettings, preset_id: str | None = None, *, undoable: bool = False
    ) -> None:
        """Replace the settings. `undoable` for a user's edit (start-up and headless
        runs are not steps a user could undo)."""
        before = (self._settings, self.preset_id)
        self.preset_id = preset_id
        if settings == self._settings:
            return
        self._settings = settings
        if undoable and not self._undoing:
            changed = frozenset(
                name for name, value in settings.to_dict().items()
                if before[0].to_dict().get(name) != value
            )  # fmt: skip
            self.undo_stack.push(
                SettingsEdit(self._restore, before, (settings, preset_id), changed)
            )
        self.settings_changed.emit(settings)

    def _restore(self, settings: RenderSettings, preset_id: str | None) -> None:
        self._undoing = True
        try:
            self.set_settings(settings, preset_id)
        finally:
            self._undoing = False

    def update_settings(self, **changes: object) -> None:
        """A user's edit of some fields (undoable); it detaches the settings from their preset."""
        self.set_settings(self._settings.replace(**changes), None, undoable=True)

    def set_lip_sync_offset(self, seconds: float) -> None:
        """An offset the user set (timeline or inspector): it only applies with lip-sync
        calibration on, so setting one turns that on too, in one undo step."""
        settings = self._settings
        if seconds != settings.alignment_offset_sec or not settings.lip_sync_calibration:
            self.update_settings(alignment_offset_sec=seconds, lip_sync_calibration=True)

    # -- face choice -------------------------------------------------------------------
    @property
    def face_box(self) -> Box | None:
        """The box the render should use, or None to let the engine detect it."""
        if self.manual_box is not None:
            return self.manual_box
        if self.portrait is None or self.face_index is None or not self.portrait.faces:
            return None
        return self.portrait.faces[self.face_index]

    @property
    def explicit_face_box(self) -> tuple[float, float, float, float] | None:
        """What goes into the request: only a choice the detector would not make itself."""
        if self.manual_box is not None:
            return self.manual_box.as_tuple()
        if self.face_index and self.portrait is not None:
            return self.portrait.faces[self.face_index].as_tuple()
        return None

    def choose_face(self, index: int) -> None:
        self.manual_box = None
        self.face_index = index
        self.face_changed.emit()

    def set_manual_box(self, box: Box | None) -> None:
        self.manual_box = box
        if box is None and self.portrait is not None and self.portrait.faces:
            self.face_index = 0
        self.face_changed.emit()

    # -- loading -------------------------------------------------------------------------
    def load_portrait(self, path: Path) -> None:
        self.loading_changed.emit("portrait", True)
        self._tasks.submit(
            lambda: analyse_portrait(path),
            self._portrait_loaded,
            lambda exc: self._failed("portrait", exc),
            latest_only="portrait",
        )

    def load_audio(self, path: Path) -> None:
        self.loading_changed.emit("audio", True)
        self._tasks.submit(
            lambda: read_audio(path),
            self._audio_loaded,
            lambda exc: self._failed("audio", exc),
            latest_only="audio",
        )

    def _portrait_loaded(self, info: PortraitInfo) -> None:
        self.portrait = info
        self.manual_box = None
        self.face_index = 0 if info.faces else None
        self.loading_changed.emit("portrait", False)
        self.problem.emit("portrait", info.problem or "")
        self.portrait_changed.emit()
        self.face_changed.emit()

    def _audio_loaded(self, info: AudioInfo) -> None:
        self.audio = info
        self.loading_changed.emit("audio", False)
        self.problem.emit("audio", "")
        self.audio_changed.emit()

    def _failed(self, kind: str, exc: Exception) -> None:
        self.loading_changed.emit(kind, False)
        self.problem.emit(kind, error_text(exc))


def analyse_portrait(path: Path) -> PortraitInfo:
    """Decode and detect faces (runs on a pool thread). An unreadable file raises;
    a photo without a usable face loads anyway so a box can be drawn by hand."""
    import cv2

    from sonic_desktop.core.errors import NoFaceFound, SonicDesktopError
    from sonic_desktop.face import analyse_face, full_face_box
    from sonic_desktop.media import load_image

    image = load_image(path)
    height, width = image.shape[:2]
    problem: str | None = None
    try:
        # Whole-face boxes, as the engines crop with them (not dlib's tight box).
        found = analyse_face(image).faces
        boxes = (full_face_box(f.landmarks, height, width) for f in found)
        faces = tuple(Box(b.x1, b.y1, b.x2, b.y2) for b in boxes)
    except NoFaceFound:
        faces = ()  # shown as the translated NO_FACE notice that offers drawing a box
    except SonicDesktopError as exc:
        faces, problem = (), exc.one_line()
    if not faces and problem is None:
        problem = NO_FACE
    scale = min(1.0, DISPLAY_MAX_SIDE / max(width, height))
    shown = image
    if scale < 1.0:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        shown = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return PortraitInfo(path, width, height, rgb_to_qimage(shown), faces, problem)


def waveform_bins(duration_s: float) -> int:
    """Enough min/max pairs that a timeline zoomed to one second still looks smooth."""
    return max(WAVEFORM_BINS, int(duration_s * WAVEFORM_BINS_PER_S))


def read_audio(path: Path) -> AudioInfo:
    from sonic_desktop.media import load_audio, waveform_peaks

    clip = load_audio(path)
    return AudioInfo(
        path=path,
        duration_s=clip.duration_s,
        source_format=clip.source_format,
        sample_rate=clip.source_sample_rate,
        channels=clip.source_channels,
        samples=clip.samples,
        peaks=waveform_peaks(clip.samples, waveform_bins(clip.duration_s)),
    )


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """A deep copy, so the numpy buffer may be freed (QImage is safe off the UI thread)."""
    data = np.ascontiguousarray(rgb)
    height, width = data.shape[:2]
    image = QImage(data.data, width, height, data.strides[0], QImage.Format.Format_RGB888)
    return image.copy()
