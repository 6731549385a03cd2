"""Drawing helpers shared by the audio card and the timeline.

Both shapes are reduced to at most two points per pixel column before Qt sees them:
an antialiased path with one segment per audio peak or video frame costs ~90 ms to
stroke for a 2.5-minute clip, and the timeline used to pay that on every scrub move.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPolygonF


def _points(xs: np.ndarray, ys: np.ndarray) -> list[QPointF]:
    return [QPointF(x, y) for x, y in zip(xs.tolist(), ys.tolist(), strict=True)]


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
    lo_i = min(n - 1, max(0, int(start * n)))
    hi_i = min(n, max(lo_i + 1, int(np.ceil(end * n))))
    part = peaks[lo_i:hi_i]
    columns = max(2, min(int(rect.width()), part.shape[0]))
    # Resample to one min/max pair per pixel column (or per peak, when zoomed in past that).
    starts = np.minimum(
        np.linspace(0, part.shape[0], columns, endpoint=False).astype(int), part.shape[0] - 1
    )
    lows = np.minimum.reduceat(part[:, 0], starts)
    highs = np.maximum.reduceat(part[:, 1], starts)
    scale = max(float(np.max(np.abs(peaks))), 1e-4)  # the whole clip's: zooming keeps scale
    mid = rect.center().y()
    half = rect.height() / 2 * 0.95
    # Where this slice sits inside rect (zoomed: the slice may start before rect's left).
    span = max(end - start, 1e-9)
    first, last = lo_i / n, hi_i / n
    x0 = rect.left() + (first - start) / span * rect.width()
    x1 = rect.left() + (last - start) / span * rect.width()
    xs = x0 + (np.arange(columns) + 0.5) * (x1 - x0) / columns
    top = mid - np.maximum(highs / scale, 0.01) * half
    bottom = mid - np.minimum(lows / scale, -0.01) * half
    polygon = QPolygonF(_points(xs, top) + _points(xs[::-1], bottom[::-1]))
    painter.save()
    painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
    painter.setPen(QColor(0, 0, 0, 0))
    painter.setBrush(color)
    painter.drawPolygon(polygon)
    painter.restore()


def curve_polygon(
    rect: QRectF, values: np.ndarray, times: np.ndarray, t0: float, t1: float, vmax: float
) -> QPolygonF:
    """A polyline of `values` sampled at `times` (seconds) mapped into rect over [t0, t1].

    Only the samples in view (plus one either side) are kept, and where several fall in
    one pixel column they become that column's min and max: the same picture for a
    fraction of the points.
    """
    if values.size == 0 or t1 <= t0 or rect.width() <= 0:
        return QPolygonF()
    lo = max(0, int(np.searchsorted(times, t0, side="right")) - 1)
    hi = min(values.size, int(np.searchsorted(times, t1, side="left")) + 1)
    if hi <= lo:
        return QPolygonF()
    scale = rect.width() / (t1 - t0)
    xs = rect.left() + (times[lo:hi] - t0) * scale
    ys = rect.bottom() - np.clip(values[lo:hi] / vmax, 0.0, 1.0) * rect.height()
    if xs.size > 2 * rect.width():
        column = np.floor(xs - rect.left()).astype(np.int64)
        starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
        lows = np.minimum.reduceat(ys, starts)
        highs = np.maximum.reduceat(ys, starts)
        cx = xs[starts]
        # Alternate top and bottom so the line sweeps each column's full range.
        xs = np.repeat(cx, 2)
        ys = np.column_stack([highs, lows]).reshape(-1)
        ys[2::4], ys[3::4] = lows[1::2], highs[1::2]
    return QPolygonF(_points(xs, ys))
