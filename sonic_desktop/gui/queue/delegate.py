"""Paints one queue row: thumbnail, inputs, settings summary, state, progress, stage, ETA."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sonic_desktop.core.jobs import Job, JobState
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.common.error_text import describe_error
from sonic_desktop.gui.common.tasks import BackgroundTasks
from sonic_desktop.gui.common.widgets import format_duration
from sonic_desktop.gui.inspector.field_editors import choice_label
from sonic_desktop.gui.queue.model import ETA_ROLE, JOB_ROLE
from sonic_desktop.gui.queue.posters import PosterCache
from sonic_desktop.gui.shell.i18n import QT_TRANSLATE_NOOP, tr_setting
from sonic_desktop.gui.shell.theme import colors

ROW_HEIGHT = 76
THUMB = 56


STATE_NAMES = {
    JobState.QUEUED: QT_TRANSLATE_NOOP("JobState", "Queued"),
    JobState.RUNNING: QT_TRANSLATE_NOOP("JobState", "Rendering"),
    JobState.DONE: QT_TRANSLATE_NOOP("JobState", "Done"),
    JobState.FAILED: QT_TRANSLATE_NOOP("JobState", "Failed"),
    JobState.CANCELLED: QT_TRANSLATE_NOOP("JobState", "Cancelled"),
    JobState.INTERRUPTED: QT_TRANSLATE_NOOP("JobState", "Interrupted"),
}
STAGE_NAMES = {
    "loading_models": QT_TRANSLATE_NOOP("Stage", "Loading models"),
    "analysing_inputs": QT_TRANSLATE_NOOP("Stage", "Analysing the photo"),
    "analysing_audio": QT_TRANSLATE_NOOP("Stage", "Analysing the audio"),
    "denoising": QT_TRANSLATE_NOOP("Stage", "Denoising"),
    "decoding": QT_TRANSLATE_NOOP("Stage", "Decoding frames"),
    "interpolating": QT_TRANSLATE_NOOP("Stage", "Interpolating frames"),
    "rendering": QT_TRANSLATE_NOOP("Stage", "Rendering frames"),
    "encoding": QT_TRANSLATE_NOOP("Stage", "Writing the MP4"),
    "done": QT_TRANSLATE_NOOP("Stage", "Finished"),
    "cancelled": QT_TRANSLATE_NOOP("Stage", "Cancelled"),
}


def state_name(state: JobState) -> str:
    return QCoreApplication.translate("JobState", STATE_NAMES[state])


def stage_name(stage: str) -> str:
    return (
        QCoreApplication.translate("Stage", STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage
    )


def state_color(state: JobState) -> str:
    c = colors()
    return {
        JobState.RUNNING: c.accent,
        JobState.DONE: c.success,
        JobState.FAILED: c.error,
        JobState.INTERRUPTED: c.warning,
    }.get(state, c.muted)


def settings_summary(settings: RenderSettings) -> str:
    """The row's one-line settings summary, in the UI language."""
    parts = [] if settings.engine == "auto" else [choice_label(settings.engine)]
    parts.append(f"{settings.min_resolution} px")
    if settings.engine != "preview":
        parts.append(
            QCoreApplication.translate("Queue", "{n} steps").format(n=settings.inference_steps)
        )
    parts.append(
        QCoreApplication.translate("Queue", "expression {v:g}").format(v=settings.dynamic_scale)
    )
    if settings.motion_scale != 1.0:
        parts.append(
            QCoreApplication.translate("Queue", "head {v:g}").format(v=settings.motion_scale)
        )
    if settings.lip_sync_calibration and settings.alignment_offset_sec:
        parts.append(
            QCoreApplication.translate("Queue", "offset {ms:+.0f} ms").format(
                ms=settings.alignment_offset_sec * 1000
            )
        )
    if settings.duration is not None:
        parts.append(f"{settings.duration:g} s")
    seed = (
        QCoreApplication.translate("Queue", "random seed")
        if settings.seed is None
        else QCoreApplication.translate("Queue", "seed {n}").format(n=settings.seed)
    )
    parts.append(seed)
    return " · ".join(parts)


