"""Per-file status (present / missing / wrong size / unreadable) and the catalogue data."""

from __future__ import annotations

import json

import pytest
import torch
from weights_trees import official_tree

from sonic_desktop.models.catalogue import load_catalogue, parse_catalogue
from sonic_desktop.models.status import FileState, check_file, weights_status


@pytest.fixture(autouse=True)
def _empty_hf_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))


def test_catalogue_round_trips_and_has_unique_ids():
    catalogue = load_catalogue()
    ids = [e.id for e in catalogue.files]
    assert len(ids) == len(set(ids)) == 14
    assert parse_catalogue(json.loads(json.dumps(catalogue.to_dict()))) == catalogue
    for entry in catalogue.files:
        assert entry.role and catalogue.groups[entry.group].repo_id
        assert catalogue.repo_path(entry).endswith(entry.path)
    official = {catalogue.official_path(e) for e in catalogue.files}
    assert {"Sonic/unet.pth", "RIFE/flownet.pkl", "yoloface_v5m.pt"} <= official
    assert "stable-video-diffusion-img2vid-xt/unet/config.json" in official
    # The SVD UNet weights are never needed: unet.pth carries the whole UNet.
    assert not any("unet/diffusion_pytorch_model" in p for p in official)
    assert catalogue.entry("audio2token").min_bytes == 54_300_672 * 2


def test_catalogue_checks(tmp_path):
    data = load_catalogue().to_dict()
    data["files"].append(dict(data["files"][0]))
    with pytest.raises(ValueError, match="duplicate"):
        parse_catalogue(data)
    data = load_catalogue().to_dict()
    data["files"][0]["required"] = "sometimes"
    with pytest.raises(ValueError, match="required"):
        parse_catalogue(data)


def test_status_of_each_file(tmp_path):
    root = official_tree(tmp_path / "ck", skip=("Sonic/audio2bucket.pth",))
    # A truncated safetensors file: shorter than its header says.
    vae = (
        root
        / "stable-video-diffusion-img2vid-xt"
        / "vae"
        / "diffusion_pytorch_model.fp16.safetensors"
    )
    vae.write_bytes(vae.read_bytes()[:-3])
    # Broken JSON and a file that is no PyTorch file at all.
    (root / "whisper-tiny" / "config.json").write_text("{not json", encoding="utf-8")
    (root / "yoloface_v5m.pt").write_bytes(b"hello, this is not a checkpoint")
    (root / "RIFE" / "flownet.pkl").write_bytes(b"too short for 3 M parameters")
    # unet.pth truncated: the zip's central directory is gone.
    unet = root / "Sonic" / "unet.pth"
    torch.save({"w": torch.zeros(1000)}, unet)
    unet.write_bytes(unet.read_bytes()[:1500])

    report = weights_status(root, include_defaults=False)
    states = {f.entry.id: f.state for f in report.files}
    assert states["audio2bucket"] is FileState.MISSING
    assert states["svd_vae"] is FileState.WRONG_SIZE
    assert states["whisper_config"] is FileState.UNREADABLE
    assert states["yoloface"] is FileState.UNREADABLE
    assert states["rife_flownet"] is FileState.WRONG_SIZE
    assert states["sonic_unet"] is FileState.WRONG_SIZE
    # The fake adapters are far smaller than their fixed official shapes.
    assert states["audio2token"] is FileState.WRONG_SIZE
    assert "at least 108,601,344" in report.status("audio2token").detail
    assert states["svd_unet_config"] is FileState.PRESENT
    assert not report.usable()
    problems = {p.name for p in report.problems()}
    assert "Sonic/audio2bucket.pth" in problems and "yoloface_v5m.pt" not in problems
    data = report.to_dict()
    assert data["usable"] is False and len(data["files"]) == 14


def test_status_of_the_tiny_checkpoints_is_all_present(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sonic"))
    from tiny_checkpoints import AUDIO2BUCKET_SHAPES

    # Only one adapter at its real size keeps this test fast.
    path = tmp_path / "audio2bucket.pth"
    state = {k: torch.zeros(s, dtype=torch.float16) for k, s in AUDIO2BUCKET_SHAPES.items()}
    torch.save(state, path)
    entry = load_catalogue().entry("audio2bucket")
    state_, detail, size = check_file(entry, path)
    assert state_ is FileState.PRESENT and detail == "" and size > entry.min_bytes


def test_unreadable_when_permissions_forbid(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    path = official_tree(tmp_path / "ck") / "Sonic" / "unet.pth"
    path.chmod(0)
    state, _, _ = check_file(load_catalogue().entry("sonic_unet"), path)
    assert state is FileState.UNREADABLE
