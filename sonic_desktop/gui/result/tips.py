"""Troubleshooting tips beside the result (PARAMETERS.md, "Troubleshooting tips").

Each tip names a symptom and its likely cause, and offers the fix as one click: the
job's settings with the change go back into the inspector, ready to queue again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.core.settings_warnings import RECOMMENDED_STEPS
from sonic_desktop.gui.common.widgets import muted_label
from sonic_desktop.gui.shell.theme import set_role

#: The steps the Blurry fix sets: the inspector's step warnings suggest the same number.
FIX_STEPS = RECOMMENDED_STEPS


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
            QCoreApplication.translate("Tips", "Use {n} steps").format(n=FIX_STEPS),
            {"inference_steps": FIX_STEPS},
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


class _TipRow:
    def __init__(self, parent: QWidget, layout: QVBoxLayout) -> None:
        self.title = QLabel(parent)
        set_role(self.title, "heading")
        self.title.setWordWrap(True)
        self.cause = muted_label("", parent)
        self.cause.setWordWrap(True)
        self.button = QPushButton(parent)
        set_role(self.button, "link")
        self.changes: dict[str, Any] | None = None
        layout.addWidget(self.title)
        layout.addWidget(self.cause)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)


class TipsPanel(QScrollArea):
    """The tips in a card that scrolls when the window is short, and wraps its texts,
    so no tip is ever clipped."""

    apply_changes = Signal(dict)
    focus_timeline = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultTips")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(190)  # narrower tabs wrap the tips more
        self.setMaximumWidth(320)
        self.card = QFrame()
        set_role(self.card, "card")
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(2)
        self.heading = QLabel(self.card)
        set_role(self.heading, "heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addSpacing(4)
        self.rows = [_TipRow(self.card, layout) for _ in tips(RenderSettings())]
        layout.addStretch(1)
        for row in self.rows:
            row.button.clicked.connect(lambda _=False, r=row: self._clicked(r))
        self.setWidget(self.card)
        self._settings = RenderSettings()
        self.set_enabled(False)
        self.retranslate()

    def show_settings(self, settings: RenderSettings) -> None:
        self._settings = settings
        self.retranslate()

    def set_enabled(self, enabled: bool) -> None:
        for row in self.rows:
            row.button.setEnabled(enabled)

    def retranslate(self) -> None:
        # Kept under its original context, where its translation already is.
        self.heading.setText(QCoreApplication.translate("ResultView", "If something looks off"))
        for row, (symptom, cause, fix, changes) in zip(
            self.rows, tips(self._settings), strict=True
        ):
            row.title.setText(symptom)
            row.cause.setText(cause)
            row.button.setText(fix)
            row.changes = changes
            row.button.setToolTip(
                self.tr("Load this job's settings with the fix into the inspector")
                if changes is not None
                else self.tr("Show the timeline, where the lip-sync offset is set")
            )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def _clicked(self, row: _TipRow) -> None:
        if row.changes is None:
            self.focus_timeline.emit()
        else:
            self.apply_changes.emit(dict(row.changes))