def status_line(job: Job, remaining_s: float | None = None) -> str:
    """What the row's last line says: stage, units and ETA, or the error. `remaining_s`
    is the queue estimator's figure (`QueueController.remaining_for`); without it, the
    stage's own ETA."""
    eta = remaining_s if remaining_s is not None else job.eta_s
    if job.state == JobState.RUNNING:
        parts = [
            stage_name(job.stage) if job.stage else QCoreApplication.translate("Queue", "Starting…")
        ]
        if job.total > 1:
            parts.append(f"{job.done}/{job.total}")
        if eta is not None:
            parts.append(
                QCoreApplication.translate("Queue", "about {time} left").format(
                    time=format_duration(eta)
                )
            )
        if job.engine_label:
            parts.append(tr_setting(job.engine_label))  # "Preview (CPU)" is a known label
        return " · ".join(parts)
    if job.state == JobState.DONE:
        took = ""
        if job.started_at and job.finished_at:
            took = QCoreApplication.translate("Queue", "rendered in {time}").format(
                time=format_duration(job.finished_at - job.started_at)
            )
        if not job.request.output.exists():
            return QCoreApplication.translate("Queue", "The video is no longer at {path}").format(
                path=job.request.output
            )
        return " · ".join(p for p in (str(job.request.output), took) if p)
    if job.state in (JobState.FAILED, JobState.INTERRUPTED) and job.error:
        if job.state == JobState.INTERRUPTED:
            return QCoreApplication.translate(
                "Queue", "Sonic Desktop closed while this job was rendering; retry to resume"
            )
        return describe_error(job.error_kind, job.error)
    if job.state == JobState.QUEUED:
        line = QCoreApplication.translate("Queue", "→ {path}").format(path=job.request.output)
        if eta is not None:
            line += " · " + QCoreApplication.translate("Queue", "about {time}").format(
                time=format_duration(eta)
            )
        return line
    return ""


def folder_link_rect(row: QRect, text_width: int) -> QRect:
    """Where a finished row draws its "Show in folder" link (bottom right)."""
    rect = row.adjusted(6, 3, -6, -3)
    return QRect(rect.right() - 10 - text_width, rect.top() + 50, text_width, 18)


def folder_link_text() -> str:
    return QCoreApplication.translate("Queue", "Show in folder")


