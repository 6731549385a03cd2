"""The Qt binding itself: PySide6 6.12.0 dropped a reference to None on every call of a
method returning nothing. Before Python 3.12 None is an ordinary object, so after some
thousands of such calls (a progress bar, a scrub) the app aborted with "none_dealloc".
pyproject.toml keeps PySide6 below 6.12; this test fails if a build with the leak returns."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_qt_calls_do_not_leak_references_to_none(qapp):
    from PySide6.QtWidgets import QLabel, QProgressBar

    label, bar = QLabel("x"), QProgressBar()
    calls = 500
    before = sys.getrefcount(None)
    for i in range(calls):
        label.setText("y")
        bar.setValue(i % 100)
        qapp.processEvents()
    # Allow a little noise from the interpreter; the leak would be -1500.
    assert sys.getrefcount(None) - before > -calls // 10
