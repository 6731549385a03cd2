"""Render the application icon's PNG sizes and the Windows .ico from sonic-desktop.svg.

    QT_QPA_PLATFORM=offscreen python resources/icons/make_icons.py

Writes sonic-desktop-<N>.png for every size in SIZES, and sonic-desktop.ico holding
16..256 (the sizes Windows uses). Needs PySide6 (QtSvg) and Pillow, both app dependencies.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "sonic-desktop.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {}
    for size in SIZES:
        data = render_png(size)
        (HERE / f"sonic-desktop-{size}.png").write_bytes(data)
        images[size] = Image.open(io.BytesIO(data)).convert("RGBA")
    # Pillow writes one entry per size, each scaled from the largest image given, so give it
    # the 256 px rendering and let the smaller entries come from their own renderings.
    largest = images[max(ICO_SIZES)]
    largest.save(
        HERE / "sonic-desktop.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    print(f"wrote {len(SIZES)} PNG sizes and sonic-desktop.ico in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
