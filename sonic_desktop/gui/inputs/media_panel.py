"""The inputs panel: the portrait (with its face and crop) above the speech recording.

Files arrive by drop or Open dialog. Problems (unreadable file, no face) appear as
a line inside the panel, never as a dialog, so dropping ten bad files is harmless.
Each notice knows when its cause is gone (a new file, a picked face) and clears then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
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
from sonic_desktop.gui.inputs.drops import AUDIO_SUFFIXES, IMAGE_SUFFIXES, is_audio, is_image
from sonic_desktop.gui.inputs.faces import MAX_UPSCALE, region_side, upscale_factor
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
        # The drop notice's lines and, optionally, the test that says they are resolved.
        self._drop_lines: list[str] = []
        self._drop_resolved: Callable[[], bool] | None = None
        self._no_face = False  # the portrait notice is the (translated) NO_FACE text

        # Portrait card
        self.portrait_view = PortraitView(session, self)
        self.portrait_view.setObjectName("portraitView")
        self.portrait_title = QLabel(self)
        set_role(self.portrait_title, "title")
        self.open_portrait_button = QPushButton(self)
        self.open_portrait_button.setObjectName("openPortrait")
        self.draw_button = QPushButton(self)
        self.draw_button.setObjectName("drawFaceBox")
        self.draw_button.setCheckable(True)
        self.auto_button = QPushButton(self)
        self.auto_button.setObjectName("useDetectedFace")
        self.face_info = muted_label("", self)
        self.face_info.setWordWrap(True)
        self.size_notice = Notice(self)  # a face much smaller than the render resolution
        self.size_notice.setObjectName("faceSizeNotice")
        self.portrait_notice = Notice(self)

        # Audio card
        self.audio_title = QLabel(self)
        set_role(self.audio_title, "title")
        self.open_audio_button = QPushButton(self)
        self.open_audio_button.setObjectName("openSpeech")
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
        card_layout.addWidget(self.size_notice)
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
            lambda paths: self._dropped_on_zone(paths, "portrait")
        )
        self.audio_card.waveform.files_dropped.connect(
            lambda paths: self._dropped_on_zone(paths, "audio")
        )
        self.draw_button.toggled.connect(self.portrait_view.set_drawing)
        self.portrait_view.drawing_changed.connect(self.draw_button.setChecked)
        self.auto_button.clicked.connect(lambda: session.set_manual_box(None))
        session.portrait_changed.connect(self._portrait_changed)
        session.face_changed.connect(self._update_face_info)
        session.settings_changed.connect(lambda _s: self._update_face_info())
        session.problem.connect(self._problem)
        session.loading_changed.connect(self._loading)
        for signal in (session.portrait_changed, session.audio_changed, session.face_changed):
            signal.connect(self._recheck_drop_notice)
        session.settings_changed.connect(lambda _s: self._recheck_drop_notice())
        self.retranslate()

    # -- language ---------------------------------------------------------------------
    def retranslate(self) -> None:
        self.portrait_title.setText(self.tr("Portrait"))
        self.open_portrait_button.setText(self.tr("Open…"))
        self.open_portrait_button.setToolTip(self.tr("Choose the portrait photo to animate"))
        self.draw_button.setText(self.tr("Draw face box"))
        self.draw_button.setToolTip(
            self.tr("Drag a box around the face when detection misses it or picks the wrong one")
        )
        self.auto_button.setText(self.tr("Use detected face"))
        self.auto_button.setToolTip(
            self.tr("Forget the hand-drawn box and animate the detected face again")
        )
        self.audio_title.setText(self.tr("Speech"))
        self.open_audio_button.setText(self.tr("Open…"))
        self.open_audio_button.setToolTip(
            self.tr("Choose the speech recording (audio, or a video with a soundtrack)")
        )
        if self._no_face:
            self.portrait_notice.show_text(self._no_face_text())
        self._update_face_info()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

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

    def _dropped_on_zone(self, paths: list[Path], zone: str) -> None:
        """One file on a zone is meant for that zone, whatever its extension (the media
        layer decides whether it can read it), unless it plainly belongs to the other
        zone: a picture dropped on the speech is taken as the portrait, and said so."""
        if len(paths) != 1 or paths[0].is_dir():
            self.files_dropped.emit(paths)
            return
        path = paths[0]
        if zone == "audio" and is_image(path):
            self.session.load_portrait(path)
            self.show_drop_message(
                self.tr("{name} is a picture, so it was taken as the portrait.").format(
                    name=path.name
                ),
                resolved_when=lambda: self._shows(path, "audio"),
            )
        elif zone == "portrait" and is_audio(path) and not is_image(path):
            self.session.load_audio(path)
            self.show_drop_message(
                self.tr("{name} is a recording, so it was taken as the speech.").format(
                    name=path.name
                ),
                resolved_when=lambda: self._shows(path, "portrait"),
            )
        elif zone == "audio":
            self.session.load_audio(path)
        else:
            self.session.load_portrait(path)

    def _shows(self, dropped: Path, other: str) -> bool:
        """True once the other zone has been filled since (the note has done its job)."""
        current = self.session.audio if other == "audio" else self.session.portrait
        return current is not None and current.path != dropped

    # -- state -------------------------------------------------------------------------
    def _loading(self, kind: str, busy: bool) -> None:
        if kind == "portrait":
            self.portrait_view.busy = busy
            self.portrait_view.update()
        else:
            self.audio_card.waveform.busy = busy
            self.audio_card.waveform.update()

    def _no_face_text(self) -> str:
        return self.tr("No face was found in this photo. Use Draw face box to mark it by hand.")

    def _problem(self, kind: str, message: str) -> None:
        if kind == "portrait":
            self._no_face = message == NO_FACE
            if self._no_face:
                message = self._no_face_text()
                self.draw_button.setChecked(True)
        (self.portrait_notice if kind == "portrait" else self.audio_notice).show_text(message)

    def _portrait_changed(self) -> None:
        portrait = self.session.portrait
        if portrait is not None and portrait.faces:
            # Drawing mode was for the previous photo, which had no face.
            self.draw_button.setChecked(False)
        self._update_face_info()

    def _update_face_info(self) -> None:
        portrait = self.session.portrait
        has_faces = bool(portrait and portrait.faces)
        self.draw_button.setEnabled(portrait is not None)
        self.auto_button.setVisible(self.session.manual_box is not None and has_faces)
        self.face_info.setAlignment(Qt.AlignmentFlag.AlignLeft)
        if portrait is None:
            self.face_info.setText("")
            self.size_notice.clear()
            return
        box = self.session.face_box
        parts = [f"{portrait.path.name} · {portrait.width}×{portrait.height}"]
        n = len(portrait.faces)
        if self.session.manual_box is not None:
            parts.append(self.tr("face box drawn by hand"))
        elif box is not None and n > 1:
            w, h = round(box.width), round(box.height)
            if self.session.face_index == 0:
                text = self.tr(
                    "%n face(s) found; animating the largest ({w}×{h} px). "
                    "Click another face to switch.",
                    "",
                    n,
                )
            else:
                text = self.tr(
                    "%n face(s) found; animating the one you picked ({w}×{h} px).", "", n
                )
            parts.append(text.format(w=w, h=h))
        elif box is not None:
            parts.append(self.tr("face {w}×{h} px").format(w=round(box.width), h=round(box.height)))
        self.face_info.setText(" · ".join(parts))
        if box is not None and self.session.manual_box is not None:
            self._no_face = False
            self.portrait_notice.clear()
        self.size_notice.show_text(self._size_warning())

    def _size_warning(self) -> str:
        """Why the render will look soft, when the face is far below the render size."""
        portrait, box, settings = (
            self.session.portrait,
            self.session.face_box,
            self.session.settings,
        )
        if portrait is None or box is None:
            return ""
        factor = upscale_factor(portrait, box, settings)
        if factor <= MAX_UPSCALE:
            return ""
        return self.tr(
            "This face is only {face} px across, so the {side} px area around it is enlarged "
            "{factor:.1f}× to {res} px and will look soft. Use a larger photo, or lower the "
            "resolution."
        ).format(
            face=round(box.width),
            side=round(region_side(portrait, box, settings)),
            factor=factor,
            res=settings.min_resolution,
        )

    # -- notices -----------------------------------------------------------------------
    def show_drop_message(
        self, text: str | Sequence[str], resolved_when: Callable[[], bool] | None = None
    ) -> None:
        """Show a note above the inputs; several parts become separate bullet lines.

        `resolved_when` is asked after every change of inputs, face or settings; the
        note clears once it returns True. Without it the note stays until dismissed or
        replaced. An empty text clears the note.
        """
        lines = [text] if isinstance(text, str) else list(text)
        self._drop_lines = [line for line in lines if line]
        self._drop_resolved = resolved_when if self._drop_lines else None
        if len(self._drop_lines) > 1:
            self.drop_notice.show_text("\n".join(f"• {line}" for line in self._drop_lines))
        else:
            self.drop_notice.show_text("".join(self._drop_lines))

    def _recheck_drop_notice(self) -> None:
        if self._drop_resolved is not None and self._drop_resolved():
            self.show_drop_message("")
