"""The parameter inspector, generated from `RenderSettings.FIELDS`.

Nothing here names a field except to narrow a range at run time (duration ≤ audio
length, device list from the GPUs found): add a field to the declaration and it
appears, grouped, with its tooltip, editor and reset button.

Layout rules that keep editing calm:
- warnings live in one fixed area below the fields, so a warning that appears
  while a value is being typed or dragged never moves the fields above;
- reset buttons keep their space when hidden, so editors do not change width;
- nothing has a large fixed width: the panel works from about 300 px wide.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.settings import FIELDS, GROUPS, FieldSpec, SettingsWarning
from sonic_desktop.gui.common.widgets import Notice, Section
from sonic_desktop.gui.inspector.field_editors import FieldEditor, make_editor, value_text
from sonic_desktop.gui.inspector.presets_bar import PresetsBar
from sonic_desktop.gui.inspector.warning_text import fix_label, warning_message
from sonic_desktop.gui.shell.hardware_state import HardwareState
from sonic_desktop.gui.shell.i18n import tr_setting
from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.shell.theme import set_role

COLLAPSED_GROUPS = ("Advanced",)
LABEL_MAX_WIDTH = 150  # longer labels wrap rather than widen the panel
LABEL_MIN_WIDTH = 64  # labels wrap below their natural width, down to this
GRID_SPACING = 8
# A label inside a bordered warning frame must not draw the frame's border again
# (QLabel is a QFrame, so the theme's QFrame[role="warning"] rule matches it too).
_PLAIN_LABEL_STYLE = "QLabel { border: none; background: transparent; }"


def default_text(spec: FieldSpec) -> str:
    return value_text(spec, spec.default)


def field_tooltip(spec: FieldSpec, engine: str) -> str:
    lines = [f"<b>{tr_setting(spec.label)}</b>", tr_setting(spec.description)]
    lines.append(
        QCoreApplication.translate("Inspector", "Default: {value}").format(value=default_text(spec))
    )
    if not spec.used_by(engine):
        lines.append(
            "<i>"
            + QCoreApplication.translate("Inspector", "Ignored by the preview engine.")
            + "</i>"
        )
    return "<br>".join(lines)


class _Row:
    """Label, editor and reset button of one field."""

    def __init__(self, spec: FieldSpec, editor: FieldEditor, label: QLabel, reset: QToolButton):
        self.spec = spec
        self.editor = editor
        self.label = label
        self.reset = reset


class WarningCard(QWidget):
    """One warning inside the warnings area: its sentence and its one-click fix."""

    def __init__(
        self,
        warning: SettingsWarning,
        text: str,
        on_fix: Callable[[SettingsWarning], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.warning = warning
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.text = QLabel("⚠  " + text, self)
        self.text.setWordWrap(True)
        set_role(self.text, "warning")
        self.text.setStyleSheet(_PLAIN_LABEL_STYLE)
        self.fix_button = QPushButton(fix_label(warning), self)
        self.fix_button.setObjectName(f"fix_{warning.code}")
        set_role(self.fix_button, "link")
        self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.fix_button.setToolTip(
            QCoreApplication.translate(
                "Inspector", "Apply this fix to the settings; Undo (Ctrl+Z) reverts it."
            )
        )
        self.fix_button.clicked.connect(lambda: on_fix(warning))
        layout.addWidget(self.text)
        layout.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignLeft)


class Inspector(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hardware = HardwareState()
        self.rows: dict[str, _Row] = {}
        self.sections: dict[str, Section] = {}
        self.warning_cards: list[WarningCard] = []
        self._shown_warnings: list[tuple[str, str, str]] = []
        self._grids: list[QGridLayout] = []

        self.presets = PresetsBar(session, self)
        self.notice = Notice(self)
        self.presets.problem.connect(self.notice.show_text)

        # One bordered area for every warning, below the fields (see the module note).
        self._warnings_box = QFrame(self)
        self._warnings_box.setObjectName("inspectorWarnings")
        set_role(self._warnings_box, "warning")
        self._warnings_layout = QVBoxLayout(self._warnings_box)
        self._warnings_layout.setContentsMargins(10, 6, 10, 6)
        self._warnings_layout.setSpacing(6)
        self._warnings_box.hide()

        body = QWidget()
        body.setObjectName("inspectorBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        body_layout.setSpacing(4)
        for group in GROUPS:
            specs = [s for s in FIELDS if s.group == group]
            if specs:
                body_layout.addWidget(self._build_section(group, specs))
        body_layout.addStretch(1)
        self.fields_scroll = QScrollArea(self)
        self.fields_scroll.setWidgetResizable(True)
        # As needed, not off: on a panel narrower than the fields, scroll, never clip.
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.fields_scroll.setWidget(body)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.viewport().installEventFilter(self)  # label column follows the width

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        preset_row = QHBoxLayout()
        self._preset_label = QLabel(self)
        set_role(self._preset_label, "heading")
        preset_row.addWidget(self._preset_label)
        preset_row.addWidget(self.presets, 1)
        layout.addLayout(preset_row)
        layout.addWidget(self.notice)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self._warnings_box)

        session.settings_changed.connect(self.refresh)
        session.audio_changed.connect(self.refresh)
        self.retranslate()

    # -- building ----------------------------------------------------------------------
    def _build_section(self, group: str, specs: list[FieldSpec]) -> Section:
        section = Section("", expanded=group not in COLLAPSED_GROUPS, parent=self)
        section.setObjectName(f"section_{group}")
        grid = QGridLayout(section.body)
        grid.setContentsMargins(4, 0, 0, 8)
        grid.setHorizontalSpacing(GRID_SPACING)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, spec in enumerate(specs):
            label = QLabel(section.body)
            label.setObjectName(f"label_{spec.name}")
            label.setWordWrap(True)
            label.setMaximumWidth(LABEL_MAX_WIDTH)
            editor = make_editor(spec, section.body)
            reset = QToolButton(section.body)
            reset.setObjectName(f"reset_{spec.name}")
            reset.setText("↺")
            reset.setAutoRaise(True)
            policy = reset.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # editors keep their width
            reset.setSizePolicy(policy)
            reset.clicked.connect(lambda _=False, name=spec.name: self.reset_field(name))
            editor.changed.connect(lambda value, name=spec.name: self._edited(name, value))
            grid.addWidget(label, row, 0)
            grid.addWidget(editor.widget, row, 1)
            grid.addWidget(reset, row, 2)
            self.rows[spec.name] = _Row(spec, editor, label, reset)
        self.sections[group] = section
        self._grids.append(grid)
        return section

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.fields_scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._align_labels()
        return super().eventFilter(watched, event)

    def _align_labels(self) -> None:
        """One label column width for every section (so editors line up), as wide as
        the labels want, less whatever the widest editor needs to stay unclipped."""
        if not self.rows:
            return
        rows = list(self.rows.values())
        editors = max(r.editor.widget.minimumSizeHint().width() for r in rows)
        reset = max(r.reset.sizeHint().width() for r in rows)
        margins = 4 + 6  # the grid's left and the body's right margin
        room = self.fields_scroll.viewport().width() - editors - reset - 2 * GRID_SPACING - margins
        # The unwrapped text width: a word-wrapping label's size hint is a guess.
        natural = max(r.label.fontMetrics().horizontalAdvance(r.label.text()) + 2 for r in rows)
        wanted = min(LABEL_MAX_WIDTH, natural)
        # A wrapped label is still as wide as its longest word ("interpolation").
        narrowest = max([LABEL_MIN_WIDTH] + [r.label.minimumSizeHint().width() for r in rows])
        width = max(narrowest, min(wanted, room))
        for grid in self._grids:
            grid.setColumnMinimumWidth(0, width)
        # The dock may not squeeze the rows below that: a 1280 px wide window would
        # otherwise hide the right half of every row behind a horizontal scroll bar.
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        floor = narrowest + editors + reset + 2 * GRID_SPACING + margins + bar + 2
        if self.fields_scroll.minimumWidth() != floor:
            self.fields_scroll.setMinimumWidth(floor)

    # -- language ----------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text from the current settings and language; no state is rebuilt."""
        self._preset_label.setText(self.tr("Preset"))
        for group, section in self.sections.items():
            title = tr_setting(group)
            section.header.setText(title.replace("&", "&&"))  # "&" would be a mnemonic
            section.header.setToolTip(
                self.tr("Show or hide the {group} settings").format(group=title)
            )
        for row in self.rows.values():
            row.label.setText(tr_setting(row.spec.label))
            row.reset.setToolTip(
                self.tr("Reset {setting} to its default ({value})").format(
                    setting=tr_setting(row.spec.label), value=default_text(row.spec)
                )
            )
            row.editor.retranslate()
        self._align_labels()
        self._shown_warnings = []  # force the warning sentences to be rebuilt
        self.refresh()

    # -- state -------------------------------------------------------------------------
    def set_hardware(self, state: HardwareState) -> None:
        self.hardware = state
        device = self.rows.get("device")
        if device is not None and hasattr(device.editor, "add_choice"):
            for gpu in state.gpus:
                device.editor.add_choice(gpu.device, f"{gpu.device} · {gpu.name}")
        self.refresh()

    def editor(self, name: str) -> FieldEditor:
        return self.rows[name].editor

    def reset_field(self, name: str) -> None:
        self.session.update_settings(**{name: self.rows[name].spec.default})

    def _edited(self, name: str, value: object) -> None:
        if getattr(self.session.settings, name) == value:
            return
        if name == "alignment_offset_sec":
            self.session.set_lip_sync_offset(float(value))  # type: ignore[arg-type]
        else:
            self.session.update_settings(**{name: value})

    def warning_engine(self) -> str:
        """The engine the advice is for: "auto" resolved as the muted labels resolve it,
        so no warning asks to change a setting that is shown as ignored."""
        return self.hardware.effective_engine(self.session.settings)

    def current_warnings(self) -> list[SettingsWarning]:
        settings = self.session.settings
        audio = self.session.audio
        free = peak = None
        gpu = self.hardware.gpu_for(settings.device)
        if gpu is not None and self.hardware.effective_engine(settings) == "sonic" and audio:
            est = self.hardware.estimate(settings, audio.duration_s, None)
            if est is not None:
                free, peak = gpu.free_vram_gb, float(getattr(est, "peak_vram_gb", 0.0))
        return settings.warnings(
            audio_duration_s=audio.duration_s if audio else None,
            free_vram_gb=free,
            estimated_peak_vram_gb=peak,
            engine=self.warning_engine(),
        )

    def refresh(self, *_args: object) -> None:
        """Show the session's settings, their warnings, and what the engine ignores."""
        settings = self.session.settings
        engine = self.hardware.effective_engine(settings)
        audio = self.session.audio
        for name, row in self.rows.items():
            value = getattr(settings, name)
            row.editor.set_value(value)
            row.reset.setVisible(value != row.spec.default)
            used = row.spec.used_by(engine)
            tip = field_tooltip(row.spec, engine)
            applied = used
            if name == "alignment_offset_sec" and not settings.lip_sync_calibration:
                applied = False  # stored but not applied: muted, and the tip says why
                tip += "<br><i>" + self.tr("Applied only with Lip-sync calibration on.") + "</i>"
            set_role(row.label, "" if applied else "muted")
            row.label.setToolTip(tip)
            row.editor.set_tooltip(tip)
            row.editor.widget.setEnabled(used or settings.engine != "preview")
        duration = self.rows.get("duration")
        if duration is not None and hasattr(duration.editor, "set_maximum"):
            duration.editor.set_maximum(audio.duration_s if audio else None)
        self._show_warnings(self.current_warnings())

    def _show_warnings(self, warnings: list[SettingsWarning]) -> None:
        flagged = {name for w in warnings for name in w.fields}
        for name, row in self.rows.items():
            row.editor.set_warn(name in flagged)
        settings = self.session.settings
        texts = [(w.code, warning_message(w, settings), fix_label(w)) for w in warnings]
        if texts == self._shown_warnings:
            return  # same advice: keep the widgets (no flicker while a value is dragged)
        self._shown_warnings = texts
        for card in self.warning_cards:
            card.hide()
            card.deleteLater()
        self.warning_cards = []
        for warning, (_code, text, _fix) in zip(warnings, texts, strict=True):
            card = WarningCard(warning, text, self._apply_fix, self._warnings_box)
            self._warnings_layout.addWidget(card)
            self.warning_cards.append(card)
        self._warnings_box.setVisible(bool(warnings))
        if warnings:
            # The area takes room from the bottom of the fields: keep the field being
            # edited in view (only if it would be covered; never during a drag).
            QTimer.singleShot(0, self, self._keep_focus_visible)

    def _keep_focus_visible(self) -> None:
        focus = self.focusWidget()
        body = self.fields_scroll.widget()
        if focus is None or body is None or not body.isAncestorOf(focus):
            return
        if getattr(focus, "isSliderDown", lambda: False)():
            return
        self.fields_scroll.ensureWidgetVisible(focus, 0, 8)

    def _apply_fix(self, warning: SettingsWarning) -> None:
        self.session.update_settings(**dict(warning.fix_changes))
