"""Every bad input ends in one actionable line, a non-zero exit, no traceback on the
console, the traceback in the log file, and nothing at the output path."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from sonic_desktop.cli import main
from sonic_desktop.core.logs import log_file


def _run_cli(capsys, *args):
    code = main(["render", "--engine", "preview", "-q", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_one_line_error(code, err, *needles):
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]


@pytest.fixture
def grey_image(tmp_path):
    path = tmp_path / "grey wall.png"
    Image.new("RGB", (320, 240), (128, 128, 128)).save(path)
    return path


def test_no_face(capsys, tmp_path, grey_image, speech_path):
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", grey_image, "--audio", speech_path, "-o", out)
    _assert_one_line_error(code, err, "face")
    assert not out.exists()
    assert "Traceback" in log_file().read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, content",
    [
        ("notes.png", b"this is not a picture at all"),
        ("empty.jpg", b""),
    ],
)
def test_not_an_image(capsys, tmp_path, speech_path, name, content):
    bad = tmp_path / name
    bad.write_bytes(content)
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", bad, "--audio", speech_path, "-o", out)
    _assert_one_line_error(code, err, name)
    assert not out.exists()


def test_truncated_image(capsys, tmp_path, portrait_path, speech_path):
    jpg = tmp_path / "cut.jpg"
    Image.open(portrait_path).save(jpg, quality=90)
    jpg.write_bytes(jpg.read_bytes()[: jpg.stat().st_size // 3])
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", jpg, "--audio", speech_path, "-o", out)
    _assert_one_line_error(code, err, "cut.jpg")
    assert not out.exists()


def test_audio_that_is_not_audio(capsys, tmp_path, portrait_path):
    fake = tmp_path / "speech.mp3"
    fake.write_text("definitely not mp3", encoding="utf-8")
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", portrait_path, "--audio", fake, "-o", out)
    _assert_one_line_error(code, err, "speech.mp3")
    assert not out.exists()


def test_corrupt_audio(capsys, tmp_path, portrait_path, make_wav):
    wav = make_wav("good.wav", 1.0)
    broken = tmp_path / "broken.wav"
    data = bytearray(wav.read_bytes())
    data[:44] = bytes(44)  # wipe the RIFF header
    broken.write_bytes(bytes(data))
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", portrait_path, "--audio", broken, "-o", out)
    _assert_one_line_error(code, err, "broken.wav")
    assert not out.exists()


def test_silent_audio(capsys, tmp_path, portrait_path, make_wav):
    silent = make_wav("quiet.wav", 1.0, silent=True)
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", portrait_path, "--audio", silent, "-o", out)
    _assert_one_line_error(code, err, "silent")
    assert not out.exists()


def test_too_short_audio(capsys, tmp_path, portrait_path, make_wav):
    short = make_wav("blip.wav", 0.05)
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(capsys, "--image", portrait_path, "--audio", short, "-o", out)
    _assert_one_line_error(code, err, "0.1")
    assert not out.exists()


def test_output_folder_not_writable(capsys, tmp_path, portrait_path, speech_path):
    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "out.mp4"  # a folder that can never be created
    code, _, err = _run_cli(capsys, "--image", portrait_path, "--audio", speech_path, "-o", out)
    _assert_one_line_error(code, err)
    assert not out.exists()


def test_output_equal_to_input(capsys, tmp_path, portrait_path, speech_path):
    before = speech_path.read_bytes()
    code, _, err = _run_cli(
        capsys, "--image", portrait_path, "--audio", speech_path, "-o", speech_path
    )
    _assert_one_line_error(code, err)
    assert speech_path.read_bytes() == before


def test_bad_setting_value(capsys, tmp_path, portrait_path, speech_path):
    out = tmp_path / "out.mp4"
    code, _, err = _run_cli(
        capsys, "--image", portrait_path, "--audio", speech_path, "-o", out, "--expand-ratio", "3"
    )
    _assert_one_line_error(code, err, "expand_ratio")
    assert not out.exists()


@pytest.mark.slow
def test_two_faces_use_the_largest_and_say_so(capsys, tmp_path, portrait_path, speech_path):
    face = np.asarray(Image.open(portrait_path).convert("RGB"))
    canvas = np.full((520, 900, 3), 200, np.uint8)
    canvas[:512, :512] = face
    small = np.asarray(Image.fromarray(face).resize((380, 380)))
    canvas[:380, 515:895] = small
    group = tmp_path / "两个人.png"
    Image.fromarray(canvas).save(group)
    out = tmp_path / "group.mp4"
    code, _, err = _run_cli(
        capsys, "--image", group, "--audio", speech_path, "-o", out, "--min-resolution", "128"
    )
    assert code == 0, err
    assert "largest" in err.lower() and "2 faces" in err.lower()
    assert out.exists()
