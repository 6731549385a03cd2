"""Drawing helpers shared by the audio card and the timeline.

Both shapes are reduced to at most one or two points per pixel column before Qt sees them:
an antialiased path with one segment per audio peak or video frame costs ~90 ms to
stroke for a 2.5-minute clip, and the timeline used to pay that on every scrub move.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF


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
    # One vertical line per column: the same picture as a filled outline, without the
    # polygon rasteriser (12 ms for a 1800 px lane; lines take under 1 ms).
    lines = [
        QLineF(x, y0, x, y1)
        for x, y0, y1 in zip(xs.tolist(), top.tolist(), bottom.tolist(), strict=True)
    ]
    painter.save()
    painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(color, max(1.0, (x1 - x0) / columns))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.drawLines(lines)
    painter.restore()


def _in_view(
    rect: QRectF, values: np.ndarray, times: np.ndarray, t0: float, t1: float, vmax: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pixel coordinates of the samples in [t0, t1], plus one either side."""
    if values.size == 0 or t1 <= t0 or rect.width() <= 0:
        return np.zeros(0), np.zeros(0)
    lo = max(0, int(np.searchsorted(times, t0, side="right")) - 1)
    hi = min(values.size, int(np.searchsorted(times, t1, side="left")) + 1)
    xs = rect.left() + (times[lo:hi] - t0) * (rect.width() / (t1 - t0))
    ys = rect.bottom() - np.clip(values[lo:hi] / vmax, 0.0, 1.0) * rect.height()
    return xs, ys


def curve_is_dense(rect: QRectF, times: np.ndarray, t0: float, t1: float) -> bool:
    """More than one sample per three pixels: stroking a polyline that busy costs tens of
    milliseconds (30 ms for 900 points, 180 ms for 3,600), so draw it by columns."""
    if times.size < 2 or t1 <= t0:
        return False
    step = float(times[1] - times[0])
    return (t1 - t0) / max(step, 1e-9) > rect.width() / 3


def curve_polygon(
    rect: QRectF, values: np.ndarray, times: np.ndarray, t0: float, t1: float, vmax: float
) -> QPolygonF:
    """A polyline of `values` sampled at `times` (seconds) mapped into rect over [t0, t1];
    only the samples in view (plus one either side) are kept."""
    xs, ys = _in_view(rect, values, times, t0, t1, vmax)
    return QPolygonF(_points(xs, ys))


def curve_columns(
    rect: QRectF, values: np.ndarray, times: np.ndarray, t0: float, t1: float, vmax: float
) -> list[QLineF]:
    """The same curve as one vertical line per pixel column, spanning everything the
    polyline would cover there: for curves with more samples than the lane has pixels."""
    xs, ys = _in_view(rect, values, times, t0, t1, vmax)
    if xs.size < 2:
        return []
    first = max(int(np.floor(xs[0] - rect.left())), 0)
    last = min(int(np.ceil(xs[-1] - rect.left())), int(rect.width()))
    if last <= first:
        return []
    edges = rect.left() + np.arange(first, last + 1, dtype=np.float64)
    at_edges = np.interp(edges, xs, ys)
    lows = np.minimum(at_edges[:-1], at_edges[1:])
    highs = np.maximum(at_edges[:-1], at_edges[1:])
    # Peaks between two edges (several samples in one column) widen that column's line.
    column = np.floor(xs - rect.left()).astype(np.int64) - first
    inside = (column >= 0) & (column < lows.size)
    np.minimum.at(lows, column[inside], ys[inside])
    np.maximum.at(highs, column[inside], ys[inside])
    centres = (edges[:-1] + 0.5).tolist()
    return [
        QLineF(x, y0, x, y1)
        for x, y0, y1 in zip(centres, lows.tolist(), highs.tolist(), strict=True)
    ]
