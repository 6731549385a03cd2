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
    before = dialog.status
    qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.download_error.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.download_button.isHidden(), timeout=10_000)
    # A finished download re-reads the status: wait for it, so it lands before what follows.
    qtbot.waitUntil(lambda: dialog.status is not before, timeout=20_000)


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


# -- the dialog in any language, on a small screen --------------------------------------------
@pytest.fixture
def real_dialog(qtbot, tmp_path):
    """The dialog on an empty weights folder: every file missing, with the real status."""
    from sonic_desktop.gui.dialogs.models import ModelsDialog

    made = ModelsDialog(str(tmp_path / "weights"))
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.status is not None, timeout=20_000)
    if not made.status.available:
        pytest.skip("no weights package in this build")
    return made


def test_every_catalogue_role_is_marked_for_translation():
    from sonic_desktop.gui.dialogs.models_text import ROLES
    from sonic_desktop.models.catalogue import load_catalogue

    assert {entry.role for entry in load_catalogue().files} == set(ROLES)


def test_the_details_are_said_in_the_ui_language(real_dialog, qtbot):
    """Roles, reasons and the engine line go through translation: a marker translator
    wraps every text it is asked for, and no English core wording is left bare."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    class Marker(QTranslator):
        def isEmpty(self) -> bool:  # an empty translator would not announce a change
            return False

        def translate(self, context, source, disambiguation=None, n=-1):
            if context in ("WeightsCatalogue", "WeightsStatus", "ModelsDialog"):
                return "«" + source.replace("%n", str(n)) + "»"
            return None

    marker = Marker()
    QCoreApplication.installTranslator(marker)
    try:
        dialog = real_dialog
        # The language change arrives as an event, and the texts are said again from state.
        qtbot.waitUntil(lambda: dialog.download_button.text() == "«Download missing files»")
        items = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
        assert len(items) == len(dialog.status.files) > 10
        for item in items:
            assert item.toolTip(0).startswith("«"), item.toolTip(0)
            assert item.toolTip(1).startswith("«expected at"), item.toolTip(1)
        line = dialog.engine_line.text()
        assert line.startswith("«") and "expected at" not in line, line
    finally:
        QCoreApplication.removeTranslator(marker)


def test_engine_problems_are_classified_from_the_engine_reason():
    from sonic_desktop.gui.dialogs.models_adapter import engine_problem

    assert engine_problem(True, "all found", "all found") == ("", ())
    assert engine_problem(False, "missing Python packages: torch, diffusers", None) == (
        "packages",
        ("torch", "diffusers"),
    )
    assert engine_problem(False, "a: missing", "a: missing") == ("weights", ())
    assert engine_problem(False, "the Sonic engine is not included in this build", None)[0] == (
        "not_included"
    )
    assert engine_problem(False, "something else", "a: missing") == ("other", ())


def test_a_language_switch_keeps_the_status_and_the_error(real_dialog, qtbot, monkeypatch):
    from sonic_desktop.gui.dialogs import models_adapter
    from sonic_desktop.gui.shell.i18n import Translations

    dialog = real_dialog
    monkeypatch.setattr(
        models_adapter,
        "downloader",
        lambda: (
            lambda folder, progress, cancel: (_ for _ in ()).throw(_offline_like_a_dead_network())
        ),
    )
    dialog.show_status(dialog.status)  # Download enabled with the patched downloader
    _download_and_wait(dialog, qtbot)
    status, rows = dialog.status, dialog.tree.topLevelItemCount()
    english = (dialog.download_button.text(), dialog.download_error_label.text())
    translations = Translations()
    assert translations.install("zh_CN")
    try:
        qtbot.waitUntil(lambda: dialog.download_button.text() != english[0])
        assert dialog.status is status and dialog.tree.topLevelItemCount() == rows
        assert dialog.download_error.isVisible()
        assert dialog.download_error_label.text() != english[1]  # said again, in Chinese
    finally:
        translations.install("en")
    qtbot.waitUntil(lambda: dialog.download_button.text() == english[0])
    assert dialog.download_error_label.text() == MESSAGE


def test_every_control_has_its_own_tooltip(real_dialog):
    from PySide6.QtWidgets import QAbstractButton

    dialog = real_dialog
    controls = [b for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
    controls.append(dialog.tree)
    assert len(controls) >= 6
    assert not [c.objectName() or c.text() for c in controls if not c.toolTip()]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_dialog_fits_a_1280x720_screen_with_an_error_shown(
    real_dialog, qtbot, monkeypatch, language
):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from sonic_desktop.gui.dialogs import models_adapter
    from sonic_desktop.gui.shell.i18n import Translations

    dialog = real_dialog
    translations = Translations()
    assert translations.install(language)
    try:
        monkeypatch.setattr(
            models_adapter,
            "downloader",
            lambda: (
                lambda folder, progress, cancel: (_ for _ in ()).throw(
                    RuntimeError("a very long line without end " * 60)
                )
            ),
        )
        dialog.show_status(dialog.status)
        _download_and_wait(dialog, qtbot)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720 - 40, hint  # 40: title bar
        dialog.resize(1280, 680)
        qtbot.wait(50)
        for widget in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel):
            if not widget.isVisibleTo(dialog):
                continue
            where = QRect(widget.mapTo(dialog, widget.rect().topLeft()), widget.size())
            assert dialog.rect().contains(where), (widget.objectName(), where)
    finally:
        translations.install("en")


def test_name_status_and_size_columns_show_their_whole_text(real_dialog):
    """Only the location column may elide: "Missing · optional" was cut to "Missin…tional"."""
    tree = real_dialog.tree
    header = tree.header()
    for column in (0, 1, 2):
        assert header.sectionSize(column) >= tree.sizeHintForColumn(column), column
