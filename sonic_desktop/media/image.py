"""Portrait decoding: any common photo becomes an upright HxWx3 uint8 RGB array.

Handles EXIF orientation, transparency (composited onto neutral grey, which face
detectors treat as background), greyscale, CMYK, 16-bit and float images, and
photos far larger than the model needs (decoded at reduced size where possible).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, JpegImagePlugin, UnidentifiedImageError

from sonic_desktop.core.errors import SonicDesktopError, UnsupportedImage

MIN_SIDE = 32
BACKGROUND = (128, 128, 128)
# Only well-trodden decoders. "JPEG" also opens MPO files (phone JPEGs with a preview).
_FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "TIFF", "GIF")
_ORIENTATION_TAG = 0x0112
# EXIF orientation value -> the transpose that makes the picture upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _check_file(path: Path) -> None:
    if not path.exists():
        raise UnsupportedImage(f"Image file not found: {path.name}")
    if path.is_dir():
        raise UnsupportedImage(f"{path.name} is a folder, not an image file")
    if path.stat().st_size == 0:
        raise UnsupportedImage(f"{path.name} is empty (0 bytes)")


def _looks_like_heif(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(12)
    return head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc")


def _open_huge_jpeg(path: Path) -> Image.Image:
    """Pillow refuses images over 2 * MAX_IMAGE_PIXELS as decompression bombs. A JPEG
    that big can still be read safely at 1/2..1/8 scale through draft(), so JPEGs
    (only) are opened past that check; load_image re-checks the size after draft()."""
    with open(path, "rb") as handle:
        is_jpeg = handle.read(3) == b"\xff\xd8\xff"
    if not is_jpeg:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e6
        raise UnsupportedImage(f"{path.name} is too large to open safely (over {limit:.0f} MP)")
    return JpegImagePlugin.JpegImageFile(os.fspath(path))


@contextlib.contextmanager
def _open(path: Path) -> Iterator[Image.Image]:
    """Open lazily: reads the header only, pixels are decoded on load()."""
    _check_file(path)
    try:
        try:
            img: Image.Image = Image.open(path, formats=_FORMATS)
        except Image.DecompressionBombError:
            img = _open_huge_jpeg(path)
    except UnidentifiedImageError as exc:
        if _looks_like_heif(path):
            raise UnsupportedImage(
                f"{path.name} is a HEIC/HEIF photo, which is not supported",
                "Export or save it as JPEG or PNG first.",
            ) from exc
        raise UnsupportedImage(f"{path.name} is not a supported image file") from exc
    except SonicDesktopError:
        raise
    except OSError as exc:
        raise UnsupportedImage(f"Cannot read {path.name}: {exc.strerror or exc}") from exc
    except Exception as exc:  # malformed headers surface as assorted exception types
        raise UnsupportedImage(f"{path.name} is damaged ({exc})") from exc
    with img:
        yield img


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # a broken EXIF block should not reject an otherwise good photo
        return 1
    return value if isinstance(value, int) else 1


def _fitted(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_uint8(values: np.ndarray) -> np.ndarray:
    """Scale integer or float samples of unknown range to 0..255 without clipping:
    16-bit data is divided by 257 (65535 -> 255), floats in 0..1 are stretched."""
    data = np.nan_to_num(values.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    low, high = float(data.min(initial=0.0)), float(data.max(initial=0.0))
    if values.dtype.kind == "f" and low >= 0.0 and high <= 1.0:
        data = data * 255.0
    elif low < 0.0 or high > 65535.0:  # arbitrary range (32-bit int or HDR float)
        data = (data - low) * (255.0 / max(high - low, 1e-12))
    elif high > 255.0 or (values.dtype.kind == "u" and values.dtype.itemsize == 2):
        data = data / 257.0
    return np.clip(np.rint(data), 0, 255).astype(np.uint8)


def _to_rgb_or_l(img: Image.Image) -> Image.Image:
    """An 8-bit "RGB" or "L" image (L kept so resizing does a third of the work)."""
    mode = img.mode
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        return Image.fromarray(_to_uint8(np.asarray(img)), "L")
    has_alpha = mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in img.info
    if has_alpha:
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (*BACKGROUND, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    if mode in ("L", "RGB"):
        return img
    if mode == "1":
        return img.convert("L")
    return img.convert("RGB")  # P, CMYK, YCbCr, LAB, HSV


def load_image(path: str | os.PathLike[str], max_side: int = 4096) -> np.ndarray:
    """Decode a photo to an upright, C-contiguous HxWx3 uint8 RGB array whose longest
    side is at most `max_side`."""
    path = Path(path)
    with _open(path) as img:
        width, height = img.size
        if min(width, height) < MIN_SIDE:
            raise UnsupportedImage(
                f"{path.name} is too small ({width}×{height} px); "
                f"it must be at least {MIN_SIDE} px on each side"
            )
        if max(width, height) > max_side:
            img.draft("RGB", _fitted(img.size, max_side))  # JPEG: DCT-domain downscale
        if Image.MAX_IMAGE_PIXELS and img.width * img.height > 2 * Image.MAX_IMAGE_PIXELS:
            raise UnsupportedImage(f"{path.name} is too large to decode safely")
        try:
            img.load()  # inside try: truncated or corrupt data surfaces here
            orientation = _orientation(img)
            frame = _to_rgb_or_l(img)
        except SonicDesktopError:
            raise
        except Exception as exc:
            raise UnsupportedImage(f"{path.name} is damaged or truncated ({exc})") from exc

    target = _fitted(frame.size, max_side)
    if target != frame.size:
        frame = frame.resize(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in _UPRIGHT:  # after resizing: transposing the small image is cheaper
        frame = frame.transpose(_UPRIGHT[orientation])
    if frame.mode != "RGB":
        frame = frame.convert("RGB")
    if min(frame.size) < MIN_SIDE:
        raise UnsupportedImage(
            f"{path.name} is too narrow ({width}×{height} px) to fit {max_side} px "
            f"and keep {MIN_SIDE} px on the short side"
        )
    return np.ascontiguousarray(np.asarray(frame, dtype=np.uint8))


def image_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """(width, height) as displayed, i.e. after EXIF orientation, read from the header."""
    path = Path(path)
    with _open(path) as img:
        width, height = img.size
        # A PNG's eXIf chunk may sit after the pixel data, where reading it means
        # decoding the whole image; such (rare) PNGs are taken as upright here.
        if img.format == "PNG" and "exif" not in img.info:
            return width, height
        if _orientation(img) in (5, 6, 7, 8):
            return height, width
    return width, height
