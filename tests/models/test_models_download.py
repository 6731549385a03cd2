"""Downloads through a local fake of huggingface_hub's hf_hub_download, and the CLI."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from weights_trees import official_tree

from sonic_desktop.core.errors import Cancelled
from sonic_desktop.core.progress import CancelToken
from sonic_desktop.models.catalogue import load_catalogue
from sonic_desktop.models.cli_commands import add_models_parser, run_models_command
from sonic_desktop.models.download import download, files_to_download, local_dir_for
from sonic_desktop.models.layouts import app_weights_dir
from sonic_desktop.models.status import weights_status


@pytest.fixture(autouse=True)
def _empty_hf_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))


class FakeHub:
    """Writes `size` bytes in 4 chunks through the given tqdm class, like hf_hub_download."""

    def __init__(self, size: int = 4000) -> None:
        self.size = size
        self.calls: list[dict] = []

    def __call__(self, repo_id, filename, *, local_dir, tqdm_class, token=None):
        self.calls.append({"repo_id": repo_id, "filename": filename, "local_dir": local_dir})
        target = Path(local_dir) / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".incomplete")
        bar = tqdm_class(total=self.size, initial=0, unit="B")
        with open(partial, "ab") as handle:
            for _ in range(4):
                handle.write(b"x" * (self.size // 4))
                bar.update(self.size // 4)
        bar.close()
        partial.rename(target)
        return str(target)


def test_files_land_at_their_official_paths_with_progress(tmp_path):
    catalogue = load_catalogue()
    report = weights_status(tmp_path / "empty", include_defaults=False)
    wanted = files_to_download(report)
    ids = {e.id for e in wanted}
    assert "yoloface" not in ids and "rife_flownet" in ids and len(ids) == 13
    assert "rife_flownet" not in {
        e.id for e in files_to_download(report, frame_interpolation=False)
    }
    assert "yoloface" in {e.id for e in files_to_download(report, include_optional=True)}

    hub = FakeHub()
    events = []
    paths = download(wanted, tmp_path / "weights", progress=events.append, fetch=hub)
    root = tmp_path / "weights"
    assert root / "Sonic" / "unet.pth" in paths
    assert root / "stable-video-diffusion-img2vid-xt" / "vae" / "config.json" in paths
    assert root / "whisper-tiny" / "model.safetensors" in paths
    assert {c["repo_id"] for c in hub.calls} == {
        "LeonJoe13/Sonic",
        "stabilityai/stable-video-diffusion-img2vid-xt",
        "openai/whisper-tiny",
    }
    assert {
        "filename": "Sonic/unet.pth",
        "repo_id": "LeonJoe13/Sonic",
        "local_dir": root,
    } in hub.calls
    first = [e for e in events if e.file_index == 0]
    assert [e.done_bytes for e in first] == [0, 1000, 2000, 3000, 4000]
    assert first[-1].total_bytes == 4000 and first[-1].file_count == 13
    for entry in wanted:
        official = catalogue.official_path(entry)
        assert local_dir_for(entry, catalogue, root) / catalogue.repo_path(entry) == root / official


def test_cancel_stops_the_transfer_and_keeps_the_partial_file(tmp_path):
    token = CancelToken()

    def cancel_halfway(event):
        if event.done_bytes >= 2000:
            token.cancel()

    entry = load_catalogue().entry("audio2token")
    with pytest.raises(Cancelled):
        download([entry], tmp_path, progress=cancel_halfway, cancel=token, fetch=FakeHub())
    assert (tmp_path / "Sonic" / "audio2token.pth.incomplete").exists()
    assert not (tmp_path / "Sonic" / "audio2token.pth").exists()


def _cli(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="sonic-desktop")
    add_models_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    return run_models_command(parser.parse_args(list(argv)), out), out.getvalue()


def test_cli_status_lists_every_file(tmp_path):
    root = official_tree(tmp_path / "ck", skip=("whisper-tiny/config.json",))
    code, text = _cli("models", "status", "--weights", str(root))
    assert code == 1
    assert "MISSING     whisper-tiny/config.json" in text
    assert "WRONG SIZE  Sonic/audio2token.pth" in text  # tiny fake file, fixed shapes
    assert "ok          stable-video-diffusion-img2vid-xt/unet/config.json" in text
    code, text = _cli("models", "status", "--weights", str(root), "--json")
    data = json.loads(text)
    assert data["usable"] is False
    assert {f["state"] for f in data["files"]} == {"present", "missing", "wrong_size"}


def test_cli_trust_and_download_dry_run(tmp_path):
    import torch

    path = tmp_path / "plain.pth"
    torch.save({"a": torch.zeros(1)}, path)
    code, text = _cli("models", "trust", str(path))
    assert code == 0 and "without trust" in text
    code, text = _cli("models", "download", "--dry-run")
    assert (
        code == 0 and "Sonic/unet.pth" in text and not app_weights_dir().joinpath("Sonic").exists()
    )
    code, _ = _cli("models", "trust", str(tmp_path / "absent.pth"))
    assert code == 2


def test_download_missing_fetches_only_what_is_missing_and_reports_speed(tmp_path):
    from sonic_desktop.models.download import download_missing

    dest = tmp_path / "我的 模型"
    hub = FakeHub(size=4000)
    events = []
    paths = download_missing(dest, progress=events.append, fetch=hub)
    assert len(paths) == len(hub.calls) == 13  # every required file, no optional detector
    assert all(p.exists() for p in paths)
    assert events[-1].done_bytes == 4000 and events[-1].file_count == 13
    assert {e.name for e in events} >= {"Sonic/unet.pth"}
    # The fake bytes are not valid weights, so a second run sees them as damaged
    # and fetches them again rather than trusting them.
    again = FakeHub()
    download_missing(dest, fetch=again)
    assert len(again.calls) == 13
