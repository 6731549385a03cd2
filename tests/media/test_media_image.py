from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageOps

from sonic_desktop.core.errors import UnsupportedImage
from sonic_desktop.media import image_size, load_image

RED = (255, 0, 0)


def marked(width: int = 60, height: int = 40) -> Image.Image:
    """Blue picture with a red block in its top-left corner."""
    img = Image.new("RGB", (width, height), (0, 0, 255))
    img.paste(RED, (0, 0, 12, 12))
    return img


def with_orientation(img: Image.Image, value: int) -> Image.Exif:
    exif = img.getexif()
    exif[0x0112] = value
    return exif


def check_rgb(array: np.ndarray) -> None:
    assert array.dtype == np.uint8
    assert array.ndim == 3 and array.shape[2] == 3
    assert array.flags.c_contiguous


def test_jpeg_exif_orientation_6_is_rotated_clockwise(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    img = marked()
    img.save(path, quality=95, exif=with_orientation(img, 6))

    out = load_image(path)
    check_rgb(out)
    assert out.shape == (60, 40, 3)  # 60 wide x 40 high stored; shown 40 wide x 60 high
    # Orientation 6 = rotate 90° clockwise to display: stored top-left lands top-right.
    assert np.allclose(out[3, -4], RED, atol=40)
    assert np.allclose(out[3, 3], (0, 0, 255), atol=40)
    assert image_size(path) == (40, 60)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_matches_pillow(tmp_path: Path, orientation: int) -> None:
    path = tmp_path / f"o{orientation}.png"
    img = marked()
    img.save(path, exif=with_orientation(img, orientation))
    with Image.open(path) as reference:
        expected = np.asarray(ImageOps.exif_transpose(reference).convert("RGB"))
    assert np.array_equal(load_image(path), expected)
    assert image_size(path) == (expected.shape[1], expected.shape[0])


def test_transparent_areas_become_mid_grey(tmp_path: Path) -> None:
    rgba = np.zeros((40, 40, 4), np.uint8)
    rgba[:, :20] = (255, 0, 0, 255)  # opaque red
    rgba[:, 20:30] = (0, 255, 0, 0)  # fully transparent green
    rgba[:, 30:] = (255, 0, 0, 128)  # half-transparent red
    path = tmp_path / "alpha.png"
    Image.fromarray(rgba, "RGBA").save(path)

    out = load_image(path).astype(int)
    assert (out[:, :20] == RED).all()
    assert (out[:, 20:30] == 128).all()
    assert np.abs(out[:, 30:] - (191, 64, 64)).max() <= 1


def test_la_and_palette_transparency(tmp_path: Path) -> None:
    la = Image.new("LA", (40, 40), (200, 0))
    la.paste((50, 255), (0, 0, 20, 40))
    la.save(tmp_path / "la.png")
    out = load_image(tmp_path / "la.png")
    assert (out[:, :20] == 50).all() and (out[:, 20:] == 128).all()

    pal = Image.new("P", (40, 40), 1)
    pal.putpalette([0, 0, 0, 255, 255, 0] + [0] * 762)
    pal.paste(0, (0, 0, 20, 40))
    pal.save(tmp_path / "pal.gif", transparency=0)
    out = load_image(tmp_path / "pal.gif")
    assert (out[:, :20] == 128).all() and (out[:, 20:] == (255, 255, 0)).all()


def test_greyscale_becomes_rgb(tmp_path: Path) -> None:
    grey = np.tile(np.arange(64, dtype=np.uint8) * 4, (48, 1))
    Image.fromarray(grey, "L").save(tmp_path / "grey.png")
    out = load_image(tmp_path / "grey.png")
    check_rgb(out)
    assert out.shape == (48, 64, 3)
    assert (out == grey[:, :, None]).all()


@pytest.mark.parametrize("name", ["cmyk.jpg", "cmyk.tif"])
def test_cmyk_becomes_rgb(tmp_path: Path, name: str) -> None:
    Image.new("CMYK", (48, 48), (0, 255, 255, 0)).save(tmp_path / name)  # pure red ink
    out = load_image(tmp_path / name).astype(int)
    assert np.abs(out - RED).max() <= 8


@pytest.mark.parametrize("name", ["grey16.png", "grey16.tif"])
def test_16_bit_grey_is_scaled_not_clipped(tmp_path: Path, name: str) -> None:
    values = np.zeros((40, 40), np.uint16)
    values[:, 10:20], values[:, 20:30], values[:, 30:] = 32768, 65535, 1000
    Image.fromarray(values).save(tmp_path / name)
    with Image.open(tmp_path / name) as check:
        assert check.mode.startswith("I;16")  # really a 16-bit file
    out = load_image(tmp_path / name)
    assert (out[:, :10] == 0).all()
    assert (out[:, 10:20] == 128).all()
    assert (out[:, 20:30] == 255).all()
    assert (out[:, 30:] == 4).all()  # 1000 / 257


@pytest.mark.parametrize("name", ["rgb16.png", "rgb16.tif"])
def test_16_bit_rgb_is_scaled(tmp_path: Path, name: str) -> None:
    values = np.zeros((40, 40, 3), np.uint16)
    values[..., 0], values[..., 1], values[..., 2] = 65535, 32768, 0  # R, G, B
    assert cv2.imwrite(str(tmp_path / name), values[..., ::-1].copy())  # OpenCV wants BGR
    out = load_image(tmp_path / name)
    assert (out == (255, 128, 0)).all()


def test_float_tiff(tmp_path: Path) -> None:
    values = np.tile(np.linspace(0.0, 1.0, 40, dtype=np.float32), (40, 1))
    Image.fromarray(values, "F").save(tmp_path / "float.tif")
    out = load_image(tmp_path / "float.tif")
    assert out[0, 0, 0] == 0 and out[0, -1, 0] == 255
    assert np.all(np.diff(out[0, :, 0].astype(int)) >= 0)


@pytest.mark.parametrize("name", ["c.webp", "c.bmp", "c.tif", "c.png", "c.jpg"])
def test_common_formats_round_trip(tmp_path: Path, name: str) -> None:
    source = np.zeros((50, 70, 3), np.uint8)
    source[:25], source[25:] = (200, 40, 40), (30, 160, 220)
    if name.endswith("webp"):
        Image.fromarray(source).save(tmp_path / name, lossless=True)
    else:
        Image.fromarray(source).save(tmp_path / name)
    out = load_image(tmp_path / name)
    assert out.shape == (50, 70, 3)
    tolerance = 12 if name.endswith("jpg") else 0
    assert np.abs(out[5:20].astype(int) - source[5:20]).max() <= tolerance
    assert np.abs(out[30:45].astype(int) - source[30:45]).max() <= tolerance


def test_huge_jpeg_is_downscaled_to_max_side(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    Image.new("RGB", (9000, 6000), (90, 120, 150)).save(path, quality=80)
    out = load_image(path)
    assert out.shape == (2731, 4096, 3)
    assert np.abs(out[1000, 1000].astype(int) - (90, 120, 150)).max() <= 4
    assert image_size(path) == (9000, 6000)


def test_max_side_parameter(tmp_path: Path) -> None:
    Image.new("RGB", (1000, 500), (1, 2, 3)).save(tmp_path / "wide.png")
    assert load_image(tmp_path / "wide.png", max_side=256).shape == (128, 256, 3)


def test_decompression_bomb_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)  # Pillow refuses > 2 MP
    Image.new("RGB", (3000, 2000), (10, 200, 10)).save(tmp_path / "big.jpg")
    Image.new("RGB", (3000, 2000), (10, 200, 10)).save(tmp_path / "big.png")
    # A JPEG is decoded at reduced size (1500x1000 via draft), under the limit.
    assert load_image(tmp_path / "big.jpg", max_side=1000).shape == (667, 1000, 3)
    with pytest.raises(UnsupportedImage, match="too large"):
        load_image(tmp_path / "big.jpg")  # would need full size: refused
    with pytest.raises(UnsupportedImage, match=r"big\.png is too large"):
        load_image(tmp_path / "big.png", max_side=1000)


def test_chinese_path_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "我的 照片" / "头像 1.png"
    path.parent.mkdir()
    marked().save(path)
    assert load_image(path).shape == (40, 60, 3)
    assert image_size(str(path)) == (60, 40)


def test_bad_files_raise_unsupported_image(tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    marked(400, 300).save(good, quality=90)
    data = good.read_bytes()
    (tmp_path / "truncated.jpg").write_bytes(data[: len(data) // 2])
    png = tmp_path / "good.png"
    marked(400, 300).save(png)
    raw = bytearray(png.read_bytes())
    start = raw.index(b"IDAT") + 8
    raw[start : start + 200] = bytes(200)
    (tmp_path / "corrupt.png").write_bytes(bytes(raw))
    (tmp_path / "empty.png").write_bytes(b"")
    (tmp_path / "notes.jpg").write_text("not an image at all\n")
    (tmp_path / "folder.png").mkdir()
    Image.new("RGB", (20, 100)).save(tmp_path / "tiny.png")

    cases = {
        "missing.png": "not found",
        "folder.png": "folder",
        "empty.png": "empty",
        "notes.jpg": "not a supported image",
        "truncated.jpg": "truncated",
        "corrupt.png": "damaged",
        "tiny.png": "too small",
    }
    for name, words in cases.items():
        with pytest.raises(UnsupportedImage, match=words) as info:
            load_image(tmp_path / name)
        line = str(info.value)
        assert name in line and "\n" not in line


def test_image_size_errors(tmp_path: Path) -> None:
    (tmp_path / "notes.png").write_text("hello")
    with pytest.raises(UnsupportedImage, match=r"notes\.png"):
        image_size(tmp_path / "notes.png")
    with pytest.raises(UnsupportedImage, match="not found"):
        image_size(tmp_path / "nope.png")
