"""SVD from Stability's single-file checkpoint: detection, discovery, status, the key mapping.

Only tiny random files in the real file's key layout are used (see sgm_single_file.py); no real
svd_xt.safetensors is available here.
"""

from __future__ import annotations

import copy
import json

import pytest
import torch
from sgm_single_file import (
    CLIP,
    OTHER_TENSORS,
    VAE,
    sgm_tensors,
    tiny_modules,
    write_configs,
    write_single_file,
)
from weights_trees import EXTRAS, SONIC, WHISPER, comfyui_tree, write_file

from sonic_desktop.core.errors import WeightsMissing
from sonic_desktop.models import svd_single_file as single
from sonic_desktop.models.catalogue import load_catalogue
from sonic_desktop.models.layouts import discover
from sonic_desktop.models.status import FileState, weights_status

SVD_IDS = {
    "svd_unet_config", "svd_vae_config", "svd_vae", "svd_image_encoder_config",
    "svd_image_encoder", "svd_scheduler_config",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _empty_hf_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))


@pytest.fixture(scope="module")
def tiny():
    vae, clip = tiny_modules()
    return vae, clip, sgm_tensors(vae, clip)


@pytest.fixture
def configs(tmp_path, tiny):
    folder = write_configs(tmp_path / "configs", tiny[0], tiny[1])
    return folder / "vae" / "config.json", folder / "image_encoder" / "config.json"


def _comfyui_without_svd(root):
    """models/sonic as ComfyUI_Sonic wants it, and no diffusers-format SVD anywhere."""
    sonic = root / "models" / "sonic"
    for name in (*SONIC, *EXTRAS):
        write_file(sonic / name)
    for name in WHISPER:
        write_file(sonic / "whisper-tiny" / name)
    return root


def _without(tensors, *keys):
    return {k: v for k, v in tensors.items() if k not in keys}


def test_the_header_tells_an_svd_file_from_others(tmp_path, tiny):
    good = write_single_file(tmp_path / "svd_xt.safetensors", tiny[2])
    assert single.header_problem(good) is None
    # svd_xt_image_decoder-style: no temporal decoder, so not usable here.
    no_mix = _without(tiny[2], VAE + "decoder.mid.block_1.mix_factor")
    other = write_single_file(tmp_path / "image_decoder.safetensors", no_mix)
    assert "decoder.mid.block_1.mix_factor" in single.header_problem(other)
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"hello, no header here")
    assert "not a readable safetensors file" in single.header_problem(junk)


def test_discovery_in_a_comfyui_tree(tmp_path, tiny):
    root = _comfyui_without_svd(tmp_path / "ComfyUI")
    path = write_single_file(root / "models" / "checkpoints" / "svd_xt.safetensors", tiny[2])
    layout = discover(root, include_defaults=False)
    assert layout.svd_single_file == path
    assert len(layout.files) == 14  # every catalogue entry is found
    assert layout.path("svd_vae") == layout.path("svd_image_encoder") == path
    shipped = single.shipped_config_dir()
    assert layout.path("svd_unet_config") == shipped / "unet" / "config.json"
    assert layout.path("svd_scheduler_config") == shipped / "scheduler" / "scheduler_config.json"
    assert {layout.origins[i].layout for i in SVD_IDS} == {"single_file"}
    assert layout.origins["sonic_unet"].layout == "comfyui"
    assert layout.display_name("svd_vae") == "svd_xt.safetensors (VAE)"
    report = weights_status(layout=layout)  # (the fake Sonic adapters are too small)
    assert {report.status(i).state for i in SVD_IDS} == {FileState.PRESENT}
    # Pointing at models/sonic finds the checkpoints folder beside it.
    assert discover(root / "models" / "sonic", include_defaults=False).svd_single_file == path


def test_which_single_file_is_chosen(tmp_path, tiny):
    root = _comfyui_without_svd(tmp_path / "ComfyUI")
    checkpoints = root / "models" / "checkpoints"
    newer = write_single_file(checkpoints / "svd_xt_1_1.safetensors", tiny[2])
    assert discover(root, include_defaults=False).svd_single_file == newer
    older = write_single_file(checkpoints / "svd_xt.safetensors", tiny[2])
    assert discover(root, include_defaults=False).svd_single_file == older
    # A file that is not an SVD checkpoint loses to one that is, whatever its name.
    write_single_file(older, {"weight": torch.zeros(4)})
    assert discover(root, include_defaults=False).svd_single_file == newer


