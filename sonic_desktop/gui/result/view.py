"""The finished video, played in the app, with the troubleshooting tips beside it.

Each tip (PARAMETERS.md, "Troubleshooting tips") names a symptom, its likely cause,
and offers the fix as one click: the job's settings with the change go back into
the inspector, ready to queue again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.jobs import Job
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.common.widgets import format_clock, format_duration, muted_label, set_glyph
from sonic_desktop.gui.queue.view import open_path, show_in_folder
from sonic_desktop.gui.shell.theme import set_role


def tips(settings: RenderSettings) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """(symptom, cause, fix label, settings changes or None for "open the timeline")."""
    wider = round(min(1.0, max(0.2, settings.expand_ratio + 0.1)), 2)
    livelier = max(1.1, settings.dynamic_scale)
    rows: list[tuple[str, str, str, dict[str, Any] | None]] = [
        (
            QCoreApplication.translate("Tips", "The video ends before the audio"),
            QCoreApplication.translate("Tips", "Duration is shorter than the recording."),
            QCoreApplication.translate("Tips", "Use the whole recording"),
            {"duration": None},
        ),
        (
            QCoreApplication.translate("Tips", "Blurry"),
            QCoreApplication.translate(
                "Tips", "Too few steps (under 10), or resolution and steps mismatched."
            ),
            QCoreApplication.translate("Tips", "Use 25 steps"),
            {"inference_steps": 25},
        ),
        (
            QCoreApplication.translate("Tips", "Head or chin cropped"),
            QCoreApplication.translate("Tips", "The face margin (expand ratio) is too low."),
            QCoreApplication.translate("Tips", "Widen the face margin"),
            {"expand_ratio": wider},
        ),
        (
            QCoreApplication.translate("Tips", "Stiff, lifeless motion"),
            QCoreApplication.translate(
                "Tips", "Expression strength is low; 1.1 or more livens it up."
            ),
            QCoreApplication.translate("Tips", "Expression strength 1.1"),
            {"dynamic_scale": livelier},
        ),
        (
            QCoreApplication.translate("Tips", "Lips late or early"),
            QCoreApplication.translate("Tips", "Audio and motion need a small offset."),
            QCoreApplication.translate("Tips", "Open the timeline"),
            None,
        ),
    ]
    return rows


class ResultView(QWidget):
    apply_changes = Signal(object, dict)  # Job, field changes
    focus_timeline = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.result: object | None = None
        # Player and video surface are created for the first video, not at start-up.
        self._player: QMediaPlayer | None = None
        self._audio: QAudioOutput | None = None
        self._video_widget: QVideoWidget | None = None

        self.placeholder = muted_label(
            self.tr("Finished videos play here. Double-click a finished job in the queue."), self
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self._video_host = QWidget(self)
        self._stack = QStackedLayout(self._video_host)
        self._stack.addWidget(self.placeholder)

        self.title = QLabel(self)
        set_role(self.title, "heading")
        self.details = muted_label("", self)
        self.details.setWordWrap(True)
        self.play_button = QPushButton(self.tr("Play"), self)
        set_glyph(self.play_button, "play")
        self.play_button.setObjectName("resultPlay")
        self.play_button.clicked.connect(self.toggle_play)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.sliderMoved.connect(self._seek)
        self.time_label = muted_label("0:00.0", self)
        self.open_button = QPushButton(self.tr("Open"), self)
        self.folder_button = QPushButton(self.tr("Show in folder"), self)
        self.open_button.clicked.connect(lambda: self.job and open_path(self.job.request.output))
        self.folder_button.clicked.connect(
            lambda: self.job and show_in_folder(self.job.request.output)
        )

        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        controls.addWidget(self.open_button)
        controls.addWidget(self.folder_button)

        self.tips_box = QFrame(self)
        set_role(self.tips_box, "card")
        self.tips_box.setFixedWidth(300)
        self._tips_layout = QGridLayout(self.tips_box)
        self._tips_layout.setContentsMargins(14, 12, 14, 12)
        self._tips_layout.setVerticalSpacing(4)

        left = QVBoxLayout()
        left.addWidget(self._video_host, 1)
        left.addWidget(self.title)
        left.addWidget(self.details)
        left.addLayout(controls)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        layout.addLayout(left, 1)
        layout.addWidget(self.tips_box)
        self._set_loaded(False)
        self._fill_tips(RenderSettings())

    # -- content -----------------------------------------------------------------------
    def _fill_tips(self, settings: RenderSettings) -> None:
        while self._tips_layout.count():
            item = self._tips_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        heading = QLabel(self.tr("If something looks off"), self.tips_box)
        set_role(heading, "heading")
        self._tips_layout.addWidget(heading, 0, 0)
        row = 1
        for symptom, cause, fix, changes in tips(settings):
            title = QLabel(f"<b>{symptom}</b>", self.tips_box)
            text = muted_label(cause, self.tips_box)
            text.setWordWrap(True)
            button = QPushButton(fix, self.tips_box)
            set_role(button, "link")
            button.setEnabled(self.job is not None)
            if changes is None:
                button.clicked.connect(self.focus_timeline)
            else:
                button.clicked.connect(lambda _=False, c=changes: self._apply(c))
            self._tips_layout.addWidget(title, row, 0)
            self._tips_layout.addWidget(text, row + 1, 0)
            self._tips_layout.addWidget(button, row + 2, 0, Qt.AlignmentFlag.AlignLeft)
            row += 3
        self._tips_layout.setRowStretch(row, 1)

    def _apply(self, changes: dict[str, Any]) -> None:
        if self.job is not None:
            self.apply_changes.emit(self.job, changes)

    def _set_loaded(self, loaded: bool) -> None:
        for w in (
            self.play_button,
            self.slider,
            self.time_label,
            self.open_button,
            self.folder_button,
        ):
            w.setEnabled(loaded)

    def show_job(self, job: Job, result: object | None = None) -> None:
        self.job, self.result = job, result
        output: Path = job.request.output
        self.title.setText(output.name)
        parts = []
        if result is not None:
            parts.append(f"{getattr(result, 'width', '?')}×{getattr(result, 'height', '?')}")
            parts.append(format_clock(float(getattr(result, "duration_s", 0.0))))
            parts.append(str(getattr(result, "engine_label", "")))
            parts.append(
                self.tr("rendered in {time}").format(
                    time=format_duration(float(getattr(result, "elapsed_s", 0.0)))
                )
            )
        elif job.engine_label:
            parts.append(job.engine_label)
        notices = list(getattr(result, "notices", []) or [])
        self.details.setText(
            " · ".join(p for p in parts if p) + ("\n" + "\n".join(notices) if notices else "")
        )
        self._fill_tips(job.request.settings)
        self._set_loaded(output.exists())
        if output.exists():
            self._load(output)

    # -- playback ------------------------------------------------------------------------
    def _ensure_player(self) -> None:
        if self._player is not None:
            return
        self._video_widget = QVideoWidget(self._video_host)
        self._stack.addWidget(self._video_widget)
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._player.setAudioOutput(self._audio)
        self._player.setVideoOutput(self._video_widget)
        self._player.durationChanged.connect(lambda ms: self.slider.setRange(0, int(ms)))
        self._player.positionChanged.connect(self._position_changed)
        self._player.playbackStateChanged.connect(lambda _s: self._update_play_text())

    def _load(self, path: Path) -> None:
        self._ensure_player()
        assert self._player is not None and self._video_widget is not None
        self._stack.setCurrentWidget(self._video_widget)
        self._player.setSource(QUrl.fromLocalFile(str(path)))

    def toggle_play(self) -> None:
        if self._player is None:
            return
        if self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self._player.pause()
        else:
            self._player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def _seek(self, ms: int) -> None:
        if self._player is not None:
            self._player.setPosition(ms)

    def _position_changed(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time_label.setText(format_clock(ms / 1000.0))

    def _update_play_text(self) -> None:
        playing = self._player is not None and (
            self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        )
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        set_glyph(self.play_button, "pause" if playing else "play")
