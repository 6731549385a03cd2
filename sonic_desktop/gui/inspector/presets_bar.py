"""Preset picker: scenario presets, quality tiers and the user's own, with save/rename/delete.

Scenario presets and tiers list only the fields they change, so picking a tier
after a scenario keeps the scenario's motion settings and changes just the steps.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
)

from sonic_desktop.core import presets as presets_mod
from sonic_desktop.core.errors import SonicDesktopError
from sonic_desktop.core.presets import Preset
from sonic_desktop.gui.shell.session import Session

log = logging.getLogger(__name__)

CUSTOM = ""  # item data of the "Custom settings" entry


def preset_name(preset: Preset) -> str:
    """The preset's name in the UI language (user presets keep their own name)."""
    if preset.kind == "user":
        return preset.name
    return QCoreApplication.translate("Presets", preset.name)


class PresetsBar(QWidget):
    problem = Signal(str)  # an inline message for the inspector

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._presets: list[Preset] = []
        self.combo = QComboBox(self)
        self.combo.setObjectName("presetCombo")
        # A long preset name must not set the panel's minimum width.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(10)
        self.combo.activated.connect(self._picked)
        self.menu_button = QToolButton(self)
        self.menu_button.setText("⋯")
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        self.save_action = menu.addAction("")
        self.rename_action = menu.addAction("")
        self.delete_action = menu.addAction("")
        self.save_action.triggered.connect(self._ask_save)
        self.rename_action.triggered.connect(self._ask_rename)
        self.delete_action.triggered.connect(self._delete_current)
        self.menu_button.setMenu(menu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.menu_button)
        session.settings_changed.connect(self._show_current)
        self.retranslate()
        self.reload()

    # -- language --------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._fill_combo()  # names and headers in the new language; same selection

    def retranslate(self) -> None:
        self.combo.setToolTip(self.tr("Scenario presets and quality tiers; your own presets last"))
        self.menu_button.setToolTip(self.tr("Save, rename or delete your presets"))
        self.save_action.setText(self.tr("Save current settings as preset…"))
        self.rename_action.setText(self.tr("Rename preset…"))
        self.delete_action.setText(self.tr("Delete preset"))

    # -- list ------------------------------------------------------------------
    def reload(self) -> None:
        try:
            self._presets = presets_mod.builtin_presets() + presets_mod.load_user_presets(
                self.problem.emit
            )
        except Exception as exc:  # a broken shipped file: keep the editor usable
            log.exception("presets unavailable")
            self._presets = []
            self.problem.emit(str(exc))
        self._fill_combo()

    def _fill_combo(self) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("Custom settings"), CUSTOM)
        headers = {
            "scenario": self.tr("Scenarios"),
            "tier": self.tr("Quality"),
            "user": self.tr("My presets"),
        }
        model = self.combo.model()
        for kind, header in headers.items():
            group = [p for p in self._presets if p.kind == kind]
            if not group:
                continue
            self.combo.insertSeparator(self.combo.count())
            self.combo.addItem(header, None)
            if isinstance(model, QStandardItemModel):
                item = model.item(self.combo.count() - 1)
                if item is not None:
                    item.setEnabled(False)
            for preset in group:
                self.combo.addItem("    " + preset_name(preset), preset.id)
                tip = QCoreApplication.translate("Presets", preset.description) or preset.name
                self.combo.setItemData(self.combo.count() - 1, tip, 3)  # ToolTipRole
        self.combo.blockSignals(False)
        self._show_current()

    @property
    def presets(self) -> list[Preset]:
        return list(self._presets)

    def preset_by_id(self, preset_id: str) -> Preset | None:
        return next((p for p in self._presets if p.id == preset_id), None)

    # -- actions -----------------------------------------------------------------
    def apply(self, preset_id: str) -> None:
        preset = self.preset_by_id(preset_id)
        if preset is None:
            return
        settings = presets_mod.apply_preset(self.session.settings, preset)
        self.session.set_settings(settings, preset.id, undoable=True)
        self._show_current()

    def save_current(self, name: str) -> Preset | None:
        try:
            preset = presets_mod.save_user_preset(name, self.session.settings)
        except SonicDesktopError as exc:
            self.problem.emit(exc.one_line())
            return None
        self.session.preset_id = preset.id
        self.reload()
        return preset

    def rename_current(self, new_name: str) -> Preset | None:
        current = self.preset_by_id(self.session.preset_id or "")
        if current is None or current.builtin:
            return None
        try:
            preset = presets_mod.rename_user_preset(current.name, new_name)
        except SonicDesktopError as exc:
            self.problem.emit(exc.one_line())
            return None
        self.session.preset_id = preset.id
        self.reload()
        return preset

    def delete_current(self) -> bool:
        current = self.preset_by_id(self.session.preset_id or "")
        if current is None or current.builtin:
            return False
        try:
            presets_mod.delete_user_preset(current.name)
        except SonicDesktopError as exc:
            self.problem.emit(exc.one_line())
            return False
        self.session.preset_id = None
        self.reload()
        return True

    # -- wiring ------------------------------------------------------------------------
    def _picked(self, index: int) -> None:
        data = self.combo.itemData(index)
        if data:
            self.apply(str(data))
        else:
            self._show_current()

    def _show_current(self, *_args: object) -> None:
        index = self.combo.findData(self.session.preset_id or CUSTOM)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)
        user = self.preset_by_id(self.session.preset_id or "")
        editable = user is not None and not user.builtin
        self.rename_action.setEnabled(editable)
        self.delete_action.setEnabled(editable)

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Save preset"), self.tr("Preset name:"), QLineEdit.EchoMode.Normal
        )
        if ok and name.strip():
            self.save_current(name)

    def _ask_rename(self) -> None:
        current = self.preset_by_id(self.session.preset_id or "")
        if current is None:
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Rename preset"),
            self.tr("New name:"),
            QLineEdit.EchoMode.Normal,
            current.name,
        )
        if ok and name.strip():
            self.rename_current(name)

    def _delete_current(self) -> None:
        self.delete_current()
