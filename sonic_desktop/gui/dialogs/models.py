"""Models: the status of every Sonic weights file, locating a folder, trusting pickles
(after listing what unpickling would import) and revoking that trust, downloads with
progress and cancel, and the licence (CC BY-NC-SA 4.0, non-commercial).

Checks, hashing and downloads run off the UI thread. Without the weights package or
a downloader in this build, the dialog says so instead of offering dead buttons.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.errors import Cancelled
from sonic_desktop.core.progress import CancelToken
from sonic_desktop.gui.common.error_text import error_text
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.common.widgets import muted_label
from sonic_desktop.gui.dialogs import models_adapter as adapter
from sonic_desktop.gui.dialogs.models_text import translate_detail, translate_role
from sonic_desktop.gui.shell.theme import colors, set_role

if TYPE_CHECKING:
    from sonic_desktop.models.pickle_scan import PickleImport, PickleScan

log = logging.getLogger(__name__)

#: At most this many imports are listed in the trust question; the rest are counted.
MAX_LISTED_IMPORTS = 30


def human_size(n: int | None) -> str:
    if not n:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return ""


def _unreachable(error: BaseException) -> BaseException | None:
    """The downloader's "server cannot be reached" error for `error`, or None."""
    try:
        from sonic_desktop.models.download import network_failure
    except ImportError:  # no weights package in this build: nothing to classify with
        return None
    return network_failure(error)


class _DownloadRelay(QObject):
    progress = Signal(str, float, float, float)  # name, done bytes, total bytes, bytes/s or -1
    finished = Signal(object)  # None on success, else the exception


