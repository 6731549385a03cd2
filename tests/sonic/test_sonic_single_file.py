"""The engine's loaders with SVD from a single-file checkpoint in a ComfyUI tree.

The tiny official set's VAE and CLIP are written into a tiny `svd_xt.safetensors` in Stability's
key layout (tests/models/sgm_single_file.py); its configs stand in for the shipped full-size
ones. Loading through discovery must give exactly the modules the diffusers folder gives.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
import torch
from tiny_checkpoints import SVD_DIR, tiny_weights_fixture  # noqa: F401  (the fixture)

from sonic_desktop.engines.sonic.components import load_components, load_image_encoder, load_vae
from sonic_desktop.models import svd_single_file
from sonic_desktop.models.layouts import discover
from sonic_desktop.models.status import weights_status


def _sgm_helpers():
    """tests/models/sgm_single_file.py (a helper module, not a conftest)."""
    folder = str(Path(__file__).resolve().parents[1] / "models")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("sgm_single_file")


@pytest.fixture
def comfyui_single_file(tiny_weights, tmp_path, monkeypatch):
    from diffusers import AutoencoderKLTemporalDecoder
    from transformers import CLIPVisionModelWithProjection

    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    root = tmp_path / "ComfyUI"
    sonic = root / "models" / "sonic"
    for source in tiny_weights.rglob("*"):
        relative = source.relative_to(tiny_weights)
        if source.is_file() and relative.parts[0] != SVD_DIR:
            parts = relative.parts[1:] if relative.parts[0] == "Sonic" else relative.parts
            target = sonic.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    svd = tiny_weights / SVD_DIR
    vae = AutoencoderKLTemporalDecoder.from_pretrained(svd / "vae", variant="fp16").float()
    clip = CLIPVisionModelWithProjection.from_pretrained(
        svd / "image_encoder", variant="fp16"
    ).float()
    helpers = _sgm_helpers()
    tensors = helpers.sgm_tensors(vae, clip, with_quant_conv=True)  # its quant_conv is random
    helpers.write_single_file(root / "models" / "checkpoints" / "svd_xt.safetensors", tensors)
    # The shipped configs are full-size; the tiny set's diffusers folder has the same files.
    monkeypatch.setattr(svd_single_file, "shipped_config_dir", lambda: svd)
    return root


def _same(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


def test_the_engine_loads_svd_from_the_single_file(comfyui_single_file, tiny_weights):
    report = weights_status(comfyui_single_file, include_defaults=False)
    assert report.usable(), report.summary()
    layout = report.layout
    assert layout.svd_single_file == comfyui_single_file / "models/checkpoints/svd_xt.safetensors"
    folder_layout = discover(tiny_weights, include_defaults=False)
    assert folder_layout.svd_single_file is None
    assert _same(load_vae(layout, torch.float32), load_vae(folder_layout, torch.float32))
    assert _same(
        load_image_encoder(layout, torch.float32),
        load_image_encoder(folder_layout, torch.float32),
    )
    loaded: list[str] = []
    components = load_components(layout, torch.float32, on_loaded=loaded.append)
    assert "VAE" in loaded and "CLIP image encoder" in loaded
    assert list(components.unet.config.block_out_channels) == [32, 32, 64, 64]
    assert components.vae.dtype == torch.float32
