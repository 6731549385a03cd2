"""One editor per `FieldSpec`, chosen by the field's type and range.

- bool → a check box;
- str with choices → a combo box (the device list also offers detected GPUs);
- int / float with a range → a slider (over `ui_min..ui_max` when given) plus a
  spin box that accepts the full range;
- optional fields (seed, duration) → a spin box plus an "auto"/"random" check box.

Every text an editor shows is set in `retranslate()`, so a language switch relabels
it in place without touching its value.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QSizePolicy,
    QSlider,
    QWidget,
)

from sonic_desktop.core.settings import FieldSpec
from sonic_desktop.gui.shell.i18n import QT_TRANSLATE_NOOP, tr_setting

#: Display names for choice values (the stored value stays the plain id).
CHOICE_LABELS: dict[str, str] = {
    "auto": QT_TRANSLATE_NOOP("RenderSettings", "Auto"),
    "sonic": QT_TRANSLATE_NOOP("RenderSettings", "Sonic"),
    "preview": QT_TRANSLATE_NOOP("RenderSettings", "Preview (CPU)"),
    "cpu": QT_TRANSLATE_NOOP("RenderSettings", "CPU"),
    "full": QT_TRANSLATE_NOOP("RenderSettings", "Everything on the GPU"),
    "model_offload": QT_TRANSLATE_NOOP("RenderSettings", "Model offload"),
    "sequential_offload": QT_TRANSLATE_NOOP("RenderSettings", "Sequential offload"),
}
UNIT_LABELS: dict[str, str] = {
    "steps": QT_TRANSLATE_NOOP("RenderSettings", "steps"),
    "frames": QT_TRANSLATE_NOOP("RenderSettings", "frames"),
    "px": "px",
    "s": "s",
    "ms": "ms",
}
MAX_SLIDER_POSITIONS = 2000  # beyond this a slider is useless (the seed)
SLIDER_MIN_WIDTH = 40  # a narrow panel shrinks the slider first, never the spin box
# A spin box without a slider (seed, duration) stretches; its narrowest still shows a
# five-digit seed with its arrows, where the full 10-digit range would ask for 120 px.
SPIN_MIN_WIDTH = 72


def choice_label(value: str) -> str:
    return tr_setting(CHOICE_LABELS[value]) if value in CHOICE_LABELS else value


def shown_in_ms(spec: FieldSpec) -> bool:
    """Sub-second offsets read in ms, as the timeline shows them (one unit, not two)."""
    return spec.unit == "s" and spec.maximum is not None and spec.maximum <= 1.0


def value_text(spec: FieldSpec, value: object) -> str:
    """A setting's value as the inspector shows it: on/off, choice names, the offset in ms."""
    if value is None:
        return tr_setting(spec.none_label)
    if spec.type is bool:
        on = QCoreApplication.translate("Inspector", "on")
        return on if value else QCoreApplication.translate("Inspector", "off")
    if spec.type is str:
        return choice_label(str(value))
    if shown_in_ms(spec):
        ms = round(float(value) * 1000)  # type: ignore[arg-type]
        return f"{ms:+d} ms" if ms else "0 ms"
    return f"{value:g}"


def decimals_for(step: float | None) -> int:
    if not step or step >= 1:
        return 0
    return max(0, -math.floor(math.log10(step) + 1e-9))


class FieldEditor(QObject):
    """Wraps the widget(s) editing one field; `changed` carries the new value."""

    changed = Signal(object)

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(parent)
        self.spec = spec
        self.widget = QWidget(parent)
        self.widget.setObjectName(f"field_{spec.name}")
        self._layout = QHBoxLayout(self.widget)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self.widget

    def controls(self) -> list[QWidget]:
        """Every widget a user can click, drag or type into (each gets the tooltip)."""
        return [self.focus_widget()]

    def set_tooltip(self, tip: str) -> None:
        self.widget.setToolTip(tip)
        for control in self.controls():
            control.setToolTip(tip)

    def retranslate(self) -> None:
        """Re-set the texts this editor shows in the current language."""

    def set_warn(self, warn: bool) -> None:
        target = self.focus_widget()
        if target.property("warn") != warn:
            target.setProperty("warn", warn)
            target.style().unpolish(target)
            target.style().polish(target)

    def _emit(self, *_args: object) -> None:
        self.changed.emit(self.value())


class BoolEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(self.widget)
        self.box.toggled.connect(self._emit)
        self._layout.addWidget(self.box)
        self._layout.addStretch(1)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.box


class ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self.widget)
        # Long labels ("Everything on the GPU") must not set the panel's minimum width.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(8)
        for choice in spec.choices:
            self.combo.addItem(choice_label(choice), choice)
        self.combo.currentIndexChanged.connect(self._emit)
        self._layout.addWidget(self.combo, 1)

    def add_choice(self, value: str, label: str) -> None:
        if self.combo.findData(value) < 0:
            self.combo.addItem(label, value)

    def retranslate(self) -> None:
        for index in range(self.combo.count()):
            value = self.combo.itemData(index)
            if value in CHOICE_LABELS:  # GPU entries carry their own device names
                self.combo.setItemText(index, choice_label(value))

    def value(self) -> str:
        return str(self.combo.currentData())

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0:  # e.g. cuda:1 from a loaded job on a machine that lacks it
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.combo


