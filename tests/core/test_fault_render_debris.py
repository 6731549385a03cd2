"""Hidden `.….part.mp4` files that renders killed mid-way leave beside their outputs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sonic_desktop.core.debris import sweep_render_debris
from sonic_desktop.core.jobs import Job
from sonic_desktop.core.processes import own_token, start_token
from sonic_desktop.core.request import RenderRequest


def _job(output) -> Job:
    return Job(
        id=output.stem, request=RenderRequest(Path("/in/face.png"), Path("/in/talk.wav"), output)
    )


def _leftover(folder, name, age_s=3600.0):
    path = folder / name
    path.write_bytes(b"\0" * 64)
    os.utime(path, (time.time() - age_s, time.time() - age_s))
    return path


def test_fault_dead_renders_leftovers_go_live_ones_stay(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    token = start_token(proc.pid)
    proc.kill()
    proc.wait()
    dead = f"{proc.pid}-{token}"
    out = tmp_path / "renders"
    out.mkdir()
    removed_later = [
        _leftover(out, f".talk.{dead}-abcdefgh.part.mp4"),
        _leftover(out, f".talk.{dead}-zz_00000.part.probe"),
        _leftover(out, f".other clip.{dead}-abcdefgh.part.mp4"),  # a job no longer queued
        _leftover(out, ".talk.k2j4h5g6.part.mp4", age_s=3 * 86400),  # before PIDs were named
    ]
    kept = [
        _leftover(out, f".talk.{os.getpid()}-{own_token()}-abcdefgh.part.mp4"),  # rendering now
        _leftover(out, f".talk.{dead}-fresh000.part.mp4", age_s=0.0),  # touched just now
        _leftover(out, ".talk.q7q7h5g6.part.mp4", age_s=600),  # legacy, but recent
        _leftover(out, ".stranger.k2j4h5g6.part.mp4", age_s=3 * 86400),  # legacy, not ours
        _leftover(out, f".talk.{dead}-abcdefgh.part.json"),  # not a render's file
        _leftover(out, "talk.mp4"),
        _leftover(out, ".talk.mp4"),
    ]
    relative = Job(
        id="rel", request=RenderRequest(Path("a.png"), Path("b.wav"), Path("rel.mp4"))
    )  # not guessed
    jobs = [_job(out / "talk.mp4"), relative]

    removed = sweep_render_debris(jobs)
    assert sorted(removed) == sorted(removed_later)
    assert all(not p.exists() for p in removed_later)
    assert all(p.exists() for p in kept)


def test_fault_missing_output_folders_are_skipped(tmp_path):
    assert sweep_render_debris([_job(tmp_path / "gone" / "talk.mp4")]) == []
