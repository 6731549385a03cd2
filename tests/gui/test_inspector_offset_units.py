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
