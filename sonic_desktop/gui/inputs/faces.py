"""Face boxes shared by the thumbnail and the large preview: hit-testing, painting, size advice.

Both views show the same portrait at different scales; they differ only in how
source pixels map to the screen, which each passes in as `to_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.shell.session import Box, PortraitInfo
from sonic_desktop.gui.shell.theme import colors

# The engine scales the animated region so its short side is `min_resolution`. Past 2×
# each source pixel is smeared over more than 4 output pixels: lips and teeth look soft
# and JPEG blocks show. A 120 px face (a 240 px crop at expand_ratio 0.5) at 512 px is 2.1×.
MAX_UPSCALE = 2.0


def face_index_at(faces: Sequence[Box], x: float, y: float) -> int | None:
    """The face under a point in source pixels; of nested boxes, the smallest is meant."""
    hits = [i for i, f in enumerate(faces) if f.contains(x, y)]
    return min(hits, key=lambda i: faces[i].width) if hits else None


def paint_faces(
    p: QPainter, faces: Sequence[Box], chosen: Box | None, to_view: Callable[[Box], QRectF]
) -> None:
    """Other faces dashed white, the chosen one solid in the accent colour."""
    p.setBrush(Qt.BrushStyle.NoBrush)
    for face in faces:
        if face == chosen:
            continue
        p.setPen(QPen(QColor(255, 255, 255, 210), 1.5, Qt.PenStyle.DashLine))
        p.drawRoundedRect(to_view(face), 4, 4)
    if chosen is not None:
        p.setPen(QPen(QColor(colors().accent), 2.5))
        p.drawRoundedRect(to_view(chosen), 4, 4)


def region_side(portrait: PortraitInfo, box: Box | None, settings: RenderSettings) -> float:
    """Short side, in source pixels, of the region the engine scales to `min_resolution`."""
    if box is None or not settings.crop_to_face:
        return float(min(portrait.width, portrait.height))
    # Imported here: the face package loads dlib, and a box exists only after analysis.
    from sonic_desktop.face.crop import process_bbox

    x1, y1, x2, y2 = process_bbox(
        box.as_tuple(), settings.expand_ratio, portrait.height, portrait.width
    )
    return float(min(x2 - x1, y2 - y1))


def upscale_factor(portrait: PortraitInfo, box: Box | None, settings: RenderSettings) -> float:
    """How much the render enlarges the source pixels of the animated region."""
    side = region_side(portrait, box, settings)
    return settings.min_resolution / side if side > 0 else 1.0
