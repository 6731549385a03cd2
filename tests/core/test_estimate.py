"""The one estimator: static until this machine has measured a render, then measured."""

from __future__ import annotations

import json

import pytest

from sonic_desktop.core.estimate import (
    ThroughputBook,
    job_seconds,
    output_frames,
    queue_seconds,
    rate_key,
    remaining_seconds,
)
from sonic_desktop.core.settings import RenderSettings


def test_static_until_measured_then_measured(tmp_path):
    book = ThroughputBook(tmp_path / "throughput.json")
    settings = RenderSettings(engine="preview")
    assert job_seconds(settings, 145.0, "preview", 61.0, book) == 61.0
    frames = output_frames(settings, 10.0)
    assert frames == 250
    book.record(settings, "preview", 10.0, 25.0)  # 0.1 s per frame measured
    assert job_seconds(settings, 145.0, "preview", 61.0, book) == pytest.approx(0.1 * 3625)
    # Another book on the same file (the top bar's) gives the same figure.
    other = ThroughputBook(tmp_path / "throughput.json")
    assert job_seconds(settings, 145.0, "preview", 61.0, other) == pytest.approx(362.5)


def test_measurements_blend_and_count(tmp_path):
    book = ThroughputBook(tmp_path / "t.json")
    settings = RenderSettings()
    book.record(settings, "sonic", 10.0, 250.0)  # 1.0 s/frame
    rate = book.record(settings, "sonic", 10.0, 750.0)  # 3.0 s/frame
    assert rate is not None and rate.samples == 2
    assert rate.seconds_per_frame == pytest.approx(2.0)
    data = json.loads((tmp_path / "t.json").read_text())
    assert data["rates"][rate_key(settings, "sonic")]["samples"] == 2


def test_keys_separate_what_throughput_depends_on():
    base = RenderSettings()
    assert rate_key(base, "sonic") != rate_key(base.replace(inference_steps=10), "sonic")
    assert rate_key(base, "sonic") != rate_key(base.replace(min_resolution=768), "sonic")
    # The preview engine ignores steps: one key for any step count.
    assert rate_key(base, "preview") == rate_key(base.replace(inference_steps=10), "preview")


def test_a_damaged_file_falls_back_to_static(tmp_path):
    path = tmp_path / "t.json"
    path.write_text("{not json")
    book = ThroughputBook(path)
    assert job_seconds(RenderSettings(), 5.0, "sonic", 42.0, book) == 42.0
    assert book.record(RenderSettings(), "sonic", 5.0, 10.0) is not None  # and it heals
    assert book.rate(RenderSettings(), "sonic") is not None


def test_remaining_counts_down_but_never_below_the_stage_eta():
    assert remaining_seconds(100.0, 30.0) == 70.0
    assert remaining_seconds(100.0, 130.0) == 0.0
    assert remaining_seconds(100.0, 95.0, stage_eta_s=20.0) == 20.0
    assert remaining_seconds(None, 10.0, None) is None
    assert queue_seconds([10.0, None, 5.0]) == (15.0, 1)
