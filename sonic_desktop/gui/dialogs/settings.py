"""Preferences: output folder and file-name template, default engine/device/precision,
language, theme and whether the window layout is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.hardware import GpuInfo
from sonic_desktop.core.output_folder import default_output_folder
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
        self.setMinimumWidth(520)

        self.folder = QLineEdit(prefs.output_folder, self)
        self.folder.setObjectName("outputFolderEdit")
        self.browse = QPushButton(self)
        self.browse.setObjectName("browseOutputFolder")
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)

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
        self.language.addItem("", "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self._select(self.language, prefs.language)

        self.theme = QComboBox(self)
        for key in ("system", "light", "dark"):
            self.theme.addItem("", key)
        self._select(self.theme, prefs.theme)

        self.keep_layout = QCheckBox(self)
        self.keep_layout.setChecked(prefs.keep_layout)

        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        rows: list[tuple[str, object]] = [
            ("folder", folder_row),
            ("template", self.template),
            ("", self.template_hint),
            ("engine", self.engine),
            ("device", self.device),
            ("precision", self.precision),
            ("language", self.language),
            ("theme", self.theme),
            ("", self.keep_layout),
        ]
        for key, field in rows:
            label = QLabel(self)
            if key:
                self.labels[key] = label
            self.form.addRow(label, field)  # type: ignore[call-overload]

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        for key, text in (
            ("folder", self.tr("Output folder")),
            ("template", self.tr("File name")),
            ("engine", self.tr("Default engine")),
            ("device", self.tr("Device")),
            ("precision", self.tr("Precision")),
            ("language", self.tr("Language")),
            ("theme", self.tr("Theme")),
        ):
            self.labels[key].setText(text)
        default = default_output_folder()
        self.folder.setPlaceholderText(str(default))
        self.folder.setToolTip(
            self.tr(
                "Where rendered videos are saved. Empty: {folder}. A folder that cannot be "
                "written to falls back to your Documents folder, and the queue says so."
            ).format(folder=default)
        )
        self.browse.setText(self.tr("Browse…"))
        self.browse.setToolTip(self.tr("Choose the folder for rendered videos"))
        self.template.setToolTip(self.tr("The output file name; the fields below are filled in"))
        for combo, name in ((self.engine, "engine"), (self.device, "device"),
                            (self.precision, "precision")):  # fmt: skip
            for i in range(combo.count()):
                if str(combo.itemData(i)) in field_spec(name).choices:
                    combo.setItemText(i, choice_label(str(combo.itemData(i))))
        self.engine.setToolTip(self.tr("The engine new sessions start with"))
        self.device.setToolTip(self.tr("The graphics card renders run on"))
        self.precision.setToolTip(self.tr("The number format renders compute in"))
        self.language.setItemText(0, self.tr("Follow the system"))
        self.language.setToolTip(self.tr("The language of the window"))
        for i, text in enumerate((self.tr("Follow the system"), self.tr("Light"), self.tr("Dark"))):
            self.theme.setItemText(i, text)
        self.theme.setToolTip(self.tr("Light or dark colours"))
        self.keep_layout.setText(self.tr("Remember the window layout"))
        self.keep_layout.setToolTip(
            self.tr("Open the panels where you left them at the next start")
        )
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
            self,
            self.tr("Output folder"),
            self.folder.text() or str(default_output_folder().parent),
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
