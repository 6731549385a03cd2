"""Models ▸ Download while offline: one wrapped line saying the download server cannot be
reached, Locate folder… beside it, and a dialog that keeps its width and its buttons.

The offline errors are huggingface_hub's own: its offline mode (`HF_HUB_OFFLINE`)
raises, without touching the network, the same `LocalEntryNotFoundError` a machine
without a connection gets (there with an httpx `ConnectError` from a `gaierror` behind it).
"""

from __future__ import annotations

import errno
import socket

import pytest

MESSAGE = (
    "The download server cannot be reached. Check the internet connection, "
    "or use Locate folder… to pick weights already on disk."
)


def _offline_like_a_dead_network() -> BaseException:
    """What hf_hub_download raised here with no route to huggingface.co (HF_HUB_OFFLINE=0)."""
    import httpx2
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        try:
            try:
                raise socket.gaierror(-2, "Name or service not known")
            except socket.gaierror as dns:
                raise httpx2.ConnectError("[Errno -2] Name or service not known") from dns
        except httpx2.ConnectError as connect:
            raise LocalEntryNotFoundError(
                "An error happened while trying to locate the file on the Hub and we cannot "
                "find the requested files in the local cache. Please check your connection "
                "and try again or make sure your Internet connection is on."
            ) from connect
    except LocalEntryNotFoundError as error:
        return error


@pytest.fixture
def hub_offline(monkeypatch, tmp_path):
    """huggingface_hub in offline mode, with its home in a temporary folder."""
    from huggingface_hub import constants

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)


# -- classification (models.download) ------------------------------------------------------
def _network_errors() -> list[BaseException]:
    import httpx2
    import requests

    return [
        _offline_like_a_dead_network(),
        socket.gaierror(-2, "Name or service not known"),
        ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
        OSError(errno.ENETUNREACH, "Network is unreachable"),
        TimeoutError("timed out"),
        httpx2.ConnectTimeout("connect timed out"),
        requests.ConnectionError("Max retries exceeded"),
    ]


def test_network_failures_become_download_unreachable():
    from sonic_desktop.models.download import DownloadUnreachable, network_failure

    for error in _network_errors():
        found = network_failure(error)
        assert isinstance(found, DownloadUnreachable), error
        assert "cannot be reached" in str(found) and found.reason
    dead = network_failure(_offline_like_a_dead_network())
    assert dead is not None and dead.reason == "[Errno -2] Name or service not known"


def test_other_failures_are_left_as_they_are():
    import filelock
    from huggingface_hub.errors import EntryNotFoundError

    from sonic_desktop.core.errors import Cancelled
    from sonic_desktop.models.download import network_failure

    try:
        try:
            raise ConnectionResetError(errno.ECONNRESET, "reset")
        except ConnectionResetError:
            raise Cancelled("Download cancelled") from None
    except Cancelled as exc:
        cancelled = exc
    others = [
        EntryNotFoundError("not on the Hub"),
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.ENOSPC, "No space left on device"),
        filelock.Timeout("weights.lock"),  # a TimeoutError, but a local one
        ValueError("bad"),
        cancelled,
    ]
    for other in others:
        assert network_failure(other) is None, other


def test_download_raises_unreachable_from_huggingface_hub_offline(hub_offline, tmp_path):
    from huggingface_hub.errors import LocalEntryNotFoundError

    from sonic_desktop.models.catalogue import load_catalogue
    from sonic_desktop.models.download import DownloadUnreachable, download

    catalogue = load_catalogue()
    with pytest.raises(DownloadUnreachable) as raised:
        download([catalogue.files[0]], tmp_path / "weights", catalogue=catalogue)
    assert isinstance(raised.value.__cause__, LocalEntryNotFoundError)
    assert "offline mode" in raised.value.reason


