"""Fake weights folders in each supported layout, with small well-formed files."""

from __future__ import annotations

import json
from pathlib import Path

SONIC = ("unet.pth", "audio2token.pth", "audio2bucket.pth")
EXTRAS = ("RIFE/flownet.pkl", "yoloface_v5m.pt")
SVD = (
    "unet/config.json",
    "vae/config.json",
    "vae/diffusion_pytorch_model.fp16.safetensors",
    "image_encoder/config.json",
    "image_encoder/model.fp16.safetensors",
    "scheduler/scheduler_config.json",
)
WHISPER = ("config.json", "preprocessor_config.json", "model.safetensors")


def write_file(path: Path) -> Path:
    """A small valid file of the kind its name says."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps({"made_by": "test"}), encoding="utf-8")
    elif path.suffix == ".safetensors":
        import torch
        from safetensors.torch import save_file

        save_file({"weight": torch.zeros(4)}, str(path))
    else:
        import torch

        torch.save({"weight": torch.zeros(4)}, path)
    return path


def official_tree(root: Path, skip: tuple[str, ...] = ()) -> Path:
    """The official checkpoints/ root: Sonic/, RIFE/, yoloface, the SVD folder, whisper-tiny/."""
    names = [f"Sonic/{n}" for n in SONIC] + list(EXTRAS)
    names += [f"stable-video-diffusion-img2vid-xt/{n}" for n in SVD]
    names += [f"whisper-tiny/{n}" for n in WHISPER]
    for name in names:
        if name not in skip:
            write_file(root / name)
    return root


def comfyui_tree(root: Path) -> Path:
    """A ComfyUI install: models/sonic/ (flat) and SVD in models/diffusers/."""
    sonic = root / "models" / "sonic"
    for name in (*SONIC, *EXTRAS):
        write_file(sonic / name)
    for name in WHISPER:
        write_file(sonic / "whisper-tiny" / name)
    for name in SVD:
        write_file(root / "models" / "diffusers" / "stable-video-diffusion-img2vid-xt" / name)
    return root


def hf_cache_tree(cache: Path, groups: tuple[str, ...] = ("sonic", "svd", "whisper")) -> Path:
    """A Hugging Face hub cache with one snapshot per repository, refs/main pointing at it."""
    repos = {
        "sonic": ("LeonJoe13/Sonic", [f"Sonic/{n}" for n in SONIC] + list(EXTRAS)),
        "svd": ("stabilityai/stable-video-diffusion-img2vid-xt", list(SVD)),
        "whisper": ("openai/whisper-tiny", list(WHISPER)),
    }
    for group in groups:
        repo_id, files = repos[group]
        repo = cache / ("models--" + repo_id.replace("/", "--"))
        (repo / "refs").mkdir(parents=True, exist_ok=True)
        (repo / "refs" / "main").write_text("abc123", encoding="utf-8")
        for name in files:
            write_file(repo / "snapshots" / "abc123" / name)
    return cache