class ModelsDialog(QDialog):
    folder_chosen = Signal(str)

    def __init__(self, weights_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resize(860, 560)
        self.weights_folder = weights_folder
        self.status: adapter.ModelsStatus | None = None
        self._trusted: set[str] = set()  # file names with a trust record
        self._tasks = BackgroundTasks(self, max_threads=1)
        self._cancel: CancelToken | None = None
        # The download pool is created before its relay, so on destruction the pool
        # (which waits for the cancelled download) goes first and no thread is left
        # emitting on a deleted relay.
        self._download_pool = QThreadPool(self)
        self._download_pool.setMaxThreadCount(1)
        self._relay = _DownloadRelay(self)
        self._relay.progress.connect(self._download_progress)
        self._relay.finished.connect(self._download_finished)

        self.summary = QLabel(self)
        set_role(self.summary, "heading")
        self.summary.setWordWrap(True)
        self.engine_line = muted_label("", self)
        self.engine_line.setWordWrap(True)

        licence = QFrame(self)
        set_role(licence, "warning")
        self.licence_text = licence_text = QLabel(licence)
        licence_text.setWordWrap(True)
        licence_text.setOpenExternalLinks(True)
        QVBoxLayout(licence).addWidget(licence_text)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("modelsTree")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnCount(4)  # resize modes set before the columns exist are lost
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._selection_changed)

        self.locate_button = QPushButton(self)
        self.locate_button.clicked.connect(self._ask_folder)
        self.trust_button = QPushButton(self)
        self.trust_button.setEnabled(False)
        self.trust_button.clicked.connect(self._ask_trust)
        self.revoke_button = QPushButton(self)
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self._revoke_selected)
        self.download_button = QPushButton(self)
        set_role(self.download_button, "primary")
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)  # the line below it gives the numbers
        self.progress.hide()
        self.progress_label = muted_label("", self)
        self.progress_label.setWordWrap(True)  # long file names or errors never widen it
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        # A failed download: the reason, wrapped, and the other way to get the weights.
        self.download_error = QFrame(self)
        self.download_error.setObjectName("downloadError")
        set_role(self.download_error, "banner")
        self.download_error_label = QLabel("", self.download_error)
        set_role(self.download_error_label, "error")
        self.download_error_label.setWordWrap(True)
        self.download_error_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.download_error_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.error_locate_button = QPushButton(self.download_error)
        self.error_locate_button.clicked.connect(self._ask_folder)
        error_row = QHBoxLayout(self.download_error)
        error_row.addWidget(self.download_error_label, 1)
        error_row.addWidget(self.error_locate_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.download_error.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.locate_button)
        actions.addWidget(self.trust_button)
        actions.addWidget(self.revoke_button)
        actions.addStretch(1)
        actions.addWidget(self.download_button)
        actions.addWidget(self.cancel_button)
        self.buttons = close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(self.summary)
        layout.addWidget(self.engine_line)
        layout.addWidget(licence)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.download_error)
        layout.addWidget(close)
        self._error: BaseException | None = None  # the download failure shown, if any
        self.retranslate()
        self.refresh()

    # -- texts ---------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        """Every text from state: the status read and a shown error stay as they are."""
        self.setWindowTitle(self.tr("Models"))
        self.licence_text.setText(
            self.tr(
                "The Sonic model weights are licensed <b>CC BY-NC-SA 4.0</b>: non-commercial "
                "use only, with attribution, and adaptations shared under the same licence. "
                "Stable Video Diffusion and Whisper have their own licences; read them before "
                'use. <a href="{url}">Licence text</a>'
            ).format(url=adapter.LICENCE_URL)
        )
        self.tree.setHeaderLabels(
            [self.tr("File"), self.tr("Status"), self.tr("Size"), self.tr("Location")]
        )
        self.tree.setToolTip(
            self.tr("Every weights file Sonic needs; select a pickle file to trust it")
        )
        self.locate_button.setText(self.tr("Locate folder…"))
        self.locate_button.setToolTip(
            self.tr("A folder with the official checkpoints layout, or ComfyUI's models/sonic")
        )
        self.error_locate_button.setText(self.tr("Locate folder…"))
        self.error_locate_button.setToolTip(self.locate_button.toolTip())
        self.trust_button.setText(self.tr("Trust selected file…"))
        self.trust_button.setToolTip(
            self.tr(
                "List what loading the selected file would import, then decide whether to trust it"
            )
        )
        self.revoke_button.setText(self.tr("Revoke trust"))
        self.revoke_button.setToolTip(
            self.tr("Forget that you trusted the selected file: loading it is refused again")
        )
        self.download_button.setText(self.tr("Download missing files"))
        self.cancel_button.setText(self.tr("Cancel download"))
        self.cancel_button.setToolTip(
            self.tr("Stop the download; started files resume where they stopped")
        )
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setToolTip(self.tr("Close this window; a running download is cancelled"))
        if self.status is None:
            self.summary.setText(self.tr("Checking the weights…"))
        else:
            self.show_status(self.status)
        if not self.download_error.isHidden():
            self._say_download_error()

    # -- status ------------------------------------------------------------------------
    def refresh(self) -> None:
        folder = Path(self.weights_folder) if self.weights_folder else None
        self._tasks.submit(
            lambda: adapter.read_status(folder),
            self.show_status,
            lambda exc: self.summary.setText(error_text(exc)),
            latest_only="status",
        )

    def show_status(self, status: adapter.ModelsStatus) -> None:
        self.status = status
        c = colors()
        if not status.available:
            self.summary.setText(self.tr("Sonic engine not installed in this build."))
        elif status.usable:
            self.summary.setText(self.tr("All Sonic weights were found."))
        else:
            missing = sum(
                1 for f in status.files if f.state != "present" and f.required != "optional"
            )
            self.summary.setText(
                self.tr("%n needed file(s) is/are missing or damaged.", "", missing)
            )
        self.engine_line.setText(self.engine_text(status))
        names = {
            "present": self.tr("Present"),
            "missing": self.tr("Missing"),
            "wrong_size": self.tr("Wrong size"),
            "unreadable": self.tr("Unreadable"),
        }
        self._trusted = trusted = adapter.trusted_names()
        self.tree.clear()
        for row in status.files:
            state = names.get(row.state, row.state)
            if row.trust_kind and row.state == "present":
                state += " · " + (
                    self.tr("trusted") if row.path.name in trusted else self.tr("needs trust")
                )
            if row.required == "optional":
                state += " · " + self.tr("optional")
            item = QTreeWidgetItem(
                [row.name, state, human_size(row.size_bytes or row.approx_bytes), str(row.path)]
            )
            item.setToolTip(0, translate_role(row.role))
            item.setToolTip(1, translate_detail(row.detail))
            item.setToolTip(3, str(row.path))
            item.setData(0, Qt.ItemDataRole.UserRole, row.file_id)
            ok = row.state == "present"
            item.setForeground(
                1, QColor(c.success if ok else (c.muted if row.required == "optional" else c.error))
            )
            self.tree.addTopLevelItem(item)
        has_downloader = adapter.downloader() is not None
        self.download_button.setEnabled(status.available and has_downloader and not status.usable)
        self.download_button.setToolTip(
            self.tr("Download the missing files from Hugging Face, with progress and cancel")
            if has_downloader
            else self.tr(
                "Downloading is not available in this build: download the weights yourself "
                "and use Locate folder."
            )
        )
        self.locate_button.setEnabled(status.available)

    def engine_text(self, status: adapter.ModelsStatus) -> str:
        """Why the engine cannot run, said from the status data in the UI language."""
        if status.engine_ok:
            return self.tr("The Sonic engine is ready.")
        if status.engine_problem == "weights":
            needed = sum(
                1 for f in status.files if f.state != "present" and f.required != "optional"
            )
            if needed:
                return self.tr(
                    "The Sonic engine cannot run yet: %n needed weights file(s) is/are missing "
                    "or damaged (see the list). Renders use the preview engine.",
                    "",
                    needed,
                )
            return self.tr(
                "The Sonic engine cannot run yet: frame interpolation's weights file is "
                "missing or damaged. Renders use the preview engine."
            )
        if status.engine_problem == "packages":
            return self.tr(
                "The Sonic engine cannot run yet: these Python packages are missing: "
                "{names}. Renders use the preview engine."
            ).format(names=", ".join(status.engine_packages))
        if status.engine_problem == "not_included":
            return self.tr(
                "The Sonic engine is not included in this build. Renders use the preview engine."
            )
        return self.tr(
            "The Sonic engine cannot run yet: {reason}. Renders use the preview engine."
        ).format(reason=status.engine_reason or self.tr("unknown reason"))

    def selected_row(self) -> adapter.FileRow | None:
        items = self.tree.selectedItems()
        if not items or self.status is None:
            return None
        file_id = items[0].data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.status.files if r.file_id == file_id), None)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        present = bool(row and row.trust_kind and row.state == "present")
        self.trust_button.setEnabled(present)
        self.revoke_button.setEnabled(bool(present and row and row.path.name in self._trusted))

    # -- locate -------------------------------------------------------------------------
    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with the Sonic weights"))
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        self.download_error.hide()
        self.weights_folder = folder
        self.folder_chosen.emit(folder)
        self.refresh()

    # -- trust -----------------------------------------------------------------------------
    def _ask_trust(self) -> None:
        """Read what the file would import (off the UI thread), then ask."""
        row = self.selected_row()
        if row is None or row.trust_kind is None:
            return
        self.progress_label.setText(
            self.tr("Reading what {name} would import…").format(name=row.name)
        )
        self._tasks.submit(
            lambda: adapter.scan_file(row.path),
            lambda scan: self._confirm_trust(row, scan),
            lambda exc: self.progress_label.setText(error_text(exc)),
        )

    def _confirm_trust(self, row: adapter.FileRow, scan: PickleScan) -> None:
        self.progress_label.setText("")
        box = self.trust_question(row, scan)
        answer = box.exec()
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Yes:
            self.trust(row)

    def trust_question(self, row: adapter.FileRow, scan: PickleScan) -> QMessageBox:
        """The confirmation: what loading can do, and every name unpickling would import,
        those outside the allow-list marked."""
        flagged = len(scan.flagged)
        parts = [
            self.tr(
                "{name} is a {kind} file. Loading it can run code on this computer. "
                "Trust it only if it comes from the official Sonic release you downloaded "
                "yourself. A pickle is converted to safetensors once and never unpickled again."
            ).format(name=html.escape(row.name), kind=html.escape(str(row.trust_kind)))
        ]
        if scan.container == "torchscript":
            parts.append(
                self.tr("It is a TorchScript program: loading it runs the code inside it.")
            )
        if not scan.imports:
            parts.append(self.tr("Unpickling it imports nothing: it holds plain values only."))
        elif flagged:
            parts.append(
                self.tr(
                    "Unpickling it would import the names below. Not on the allow-list of "
                    "names that only build data: %n. Loading the file would call those with "
                    "arguments chosen by whoever made it.",
                    "",
                    flagged,
                )
            )
        else:
            parts.append(
                self.tr(
                    "Unpickling it would import the names below, all on the allow-list of "
                    "names that only build data."
                )
            )
        text = "".join(f"<p>{part}</p>" for part in parts)
        if scan.imports:
            text += "<ul>" + "".join(
                self._import_item(i) for i in scan.imports[:MAX_LISTED_IMPORTS]
            )
            hidden = len(scan.imports) - MAX_LISTED_IMPORTS
            if hidden > 0:
                text += "<li>" + self.tr("…and %n more", "", hidden) + "</li>"
            text += "</ul>"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Trust this file?"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("trustQuestion")
        return box

    def _import_item(self, item: PickleImport) -> str:
        specials = {
            "computed": self.tr("an import computed while loading"),
            "extension": self.tr("copyreg extension code {code}").format(code=item.name),
            "unanalysed": self.tr("pickled data that could not be analysed"),
        }
        label = html.escape(specials.get(item.special, item.label))
        if item.allowed:
            return f"<li>{label}</li>"
        note = html.escape(self.tr("not on the allow-list"))
        return f'<li style="color:{colors().error}"><b>⚠ {label}</b> — {note}</li>'

    def trust(self, row: adapter.FileRow) -> None:
        self.progress_label.setText(self.tr("Checking {name}…").format(name=row.name))
        self._tasks.submit(
            lambda: adapter.trust_file(row.path, str(row.trust_kind)),
            lambda _sha: self._trusted_now(row.name),
            lambda exc: self.progress_label.setText(error_text(exc)),
        )

    def _trusted_now(self, name: str) -> None:
        self.progress_label.setText(self.tr("{name} is now trusted.").format(name=name))
        self.refresh()

    def _revoke_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.revoke(row)

    def revoke(self, row: adapter.FileRow) -> None:
        """Revoke trust in the file (hashing runs off the UI thread). No question asked:
        revoking is the safe direction, and trusting again is one click away."""
        self.progress_label.setText(self.tr("Revoking trust in {name}…").format(name=row.name))
        self._tasks.submit(
            lambda: adapter.revoke_file(row.path),
            lambda count: self._revoked(row.name, int(count)),
            lambda exc: self.progress_label.setText(error_text(exc)),
        )

    def _revoked(self, name: str, count: int) -> None:
        if count:
            text = self.tr("Trust in {name} was revoked: loading it is refused again.")
        else:
            text = self.tr("{name} was not trusted.")
        self.progress_label.setText(text.format(name=name))
        self.refresh()

    # -- download ---------------------------------------------------------------------------
    def start_download(self) -> None:
        fn = adapter.downloader()
        if fn is None:
            return
        self._cancel = token = CancelToken()
        folder = Path(self.weights_folder) if self.weights_folder else None
        relay = self._relay

        def report(event: object) -> None:
            done = float(getattr(event, "done_bytes", 0) or 0)
            total = float(getattr(event, "total_bytes", 0) or 0)
            speed = getattr(event, "bytes_per_s", None)  # None until the downloader knows
            relay.progress.emit(
                str(getattr(event, "name", "")), done, total, -1.0 if speed is None else speed
            )

        def work() -> None:
            try:
                fn(folder, progress=report, cancel=token)
            except Exception as exc:  # shown under the progress bar
                relay.finished.emit(exc)
            else:
                relay.finished.emit(None)

        self.download_error.hide()
        self.download_error_label.setToolTip("")
        self.progress_label.setText("")
        self.download_button.hide()
        self.cancel_button.show()
        self.progress.show()
        self.progress.setRange(0, 0)
        self._download_pool.start(work)

    def cancel_download(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.progress_label.setText(self.tr("Cancelling…"))

    def _download_progress(self, name: str, done: float, total: float, speed: float) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
        sizes = {
            "name": name,
            "done": human_size(int(done)) or "0 B",
            "total": human_size(int(total)) or "?",
        }
        if speed < 0:
            text = self.tr("{name}: {done} of {total}").format(**sizes)
        else:
            text = self.tr("{name}: {done} of {total} · {speed}/s").format(
                speed=human_size(int(speed)) or "0 B", **sizes
            )
        self.progress_label.setText(text)

    def _download_finished(self, error: Exception | None) -> None:
        self._cancel = None
        self.cancel_button.hide()
        self.download_button.show()
        self.progress.hide()
        if error is None:
            self.progress_label.setText(self.tr("Download finished."))
        elif isinstance(error, Cancelled):
            self.progress_label.setText(
                self.tr("Download cancelled. Started files resume where they stopped.")
            )
        else:
            self.progress_label.setText("")
            self.show_download_error(error)
        self.refresh()

    def show_download_error(self, error: BaseException) -> None:
        """One wrapped line under the progress bar, with Locate folder… beside it: weights
        already on disk are the way forward when the download cannot run."""
        self._error = error
        unreachable = _unreachable(error)
        if unreachable is not None:
            log.warning("download failed: %s", unreachable, exc_info=error)
        else:
            log.error("download failed", exc_info=error)
        self._say_download_error()
        self.error_locate_button.setEnabled(self.locate_button.isEnabled())
        self.download_error.show()

    def _say_download_error(self) -> None:
        if self._error is None:
            return
        unreachable = _unreachable(self._error)
        if unreachable is not None:
            text = self.tr(
                "The download server cannot be reached. Check the internet connection, "
                "or use Locate folder… to pick weights already on disk."
            )
            detail = str(getattr(unreachable, "reason", "") or unreachable)
        else:
            text = error_text(self._error)
            detail = ""
        self.download_error_label.setText(text)
        self.download_error_label.setToolTip(detail)

    def reject(self) -> None:
        self.cancel_download()
        super().reject()
