"""The timeline scrubber: waveform, playhead, mouth curve, lip-sync offset and playback.

The offset can be set three ways (drag the curve's handle or Shift+drag the curve,
±10 ms nudges, typing it in) and all three write `alignment_offset_sec` (turning
on `lip_sync_calibration`) into the session, so the inspector, the preview frame
and the next queued job agree. A plain drag on the waveform only ever scrubs.

Playback keeps picture and sound together by deriving the frame time from the
audio player's position when it is playing, and from a monotonic clock when no
audio device is available (the picture still plays, silently).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.common.widgets import format_clock, muted_label, set_glyph
from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.timeline.canvas import OFFSET_LIMIT, TimelineCanvas
from sonic_desktop.gui.timeline.frame_worker import FrameService
from sonic_desktop.gui.timeline.preview_source import PreparedPreview, scrub_request

NUDGE_S = 0.01
FRAME_INTERVAL_MS = 40  # 25 fps, the engine's output rate
PREPARE_DELAY_MS = 250  # settle time after an edit before re-analysing
RESYNC_S = 0.08  # re-align the picture clock when the audio drifts further than this


def effective_offset(settings: RenderSettings) -> float:
    return settings.alignment_offset_sec if settings.lip_sync_calibration else 0.0


class TimelinePanel(QWidget):
    frame_ready = Signal(QImage)
    preview_status = Signal(str)  # "" when ready, else what the preview is doing

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.frames = FrameService(self)
        self.prepared: PreparedPreview | None = None
        self._prepared_key: object = None
        self._player: QMediaPlayer | None = None  # created on the first Play
        self._audio_out: QAudioOutput | None = None
        self._clock = QElapsedTimer()
        self._clock_origin = 0.0
        self._tick = QTimer(self)
        self._tick.setInterval(FRAME_INTERVAL_MS)
        self._tick.timeout.connect(self._on_tick)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(PREPARE_DELAY_MS)
        self._debounce.timeout.connect(self.prepare_now)

        self.canvas = TimelineCanvas(self)
        self.canvas.setObjectName("timelineCanvas")
        self.canvas.message = self.tr("Add a portrait and a recording to scrub the preview")
        self.play_button = QPushButton(self.tr("Play"), self)
        set_glyph(self.play_button, "play")
        self.play_button.setObjectName("timelinePlay")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._play_toggled)
        self.time_label = QLabel("0:00.0", self)
        self.time_label.setMinimumWidth(110)

        offset_label = QLabel(self.tr("Lip-sync offset"), self)
        offset_label.setToolTip(self._offset_help())
        self.earlier_button = QPushButton(self)
        self.earlier_button.setObjectName("nudgeEarlier")
        self.earlier_button.setText(self.tr("−10 ms"))
        self.earlier_button.setToolTip(self.tr("Move the lips 10 ms later"))
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("nudgeLater")
        self.later_button.setText(self.tr("+10 ms"))
        self.later_button.setToolTip(self.tr("Move the lips 10 ms earlier"))
        self.offset_spin = QDoubleSpinBox(self)
        self.offset_spin.setObjectName("offsetSpin")
        self.offset_spin.setRange(-OFFSET_LIMIT * 1000, OFFSET_LIMIT * 1000)
        self.offset_spin.setDecimals(0)
        self.offset_spin.setSingleStep(NUDGE_S * 1000)
        self.offset_spin.setSuffix(" ms")
        self.offset_spin.setKeyboardTracking(False)
        self.offset_spin.setToolTip(self._offset_help())
        self.offset_spin.setFixedWidth(92)
        self.offset_hint = muted_label(
            self.tr("Shift+drag or drag the handle to shift the lips"), self
        )
        self.offset_hint.setObjectName("offsetHint")
        self.offset_hint.setToolTip(self.canvas.handle_tool_tip())
        self.earlier_button.clicked.connect(lambda: self.nudge(-NUDGE_S))
        self.later_button.clicked.connect(lambda: self.nudge(NUDGE_S))
        self.offset_spin.valueChanged.connect(lambda ms: self.set_offset(ms / 1000.0))

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(6)
        controls.addWidget(self.play_button)
        controls.addWidget(self.time_label)
        controls.addStretch(1)
        controls.addWidget(offset_label)
        controls.addWidget(self.earlier_button)
        controls.addWidget(self.offset_spin)
        controls.addWidget(self.later_button)
        controls.addWidget(self.offset_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(controls)
        layout.addWidget(self.canvas, 1)

        self.canvas.scrubbed.connect(self.scrub)
        self.canvas.offset_dragged.connect(self.set_offset)
        self.frames.prepared.connect(self._on_prepared)
        self.frames.failed.connect(self._on_failed)
        self.frames.frame.connect(lambda _t, image: self.frame_ready.emit(image))
        session.portrait_changed.connect(self.schedule_prepare)
        session.face_changed.connect(self.schedule_prepare)
        session.audio_changed.connect(self._audio_changed)
        session.settings_changed.connect(self._settings_changed)
        self._settings_changed(session.settings)

    def _offset_help(self) -> str:
        return self.tr(
            "Positive values make the mouth move earlier than the sound (30 ms = 0.03 s). "
            "The soundtrack itself is never shifted."
        )

    # -- preparation ------------------------------------------------------------------
    def _request(self) -> RenderRequest | None:
        portrait, audio = self.session.portrait, self.session.audio
        if portrait is None or audio is None:
            return None
        if not portrait.faces and self.session.manual_box is None:
            return None
        output = Path(tempfile.gettempdir()) / "sonic-desktop-scrub.mp4"  # never written
        return RenderRequest(
            image=portrait.path,
            audio=audio.path,
            output=output,
            settings=self.session.settings,
            face_box=self.session.explicit_face_box,
        )

    def schedule_prepare(self) -> None:
        self._debounce.start()

    def prepare_now(self) -> None:
        self._debounce.stop()
        request = self._request()
        if request is None:
            self.prepared = None
            self._prepared_key = None
            return
        self._prepared_key = self._key(request)
        self.prepared = None
        self.canvas.message = self.tr("Preparing the preview…")
        self.canvas.update()
        self.preview_status.emit(self.canvas.message)
        self.frames.prepare(request)

    def _key(self, request: RenderRequest) -> object:
        scrub = scrub_request(request)
        return (scrub.image, scrub.audio, scrub.face_box, scrub.settings)

    def _on_prepared(self, prepared: PreparedPreview) -> None:
        self.prepared = prepared
        self.canvas.openness = prepared.openness
        self.canvas.fps = prepared.fps
        self.canvas.message = ""
        self.canvas.update()
        self.preview_status.emit("")
        self.scrub(self.canvas.playhead_s)

    def _on_failed(self, message: str) -> None:
        self.canvas.message = message
        self.canvas.update()
        self.preview_status.emit(message)

    def _audio_changed(self) -> None:
        self.stop()
        audio = self.session.audio
        self.canvas.duration_s = audio.duration_s if audio else 0.0
        self.canvas.peaks = audio.peaks if audio else self.canvas.peaks[:0]
        self.canvas.openness = self.canvas.openness[:0]
        self.canvas.playhead_s = 0.0
        self._update_time()
        self.canvas.update()
        self.schedule_prepare()

    def _settings_changed(self, settings: RenderSettings) -> None:
        offset = effective_offset(settings)
        self.canvas.offset_s = offset
        self.offset_spin.blockSignals(True)
        self.offset_spin.setValue(round(settings.alignment_offset_sec * 1000))
        self.offset_spin.blockSignals(False)
        self.canvas.update()
        request = self._request()
        if request is not None and self._key(request) != self._prepared_key:
            self.schedule_prepare()
        elif self.prepared is not None:
            self.frames.request_frame(self.canvas.playhead_s + offset)

    # -- offset -------------------------------------------------------------------------
    @property
    def offset_s(self) -> float:
        return self.session.settings.alignment_offset_sec

    def set_offset(self, seconds: float) -> None:
        value = min(OFFSET_LIMIT, max(-OFFSET_LIMIT, round(seconds * 100) / 100))
        settings = self.session.settings
        if value != settings.alignment_offset_sec or not settings.lip_sync_calibration:
            self.session.update_settings(alignment_offset_sec=value, lip_sync_calibration=True)

    def nudge(self, delta_s: float) -> None:
        self.set_offset(self.offset_s + delta_s)

    # -- scrubbing and playback ------------------------------------------------------------
    def scrub(self, t_seconds: float) -> None:
        self.canvas.playhead_s = min(max(0.0, t_seconds), self.canvas.duration_s)
        self.canvas.update()
        self._update_time()
        if self.prepared is not None:
            self.frames.request_frame(
                self.canvas.playhead_s + effective_offset(self.session.settings)
            )
        if self._player is not None and not self.playing:
            self._player.setPosition(int(self.canvas.playhead_s * 1000))

    def _update_time(self) -> None:
        self.time_label.setText(
            f"{format_clock(self.canvas.playhead_s)} / {format_clock(self.canvas.duration_s)}"
        )

    @property
    def playing(self) -> bool:
        return self._tick.isActive()

    def play(self) -> None:
        self.play_button.setChecked(True)

    def stop(self) -> None:
        self.play_button.setChecked(False)

    def _play_toggled(self, on: bool) -> None:
        if on and self.session.audio is not None:
            if self.canvas.playhead_s >= self.canvas.duration_s - 0.05:
                self.canvas.playhead_s = 0.0
            self._start_audio()
            self._clock_origin = self.canvas.playhead_s
            self._clock.start()
            self._tick.start()
            self.play_button.setText(self.tr("Pause"))
            set_glyph(self.play_button, "pause")
        else:
            self._tick.stop()
            if self._player is not None:
                self._player.pause()
            self.play_button.blockSignals(True)
            self.play_button.setChecked(False)
            self.play_button.blockSignals(False)
            self.play_button.setText(self.tr("Play"))
            set_glyph(self.play_button, "play")

    def _start_audio(self) -> None:
        audio = self.session.audio
        if audio is None:
            return
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._audio_out = QAudioOutput(self)
            self._player.setAudioOutput(self._audio_out)
        url = QUrl.fromLocalFile(str(audio.path))
        if self._player.source() != url:
            self._player.setSource(url)
        self._player.setPosition(int(self.canvas.playhead_s * 1000))
        self._player.play()

    def _on_tick(self) -> None:
        t = self._clock_origin + self._clock.elapsed() / 1000.0
        player_t = self._audio_position()
        if player_t is not None and abs(player_t - t) > RESYNC_S:
            self._clock_origin, t = player_t, player_t  # the sound is the reference
            self._clock.restart()
        if t >= self.canvas.duration_s:
            self.scrub(self.canvas.duration_s)
            self.stop()
            return
        self.scrub(t)

    def _audio_position(self) -> float | None:
        if self._player is None:
            return None
        if self._player.playbackState() != QMediaPlayer.PlaybackState.PlayingState:
            return None
        if self._player.position() <= 0:
            return None  # still opening the device
        return self._player.position() / 1000.0

    def shutdown(self) -> None:
        self.stop()
        self.frames.shutdown()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self.play_button.toggle()
        else:
            super().keyPressEvent(event)
