"""The parameter inspector, generated from `RenderSettings.FIELDS`.

Nothing here names a field except to narrow a range at run time (duration ≤ audio
length, device list from the GPUs found): add a field to the declaration and it
appears, grouped, with its tooltip, editor and reset button.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.settings import FIELDS, GROUPS, FieldSpec, RenderSettings, SettingsWarning
from sonic_desktop.gui.common.widgets import Notice, Section
from sonic_desktop.gui.inspector.field_editors import FieldEditor, choice_label, make_editor
from sonic_desktop.gui.inspector.presets_bar import PresetsBar
from sonic_desktop.gui.inspector.warning_text import fix_label, warning_message
from sonic_desktop.gui.shell.hardware_state import HardwareState
from sonic_desktop.gui.shell.i18n import tr_setting
from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.shell.theme import set_role

COLLAPSED_GROUPS = ("Advanced",)


def field_tooltip(spec: FieldSpec, engine: str) -> str:
    lines = [f"<b>{tr_setting(spec.label)}</b>", tr_setting(spec.description)]
    if spec.default is None:
        default = tr_setting(spec.none_label)
    elif spec.type is bool:
        default = (
            QCoreApplication.translate("Inspector", "on")
            if spec.default
            else QCoreApplication.translate("Inspector", "off")
        )
    elif spec.type is str:
        default = choice_label(spec.default)
    else:
        default = f"{spec.default:g}"
    lines.append(QCoreApplication.translate("Inspector", "Default: {value}").format(value=default))
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


class WarningCard(QFrame):
    def __init__(self, warning: SettingsWarning, settings: RenderSettings, on_fix, parent: QWidget):
        super().__init__(parent)
        set_role(self, "warning")
        self.warning = warning
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        text = QLabel("⚠  " + warning_message(warning, settings), self)
        text.setWordWrap(True)
        set_role(text, "warning")
        text.setToolTip(str(warning))
        self.fix_button = QPushButton(fix_label(warning), self)
        self.fix_button.setObjectName(f"fix_{warning.code}")
        set_role(self.fix_button, "link")
        self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.fix_button.clicked.connect(lambda: on_fix(warning))
        layout.addWidget(text)
        layout.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignLeft)


class Inspector(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hardware = HardwareState()
        self.rows: dict[str, _Row] = {}
        self.sections: dict[str, Section] = {}
        self.warning_cards: list[WarningCard] = []

        self.presets = PresetsBar(session, self)
        self.notice = Notice(self)
        self.presets.problem.connect(self.notice.show_text)

        self._warnings_box = QWidget(self)
        self._warnings_layout = QVBoxLayout(self._warnings_box)
        self._warnings_layout.setContentsMargins(0, 0, 0, 0)
        self._warnings_layout.setSpacing(6)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        body_layout.setSpacing(4)
        for group in GROUPS:
            specs = [s for s in FIELDS if s.group == group]
            if specs:
                body_layout.addWidget(self._build_section(group, specs))
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(8)
        preset_row = QHBoxLayout()
        preset_label = QLabel(self.tr("Preset"), self)
        set_role(preset_label, "heading")
        preset_row.addWidget(preset_label)
        preset_row.addWidget(self.presets, 1)
        layout.addLayout(preset_row)
        layout.addWidget(self.notice)
        layout.addWidget(self._warnings_box)
        layout.addWidget(scroll, 1)

        session.settings_changed.connect(self.refresh)
        session.audio_changed.connect(self.refresh)
        self.refresh()

    # -- building ----------------------------------------------------------------------
    def _build_section(self, group: str, specs: list[FieldSpec]) -> Section:
        section = Section(tr_setting(group), expanded=group not in COLLAPSED_GROUPS, parent=self)
        section.setObjectName(f"section_{group}")
        grid = QGridLayout(section.body)
        grid.setContentsMargins(4, 0, 0, 8)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, spec in enumerate(specs):
            label = QLabel(tr_setting(spec.label), section.body)
            label.setObjectName(f"label_{spec.name}")
            editor = make_editor(spec, section.body)
            reset = QToolButton(section.body)
            reset.setObjectName(f"reset_{spec.name}")
            reset.setText("↺")
            reset.setAutoRaise(True)
            reset.setToolTip(self.tr("Reset to default"))
            reset.clicked.connect(lambda _=False, name=spec.name: self.reset_field(name))
            editor.changed.connect(lambda value, name=spec.name: self._edited(name, value))
            grid.addWidget(label, row, 0)
            grid.addWidget(editor.widget, row, 1)
            grid.addWidget(reset, row, 2)
            self.rows[spec.name] = _Row(spec, editor, label, reset)
        self.sections[group] = section
        return section

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
        if getattr(self.session.settings, name) != value:
            self.session.update_settings(**{name: value})

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
            set_role(row.label, "" if used else "muted")
            tip = field_tooltip(row.spec, engine)
            row.label.setToolTip(tip)
            row.editor.widget.setToolTip(tip)
            row.editor.widget.setEnabled(used or settings.engine != "preview")
        duration = self.rows.get("duration")
        if duration is not None and hasattr(duration.editor, "set_maximum"):
            duration.editor.set_maximum(audio.duration_s if audio else None)
        self._show_warnings(self.current_warnings())

    def _show_warnings(self, warnings: list[SettingsWarning]) -> None:
        for card in self.warning_cards:
            card.deleteLater()
        self.warning_cards = []
        flagged = {name for w in warnings for name in w.fields}
        for name, row in self.rows.items():
            row.editor.set_warn(name in flagged)
        for warning in warnings:
            card = WarningCard(warning, self.session.settings, self._apply_fix, self._warnings_box)
            self._warnings_layout.addWidget(card)
            self.warning_cards.append(card)
        self._warnings_box.setVisible(bool(warnings))

    def _apply_fix(self, warning: SettingsWarning) -> None:
        self.session.update_settings(**dict(warning.fix_changes))
