"""The lip-sync offset reads in one unit everywhere: ms, in the inspector as on the timeline."""

from __future__ import annotations

import pytest


def test_inspector_shows_the_offset_in_ms_and_stores_seconds(qtbot, window):
    editor = window.inspector.editor("alignment_offset_sec")
    window.session.update_settings(alignment_offset_sec=0.03)
    spin = editor.spin
    assert spin.suffix().strip() == "ms"
    assert spin.value() == pytest.approx(30.0)
    assert spin.text().replace("\u00a0", " ") == "30 ms"
    spin.setValue(-120.0)  # a user's typed edit, in ms
    assert window.session.settings.alignment_offset_sec == pytest.approx(-0.12)
    assert spin.maximum() == pytest.approx(500.0) and spin.minimum() == pytest.approx(-500.0)
    assert window.timeline.offset_spin.value() == pytest.approx(-120.0)


def test_an_offset_typed_in_the_inspector_is_applied_and_undone_in_one_step(qtbot, window):
    """The offset only applies with calibration on; typing one turns it on, as moving it on
    the timeline does, and while calibration is off the row is muted and says why."""
    inspector = window.inspector
    label = inspector.rows["alignment_offset_sec"].label
    assert not window.session.settings.lip_sync_calibration
    assert label.property("role") == "muted"
    assert "calibration" in inspector.editor("alignment_offset_sec").spin.toolTip()
    inspector.editor("alignment_offset_sec").spin.setValue(60.0)
    settings = window.session.settings
    assert settings.lip_sync_calibration and settings.alignment_offset_sec == pytest.approx(0.06)
    assert label.property("role") != "muted"
    assert window.timeline.canvas.offset_s == pytest.approx(0.06)  # the handle says +60 ms
    window.session.undo_stack.undo()
    settings = window.session.settings
    assert not settings.lip_sync_calibration and settings.alignment_offset_sec == 0.0
