"""Fault injection, trust (issue item 8): the Models dialog lists what a file would import
(the names outside the allow-list marked) before it asks, and trust can be revoked."""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

import pytest

OS_SYSTEM_PICKLE = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."


def _row(path: Path):
    from sonic_desktop.gui.dialogs.models_adapter import FileRow

    return FileRow(
        file_id="audio2token",
        name=f"Sonic/{path.name}",
        role="audio adapter",
        group="sonic",
        state="present",
        detail="",
        path=path,
        size_bytes=path.stat().st_size,
        approx_bytes=None,
        required="always",
        trust_kind="pickle",
    )


@pytest.fixture
def dialog(qtbot, tmp_path, monkeypatch):
    """A Models dialog whose status is one row, the file the test puts in `rows`."""
    from sonic_desktop.gui.dialogs import models_adapter
    from sonic_desktop.gui.dialogs.models import ModelsDialog

    rows: list = []
    monkeypatch.setattr(
        models_adapter,
        "read_status",
        lambda folder: models_adapter.ModelsStatus(True, tuple(rows), usable=True),
    )
    made = ModelsDialog(str(tmp_path))
    made.rows = rows
    qtbot.addWidget(made)
    qtbot.waitUntil(lambda: made.status is not None, timeout=20_000)
    return made


def _show(dialog, qtbot, row) -> None:
    dialog.rows[:] = [row]
    dialog.status = None
    dialog.refresh()
    qtbot.waitUntil(lambda: bool(dialog.status and dialog.status.files), timeout=10_000)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))


def test_fault_trust_dialog_question_lists_and_marks_the_imports(dialog, tmp_path):
    from sonic_desktop.gui.dialogs import models_adapter

    path = tmp_path / "audio2token.pth"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", OS_SYSTEM_PICKLE)
    box = dialog.trust_question(_row(path), models_adapter.scan_file(path))
    text = box.text()
    assert "os.system" in text and "not on the allow-list" in text
    assert "only build data: 1." in text  # the count ("%n") filled in
    assert "Sonic/audio2token.pth" in text
    assert box.defaultButton() is box.button(box.StandardButton.No)
    box.deleteLater()


def test_fault_trust_dialog_trusts_after_the_list_then_revokes(
    dialog, qtbot, tmp_path, monkeypatch
):
    import torch
    from PySide6.QtWidgets import QMessageBox

    from sonic_desktop.models.trust import TrustStore, sha256_file

    path = tmp_path / "audio2token.pth"
    torch.save({"a": torch.ones(1), "args": argparse.Namespace(lr=1)}, path)
    row = _row(path)
    _show(dialog, qtbot, row)
    assert dialog.trust_button.isEnabled() and not dialog.revoke_button.isEnabled()

    asked = []

    def answer_yes(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Yes.value

    monkeypatch.setattr(QMessageBox, "exec", answer_yes)
    dialog._ask_trust()
    qtbot.waitUntil(lambda: "is now trusted" in dialog.progress_label.text(), timeout=10_000)
    assert "argparse.Namespace" in asked[0] and "collections.OrderedDict" in asked[0]
    assert TrustStore().is_trusted(sha256_file(path))

    qtbot.waitUntil(lambda: "trusted" in dialog.tree.topLevelItem(0).text(1), timeout=10_000)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    assert dialog.revoke_button.isEnabled()
    dialog.revoke_button.click()
    qtbot.waitUntil(lambda: "revoked" in dialog.progress_label.text(), timeout=10_000)
    assert TrustStore().records() == []
    qtbot.waitUntil(lambda: "needs trust" in dialog.tree.topLevelItem(0).text(1), timeout=10_000)


def test_fault_trust_dialog_a_truncated_file_is_one_line_and_not_asked(
    dialog, qtbot, tmp_path, monkeypatch
):
    import torch
    from PySide6.QtWidgets import QMessageBox

    whole = tmp_path / "whole.pth"
    torch.save({"w": torch.arange(1024.0)}, whole)
    cut = tmp_path / "unet.pth"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    _show(dialog, qtbot, _row(cut))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("asked about a damaged file"))
    dialog._ask_trust()
    qtbot.waitUntil(lambda: "damaged" in dialog.progress_label.text(), timeout=10_000)
    text = dialog.progress_label.text()
    assert "\n" not in text and "unet.pth" in text and "download it again" in text