# -- the dialog ------------------------------------------------------------------------------
@pytest.fixture
def dialog(qtbot, tmp_path, monkeypatch):
    """A shown Models dialog whose weights are missing and whose Download is enabled."""
    from sonic_desktop.gui.dialogs import models_adapter
    from sonic_desktop.gui.dialogs.models import ModelsDialog

    monkeypatch.setattr(
        models_adapter,
        "read_status",
        lambda folder: models_adapter.ModelsStatus(True, (), usable=False),
    )
    made = ModelsDialog(str(tmp_path / "weights"))
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    qtbot.waitUntil(lambda: made.status is not None, timeout=20_000)
    return made


def _download_and_wait(dialog, qtbot) -> None:
    from PySide6.QtCore import Qt

    assert dialog.download_button.isEnabled()
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.download_error.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.download_button.isHidden(), timeout=10_000)


def _assert_fits(dialog, width_before: int) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication, QPushButton

    QApplication.processEvents()
    assert dialog.width() <= max(width_before + 16, 900), dialog.width()
    assert dialog.minimumSizeHint().width() < 900
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert dialog.error_locate_button in buttons and len(buttons) >= 3
    for button in buttons:
        where = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
        assert dialog.rect().contains(where), (button.text(), where, dialog.rect())


def test_offline_download_says_the_server_cannot_be_reached(
    dialog, qtbot, hub_offline, monkeypatch
):
    """The real downloader, with huggingface_hub raising its own offline error."""
    from sonic_desktop.gui.dialogs import models_adapter
    from sonic_desktop.models import download

    assert models_adapter.downloader() is download.download_missing
    width_before = dialog.width()
    _download_and_wait(dialog, qtbot)

    text = dialog.download_error_label.text()
    assert text == MESSAGE
    assert "unexpected failure" not in text.lower() and "Error" not in text
    assert dialog.download_error_label.wordWrap() and dialog.progress_label.wordWrap()
    assert "offline mode" in dialog.download_error_label.toolTip()  # the detail, for support
    _assert_fits(dialog, width_before)
    assert dialog.error_locate_button.isVisible() and dialog.error_locate_button.isEnabled()
    assert dialog.error_locate_button.text() == dialog.locate_button.text()


def test_offline_error_raised_by_any_downloader_is_recognised(dialog, qtbot, monkeypatch):
    """A downloader that lets huggingface_hub's error through unwrapped (as before)."""
    from sonic_desktop.gui.dialogs import models_adapter

    def offline(folder, progress, cancel):
        raise _offline_like_a_dead_network()

    monkeypatch.setattr(models_adapter, "downloader", lambda: offline)
    width_before = dialog.width()
    _download_and_wait(dialog, qtbot)
    text = dialog.download_error_label.text()
    assert text == MESSAGE and "LocalEntryNotFoundError" not in text
    assert "Name or service not known" in dialog.download_error_label.toolTip()
    _assert_fits(dialog, width_before)


def test_a_long_unexpected_error_wraps_instead_of_widening(dialog, qtbot, monkeypatch):
    from sonic_desktop.gui.dialogs import models_adapter

    def broken(folder, progress, cancel):
        raise RuntimeError("x" * 40 + " " + "a very long line without end " * 60)

    monkeypatch.setattr(models_adapter, "downloader", lambda: broken)
    width_before = dialog.width()
    _download_and_wait(dialog, qtbot)
    assert "RuntimeError" in dialog.download_error_label.text()  # not a network failure
    _assert_fits(dialog, width_before)


def test_locate_beside_the_error_picks_a_folder_and_clears_it(dialog, qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from sonic_desktop.gui.dialogs import models_adapter

    def offline(folder, progress, cancel):
        raise _offline_like_a_dead_network()

    monkeypatch.setattr(models_adapter, "downloader", lambda: offline)
    _download_and_wait(dialog, qtbot)
    chosen = tmp_path / "on disk"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(chosen))
    with qtbot.waitSignal(dialog.folder_chosen, timeout=5_000) as signal:
        qtbot.mouseClick(dialog.error_locate_button, Qt.MouseButton.LeftButton)
    assert signal.args == [str(chosen)]
    assert dialog.weights_folder == str(chosen) and dialog.download_error.isHidden()
