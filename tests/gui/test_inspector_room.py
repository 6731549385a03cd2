"""The inspector as a user meets it: honest warnings that do not move the fields,
a tooltip on every control, a 300 px panel, a language switch in place, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QSlider,
    QWidget,
)

from sonic_desktop.core.settings_warnings import RECOMMENDED_STEPS
from sonic_desktop.gui.shell.hardware_state import HardwareState

INPUTS = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider)


@pytest.fixture
def inspector(qtbot, make_ctx):
    from sonic_desktop.gui.inspector.panel import Inspector

    ctx = make_ctx()
    widget = Inspector(ctx.session)
    qtbot.addWidget(widget)
    widget.resize(400, 700)
    widget.show()
    return widget


@pytest.fixture
def chinese(qapp):
    """Switch the application to Chinese for one test, and back."""
    from sonic_desktop.gui.shell.i18n import Translations

    translations = Translations()
    assert translations.install("zh_CN")
    qapp.processEvents()  # deliver LanguageChange
    yield translations
    translations.install("en")
    qapp.processEvents()


def codes(inspector) -> list[str]:
    return [card.warning.code for card in inspector.warning_cards]


def visible_inputs(root: QWidget) -> list[QWidget]:
    found = [w for kind in INPUTS for w in root.findChildren(kind)]
    return [w for w in found if w.isVisibleTo(root) and w.window() is root.window()]


# -- warnings ---------------------------------------------------------------------------


def test_no_step_advice_when_auto_resolves_to_the_preview_engine(inspector):
    session = inspector.session
    inspector.set_hardware(HardwareState(probed=True, sonic_ok=False))
    session.update_settings(engine="auto", inference_steps=8)
    assert codes(inspector) == []
    assert inspector.rows["inference_steps"].label.property("role") == "muted"
    inspector.set_hardware(HardwareState(probed=True, sonic_ok=True))
    assert codes(inspector) == ["steps_too_low"]


def test_one_card_per_fix_at_1024_px_and_it_agrees_with_the_tips(inspector, qtbot):
    session = inspector.session
    session.update_settings(engine="sonic", min_resolution=1024, inference_steps=8)
    step_cards = [c for c in inspector.warning_cards if "inference_steps" in c.warning.fix_changes]
    assert len(step_cards) == 1
    assert str(RECOMMENDED_STEPS) in step_cards[0].fix_button.text()
    # Both fields the merged advice concerns stay highlighted.
    for name in ("inference_steps", "min_resolution"):
        assert inspector.editor(name).focus_widget().property("warn") is True
    qtbot.mouseClick(step_cards[0].fix_button, Qt.MouseButton.LeftButton)
    assert session.settings.inference_steps == RECOMMENDED_STEPS
    assert codes(inspector) == []


def test_a_new_warning_does_not_move_the_fields(inspector, qtbot):
    spin = inspector.editor("dynamic_scale").spin
    before = spin.mapTo(inspector, QPoint(0, 0))
    spin.setValue(1.5)  # as a user typing: "big mouth" advice appears
    qtbot.waitUntil(lambda: codes(inspector) == ["dynamic_scale_high"])
    qtbot.wait(20)  # let layouts settle
    assert spin.mapTo(inspector, QPoint(0, 0)) == before
    # The advice sits below the fields, in one bordered area.
    box = inspector.warning_cards[0].parentWidget()
    assert box.geometry().top() >= inspector.fields_scroll.geometry().bottom()
    assert box.property("role") == "warning"
    assert inspector.warning_cards[0].text.property("role") == "warning"
    assert "border: none" in inspector.warning_cards[0].text.styleSheet()  # no nested border


def test_unchanged_advice_keeps_its_widgets(inspector):
    inspector.session.update_settings(dynamic_scale=1.5)
    [card] = inspector.warning_cards
    inspector.session.update_settings(seed=7)  # an unrelated edit
    assert inspector.warning_cards == [card]


# -- tooltips ---------------------------------------------------------------------------


def test_every_control_has_its_own_tooltip(inspector, qtbot):
    inspector.sections["Advanced"].set_expanded(True)
    inspector.session.update_settings(dynamic_scale=1.5, motion_scale=1.5)  # resets + fixes
    controls = visible_inputs(inspector)
    assert len(controls) > 40
    missing = [f"{type(w).__name__} {w.objectName()!r}" for w in controls if not w.toolTip()]
    assert missing == []
    spin = inspector.editor("inference_steps").spin
    assert "1-100" in spin.toolTip() and "Default: 25" in spin.toolTip()
    reset = inspector.rows["dynamic_scale"].reset
    assert "Expression strength" in reset.toolTip() and "1" in reset.toolTip()


# -- narrow panels ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", ["narrowest", 400])
def test_nothing_is_clipped_in_a_narrow_panel(inspector, qapp, qtbot, language, width):
    """At its own minimum width (a dock cannot be narrower), or wider, nothing overflows."""
    from sonic_desktop.gui.shell import theme
    from sonic_desktop.gui.shell.i18n import Translations

    theme.apply_theme(qapp, "light")  # the style sheet's paddings widen the rows
    translations = Translations()
    translations.install(language)
    try:
        qapp.processEvents()
        inspector.sections["Advanced"].set_expanded(True)
        inspector.session.update_settings(seed=4_000_000_000, motion_scale=1.5)  # long + resets
        qapp.processEvents()
        if width == "narrowest":
            width = inspector.minimumSizeHint().width()
            assert width <= 320  # a narrow side panel, leaving room for the picture at 1280 px
        inspector.resize(width, 700)
        qtbot.wait(20)
        viewport = inspector.fields_scroll.viewport()
        assert not inspector.fields_scroll.horizontalScrollBar().isVisible()
        body = inspector.fields_scroll.widget()
        clipped = []
        for control in visible_inputs(body):
            right = control.mapTo(viewport, QPoint(control.width(), 0)).x()
            if right > viewport.width():
                clipped.append(f"{type(control).__name__} {control.objectName()} {right}")
        assert clipped == []
        bar = inspector.presets
        assert bar.menu_button.mapTo(inspector, QPoint(bar.menu_button.width(), 0)).x() <= width
    finally:
        translations.install("en")
        qapp.processEvents()


# -- language ---------------------------------------------------------------------------


def test_language_switch_relabels_in_place_and_keeps_the_settings(inspector, qapp, chinese):
    # The fixture switched to Chinese after the inspector was built in English.
    translations = chinese
    translations.install("en")
    qapp.processEvents()
    session = inspector.session
    inspector.presets.apply("news")
    session.undo_stack.clear()
    inspector.set_hardware(HardwareState(probed=True, sonic_ok=True))
    session.set_settings(session.settings.replace(motion_scale=1.5), "news")
    settings, rows = session.settings, dict(inspector.rows)
    steps_label = inspector.rows["inference_steps"].label
    assert steps_label.text() == "Steps"
    assert "Head motion" in inspector.warning_cards[0].text.text()

    translations.install("zh_CN")
    qapp.processEvents()
    assert steps_label.text() not in ("", "Steps")  # the same label, relabelled
    assert inspector.rows == rows
    assert session.settings == settings and session.preset_id == "news"
    assert session.undo_stack.count() == 0  # nothing was edited
    assert inspector.presets.combo.currentData() == "news"
    assert "Head motion" not in inspector.warning_cards[0].text.text()
    engine = inspector.editor("engine").combo
    assert engine.itemText(engine.findData("auto")) != "Auto"
    assert inspector.editor("inference_steps").spin.suffix() != " steps"
    assert inspector.sections["Generation"].header.text() != "Generation"
    assert inspector.editor("inference_steps").spin.value() == settings.inference_steps

    translations.install("en")
    qapp.processEvents()
    assert steps_label.text() == "Steps"
    assert engine.itemText(engine.findData("auto")) == "Auto"
    assert inspector.presets.combo.currentData() == "news"


# -- undo -------------------------------------------------------------------------------


def test_undo_restores_an_edit_and_the_widget_shows_it(inspector):
    session = inspector.session
    spin = inspector.editor("inference_steps").spin
    session.undo_stack.clear()
    spin.setValue(30)
    assert session.settings.inference_steps == 30
    session.undo_stack.undo()
    assert session.settings.inference_steps == 25
    assert spin.value() == 25
    session.undo_stack.redo()
    assert spin.value() == 30


def test_a_burst_of_edits_to_one_field_is_one_undo_step(inspector):
    session = inspector.session
    slider = inspector.editor("dynamic_scale").slider
    session.undo_stack.clear()
    for _ in range(6):  # a drag: many small steps in quick succession
        slider.setValue(slider.value() + 1)
    assert session.settings.dynamic_scale == pytest.approx(1.3)
    assert session.undo_stack.count() == 1
    session.undo_stack.undo()
    assert session.settings.dynamic_scale == pytest.approx(1.0)
    assert inspector.editor("dynamic_scale").spin.value() == pytest.approx(1.0)
    # Another field is a separate step.
    inspector.editor("motion_scale").spin.setValue(1.05)
    inspector.editor("dynamic_scale").spin.setValue(1.1)
    assert session.undo_stack.count() == 2
