"""The speech card: name, length, format, waveform, and play/stop.

QtMultimedia is created on the first Play, not at start-up: the audio back-end
takes a moment to open and is not needed until then.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from sonic_desktop.gui.common.widgets import format_clock, set_glyph
from sonic_desktop.gui.inputs.portrait_view import dropped_paths
from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.shell.theme import colors, set_role
from sonic_desktop.gui.timeline.waveform import paint_waveform


class WaveformStrip(QWidget):
    """The whole recording's waveform with a playhead; a drop target and open button when empty."""

    open_requested = Signal()
    files_dropped = Signal(list)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.position_s: float | None = None
        self.busy = False
        self.setAcceptDrops(True)
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        session.audio_changed.connect(self.update)
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr("The speech recording: drop audio or a video here, or click to choose one")
        )
        self.update()  # the empty zone's text is translated at paint time

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        audio = self.session.audio
        if audio is None:
            p.setPen(QPen(QColor(c.border), 1.5, Qt.PenStyle.DashLine))
            p.setBrush(QColor(c.surface))
            p.drawRoundedRect(area, 10, 10)
            p.setPen(QColor(c.muted))
            text = (
                self.tr("Reading the audio…")
                if self.busy
                else self.tr("Drop a speech recording here, or click to choose one")
            )
            p.drawText(
                area.adjusted(10, 0, -10, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                text,
            )
            return
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(c.surface_alt))
        p.drawRoundedRect(area, 8, 8)
        paint_waveform(p, area.adjusted(6, 6, -6, -6), audio.peaks, QColor(c.accent))
        if self.position_s is not None and audio.duration_s > 0:
            x = area.left() + 6 + (area.width() - 12) * min(1.0, self.position_s / audio.duration_s)
            p.setPen(QPen(QColor(c.text), 1.5))
            p.drawLine(int(x), int(area.top() + 2), int(x), int(area.bottom() - 2))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.session.audio is None and event.button() == Qt.MouseButton.LeftButton:
            self.open_requested.emit()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


class AudioCard(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # Created on the first Play: opening the audio device is not free.
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self.name = QLabel(self)
        set_role(self.name, "heading")
        self.details = QLabel(self)
        set_role(self.details, "muted")
        self.details.setWordWrap(True)  # else its one line widens the panel past the screen
        self.waveform = WaveformStrip(session, self)
        self.play_button = QPushButton(self)
        set_glyph(self.play_button, "play")
        self.play_button.setObjectName("audioPlay")
        self.stop_button = QPushButton(self)
        set_glyph(self.stop_button, "stop")
        self.stop_button.setObjectName("audioStop")
        self.play_button.clicked.connect(self.play)
        self.stop_button.clicked.connect(self.stop)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.name)
        layout.addWidget(self.details)
        layout.addWidget(self.waveform)
        layout.addLayout(buttons)
        session.audio_changed.connect(self._audio_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.play_button.setText(self.tr("Play"))
        self.play_button.setToolTip(self.tr("Listen to the speech recording"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop playing the recording"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _audio_changed(self) -> None:
        self.stop()
        self._show()

    def _show(self) -> None:
        """The texts from the loaded recording (also after a language switch)."""
        audio = self.session.audio
        loaded = audio is not None
        for w in (self.name, self.details, self.play_button, self.stop_button):
            w.setVisible(loaded)
        if audio is None:
            return
        self.name.setText(audio.path.name)
        self.name.setToolTip(str(audio.path))
        channels = {1: self.tr("mono"), 2: self.tr("stereo")}.get(
            audio.channels, self.tr("{n} channels").format(n=audio.channels)
        )
        self.details.setText(
            " · ".join(
                [
                    format_clock(audio.duration_s),
                    audio.source_format,
                    self.tr("{rate:g} kHz").format(rate=audio.sample_rate / 1000),
                    channels,
                ]
            )
        )

    # -- playback -------------------------------------------------------------------
    def _ensure_player(self) -> QMediaPlayer:
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.positionChanged.connect(self._position_changed)
            self._player.playbackStateChanged.connect(self._state_changed)
        return self._player

    def play(self) -> None:
        audio = self.session.audio
        if audio is None:
            return
        player = self._ensure_player()
        if player.source() != QUrl.fromLocalFile(str(audio.path)):
            player.setSource(QUrl.fromLocalFile(str(audio.path)))
        player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        self.waveform.position_s = None
        self.waveform.update()

    @property
    def playing(self) -> bool:
        return self._player is not None and (
            self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        )

    def _position_changed(self, ms: int) -> None:
        self.waveform.position_s = ms / 1000.0
        self.waveform.update()

    def _state_changed(self, _state: object) -> None:
        self.play_button.setEnabled(not self.playing)
