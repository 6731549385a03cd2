"""Temporary names: within the file system's name limit, and telling their writer."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np
import pytest

from sonic_desktop.core.atomic import (
    name_max,
    parse_temp_name,
    temp_path_beside,
    write_text_atomic,
)
from sonic_desktop.core.processes import own_token, pid_alive, start_token, writer_alive

# 250 bytes each: a legal name whose temporary name used to be too long.
LONG_NAMES = {
    "ascii": "a" * 246 + ".mp4",
    "utf8-3byte": "说" * 82 + ".mp4",  # 246 bytes of CJK
    "utf8-mixed": "é" * 100 + "x" * 46 + ".mp4",  # 200 + 46 bytes
    "utf8-4byte": "🎙" * 61 + "ab.mp4",  # 244 + 2 bytes
}


def _bytes(name: str) -> int:
    return len(os.fsencode(name))


@pytest.mark.parametrize("name", LONG_NAMES.values(), ids=LONG_NAMES.keys())
@pytest.mark.parametrize("suffix", [None, ".mp4", ".probe"])
def test_fault_temp_name_of_a_250_byte_name_fits(tmp_path, name, suffix):
    assert _bytes(name) == 250
    final = tmp_path / name
    temp = temp_path_beside(final, suffix)  # "File name too long" before the fix
    assert temp.exists() and temp.parent == tmp_path
    assert _bytes(temp.name) <= name_max(tmp_path)
    parsed = parse_temp_name(temp.name)
    assert parsed is not None and parsed.pid == os.getpid() and parsed.token == own_token()
    if suffix in (None, ".mp4"):
        assert parsed.belongs_to(final.name)
    assert temp.name.startswith(".") and ".part" in temp.name


def test_fault_short_names_keep_their_whole_stem(tmp_path):
    temp = temp_path_beside(tmp_path / "talk.mp4")
    parsed = parse_temp_name(temp.name)
    assert parsed is not None and parsed.stem == "talk" and parsed.suffix == ".mp4"


@pytest.mark.parametrize("name", LONG_NAMES.values(), ids=LONG_NAMES.keys())
def test_fault_atomic_write_to_a_250_byte_name(tmp_path, name):
    target = tmp_path / name
    write_text_atomic(target, "whole")
    assert target.read_text(encoding="utf-8") == "whole"
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("key", ["ascii", "utf8-3byte"])
def test_fault_video_to_a_250_byte_name(tmp_path, key):
    from sonic_desktop.media.video import VideoWriter, check_output_path

    out = check_output_path(tmp_path / LONG_NAMES[key], [])
    writer = VideoWriter(out, 32, 32, fps=25.0)
    for _ in range(3):
        writer.write(np.zeros((32, 32, 3), np.uint8))
    assert writer.close() == out and out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [LONG_NAMES[key]]


def test_fault_other_hidden_names_are_not_taken_for_ours():
    for name in (
        ".talk.mp4",
        ".talk.part.mp4",
        ".x.12-ab-abc.part.mp4",
        "talk.123-ab-abcdefgh.mp4",
    ):
        assert parse_temp_name(name) is None, name
    legacy = parse_temp_name(".talk.k2j4h5g6.part.mp4")
    assert legacy is not None and legacy.pid is None and legacy.stem == "talk"
    dotted = parse_temp_name(".my.clip.42-1x9f-a8_k2m0q.part.mp4")
    assert dotted is not None and (dotted.stem, dotted.pid, dotted.token) == ("my.clip", 42, "1x9f")


def test_fault_writer_liveness():
    assert writer_alive(os.getpid(), own_token())
    assert not pid_alive(0) and not pid_alive(-1)  # never a process group
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        token = start_token(proc.pid)
        assert pid_alive(proc.pid) and writer_alive(proc.pid, token)
        assert writer_alive(proc.pid, "0")  # unknown token: the PID alone decides
        if token != "0":
            assert not writer_alive(proc.pid, token + "x")  # the PID was reused
    finally:
        proc.kill()
        proc.wait()
    assert not pid_alive(proc.pid) and not writer_alive(proc.pid, token)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies are read from /proc")
def test_fault_a_killed_but_unreaped_writer_counts_as_gone():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    token = start_token(proc.pid)
    os.kill(proc.pid, 9)  # SIGKILL, and not reaped yet: a zombie, as under a container's PID 1
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open(f"/proc/{proc.pid}/stat", encoding="ascii", errors="replace") as handle:
            if handle.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        time.sleep(0.01)
    try:
        assert not pid_alive(proc.pid) and not writer_alive(proc.pid, token)
    finally:
        proc.wait()
