"""The inputs panel: the portrait (with its face and crop) above the speech recording.

Files arrive by drop or Open dialog. Problems (unreadable file, no face) appear as
a line inside the panel, never as a dialog, so dropping ten bad files is harmless.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.gui.common.widgets import Notice, muted_label
from sonic_desktop.gui.inputs.audio_card import AudioCard
from sonic_desktop.gui.inputs.drops import AUDIO_SUFFIXES, IMAGE_SUFFIXES
from sonic_desktop.gui.inputs.portrait_view import PortraitView
from sonic_desktop.gui.shell.session import NO_FACE, Session
from sonic_desktop.gui.shell.theme import set_role


def _filter(label: str, suffixes: frozenset[str]) -> str:
    patterns = " ".join(f"*{s}" for s in sorted(suffixes))
    return f"{label} ({patterns})"


class MediaPanel(QWidget):
    files_dropped = Signal(list)  # paths; the main window decides what they mean

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.last_folder = str(Path.home())

        # Portrait card
        self.portrait_view = PortraitView(session, self)
        self.portrait_view.setObjectName("portraitView")
        self.portrait_title = QLabel(self.tr("Portrait"), self)
        set_role(self.portrait_title, "title")
        self.open_portrait_button = QPushButton(self.tr("Open…"), self)
        self.draw_button = QPushButton(self.tr("Draw face box"), self)
        self.draw_button.setCheckable(True)
        self.draw_button.setToolTip(
            self.tr("Drag a box around the face when detection misses it or picks the wrong one")
        )
        self.auto_button = QPushButton(self.tr("Use detected face"), self)
        self.face_info = muted_label("", self)
        self.face_info.setWordWrap(True)
        self.portrait_notice = Notice(self)

        # Audio card
        self.audio_title = QLabel(self.tr("Speech"), self)
        set_role(self.audio_title, "title")
        self.open_audio_button = QPushButton(self.tr("Open…"), self)
        self.audio_card = AudioCard(session, self)
        self.audio_notice = Notice(self)

        self.drop_notice = Notice(self)

        portrait_card = self._card(
            [self._title_row(self.portrait_title, self.open_portrait_button)],
        )
        card_layout = portrait_card.layout()
        assert isinstance(card_layout, QVBoxLayout)
        card_layout.addWidget(self.portrait_view)
        tools = QHBoxLayout()
        tools.addWidget(self.draw_button)
        tools.addWidget(self.auto_button)
        tools.addStretch(1)
        card_layout.addLayout(tools)
        card_layout.addWidget(self.face_info)
        card_layout.addWidget(self.portrait_notice)

        audio_card = self._card([self._title_row(self.audio_title, self.open_audio_button)])
        audio_layout = audio_card.layout()
        assert isinstance(audio_layout, QVBoxLayout)
        audio_layout.addWidget(self.audio_card)
        audio_layout.addWidget(self.audio_notice)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(10)
        layout.addWidget(self.drop_notice)
        layout.addWidget(portrait_card)
        layout.addWidget(audio_card)
        layout.addStretch(1)

        self.open_portrait_button.clicked.connect(self.ask_portrait)
        self.open_audio_button.clicked.connect(self.ask_audio)
        self.portrait_view.open_requested.connect(self.ask_portrait)
        self.audio_card.waveform.open_requested.connect(self.ask_audio)
        self.portrait_view.files_dropped.connect(
            lambda paths: self._dropped_on_zone(paths, session.load_portrait)
        )
        self.audio_card.waveform.files_dropped.connect(
            lambda paths: self._dropped_on_zone(paths, session.load_audio)
        )
        self.draw_button.toggled.connect(self.portrait_view.set_drawing)
        self.portrait_view.drawing_changed.connect(self.draw_button.setChecked)
        self.auto_button.clicked.connect(lambda: session.set_manual_box(None))
        session.portrait_changed.connect(self._update_face_info)
        session.face_changed.connect(self._update_face_info)
        session.problem.connect(self._problem)
        session.loading_changed.connect(self._loading)
        self._update_face_info()

    # -- layout helpers ---------------------------------------------------------------
    def _title_row(self, title: QLabel, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(button)
        return row

    def _card(self, rows: list[QHBoxLayout]) -> QFrame:
        card = QFrame(self)
        set_role(card, "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(8)
        for row in rows:
            layout.addLayout(row)
        return card

    # -- opening files -----------------------------------------------------------------
    def ask_portrait(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a portrait photo"),
            self.last_folder,
            _filter(self.tr("Pictures"), IMAGE_SUFFIXES) + ";;" + self.tr("All files (*)"),
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.session.load_portrait(Path(path))

    def ask_audio(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a speech recording"),
            self.last_folder,
            _filter(self.tr("Audio and video"), AUDIO_SUFFIXES) + ";;" + self.tr("All files (*)"),
        )
        if path:
            self.last_folder = str(Path(path).parent)
            self.session.load_audio(Path(path))

    def _dropped_on_zone(self, paths: list[Path], load: Callable[[Path], None]) -> None:
        # One file on the portrait (or audio) zone is meant as the portrait (or audio),
        # whatever its extension: the media layer decides whether it can read it.
        if len(paths) == 1 and not paths[0].is_dir():
            load(paths[0])
        else:
            self.files_dropped.emit(paths)

    # -- state -------------------------------------------------------------------------
    def _loading(self, kind: str, busy: bool) -> None:
        if kind == "portrait":
            self.portrait_view.busy = busy
            self.portrait_view.update()
        else:
            self.audio_card.waveform.busy = busy
            self.audio_card.waveform.update()

    def _problem(self, kind: str, message: str) -> None:
        if message == NO_FACE:
            message = self.tr(
                "No face was found in this photo. Use Draw face box to mark it by hand."
            )
            self.draw_button.setChecked(True)
        (self.portrait_notice if kind == "portrait" else self.audio_notice).show_text(message)

    def _update_face_info(self) -> None:
        portrait = self.session.portrait
        has_faces = bool(portrait and portrait.faces)
        self.draw_button.setEnabled(portrait is not None)
        self.auto_button.setVisible(self.session.manual_box is not None and has_faces)
        if portrait is None:
            self.face_info.setText("")
            return
        box = self.session.face_box
        parts = [f"{portrait.path.name} · {portrait.width}×{portrait.height}"]
        if self.session.manual_box is not None:
            parts.append(self.tr("face box drawn by hand"))
        elif portrait.faces and len(portrait.faces) > 1:
            parts.append(
                self.tr("{n} faces found; click one to pick it").format(n=len(portrait.faces))
            )
        elif box is not None:
            parts.append(self.tr("face {w}×{h} px").format(w=round(box.width), h=round(box.height)))
        self.face_info.setText(" · ".join(parts))
        if box is not None and self.session.manual_box is not None:
            self.portrait_notice.clear()
        self.face_info.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def show_drop_message(self, text: str) -> None:
        self.drop_notice.show_text(text)
