"""One job's details: files, engine, timings, settings, notices, the full error, its log
lines, and "Copy as command"."""

from __future__ import annotations

import html
import sys
import time

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core.jobs import Job, JobState
from sonic_desktop.core.logs import log_file
from sonic_desktop.core.render_command import render_command
from sonic_desktop.core.settings import FIELDS
from sonic_desktop.gui.common.error_text import describe_error
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.common.widgets import format_duration
from sonic_desktop.gui.inspector.field_editors import value_text
from sonic_desktop.gui.queue.controller import QueueController
from sonic_desktop.gui.queue.delegate import stage_name, state_name
from sonic_desktop.gui.queue.job_log import job_log_lines
from sonic_desktop.gui.queue.reveal import reveal_or_explain
from sonic_desktop.gui.result.notices import translate_notice
from sonic_desktop.gui.shell.i18n import tr_setting


def copy_command(job: Job) -> str:
    """Put the job's `sonic-desktop render …` line on the clipboard; returns it."""
    command = render_command(job.request, windows=sys.platform == "win32")
    QGuiApplication.clipboard().setText(command)
    return command


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp)) if stamp else "—"


class JobDetails(QDialog):
    def __init__(self, controller: QueueController, job_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("jobDetails")
        self.controller = controller
        self.job_id = job_id
        self.log_lines: list[str] | None = None  # None until read (off the UI thread)
        self.resize(720, 560)

        self.tabs = QTabWidget(self)
        self.summary = QTextBrowser(self)
        self.summary.setObjectName("jobSummary")
        self.summary.setOpenLinks(False)
        self.log_view = QPlainTextEdit(self)
        self.log_view.setObjectName("jobLog")
        self.log_view.setReadOnly(True)
        self.log_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.tabs.addTab(self.summary, "")
        self.tabs.addTab(self.log_view, "")

        self.copy_button = QPushButton(self)
        self.copy_button.setObjectName("copyCommand")
        self.copy_button.clicked.connect(lambda: copy_command(self.job))
        self.folder_button = QPushButton(self)
        self.folder_button.setObjectName("detailsShowInFolder")
        self.folder_button.clicked.connect(lambda: reveal_or_explain(self.job.request.output, self))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self._unsubscribe = controller.queue.subscribe(self._on_event)
        self.finished.connect(lambda _code: self._unsubscribe())
        self._tasks = BackgroundTasks(self, max_threads=1)
        self.reload_log()
        self.retranslate()

    @property
    def job(self) -> Job:
        return self.controller.queue.get(self.job_id)

    def _on_event(self, event: object) -> None:
        if getattr(event, "job_id", None) == self.job_id:
            try:
                self.job  # noqa: B018 - removed jobs keep the last text
            except KeyError:
                return
            self._fill()

    def reload_log(self) -> None:
        path, job_id = log_file(), self.job_id
        self._tasks.submit(
            lambda: job_log_lines(path, job_id), self._log_read, lambda exc: self._log_read([])
        )

    def _log_read(self, lines: list[str]) -> None:
        self.log_lines = lines
        self._fill_log()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Job details"))
        self.tabs.setTabText(0, self.tr("Summary"))
        self.tabs.setTabText(1, self.tr("Log"))
        self.copy_button.setText(self.tr("Copy as command"))
        self.copy_button.setToolTip(
            self.tr("Copy the sonic-desktop render command that makes this video")
        )
        self.folder_button.setText(self.tr("Show in folder"))
        self.folder_button.setToolTip(self.tr("Open the folder of the output video"))
        self.summary.setToolTip(self.tr("Everything about this job; select text to copy it"))
        self.log_view.setToolTip(self.tr("The log lines this job wrote"))
        self._fill()

    def _fill(self) -> None:
        try:
            job = self.job
        except KeyError:
            return
        esc = html.escape
        # Said outside the f-strings below: lupdate does not look inside them.
        headings = {
            "Notices": self.tr("Notices"),
            "Error": self.tr("Error"),
            "Settings": self.tr("Settings"),
            "Command": self.tr("Command"),
        }
        rows: list[tuple[str, str]] = [
            (self.tr("State"), state_name(job.state)),
            (self.tr("Portrait"), str(job.request.image)),
            (self.tr("Speech"), str(job.request.audio)),
            (self.tr("Output"), str(job.request.output)),
            (self.tr("Engine"), tr_setting(job.engine_label) if job.engine_label else "—"),
            (self.tr("Added"), _when(job.created_at)),
            (self.tr("Started"), _when(job.started_at)),
            (self.tr("Finished"), _when(job.finished_at)),
        ]
        if job.started_at and job.finished_at:
            rows.append((self.tr("Took"), format_duration(job.finished_at - job.started_at)))
        if job.state == JobState.RUNNING and job.stage:
            rows.append((self.tr("Stage"), stage_name(job.stage)))
        if job.request.face_box is not None:
            rows.append((self.tr("Face box"), ", ".join(f"{v:g}" for v in job.request.face_box)))
        parts = ["<table cellspacing='0' cellpadding='3'>"]
        parts += [f"<tr><td><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in rows]
        parts.append("</table>")
        result = self.controller.results.get(job.id)
        notices = list(getattr(result, "notices", []) or [])
        if notices:
            parts.append(f"<h4>{esc(headings['Notices'])}</h4><ul>")
            parts += [f"<li>{esc(translate_notice(str(n)))}</li>" for n in notices]
            parts.append("</ul>")
        if job.error:
            parts.append(f"<h4>{esc(headings['Error'])}</h4>")
            parts.append(f"<p>{esc(describe_error(job.error_kind, job.error))}</p>")
            parts.append(f"<pre>{esc(job.error)}</pre>")
            if job.error_kind:
                parts.append(f"<p>{esc(job.error_kind)}</p>")
        parts.append(f"<h4>{esc(headings['Settings'])}</h4><table cellspacing='0' cellpadding='2'>")
        settings = job.request.settings
        for spec in FIELDS:
            shown = value_text(spec, getattr(settings, spec.name))
            parts.append(f"<tr><td>{esc(tr_setting(spec.label))}</td><td>{esc(shown)}</td></tr>")
        parts.append("</table>")
        parts.append(f"<h4>{esc(headings['Command'])}</h4>")
        parts.append(f"<pre>{esc(render_command(job.request))}</pre>")
        self.summary.setHtml("".join(parts))
        self._fill_log()

    def _fill_log(self) -> None:
        if self.log_lines is None:
            self.log_view.setPlainText(self.tr("Reading the log…"))
        elif not self.log_lines:
            self.log_view.setPlainText(
                self.tr("No log lines for this job in {path}.").format(path=log_file())
            )
        else:
            self.log_view.setPlainText("\n".join(self.log_lines))
