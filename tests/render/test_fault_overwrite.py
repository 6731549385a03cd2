"""The CLI never replaces an existing video unless told to (`--overwrite`): it refuses
before any work, and a file that appears at the output path while rendering is left alone."""

from __future__ import annotations

import errno
import json
import os
import sys

import numpy as np
import pytest

from sonic_desktop import render
from sonic_desktop.cli import main
from sonic_desktop.core import atomic
from sonic_desktop.core.errors import OutputNotWritable
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.media import VideoWriter, probe_video

EARLIER = b"the user's earlier render"


def _cli(capsys, *args):
    code = main(["render", "--engine", "preview", "-q", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def no_work(monkeypatch):
    """Fails the test if the render gets as far as choosing an engine."""

    def forbidden(*_args, **_kwargs):
        raise AssertionError("work started although the output exists")

    monkeypatch.setattr(render, "select_engine", forbidden)


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_fault_existing_output_is_refused_before_any_work(
    capsys, tmp_path, portrait_path, speech_path, no_work, json_flag
):
    out = tmp_path / "talking.mp4"
    out.write_bytes(EARLIER)
    code, stdout, err = _cli(
        capsys, "--image", portrait_path, "--audio", speech_path, "-o", out, *json_flag
    )
    assert code == 2
    assert stdout == ""  # --json prints nothing rather than half a document
    assert err.splitlines() == [
        "error: talking.mp4 already exists. "
        "Pass --overwrite to replace it, or choose another output file name."
    ]
    assert out.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talking.mp4"]


def test_fault_symlink_to_an_earlier_video_is_refused(
    capsys, tmp_path, portrait_path, speech_path, no_work
):
    if sys.platform == "win32":
        pytest.skip("symlinks need privileges on Windows")
    earlier = tmp_path / "earlier.mp4"
    earlier.write_bytes(EARLIER)
    out = tmp_path / "link.mp4"
    out.symlink_to(earlier)
    code, _, err = _cli(capsys, "--image", portrait_path, "--audio", speech_path, "-o", out)
    assert code == 2 and "already exists" in err
    assert out.is_symlink() and earlier.read_bytes() == EARLIER


@pytest.mark.slow
def test_fault_overwrite_replaces_and_json_stays_valid(
    capsys, tmp_path, portrait_path, speech_path
):
    out = tmp_path / "talking.mp4"
    out.write_bytes(EARLIER)
    code, stdout, err = _cli(
        capsys, "--image", portrait_path, "--audio", speech_path, "-o", out,
        "--min-resolution", "128", "--overwrite", "--json",
    )  # fmt: skip
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["output"] == str(out.resolve())
    assert probe_video(out).frame_count == summary["frames"] > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talking.mp4"]


def _request(portrait_path, speech_path, out):
    settings = RenderSettings(min_resolution=128, duration=1.0)
    return RenderRequest(image=portrait_path, audio=speech_path, output=out, settings=settings)


def test_fault_file_appearing_during_the_render_is_not_clobbered(
    tmp_path, portrait_path, speech_path, make_still_engine
):
    out = tmp_path / "talking.mp4"

    class Intruder(make_still_engine):  # type: ignore[misc,valid-type]
        def frames(self, plan, progress, cancel):
            for index, frame in enumerate(super().frames(plan, progress, cancel)):
                if index == 5:  # another program saves a file there meanwhile
                    out.write_bytes(EARLIER)
                yield frame

    with pytest.raises(OutputNotWritable, match="appeared while rendering"):
        render.run(_request(portrait_path, speech_path, out), engine=Intruder(), overwrite=False)
    assert out.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talking.mp4"]  # no .part left


def test_fault_render_without_overwrite_places_a_new_file(
    tmp_path, portrait_path, speech_path, still_engine
):
    out = tmp_path / "new.mp4"
    result = render.run(
        _request(portrait_path, speech_path, out), engine=still_engine, overwrite=False
    )
    assert result.output == out.resolve()
    assert probe_video(out).frame_count == 25
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.mp4"]


def test_fault_library_default_still_replaces(tmp_path, portrait_path, speech_path, still_engine):
    """The window asks before it replaces a file; `render.run` keeps replacing by default."""
    out = tmp_path / "again.mp4"
    out.write_bytes(EARLIER)
    render.run(_request(portrait_path, speech_path, out), engine=still_engine)
    assert probe_video(out).frame_count == 25


def _write_some(writer: VideoWriter) -> None:
    for _ in range(3):
        writer.write(np.zeros((64, 64, 3), np.uint8))


@pytest.mark.skipif(sys.platform == "win32", reason="hard links: the POSIX path")
def test_fault_without_hard_links_the_name_is_claimed_exclusively(tmp_path, monkeypatch):
    def no_links(_src, _dst):
        raise OSError(errno.EPERM, "Operation not permitted")  # as on FAT or exFAT

    monkeypatch.setattr(atomic.os, "link", no_links)
    out = tmp_path / "fat.mp4"
    writer = VideoWriter(out, 64, 64, overwrite=False)
    _write_some(writer)
    writer.close()
    assert probe_video(out).frame_count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fat.mp4"]

    taken = tmp_path / "taken.mp4"
    writer = VideoWriter(taken, 64, 64, overwrite=False)
    _write_some(writer)
    taken.write_bytes(EARLIER)
    with pytest.raises(OutputNotWritable, match="appeared while rendering"):
        writer.close()
    assert taken.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fat.mp4", "taken.mp4"]


def test_fault_place_without_replacing_keeps_both_files(tmp_path):
    temp, final = tmp_path / ".t.part.mp4", tmp_path / "final.mp4"
    temp.write_bytes(b"new")
    final.write_bytes(EARLIER)
    with pytest.raises(FileExistsError):
        atomic.place_without_replacing(temp, final)
    assert final.read_bytes() == EARLIER and temp.read_bytes() == b"new"
    os.unlink(final)
    atomic.place_without_replacing(temp, final)
    assert final.read_bytes() == b"new" and not temp.exists()


# -- names too long for the file system (found by the second fault probe) ------------------


def test_fault_a_too_long_output_name_is_one_line(capsys, tmp_path, portrait_path, speech_path):
    out = tmp_path / ("x" * 256 + ".mp4")  # "unexpected failure (OSError: [Errno 36] …)" before
    code, _stdout, err = _cli(capsys, "--image", portrait_path, "--audio", speech_path, "-o", out)
    assert code == 2
    (line,) = err.splitlines()
    assert "too long" in line and "at most 255 bytes" in line
    assert list(tmp_path.iterdir()) == []


def test_fault_a_long_recording_name_gives_a_default_output_that_fits(tmp_path, portrait_path):
    from sonic_desktop.cli import _request_from_args, build_parser

    audio = tmp_path / ("说" * 82 + ".wav")  # 250 bytes: the default output would be 259
    audio.write_bytes(b"")
    args = build_parser().parse_args(
        ["render", "--image", str(portrait_path), "--audio", str(audio)]
    )
    output = _request_from_args(args).output
    assert output.parent == tmp_path and output.suffix == ".mp4"
    assert len(os.fsencode(output.name)) <= 255 and output.name.startswith(portrait_path.stem)