def test_a_diffusers_folder_wins_over_the_single_file(tmp_path, tiny):
    root = comfyui_tree(tmp_path / "ComfyUI")
    write_single_file(root / "models" / "checkpoints" / "svd_xt.safetensors", tiny[2])
    layout = discover(root, include_defaults=False)
    assert layout.svd_single_file is None
    assert layout.origins["svd_vae"].layout == "comfyui"
    assert layout.path("svd_vae").name == "diffusion_pytorch_model.fp16.safetensors"


def test_status_of_a_bad_single_file(tmp_path, tiny):
    root = _comfyui_without_svd(tmp_path / "ComfyUI")
    path = root / "models" / "checkpoints" / "svd_xt.safetensors"
    write_single_file(path, {"weight": torch.zeros(4)})
    report = weights_status(root, include_defaults=False)
    assert report.layout.svd_single_file == path
    vae = report.status("svd_vae")
    assert vae.state is FileState.UNREADABLE and "not an SVD-xt" in vae.detail
    assert report.status("svd_image_encoder").state is FileState.UNREADABLE
    assert report.status("svd_vae_config").state is FileState.PRESENT  # shipped
    assert "svd_xt.safetensors (VAE)" in {p.name for p in report.problems()}
    # Truncated: the safetensors length check says so first.
    data = write_single_file(path, tiny[2]).read_bytes()
    path.write_bytes(data[:-10])
    assert weights_status(root, include_defaults=False).status("svd_vae").state is (
        FileState.WRONG_SIZE
    )
    # With a partial diffusers folder, an invalid single file is not used.
    write_single_file(path, {"weight": torch.zeros(4)})
    partial = root / "models" / "diffusers" / "stable-video-diffusion-img2vid-xt"
    write_file(partial / "vae" / "config.json")
    layout = discover(root, include_defaults=False)
    assert layout.svd_single_file is None and layout.path("svd_vae_config") is not None


