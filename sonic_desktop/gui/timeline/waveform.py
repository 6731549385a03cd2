"""Drawing helpers shared by the audio card and the timeline."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPolygonF


def paint_waveform(
    painter: QPainter,
    rect: QRectF,
    peaks: np.ndarray,
    color: QColor,
    start: float = 0.0,
    end: float = 1.0,
) -> None:
    """Min/max peaks as one filled shape; `start`/`end` select a fraction of the clip."""
    if peaks.size == 0 or rect.width() < 2:
        return
    n = peaks.shape[0]
    lo_i, hi_i = int(start * n), max(int(start * n) + 1, int(end * n))
    part = peaks[lo_i:hi_i]
    columns = max(2, int(rect.width()))
    # Resample to one min/max pair per pixel column.
    starts = np.minimum(
        np.linspace(0, part.shape[0], columns, endpoint=False).astype(int), part.shape[0] - 1
    )
    lows = np.minimum.reduceat(part[:, 0], starts)
    highs = np.maximum.reduceat(part[:, 1], starts)
    scale = max(float(np.max(np.abs(part))), 1e-4)
    mid = rect.center().y()
    half = rect.height() / 2 * 0.95
    xs = rect.left() + np.arange(columns) * rect.width() / (columns - 1)
    top = [QPointF(x, mid - max(h / scale, 0.01) * half) for x, h in zip(xs, highs, strict=True)]
    bottom = [
        QPointF(x, mid - min(lo / scale, -0.01) * half) for x, lo in zip(xs, lows, strict=True)
    ]
    polygon = QPolygonF(top + bottom[::-1])
    path = QPainterPath()
    path.addPolygon(polygon)
    painter.save()
    painter.setPen(QColor(0, 0, 0, 0))
    painter.setBrush(color)
    painter.drawPath(path)
    painter.restore()


def curve_path(
    rect: QRectF, values: np.ndarray, times: np.ndarray, t0: float, t1: float, vmax: float
) -> QPainterPath:
    """A polyline of `values` sampled at `times` (seconds) mapped into rect over [t0, t1]."""
    path = QPainterPath()
    if values.size == 0 or t1 <= t0:
        return path
    span = t1 - t0
    xs = rect.left() + (times - t0) / span * rect.width()
    ys = rect.bottom() - np.clip(values / vmax, 0.0, 1.0) * rect.height()
    path.moveTo(float(xs[0]), float(ys[0]))
    for x, y in zip(xs[1:], ys[1:], strict=True):
        path.lineTo(float(x), float(y))
    return path
