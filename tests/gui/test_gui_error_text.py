"""Errors in the UI language: translated title and advice, English specifics kept."""

from __future__ import annotations

import pytest

from sonic_desktop.core.errors import DiskFull, NoFaceFound


@pytest.fixture
def chinese(qapp):
    from sonic_desktop.gui.shell.i18n import Translations

    translations = Translations()
    assert translations.install("zh_CN")
    yield
    translations.install("en")


def test_english_ui_shows_the_core_line_unchanged(qapp):
    from sonic_desktop.gui.common.error_text import describe_error, error_text

    error = NoFaceFound("No face found in 'a b.png'")
    assert error_text(error) == error.one_line()
    assert describe_error("NoFaceFound", "anything") == "anything"
    assert error_text(ValueError("boom")) == "ValueError: boom"


def test_chinese_ui_translates_title_and_hint_and_keeps_details(chinese):
    from sonic_desktop.gui.common.error_text import describe_error, error_text

    text = error_text(NoFaceFound("No face found in '照片 1.png'"))
    assert text.startswith("照片中未找到人脸。请使用有一张清晰正脸的照片")
    assert "No face found in '照片 1.png'" in text  # the file name is still there
    assert "\n" not in text
    assert describe_error("DiskFull", str(DiskFull("Disk full"))).startswith("磁盘已满。")
    assert error_text(RuntimeError("bug")).startswith("意外故障。")
    # A kind the UI does not know (added to the core later) falls back to English.
    assert describe_error("BrandNewError", "Some English") == "Some English"
    assert describe_error(None, "Some English") == "Some English"


def test_failed_job_row_is_translated(chinese, tmp_path, portrait_path, speech_path):
    from sonic_desktop.core.jobs import Job, JobState
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings
    from sonic_desktop.gui.queue.delegate import status_line

    request = RenderRequest(portrait_path, speech_path, tmp_path / "o.mp4", RenderSettings())
    english = str(NoFaceFound("No face found"))
    job = Job("j", request, JobState.FAILED, error=english, error_kind="NoFaceFound")
    assert status_line(job).startswith("照片中未找到人脸")
    old = Job("k", request, JobState.FAILED, error=english)  # saved before kinds existed
    assert status_line(old) == english