@pytest.mark.parametrize("with_quant_conv", [False, True])
def test_the_mapping_round_trips(tmp_path, tiny, configs, with_quant_conv):
    vae, clip, tensors = tiny
    if with_quant_conv:  # a file that does carry a (non-identity) quant_conv
        vae = copy.deepcopy(vae)
        with torch.no_grad():
            vae.quant_conv.weight.normal_()
        tensors = sgm_tensors(vae, clip, with_quant_conv=True)
    path = write_single_file(tmp_path / "svd_xt.safetensors", tensors)
    loaded = single.load_vae(path, configs[0], torch.float32)
    ours, theirs = loaded.state_dict(), vae.state_dict()
    assert ours.keys() == theirs.keys()
    assert all(torch.equal(ours[k], theirs[k]) for k in theirs)
    image = torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(1))
    latents = torch.randn(2, 4, 8, 8, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        assert torch.equal(
            loaded.encode(image).latent_dist.mean, vae.encode(image).latent_dist.mean
        )
        assert torch.equal(
            loaded.decode(latents, num_frames=2).sample, vae.decode(latents, num_frames=2).sample
        )

    half = single.load_vae(path, configs[0], torch.float16)
    assert {p.dtype for p in half.parameters()} == {torch.float16}
    assert torch.equal(half.quant_conv.weight, vae.quant_conv.weight.half())

    encoder = single.load_image_encoder(path, configs[1], torch.float32)
    ours, theirs = encoder.state_dict(), clip.state_dict()
    assert ours.keys() == theirs.keys()
    assert all(torch.equal(ours[k], theirs[k]) for k in theirs)
    with torch.no_grad():
        assert torch.equal(encoder(image).image_embeds, clip(image).image_embeds)


def test_missing_unexpected_and_wrong_sized_keys_are_named(tmp_path, tiny, configs):
    _, _, tensors = tiny
    path = tmp_path / "svd_xt.safetensors"
    write_single_file(path, _without(tensors, VAE + "decoder.up.0.block.0.nin_shortcut.weight"))
    with pytest.raises(WeightsMissing) as caught:
        single.load_vae(path, configs[0], torch.float32)
    text = str(caught.value)
    assert "\n" not in text and "svd_xt.safetensors (VAE)" in text
    assert "1 missing keys" in text
    assert "decoder.up_blocks.1.resnets.0.spatial_res_block.conv_shortcut.weight" in text

    write_single_file(path, _without(tensors, CLIP + "transformer.resblocks.1.attn.in_proj_bias"))
    with pytest.raises(WeightsMissing, match=r"layers\.1\.self_attn\.q_proj\.bias"):
        single.load_image_encoder(path, configs[1], torch.float32)

    extra = VAE + "decoder.up.0.block.7.norm1.weight"
    write_single_file(path, {**tensors, extra: torch.zeros(64)})
    with pytest.raises(WeightsMissing, match=r"1 unexpected keys \(" + extra.replace(".", r"\.")):
        single.load_vae(path, configs[0], torch.float32)

    write_single_file(path, {**tensors, CLIP + "proj": torch.zeros(8, 8)})
    with pytest.raises(WeightsMissing, match=r"open_clip\.model\.visual\.proj: \[8, 8\] in the"):
        single.load_image_encoder(path, configs[1], torch.float32)


def test_truncated_or_corrupt_files_are_refused(tmp_path, tiny, configs):
    path = write_single_file(tmp_path / "svd_xt.safetensors", tiny[2])
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(WeightsMissing, match=r"svd_xt\.safetensors is truncated or damaged"):
        single.load_vae(path, configs[0], torch.float32)
    path.write_bytes(b"\xff" * 64)
    with pytest.raises(WeightsMissing, match="not a readable safetensors file"):
        single.load_image_encoder(path, configs[1], torch.float32)


def test_only_the_vae_and_image_encoder_tensors_are_read(tmp_path, tiny, configs, monkeypatch):
    import safetensors

    path = write_single_file(tmp_path / "svd_xt.safetensors", tiny[2])
    requested: list[str] = []
    real_open = safetensors.safe_open

    class Recording:
        def __init__(self, *args, **kwargs):
            self.inner = real_open(*args, **kwargs)

        def __enter__(self):
            self.handle = self.inner.__enter__()
            return self

        def __exit__(self, *exc):
            return self.inner.__exit__(*exc)

        def keys(self):
            return self.handle.keys()

        def get_tensor(self, key):
            requested.append(key)
            return self.handle.get_tensor(key)

    monkeypatch.setattr(safetensors, "safe_open", Recording)
    single.load_vae(path, configs[0], torch.float32)
    single.load_image_encoder(path, configs[1], torch.float32)
    assert set(requested) == set(tiny[2]) - set(OTHER_TENSORS)
    assert len(requested) == len(set(requested))
    assert not any(k.startswith(single.UNET_PREFIX) for k in requested)


def test_the_shipped_configs_are_svd_xt():
    """Built from the shipped configs, the modules have SVD-xt's exact parameter counts
    (SONIC_FACTS §6.1), and every SVD catalogue entry has its shipped file."""
    from accelerate import init_empty_weights
    from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    from sonic_desktop.engines.sonic.conditioning import CLIP_MEAN, CLIP_STD

    folder = single.shipped_config_dir()

    def read(name):
        return json.loads((folder / name).read_text(encoding="utf-8"))

    with init_empty_weights():
        vae = AutoencoderKLTemporalDecoder.from_config(read("vae/config.json"))
        unet = UNetSpatioTemporalConditionModel.from_config(read("unet/config.json"))
        clip = CLIPVisionModelWithProjection(
            CLIPVisionConfig.from_json_file(str(folder / "image_encoder" / "config.json"))
        )

    def count(module):
        return sum(p.numel() for p in module.parameters())

    assert (count(unet), count(vae), count(clip)) == (1_524_623_082, 97_742_847, 632_076_800)
    assert clip.config.projection_dim == 1024 and clip.config.hidden_act == "gelu"
    scheduler = read("scheduler/scheduler_config.json")
    assert scheduler["prediction_type"] == "v_prediction" and scheduler["sigma_max"] == 700.0
    assert scheduler["use_karras_sigmas"] is True and scheduler["timestep_spacing"] == "leading"
    extractor = read("feature_extractor/preprocessor_config.json")
    assert tuple(extractor["image_mean"]) == CLIP_MEAN and tuple(extractor["image_std"]) == CLIP_STD
    for entry in load_catalogue().in_group("svd"):
        assert (folder / entry.path).is_file() or entry.id in ("svd_vae", "svd_image_encoder")
