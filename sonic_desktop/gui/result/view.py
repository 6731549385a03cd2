"""The finished video, played in the app, with the troubleshooting tips beside it.

As soon as a job is shown (just finished, or restored from the saved queue after a
restart), its first frame and duration are read off the UI thread, so the view is
never black or without a length. Frames are stepped with the buttons or the , and .
keys, and the Before toggle shows the job's still portrait in the same place and
scale as the video. A deleted or moved file is said to be missing, with its path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.jobs import Job
from sonic_desktop.gui.common.error_text import error_text
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.common.widgets import format_clock, format_duration, muted_label, set_glyph
from sonic_desktop.gui.queue.view import open_path, show_in_folder
from sonic_desktop.gui.result.canvas import FrameCanvas, to_qimage
from sonic_desktop.gui.result.notices import translate_notice
from sonic_desktop.gui.result.poster import Poster, read_portrait, read_poster
from sonic_desktop.gui.result.tips import TipsPanel, tips
from sonic_desktop.gui.shell.theme import set_role

__all__ = ["ResultView", "tips"]

_Playing = QMediaPlayer.PlaybackState.PlayingState


class ResultView(QWidget):
    apply_changes = Signal(object, dict)  # Job, field changes
    focus_timeline = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self.result: object | None = None
        self.poster: Poster | None = None
        self.portrait: np.ndarray | None = None  # the still, framed as rendered
        self.missing = False  # the shown job's file is gone
        self.loading = False  # its poster is being read
        self.problem = ""  # why the poster could not be read, or the folder not shown
        self._duration_ms = 0
        self._position_ms = 0
        self._poster_image = QImage()  # the first frame, shown until the player is used
        self._tasks = BackgroundTasks(self, max_threads=1)
        # The player is created for the first Play, step or seek, not at start-up.
        self._player: QMediaPlayer | None = None
        self._audio: QAudioOutput | None = None
        # Played frames go straight from the player to this widget, in C++: a Python
        # slot on its video sink would be entered from Qt's render thread, and a
        # player.stop() on the UI thread waiting for that thread then deadlocks on the GIL.
        self._video_widget: QVideoWidget | None = None
        self._source: Path | None = None
        self._loaded = False  # the player's source is ready for seeking
        self._pending_ms: int | None = None  # a seek asked for before it was ready
        self._play_when_loaded = False

        self.screen_stack = QStackedWidget(self)
        self.canvas = FrameCanvas(self.screen_stack)
        self.canvas.setObjectName("resultCanvas")
        self.screen_stack.addWidget(self.canvas)
        self.title = QLabel(self)
        set_role(self.title, "heading")
        self.status = QLabel(self)
        self.status.setObjectName("resultStatus")
        set_role(self.status, "error")
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = muted_label("", self)
        self.details.setWordWrap(True)
        self.details.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.prev_button = QPushButton("◀|", self)
        self.prev_button.setObjectName("resultPreviousFrame")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.play_button = QPushButton(self)
        self.play_button.setObjectName("resultPlay")
        self.play_button.clicked.connect(self.toggle_play)
        self.next_button = QPushButton("|▶", self)
        self.next_button.setObjectName("resultNextFrame")
        self.next_button.clicked.connect(lambda: self.step(1))
        for button in (self.prev_button, self.next_button):
            button.setFixedWidth(40)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("resultPosition")
        self.slider.sliderMoved.connect(self.seek)
        self.time_label = muted_label("0:00.0 / 0:00.0", self)
        self.before_button = QPushButton(self)
        self.before_button.setObjectName("resultBefore")
        self.before_button.setCheckable(True)
        self.before_button.toggled.connect(self._show_before)
        self.open_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.open_button.clicked.connect(self._open)
        self.folder_button.clicked.connect(self._show_in_folder)
        for key, delta in ((",", -1), (".", 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda d=delta: self.step(d))
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on the picture arms , and .

        # The position bar gets the whole width on its own row, as in most players, so
        # it stays usable when the tab is narrow.
        seek_row = QHBoxLayout()
        seek_row.setSpacing(8)
        seek_row.addWidget(self.slider, 1)
        seek_row.addWidget(self.time_label)
        controls = QHBoxLayout()
        controls.setSpacing(8)
        controls.addWidget(self.prev_button)
        controls.addWidget(self.play_button)
        controls.addWidget(self.next_button)
        controls.addStretch(1)
        controls.addWidget(self.before_button)
        controls.addWidget(self.open_button)
        controls.addWidget(self.folder_button)

        self.tips_panel = TipsPanel(self)
        self.tips_panel.apply_changes.connect(self._apply)
        self.tips_panel.focus_timeline.connect(self.focus_timeline)
        self.tips_box = self.tips_panel.card

        left = QVBoxLayout()
        left.setSpacing(4)  # not the 10 px between the columns, which it would inherit
        left.addWidget(self.screen_stack, 1)
        left.addSpacing(6)
        left.addWidget(self.title)
        left.addWidget(self.status)
        left.addWidget(self.details)
        left.addSpacing(6)
        left.addLayout(seek_row)
        left.addLayout(controls)
        layout = QHBoxLayout(self)
        # Tight margins: at 1280 px the side panels leave this tab about 700 px.
        layout.setContentsMargins(6, 8, 6, 8)
        layout.setSpacing(10)
        layout.addLayout(left, 1)
        layout.addWidget(self.tips_panel)
        self._update_controls()
        self.retranslate()

    # -- texts -------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text from state: a language switch keeps the job, frame and position."""
        self.prev_button.setToolTip(self.tr("Previous frame (,)"))
        self.next_button.setToolTip(self.tr("Next frame (.)"))
        self.slider.setToolTip(self.tr("Drag to move through the video"))
        self.before_button.setText(self.tr("Before"))
        self.before_button.setToolTip(
            self.tr("Show the still portrait this video was made from, in the same frame")
        )
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Open the video in the system's player"))
        self.folder_button.setText(self.tr("Show in folder"))
        self.folder_button.setToolTip(self.tr("Show the video's folder in the file manager"))
        self._update_play_text()
        self._update_texts()

    def _update_texts(self) -> None:
        job = self.job
        if job is None:
            self.canvas.set_message(
                self.tr("Finished videos play here. Double-click a finished job in the queue.")
            )
            self.title.setText("")
            self.details.setText("")
            self.details.hide()
            self.status.setText("")
            self.status.hide()
            return
        output = job.request.output
        self.title.setText(output.name)
        self.title.setToolTip(str(output))
        if self.missing:
            self.status.setText(
                self.tr("The video file is missing. It was saved at: {path}").format(
                    path=str(output)
                )
            )
            self.canvas.set_message(self.tr("The video file is missing"))
        else:
            self.status.setText(self.problem)
            self.canvas.set_message(self.tr("Loading the first frame…") if self.loading else "")
        self.status.setVisible(bool(self.status.text()))
        self.details.setText(self._details_text(job))
        self.details.setVisible(bool(self.details.text()))
        self._update_time()

    def _details_text(self, job: Job) -> str:
        result = self.result
        poster = self.poster
        parts: list[str] = []
        if result is not None:
            parts.append(f"{getattr(result, 'width', '?')}×{getattr(result, 'height', '?')}")
        elif poster is not None and poster.width:
            parts.append(f"{poster.width}×{poster.height}")
        if self._duration_ms:
            parts.append(format_clock(self._duration_ms / 1000.0))
        engine = str(getattr(result, "engine_label", "") or job.engine_label or "")
        if engine:
            parts.append(engine)
        if result is not None:
            elapsed = float(getattr(result, "elapsed_s", 0.0))
            parts.append(self.tr("rendered in {time}").format(time=format_duration(elapsed)))
        lines = [" · ".join(p for p in parts if p)]
        if not self.missing:
            lines.append(self.tr("Saved at: {path}").format(path=str(job.request.output)))
        notices = [str(n) for n in (getattr(result, "notices", None) or [])]
        lines += ["• " + translate_notice(n) for n in notices]
        return "\n".join(line for line in lines if line)

    def _update_time(self) -> None:
        position = format_clock(self._position_ms / 1000.0)
        self.time_label.setText(f"{position} / {format_clock(self._duration_ms / 1000.0)}")

    def _update_play_text(self) -> None:
        playing = self._player is not None and self._player.playbackState() == _Playing
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play_button.setToolTip(
            self.tr("Pause the video") if playing else self.tr("Play the video with its sound")
        )
        set_glyph(self.play_button, "pause" if playing else "play")

    def _update_controls(self) -> None:
        playable = self.job is not None and not self.missing
        for w in (
            self.play_button,
            self.prev_button,
            self.next_button,
            self.slider,
            self.time_label,
            self.open_button,
        ):
            w.setEnabled(playable)
        self.folder_button.setEnabled(self.job is not None)
        self.before_button.setEnabled(playable and self.portrait is not None)
        self.tips_panel.set_enabled(self.job is not None)

    # -- content -----------------------------------------------------------------------
    def show_job(self, job: Job, result: object | None = None) -> None:
        """Show `job`: its poster and duration arrive from a background read."""
        self._unload()
        self.job, self.result = job, result
        self.poster = None
        self.portrait = None
        self.problem = ""
        self.before_button.setChecked(False)
        self._poster_image = QImage()
        self.canvas.set_image(QImage())
        self.screen_stack.setCurrentWidget(self.canvas)
        self._position_ms = 0
        duration = float(getattr(result, "duration_s", 0.0) or 0.0)
        self._set_duration(round(duration * 1000))
        self.slider.setValue(0)
        output = job.request.output
        self.missing = not output.exists()
        self.loading = not self.missing
        self.tips_panel.show_settings(job.request.settings)
        if self.loading:
            request = job.request
            self._tasks.submit(
                lambda: read_poster(request),
                self._poster_read,
                lambda exc: self._poster_failed(output, exc),
                latest_only="poster",
            )
            self._tasks.submit(
                lambda: read_portrait(request),
                lambda portrait: self._portrait_read(request.output, portrait),
                lambda _exc: None,  # read_portrait says why in the log; no toggle then
                latest_only="portrait",
            )
        self._update_controls()
        self._update_texts()

    def _poster_read(self, poster: Poster) -> None:
        if self.job is None or poster.output != self.job.request.output:
            return  # another job was shown meanwhile
        self.poster, self.loading = poster, False
        if not self._duration_ms:
            self._set_duration(round(poster.duration_s * 1000))
        if poster.frame is not None:
            self._poster_image = to_qimage(poster.frame)
            if not self.before_button.isChecked():
                self.canvas.set_image(self._poster_image)
        self._update_controls()
        self._update_texts()

    def _portrait_read(self, output: Path, portrait: np.ndarray | None) -> None:
        if self.job is not None and output == self.job.request.output:
            self.portrait = portrait
            self._update_controls()

    def _poster_failed(self, output: Path, exc: BaseException) -> None:
        if self.job is None or output != self.job.request.output:
            return
        self.loading = False
        self.missing = not output.exists()
        self.problem = "" if self.missing else error_text(exc)
        self._update_controls()
        self._update_texts()

    def _set_duration(self, ms: int) -> None:
        self._duration_ms = max(0, ms)
        self.slider.setRange(0, self._duration_ms)
        self._update_time()

    @property
    def frame_ms(self) -> float:
        fps = self.poster.fps if self.poster is not None else 0.0
        fps = fps or float(getattr(self.result, "fps", 0.0) or 0.0) or 25.0
        return 1000.0 / fps

    @property
    def position_ms(self) -> int:
        return self._position_ms

    def _apply(self, changes: dict[str, Any]) -> None:
        if self.job is not None:
            self.apply_changes.emit(self.job, changes)

    def _open(self) -> None:
        if self.job is not None and not open_path(self.job.request.output):
            self._say_not_opened(self.job.request.output)

    def _show_in_folder(self) -> None:
        if self.job is not None and not show_in_folder(self.job.request.output):
            self._say_not_opened(self.job.request.output.parent)

    def _say_not_opened(self, path: Path) -> None:
        self.problem = self.tr("Nothing on this system could open it. The path is: {path}").format(
            path=str(path)
        )
        self._update_texts()

    # -- before/after -------------------------------------------------------------------
    def _show_before(self, before: bool) -> None:
        if before and self.portrait is not None:
            if self._player is not None and self._player.playbackState() == _Playing:
                self._player.pause()
            self.canvas.set_image(to_qimage(self.portrait))
            self.screen_stack.setCurrentWidget(self.canvas)
        else:
            self.canvas.set_image(self._poster_image)
            self._show_video()

    def _show_video(self) -> None:
        """The player's picture once it has been used for this job, else the poster."""
        if self._video_widget is not None and self._loaded and not self.missing:
            self.screen_stack.setCurrentWidget(self._video_widget)
        else:
            self.screen_stack.setCurrentWidget(self.canvas)

    def shown_image(self) -> QImage:
        """The picture on screen now: the player's current frame, or the canvas's."""
        if self._video_widget is not None and self.screen_stack.currentWidget() is (
            self._video_widget
        ):
            return self._video_widget.videoSink().videoFrame().toImage()
        return self.canvas.image

    # -- playback ------------------------------------------------------------------------
    def _ensure_player(self) -> QMediaPlayer | None:
        """The player, with the shown job's video as its source (None when missing)."""
        if self.job is None or self.missing:
            return None
        if not self.job.request.output.exists():  # deleted or moved since it was shown
            self._unload()
            self.missing = True
            self._poster_image = QImage()
            self.canvas.set_image(self._poster_image)
            self._update_controls()
            self._update_texts()
            return None
        if self._player is None:
            self._player = QMediaPlayer(self)
            self._audio = QAudioOutput(self)
            self._video_widget = QVideoWidget(self.screen_stack)
            self._video_widget.setObjectName("resultVideo")
            self.screen_stack.addWidget(self._video_widget)
            self._player.setAudioOutput(self._audio)
            self._player.setVideoOutput(self._video_widget)
            self._player.durationChanged.connect(self._player_duration)
            self._player.positionChanged.connect(self._position_changed)
            self._player.mediaStatusChanged.connect(self._media_status)
            self._player.playbackStateChanged.connect(lambda _s: self._update_play_text())
        output = self.job.request.output
        if self._source != output:
            self._source, self._loaded = output, False
            self._player.setSource(QUrl.fromLocalFile(str(output)))
        return self._player

    def _unload(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player.setSource(QUrl())  # lets the file be moved or deleted
        self._source, self._loaded = None, False
        self.screen_stack.setCurrentWidget(self.canvas)
        self._pending_ms, self._play_when_loaded = None, False

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        ready = (
            QMediaPlayer.MediaStatus.LoadedMedia,
            QMediaPlayer.MediaStatus.BufferedMedia,
        )
        if status not in ready or self._loaded or self._player is None:
            return
        self._loaded = True
        if not self.before_button.isChecked():
            self._show_video()
        if self._pending_ms is not None:
            self._player.setPosition(self._pending_ms)
            self._pending_ms = None
        if self._play_when_loaded:
            self._play_when_loaded = False
            self._player.play()
        else:
            self._player.pause()  # renders the frame at the position

    def toggle_play(self) -> None:
        player = self._ensure_player()
        if player is None:
            return
        self.before_button.setChecked(False)
        if player.playbackState() == _Playing:
            player.pause()
        elif not self._loaded:
            self._play_when_loaded = True
        else:
            player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def seek(self, ms: int) -> None:
        player = self._ensure_player()
        if player is None:
            return
        ms = max(0, min(int(ms), self._duration_ms or int(ms)))
        self._position_ms = ms
        self._update_time()
        if self._loaded:
            player.setPosition(ms)
        else:
            self._pending_ms = ms

    def step(self, frames: int) -> None:
        """Pause and move `frames` frames (aiming at the middle of the target frame, so
        rounding never lands on a neighbour)."""
        player = self._ensure_player()
        if player is None:
            return
        self.before_button.setChecked(False)
        if player.playbackState() == _Playing:
            player.pause()
        self._play_when_loaded = False
        frame_ms = self.frame_ms
        index = int(self._position_ms // frame_ms) + frames
        last = max(0, int((self._duration_ms - 1) // frame_ms)) if self._duration_ms else index
        index = max(0, min(index, last))
        self.seek(round(index * frame_ms + frame_ms / 2))
        self.slider.setValue(self._position_ms)

    def _player_duration(self, ms: int) -> None:
        if ms > 0:
            self._set_duration(int(ms))
            self._update_texts()

    def _position_changed(self, ms: int) -> None:
        self._position_ms = int(ms)
        if not self.slider.isSliderDown():
            self.slider.setValue(self._position_ms)
        self._update_time()