class NumberEditor(FieldEditor):
    """Slider + spin box; optional fields add a check box for "auto"/"random"."""

    def __init__(self, spec: FieldSpec, parent: QWidget) -> None:
        super().__init__(spec, parent)
        self._is_int = spec.type is int
        self._step = float(spec.step or (1 if self._is_int else 0.01))
        low = spec.minimum if spec.minimum is not None else 0.0
        high = spec.maximum if spec.maximum is not None else 3600.0
        self._low, self._high = float(low), float(high)
        self._last_number = spec.default
        self._shown = 1000.0 if shown_in_ms(spec) else 1.0
        self._unit = "ms" if self._shown == 1000.0 else spec.unit

        self.spin = QDoubleSpinBox(self.widget)  # doubles also hold a 32-bit seed
        shown_step = self._step * self._shown
        self.spin.setDecimals(decimals_for(shown_step) if not self._is_int else 0)
        self.spin.setRange(self._low * self._shown, self._high * self._shown)
        self.spin.setSingleStep(shown_step)
        self.spin.setKeyboardTracking(False)
        self.spin.setStepType(QAbstractSpinBox.StepType.DefaultStepType)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)

        slider_low = float(spec.ui_min if spec.ui_min is not None else self._low)
        slider_high = float(spec.ui_max if spec.ui_max is not None else self._high)
        self._slider_low = slider_low
        positions = round((slider_high - slider_low) / self._step)
        self.slider: QSlider | None = None
        if 0 < positions <= MAX_SLIDER_POSITIONS and spec.maximum is not None:
            self.slider = QSlider(Qt.Orientation.Horizontal, self.widget)
            self.slider.setRange(0, positions)
            self.slider.setMinimumWidth(SLIDER_MIN_WIDTH)
            self.slider.valueChanged.connect(self._slider_moved)
            self._layout.addWidget(self.slider, 1)
            # As wide as its widest value and unit need (the hint follows the suffix).
            self.spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        else:
            self.spin.setMinimumWidth(SPIN_MIN_WIDTH)
        self.spin.valueChanged.connect(self._spin_changed)
        self._layout.addWidget(self.spin, 0 if self.slider else 1)

        self.none_box: QCheckBox | None = None
        if spec.optional:
            self.none_box = QCheckBox(self.widget)
            self.none_box.toggled.connect(self._none_toggled)
            self._layout.addWidget(self.none_box)
        self.retranslate()

    def retranslate(self) -> None:
        if self._unit in UNIT_LABELS:
            self.spin.setSuffix(" " + tr_setting(UNIT_LABELS[self._unit]))
        if self.none_box is not None:
            self.none_box.setText(tr_setting(self.spec.none_label).capitalize())
            if self.none_box.isChecked():  # the "auto"/"random" placeholder in the box
                self.spin.setSpecialValueText(tr_setting(self.spec.none_label))
        self.spin.updateGeometry()

    def controls(self) -> list[QWidget]:
        found: list[QWidget] = [self.spin]
        if self.slider is not None:
            found.append(self.slider)
        if self.none_box is not None:
            found.append(self.none_box)
        return found

    # -- value ----------------------------------------------------------------
    def value(self) -> Any:
        if self.none_box is not None and self.none_box.isChecked():
            return None
        number = self.spin.value() / self._shown
        if self._is_int:
            if self._step > 1:  # 500 typed for a 64-px step becomes 512, which validates
                number = self._low + round((number - self._low) / self._step) * self._step
            return round(number)
        return round(number, decimals_for(self._step) + 2)

    def set_value(self, value: Any) -> None:
        widgets: list[QObject] = [self.spin, *([self.slider] if self.slider else [])]
        if self.none_box is not None:
            widgets.append(self.none_box)
        for w in widgets:
            w.blockSignals(True)
        try:
            if self.none_box is not None:
                self.none_box.setChecked(value is None)
            if value is None:
                # Shown as "auto"/"random" rather than a number that is not used.
                self.spin.setSpecialValueText(tr_setting(self.spec.none_label))
                self.spin.setValue(self.spin.minimum())
            else:
                self.spin.setSpecialValueText("")
                self._last_number = value
                self.spin.setValue(float(value) * self._shown)
                self._sync_slider(float(value))
            self._update_enabled()
        finally:
            for w in widgets:
                w.blockSignals(False)

    def set_maximum(self, maximum: float | None) -> None:
        """Narrow the range at run time (duration: the audio's length)."""
        high = self._high if maximum is None else min(self._high, maximum)
        self.spin.blockSignals(True)
        self.spin.setMaximum(high * self._shown)
        self.spin.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.spin

    # -- wiring ------------------------------------------------------------------
    def _sync_slider(self, number: float) -> None:
        if self.slider is None:
            return
        self.slider.blockSignals(True)
        self.slider.setValue(round((number - self._slider_low) / self._step))
        self.slider.blockSignals(False)

    def _slider_moved(self, position: int) -> None:
        number = self._slider_low + position * self._step
        self.spin.blockSignals(True)
        self.spin.setValue(number * self._shown)
        self.spin.blockSignals(False)
        self._emit()

    def _spin_changed(self, number: float) -> None:
        self._sync_slider(number / self._shown)
        self._emit()

    def _none_toggled(self, checked: bool) -> None:
        if not checked:  # back to a number: the last one used, not the placeholder
            self.spin.blockSignals(True)
            self.spin.setSpecialValueText("")
            fallback = (
                self._last_number
                if self._last_number is not None
                else self.spin.maximum() / self._shown
            )
            self.spin.setValue(float(fallback) * self._shown)
            self.spin.blockSignals(False)
        self._update_enabled()
        self._emit()

    def _update_enabled(self) -> None:
        active = self.none_box is None or not self.none_box.isChecked()
        self.spin.setEnabled(active)
        if self.slider is not None:
            self.slider.setEnabled(active)


def make_editor(spec: FieldSpec, parent: QWidget) -> FieldEditor:
    if spec.type is bool:
        return BoolEditor(spec, parent)
    if spec.type is str:
        return ChoiceEditor(spec, parent)
    return NumberEditor(spec, parent)
