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

from PySide6.QtCore import QElapsedTimer, QEvent, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QImage, QKeyEvent, QResizeEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.common.widgets import format_clock, set_glyph
from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.shell.theme import set_role
from sonic_desktop.gui.timeline.canvas import OFFSET_LIMIT, TimelineCanvas
from sonic_desktop.gui.timeline.frame_worker import FrameService
from sonic_desktop.gui.timeline.preview_source import PreparedPreview, scrub_request

NUDGE_S = 0.01
SCROLL_UNITS = 1000  # scroll-bar units per second of clip while zoomed
FRAME_INTERVAL_MS = 40  # 25 fps, the engine's output rate
PREPARE_DELAY_MS = 250  # settle time after an edit before re-analysing
RESYNC_S = 0.08  # re-align the picture clock when the audio drifts further than this


def effective_offset(settings: RenderSettings) -> float:
    return settings.alignment_offset_sec if settings.lip_sync_calibration else 0.0


class _ElidedLabel(QLabel):
    """A one-line hint that gives way to the controls: cut with "…" when the row is
    narrow (1280 px screens), hidden when too little of it would be left."""

    MIN_SHOWN = 40  # px: narrower than this, a fragment says nothing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        set_role(self, "muted")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full), super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.width()
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        self.setText(text if width >= self.MIN_SHOWN else "")


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
        self._message_kind = "empty"  # which canvas message to show: empty, preparing, failed
        self._failure = ""
        self.play_button = QPushButton(self)
        set_glyph(self.play_button, "play")
        self.play_button.setObjectName("timelinePlay")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._play_toggled)
        self.time_label = QLabel("0:00.0", self)
        self.time_label.setObjectName("timelineTime")
        self.time_label.setMinimumWidth(110)
        self.fit_button = QPushButton(self)
        self.fit_button.setObjectName("timelineFit")
        self.fit_button.setEnabled(False)
        self.fit_button.clicked.connect(self.canvas.fit)
        self.scroll_bar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scroll_bar.setObjectName("timelineScroll")
        self.scroll_bar.hide()
        self.scroll_bar.valueChanged.connect(lambda v: self.canvas.set_view_start(v / SCROLL_UNITS))
        self.canvas.view_changed.connect(self._view_changed)

        self.offset_label = QLabel(self)
        self.earlier_button = QPushButton(self)
        self.earlier_button.setObjectName("nudgeEarlier")
        self.later_button = QPushButton(self)
        self.later_button.setObjectName("nudgeLater")
        self.offset_spin = QDoubleSpinBox(self)
        self.offset_spin.setObjectName("offsetSpin")
        self.offset_spin.setRange(-OFFSET_LIMIT * 1000, OFFSET_LIMIT * 1000)
        self.offset_spin.setDecimals(0)
        self.offset_spin.setSingleStep(NUDGE_S * 1000)
        self.offset_spin.setSuffix(" ms")
        self.offset_spin.setKeyboardTracking(False)
        self.offset_spin.setFixedWidth(92)
        # The hint may shrink (its text is also in the tooltips): the row must fit 1280 px.
        self.offset_hint = _ElidedLabel(self)
        self.offset_hint.setObjectName("offsetHint")
        self.earlier_button.clicked.connect(lambda: self.nudge(-NUDGE_S))
        self.later_button.clicked.connect(lambda: self.nudge(NUDGE_S))
        self.offset_spin.valueChanged.connect(lambda ms: self.set_offset(ms / 1000.0))

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(6)
        controls.addWidget(self.play_button)
        controls.addWidget(self.time_label)
        controls.addWidget(self.fit_button)
        controls.addStretch(1)
        controls.addWidget(self.offset_label)
        controls.addWidget(self.earlier_button)
        controls.addWidget(self.offset_spin)
        controls.addWidget(self.later_button)
        controls.addWidget(self.offset_hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(controls)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.scroll_bar)

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
        self.retranslate()

    def retranslate(self) -> None:
        """Every text from state: a language switch changes words, never what is loaded."""
        self.play_button.setText(self.tr("Pause") if self.playing else self.tr("Play"))
        self.play_button.setToolTip(self.tr("Play or pause the preview with its sound (Space)"))
        self.time_label.setToolTip(self.tr("Playhead / length of the recording"))
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(
            self.tr("Show the whole clip. Ctrl+wheel on the timeline zooms around the pointer.")
        )
        self.scroll_bar.setToolTip(self.tr("Scroll the zoomed timeline"))
        self.offset_label.setText(self.tr("Lip-sync offset"))
        self.offset_label.setToolTip(self._offset_help())
        self.earlier_button.setText(self.tr("−10 ms"))
        self.earlier_button.setToolTip(self.tr("Move the lips 10 ms later"))
        self.later_button.setText(self.tr("+10 ms"))
        self.later_button.setToolTip(self.tr("Move the lips 10 ms earlier"))
        self.offset_spin.setToolTip(self._offset_help())
        self.offset_hint.set_full_text(self.tr("Shift+drag or drag the handle to shift the lips"))
        self.offset_hint.setToolTip(self.canvas.handle_tool_tip())
        self._show_message()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _offset_help(self) -> str:
        return self.tr(
            "Positive values make the mouth move earlier than the sound. "
            "The soundtrack itself is never shifted."
        )

    def _show_message(self) -> None:
        """The canvas's status line, translated from its kind (the failure text is the
        error as it was reported)."""
        messages = {
            "empty": self.tr("Add a portrait and a recording to scrub the preview"),
            "preparing": self.tr("Preparing the preview…"),
            "failed": self._failure,
            "ready": "",
        }
        self.canvas.message = messages[self._message_kind]
        self.canvas.update()

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
            self._message_kind = "empty"
            self._show_message()
            return
        self._prepared_key = self._key(request)
        self.prepared = None
        self._message_kind = "preparing"
        self._show_message()
        self.preview_status.emit(self.canvas.message)
        self.frames.prepare(request)

    def _key(self, request: RenderRequest) -> object:
        scrub = scrub_request(request)
        return (scrub.image, scrub.audio, scrub.face_box, scrub.settings)

    def _on_prepared(self, prepared: PreparedPreview) -> None:
        self.prepared = prepared
        self.canvas.openness = prepared.openness
        self.canvas.fps = prepared.fps
        self._message_kind = "ready"
        self._show_message()
        self.preview_status.emit("")
        self.scrub(self.canvas.playhead_s)

    def _on_failed(self, message: str) -> None:
        self._message_kind, self._failure = "failed", message
        self._show_message()
        self.preview_status.emit(message)

    def _audio_changed(self) -> None:
        self.stop()
        audio = self.session.audio
        self.canvas.duration_s = audio.duration_s if audio else 0.0
        self.canvas.peaks = audio.peaks if audio else self.canvas.peaks[:0]
        self.canvas.openness = self.canvas.openness[:0]
        self.canvas.playhead_s = 0.0
        self.canvas.fit()
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
        self.session.set_lip_sync_offset(value)

    def nudge(self, delta_s: float) -> None:
        self.set_offset(self.offset_s + delta_s)

    # -- scrubbing and playback ------------------------------------------------------------
    def scrub(self, t_seconds: float) -> None:
        # The frame request goes first: the worker renders while this thread paints.
        t = min(max(0.0, t_seconds), self.canvas.duration_s)
        if self.prepared is not None:
            self.frames.request_frame(t + effective_offset(self.session.settings))
        self.canvas.set_playhead(t)
        if self.playing:
            self.canvas.ensure_visible(t)
        self._update_time()
        if self._player is not None and not self.playing:
            self._player.setPosition(int(self.canvas.playhead_s * 1000))

    def _view_changed(self) -> None:
        """Keep the scroll bar and the Fit button in step with the canvas's zoom."""
        canvas = self.canvas
        t0, t1 = canvas.view_range()
        self.fit_button.setEnabled(canvas.zoomed)
        self.scroll_bar.setVisible(canvas.zoomed)
        self.scroll_bar.blockSignals(True)
        self.scroll_bar.setRange(0, int((canvas.duration_s - (t1 - t0)) * SCROLL_UNITS))
        self.scroll_bar.setPageStep(int((t1 - t0) * SCROLL_UNITS))
        self.scroll_bar.setSingleStep(max(1, int((t1 - t0) * SCROLL_UNITS / 10)))
        self.scroll_bar.setValue(int(t0 * SCROLL_UNITS))
        self.scroll_bar.blockSignals(False)

    def _update_time(self) -> None:
        self.time_label.setText(
            f"{format_clock(self.canvas.playhead_s)} / {format_clock(self.canvas.duration_s)}"
        )

    @property
    def playing(self) -> bool:
        return self._tick.isActive()

    def play(self) -> None:
        self.play_button.setChecked(True)

    def toggle_play(self) -> None:
        """Play from the playhead, or pause (Space)."""
        self.play_button.toggle()

    def stop(self) -> None:
        self.play_button.setChecked(False)

    def _play_toggled(self, on: bool) -> None:
        if on and self.session.audio is not None:
            if self.canvas.playhead_s >= self.canvas.duration_s - 0.05:
                self.canvas.set_playhead(0.0)
            self._start_audio()
            self._clock_origin = self.canvas.playhead_s
            self._clock.start()
            self._tick.start()
            set_glyph(self.play_button, "pause")
        else:
            self._tick.stop()
            if self._player is not None:
                self._player.pause()
            self.play_button.blockSignals(True)
            self.play_button.setChecked(False)
            self.play_button.blockSignals(False)
            set_glyph(self.play_button, "play")
        self.play_button.setText(self.tr("Pause") if self.playing else self.tr("Play"))

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
            self.toggle_play()
        else:
            super().keyPressEvent(event)
