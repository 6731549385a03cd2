"""The inspector is generated from FIELDS, edits the session, warns, fixes, resets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sonic_desktop.core.settings import FIELDS, GROUPS, RenderSettings
from sonic_desktop.core.settings_warnings import RECOMMENDED_STEPS


@pytest.fixture
def inspector(qtbot, make_ctx):
    from sonic_desktop.gui.inspector.panel import Inspector

    ctx = make_ctx()
    widget = Inspector(ctx.session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_every_field_has_a_row_in_its_group(inspector):
    assert set(inspector.rows) == {spec.name for spec in FIELDS}
    assert list(inspector.sections) == [g for g in GROUPS if any(s.group == g for s in FIELDS)]
    assert not inspector.sections["Advanced"].expanded
    assert inspector.sections["Generation"].expanded


def test_tooltips_give_meaning_range_and_default(inspector):
    tip = inspector.rows["inference_steps"].label.toolTip()
    assert "1-100" in tip and "Default: 25" in tip
    assert "Ignored by the preview engine" in tip  # auto resolves to preview here


def test_inspector_reflects_and_edits_settings(inspector, qtbot):
    session = inspector.session
    session.set_settings(RenderSettings(inference_steps=30, dynamic_scale=1.1, seed=None))
    steps = inspector.editor("inference_steps")
    assert steps.value() == 30
    assert inspector.editor("dynamic_scale").value() == pytest.approx(1.1)
    assert inspector.editor("seed").value() is None

    steps.spin.setValue(22)
    assert session.settings.inference_steps == 22
    inspector.editor("crop_to_face").box.setChecked(False)
    assert session.settings.crop_to_face is False
    engine = inspector.editor("engine")
    engine.combo.setCurrentIndex(engine.combo.findData("preview"))
    assert session.settings.engine == "preview"


def test_slider_and_step_snapping(inspector):
    resolution = inspector.editor("min_resolution")
    resolution.spin.setValue(500)  # not a multiple of 64 above 128
    assert inspector.session.settings.min_resolution == 512
    resolution.slider.setValue(resolution.slider.value() + 1)
    assert inspector.session.settings.min_resolution == 576


def test_optional_seed_toggles_random_and_back(inspector):
    seed = inspector.editor("seed")
    seed.none_box.setChecked(True)
    assert inspector.session.settings.seed is None
    seed.none_box.setChecked(False)
    assert inspector.session.settings.seed == 72589


def test_warning_appears_and_its_fix_works(inspector, qtbot):
    session = inspector.session
    session.update_settings(engine="sonic", inference_steps=8)
    codes = [card.warning.code for card in inspector.warning_cards]
    assert "steps_too_low" in codes
    card = next(c for c in inspector.warning_cards if c.warning.code == "steps_too_low")
    assert inspector.editor("inference_steps").focus_widget().property("warn") is True
    qtbot.mouseClick(card.fix_button, Qt.MouseButton.LeftButton)
    assert session.settings.inference_steps == RECOMMENDED_STEPS  # as the Result tips say
    assert "steps_too_low" not in [c.warning.code for c in inspector.warning_cards]


def test_face_margin_warning_fix(inspector, qtbot):
    inspector.session.update_settings(expand_ratio=0.1)
    card = next(c for c in inspector.warning_cards if c.warning.code == "expand_ratio_low")
    qtbot.mouseClick(card.fix_button, Qt.MouseButton.LeftButton)
    assert inspector.session.settings.expand_ratio == pytest.approx(0.2)


def test_reset_to_default_per_field(inspector, qtbot):
    session = inspector.session
    session.update_settings(motion_scale=1.5, inference_steps=40)
    reset = inspector.rows["motion_scale"].reset
    assert not reset.isHidden()
    qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
    assert session.settings.motion_scale == 1.0
    assert session.settings.inference_steps == 40  # other fields untouched
    assert reset.isHidden()


def test_presets_apply_save_rename_delete(inspector):
    bar = inspector.presets
    session = inspector.session
    bar.apply("news")
    assert session.settings.expand_ratio == pytest.approx(0.15)
    assert bar.combo.currentData() == "news"
    bar.apply("release")  # a tier on top keeps the scenario's margin
    assert session.settings.inference_steps == 30
    assert session.settings.expand_ratio == pytest.approx(0.15)

    session.update_settings(dynamic_scale=1.05)
    assert bar.combo.currentData() == ""  # hand edit -> custom
    saved = bar.save_current("My look")
    assert saved is not None and bar.combo.currentData() == saved.id
    renamed = bar.rename_current("Studio look")
    assert renamed is not None and renamed.name == "Studio look"
    assert bar.preset_by_id(renamed.id) is not None
    assert bar.delete_current()
    assert all(p.name != "Studio look" for p in bar.presets)


def test_builtin_preset_cannot_be_overwritten(inspector):
    messages = []
    inspector.presets.problem.connect(messages.append)
    assert inspector.presets.save_current("Draft") is None
    assert messages and "built-in" in messages[0]
    assert inspector.notice.isVisible()