def read_thumbnail(path: Path) -> QImage:
    """The photo decoded straight to thumbnail size (pool thread: QImage, not QPixmap)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and size.width() > 0 and size.height() > 0:
        scale = THUMB * 2 / max(size.width(), size.height())
        reader.setScaledSize(
            QSize(max(1, int(size.width() * scale)), max(1, int(size.height() * scale)))
        )
    return reader.read()


class JobDelegate(QStyledItemDelegate):
    folder_clicked = Signal(str)  # job id whose "Show in folder" link was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thumbs: dict[Path, QPixmap] = {}
        self._thumbs_pending: set[Path] = set()
        self._thumb_tasks = BackgroundTasks(self, max_threads=1)
        self._poster_pixmaps: dict[Path, tuple[QImage, QPixmap]] = {}
        self.posters = PosterCache(self)
        self._view = parent
        if parent is not None and hasattr(parent, "viewport"):
            self.posters.ready.connect(lambda _path: parent.viewport().update())

    def _link_width(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.horizontalAdvance(folder_link_text()) + 4

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            job = index.data(JOB_ROLE)
            if isinstance(job, Job) and job.state == JobState.DONE:
                link = folder_link_rect(option.rect, self._link_width(option))
                if link.contains(event.position().toPoint()):
                    self.folder_clicked.emit(job.id)
                    return True
        return super().editorEvent(event, model, option, index)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(320, ROW_HEIGHT)

    def thumbnail(self, path: Path) -> QPixmap:
        """The portrait's thumbnail; the first ask decodes it on a pool thread (a large
        photo took ~30 ms on the UI thread, inside paint) and repaints when it is ready."""
        pixmap = self._thumbs.get(path)
        if pixmap is not None:
            return pixmap
        if path not in self._thumbs_pending:
            self._thumbs_pending.add(path)

            def done(image: QImage) -> None:
                self._thumbs_pending.discard(path)
                self._thumbs[path] = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
                self._repaint()

            def failed(_exc: Exception) -> None:
                self._thumbs_pending.discard(path)
                self._thumbs[path] = QPixmap()

            self._thumb_tasks.submit(lambda: read_thumbnail(path), done, failed)
        return QPixmap()

    def poster_pixmap(self, video: Path, image: QImage) -> QPixmap:
        """One conversion per poster, not one per paint."""
        cached = self._poster_pixmaps.get(video)
        if cached is None or cached[0] is not image:
            cached = (image, QPixmap.fromImage(image))
            self._poster_pixmaps[video] = cached
        return cached[1]

    def _repaint(self) -> None:
        view = self._view
        if view is not None and hasattr(view, "viewport"):
            view.viewport().update()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        job = index.data(JOB_ROLE)
        if not isinstance(job, Job):
            return
        c = colors()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect.adjusted(6, 3, -6, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor(c.accent if selected else c.border), 1.2))
        painter.setBrush(QColor(c.surface_alt if selected else c.surface))
        painter.drawRoundedRect(rect, 8, 8)

        # Thumbnail, cropped to a square
        thumb_rect = QRect(
            rect.left() + 10, rect.top() + (rect.height() - THUMB) // 2, THUMB, THUMB
        )
        poster = self.posters.poster(job.request.output) if job.state == JobState.DONE else None
        pixmap = (
            self.poster_pixmap(job.request.output, poster)
            if poster is not None
            else self.thumbnail(job.request.image)
        )
        if not pixmap.isNull():
            side = min(pixmap.width(), pixmap.height())
            source = QRect((pixmap.width() - side) // 2, (pixmap.height() - side) // 4, side, side)
            painter.drawPixmap(thumb_rect, pixmap, source)
        else:
            painter.fillRect(thumb_rect, QColor(c.surface_alt))

        x = thumb_rect.right() + 12
        badge_text = state_name(job.state)
        metrics = painter.fontMetrics()
        badge_w = metrics.horizontalAdvance(badge_text) + 18
        badge = QRect(rect.right() - badge_w - 10, rect.top() + 9, badge_w, 20)
        text_w = badge.left() - x - 8

        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(c.text))
        title = f"{job.request.image.name}  +  {job.request.audio.name}"
        painter.drawText(
            QRect(x, rect.top() + 8, text_w, 20),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideMiddle, text_w),
        )
        painter.setFont(option.font)
        painter.setPen(QColor(c.muted))
        summary = settings_summary(job.request.settings)
        painter.drawText(
            QRect(x, rect.top() + 28, text_w, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(summary, Qt.TextElideMode.ElideRight, text_w),
        )

        color = QColor(state_color(job.state))
        fill = QColor(color)
        fill.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge, 10, 10)
        painter.setPen(color)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)

        # Progress bar and status line
        line_y = rect.top() + 50
        full_w = rect.right() - 10 - x
        if job.state == JobState.RUNNING:
            bar = QRect(x, line_y + 6, min(160, full_w // 3), 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(c.border))
            painter.drawRoundedRect(bar, 3, 3)
            done = QRect(bar.left(), bar.top(), int(bar.width() * job.fraction), bar.height())
            painter.setBrush(QColor(c.accent))
            painter.drawRoundedRect(done, 3, 3)
            x_text, w_text = bar.right() + 10, full_w - bar.width() - 10
        else:
            x_text, w_text = x, full_w
        if job.state == JobState.DONE and job.request.output.exists():
            link = folder_link_rect(option.rect, self._link_width(option))
            w_text = link.left() - 8 - x_text
            underlined = QFont(option.font)
            underlined.setUnderline(True)
            painter.setFont(underlined)
            painter.setPen(QColor(c.accent))
            painter.drawText(
                link,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                folder_link_text(),
            )
            painter.setFont(option.font)
        painter.setPen(QColor(c.error if job.state == JobState.FAILED else c.muted))
        line = status_line(job, index.data(ETA_ROLE))
        # A path keeps its both ends: the folder's start and the file name.
        elide = (
            Qt.TextElideMode.ElideMiddle
            if job.state in (JobState.DONE, JobState.QUEUED)
            else Qt.TextElideMode.ElideRight
        )
        painter.drawText(
            QRect(x_text, line_y, w_text, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(line, elide, w_text),
        )
        painter.restore()
