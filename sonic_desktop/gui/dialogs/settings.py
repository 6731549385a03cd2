"""Preferences: output folder and file-name template, default engine/device/precision,
language, theme and whether the window layout is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.hardware import GpuInfo
from sonic_desktop.core.settings import field_spec
from sonic_desktop.gui.common.widgets import muted_label
from sonic_desktop.gui.inspector.field_editors import choice_label
from sonic_desktop.gui.shell.i18n import LANGUAGES
from sonic_desktop.gui.shell.preferences import (
    TEMPLATE_FIELDS,
    Preferences,
    output_name,
    template_problem,
)
from sonic_desktop.gui.shell.theme import set_role


class SettingsDialog(QDialog):
    def __init__(
        self, prefs: Preferences, gpus: list[GpuInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)

        self.folder = QLineEdit(prefs.output_folder, self)
        self.folder.setPlaceholderText(self.tr("Beside the speech recording"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.template = QLineEdit(prefs.file_name_template, self)
        self.template.setObjectName("templateEdit")
        self.template.textChanged.connect(self._check_template)
        self.template_hint = muted_label("", self)
        self.template_hint.setWordWrap(True)

        self.engine = self._choices("engine", prefs.default_engine)
        self.device = self._choices("device", prefs.device)
        for gpu in gpus:
            self.device.addItem(f"{gpu.device} · {gpu.name}", gpu.device)
        self._select(self.device, prefs.device)
        self.precision = self._choices("precision", prefs.precision)

        self.language = QComboBox(self)
        self.language.addItem(self.tr("Follow the system"), "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self._select(self.language, prefs.language)

        self.theme = QComboBox(self)
        for key, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(label, key)
        self._select(self.theme, prefs.theme)

        self.keep_layout = QCheckBox(self.tr("Remember the window layout"), self)
        self.keep_layout.setChecked(prefs.keep_layout)

        form = QFormLayout()
        form.addRow(self.tr("Output folder"), folder_row)
        form.addRow(self.tr("File name"), self.template)
        form.addRow("", self.template_hint)
        form.addRow(self.tr("Default engine"), self.engine)
        form.addRow(self.tr("Device"), self.device)
        form.addRow(self.tr("Precision"), self.precision)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow("", self.keep_layout)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._check_template()

    def _choices(self, name: str, current: str) -> QComboBox:
        combo = QComboBox(self)
        for choice in field_spec(name).choices:
            combo.addItem(choice_label(choice), choice)
        self._select(combo, current)
        return combo

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index < 0:
            combo.addItem(value, value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Output folder"), self.folder.text() or str(Path.home())
        )
        if folder:
            self.folder.setText(folder)

    def _check_template(self) -> None:
        problem = template_problem(self.template.text())
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        fields = " ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
        if problem:
            self.template_hint.setText(
                self.tr("Not usable ({problem}). Fields: {fields}").format(
                    problem=problem, fields=fields
                )
            )
            set_role(self.template_hint, "error")
        else:
            example = output_name(
                self.template.text(), Path("anna.png"), Path("hello.wav"), 72589, "auto"
            )
            self.template_hint.setText(
                self.tr("Example: {name} · fields: {fields}").format(name=example, fields=fields)
            )
            set_role(self.template_hint, "muted")
        ok_button.setEnabled(problem is None)

    def apply_to(self, prefs: Preferences) -> None:
        prefs.output_folder = self.folder.text().strip()
        prefs.file_name_template = self.template.text().strip()
        prefs.default_engine = str(self.engine.currentData())
        prefs.device = str(self.device.currentData())
        prefs.precision = str(self.precision.currentData())
        prefs.language = str(self.language.currentData())
        prefs.theme = str(self.theme.currentData())
        prefs.keep_layout = self.keep_layout.isChecked()
