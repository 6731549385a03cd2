"""Discovery of the official, ComfyUI, Hugging Face cache and user-folder layouts."""

from __future__ import annotations

import pytest
from weights_trees import comfyui_tree, hf_cache_tree, official_tree, write_file

from sonic_desktop.models.layouts import app_weights_dir, discover, hf_cache_dir, hf_snapshot

ALL_IDS = {
    "sonic_unet", "audio2token", "audio2bucket", "rife_flownet", "yoloface",
    "svd_unet_config", "svd_vae_config", "svd_vae", "svd_image_encoder_config",
    "svd_image_encoder", "svd_scheduler_config", "whisper_config", "whisper_preprocessor",
    "whisper_weights",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_hf_cache(tmp_path, monkeypatch):
    """Never look at the real user's Hugging Face cache."""
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))


def test_official_layout(tmp_path):
    root = official_tree(tmp_path / "checkpoints")
    layout = discover(root)
    assert set(layout.files) == ALL_IDS
    assert layout.path("sonic_unet") == root / "Sonic" / "unet.pth"
    assert layout.path("rife_flownet") == root / "RIFE" / "flownet.pkl"
    assert layout.path("svd_vae") == (
        root
        / "stable-video-diffusion-img2vid-xt"
        / "vae"
        / "diffusion_pytorch_model.fp16.safetensors"
    )
    assert {o.layout for o in layout.origins.values()} == {"official"}
    assert {o.source for o in layout.origins.values()} == {"user"}
    assert layout.folder("svd") == root / "stable-video-diffusion-img2vid-xt"
    assert layout.folder("sonic") == root / "Sonic"
    # Pointing at the folder that holds checkpoints/ works too.
    assert discover(tmp_path).path("whisper_weights") == root / "whisper-tiny" / "model.safetensors"


def test_comfyui_layout(tmp_path):
    root = comfyui_tree(tmp_path / "ComfyUI")
    layout = discover(root)
    assert set(layout.files) == ALL_IDS
    sonic = root / "models" / "sonic"
    assert layout.path("sonic_unet") == sonic / "unet.pth"
    assert layout.path("rife_flownet") == sonic / "RIFE" / "flownet.pkl"
    assert layout.path("whisper_config") == sonic / "whisper-tiny" / "config.json"
    svd = root / "models" / "diffusers" / "stable-video-diffusion-img2vid-xt"
    assert layout.path("svd_scheduler_config") == svd / "scheduler" / "scheduler_config.json"
    assert {o.layout for o in layout.origins.values()} == {"comfyui"}
    # The models/sonic folder itself is accepted as well.
    assert discover(sonic).path("audio2token") == sonic / "audio2token.pth"


def test_hugging_face_cache(tmp_path):
    cache = hf_cache_tree(tmp_path / "hf-cache")
    assert hf_cache_dir() == cache
    layout = discover(None)
    assert set(layout.files) == ALL_IDS
    snapshot = cache / "models--LeonJoe13--Sonic" / "snapshots" / "abc123"
    assert layout.path("sonic_unet") == snapshot / "Sonic" / "unet.pth"
    assert layout.path("yoloface") == snapshot / "yoloface_v5m.pt"
    assert {o.source for o in layout.origins.values()} == {"hf_cache"}
    assert hf_snapshot(cache, "openai/whisper-tiny").name == "abc123"
    assert hf_snapshot(cache, "nobody/nothing") is None


def test_hf_home_and_user_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("HF_HUB_CACHE")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    assert hf_cache_dir() == tmp_path / "hf-home" / "hub"
    # A cache folder handed over as the user folder is searched like the cache.
    cache = hf_cache_tree(tmp_path / "elsewhere")
    layout = discover(cache, include_defaults=False)
    assert set(layout.files) == ALL_IDS and {o.source for o in layout.origins.values()} == {"user"}


def test_groups_are_completed_from_other_places(tmp_path):
    """Sonic files in the user's folder, SVD and Whisper from the Hugging Face cache."""
    hf_cache_tree(tmp_path / "hf-cache", groups=("svd", "whisper"))
    mine = tmp_path / "mine"
    for name in ("unet.pth", "audio2token.pth", "audio2bucket.pth"):
        write_file(mine / "Sonic" / name)
    write_file(mine / "RIFE" / "flownet.pkl")
    layout = discover(mine)
    assert set(layout.files) == ALL_IDS - {"yoloface"}
    assert layout.origins["sonic_unet"].source == "user"
    assert layout.origins["svd_vae"].source == "hf_cache"
    assert layout.location("yoloface") == mine / "yoloface_v5m.pt"  # where it would go


def test_the_app_download_folder_is_searched(tmp_path):
    official_tree(app_weights_dir())
    layout = discover(None)
    assert set(layout.files) == ALL_IDS
    assert {o.source for o in layout.origins.values()} == {"app"}


def test_missing_files_are_expected_next_to_their_group(tmp_path):
    root = official_tree(
        tmp_path / "ck", skip=("Sonic/audio2bucket.pth", "whisper-tiny/config.json")
    )
    layout = discover(root, include_defaults=False)
    assert layout.path("audio2bucket") is None
    assert layout.location("audio2bucket") == root / "Sonic" / "audio2bucket.pth"
    assert layout.location("whisper_config") == root / "whisper-tiny" / "config.json"
    assert layout.display_name("audio2bucket") == "Sonic/audio2bucket.pth"


def test_a_complete_group_wins_over_a_partial_one(tmp_path, monkeypatch):
    partial = tmp_path / "partial"
    write_file(partial / "Sonic" / "unet.pth")
    complete = hf_cache_tree(tmp_path / "hf-cache", groups=("sonic",))
    layout = discover(partial)
    snapshot = complete / "models--LeonJoe13--Sonic" / "snapshots" / "abc123"
    assert layout.path("sonic_unet") == snapshot / "Sonic" / "unet.pth"


def test_the_diffusers_fp32_file_names_are_accepted(tmp_path):
    root = official_tree(
        tmp_path / "ck",
        skip=(
            "stable-video-diffusion-img2vid-xt/vae/diffusion_pytorch_model.fp16.safetensors",
            "stable-video-diffusion-img2vid-xt/image_encoder/model.fp16.safetensors",
        ),
    )
    svd = root / "stable-video-diffusion-img2vid-xt"
    write_file(svd / "vae" / "diffusion_pytorch_model.safetensors")
    write_file(svd / "image_encoder" / "model.safetensors")
    layout = discover(root, include_defaults=False)
    assert layout.path("svd_vae") == svd / "vae" / "diffusion_pytorch_model.safetensors"
    assert layout.path("svd_image_encoder") == svd / "image_encoder" / "model.safetensors"
