"""Tiny SVD single-file checkpoints in Stability's SGM/OpenCLIP key layout, for tests.

Random tiny diffusers/transformers modules are renamed to the names a real `svd_xt.safetensors`
uses (SGM `first_stage_model.*`, OpenCLIP `conditioner.embedders.0.open_clip.model.visual.*`),
with dummy `model.diffusion_model.*` and other conditioner tensors beside them. The renaming
here goes diffusers -> SGM and is written independently of the loader (which goes SGM ->
diffusers), so a round trip checks one against the other.
"""

from __future__ import annotations

import re
from pathlib import Path

VAE = "first_stage_model."
CLIP = "conditioner.embedders.0.open_clip.model.visual."
TINY_VAE = {
    "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"],
    "block_out_channels": [32, 64],  # channel changes exercise nin_shortcut both ways
    "layers_per_block": 1,
    "latent_channels": 4,
    "scaling_factor": 0.18215,
}
TINY_CLIP = {
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "image_size": 32,
    "patch_size": 8,
    "projection_dim": 16,
}
# Tensors a real file has besides the two parts the loader reads.
OTHER_TENSORS = {
    "model.diffusion_model.input_blocks.0.0.weight": (8, 8, 3, 3),
    "model.diffusion_model.out.2.bias": (4,),
    "conditioner.embedders.3.encoder.encoder.conv_in.weight": (8, 3, 3, 3),
    "conditioner.embedders.0.open_clip.model.logit_scale": (),
}

_TEMPORAL = {
    "norm1": "in_layers.0",
    "conv1": "in_layers.2",
    "norm2": "out_layers.0",
    "conv2": "out_layers.3",
}
_ATTN = {"group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out.0": "proj_out"}


def tiny_modules(seed: int = 0):
    """(vae, clip): every parameter random (mix factors too), VAE quant_conv the identity,
    since SGM's first stage has none."""
    import torch
    from diffusers import AutoencoderKLTemporalDecoder
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(seed)
    vae = AutoencoderKLTemporalDecoder(**TINY_VAE)
    clip = CLIPVisionModelWithProjection(CLIPVisionConfig(**TINY_CLIP))
    with torch.no_grad():
        for module in (vae, clip):
            for param in module.parameters():
                param.copy_(torch.randn_like(param) * 0.1)
        width = 2 * TINY_VAE["latent_channels"]
        vae.quant_conv.weight.copy_(torch.eye(width).reshape(width, width, 1, 1))
        vae.quant_conv.bias.zero_()
    return vae.eval(), clip.eval()


def write_configs(folder: Path, vae, clip) -> Path:
    """vae/config.json and image_encoder/config.json for the tiny modules."""
    vae.save_config(folder / "vae")
    (folder / "image_encoder").mkdir(parents=True, exist_ok=True)
    clip.config.to_json_file(str(folder / "image_encoder" / "config.json"))
    return folder


def sgm_vae_name(key: str, levels: int) -> str:
    """diffusers AutoencoderKLTemporalDecoder key -> SGM first-stage key (without prefix)."""
    side, rest = key.split(".", 1)
    rest = re.sub(r"^down_blocks\.(\d+)\.resnets\.", r"down.\1.block.", rest)
    rest = re.sub(r"^down_blocks\.(\d+)\.downsamplers\.0\.", r"down.\1.downsample.", rest)
    rest = re.sub(r"^up_blocks\.(\d+)\.", lambda m: f"up.{levels - 1 - int(m[1])}.", rest)
    rest = re.sub(r"^(up\.\d+\.)resnets\.", r"\1block.", rest)
    rest = re.sub(r"^(up\.\d+\.)upsamplers\.0\.", r"\1upsample.", rest)
    rest = re.sub(r"^mid_block\.resnets\.(\d)\.", lambda m: f"mid.block_{int(m[1]) + 1}.", rest)
    for new, old in _ATTN.items():
        rest = rest.replace(f"mid_block.attentions.0.{new}.", f"mid.attn_1.{old}.")
    rest = rest.replace("spatial_res_block.", "").replace("conv_shortcut", "nin_shortcut")
    for new, old in _TEMPORAL.items():
        rest = rest.replace(f"temporal_res_block.{new}.", f"time_stack.{old}.")
    rest = rest.replace("time_mixer.mix_factor", "mix_factor")
    rest = rest.replace("conv_norm_out", "norm_out").replace(
        "time_conv_out", "conv_out.time_mix_conv"
    )
    return f"{side}.{rest}" if side in ("encoder", "decoder") else key


def sgm_tensors(vae, clip, with_quant_conv: bool = False) -> dict:
    """The single-file tensor dict of the two tiny modules plus OTHER_TENSORS."""
    import torch

    levels = len(vae.config.block_out_channels)
    out = {}
    for key, tensor in vae.state_dict().items():
        if key.startswith("quant_conv.") and not with_quant_conv:
            continue
        name = sgm_vae_name(key, levels)
        if ".attn_1." in name and name.endswith("weight") and "norm" not in name:
            tensor = tensor[:, :, None, None]  # LDM attention projections are 1x1 convs
        out[VAE + name] = tensor.clone().contiguous()
    state = clip.state_dict()
    layers = clip.config.num_hidden_layers
    simple = {
        "class_embedding": "vision_model.embeddings.class_embedding",
        "positional_embedding": "vision_model.embeddings.position_embedding.weight",
        "conv1.weight": "vision_model.embeddings.patch_embedding.weight",
        "ln_pre.weight": "vision_model.pre_layrnorm.weight",
        "ln_pre.bias": "vision_model.pre_layrnorm.bias",
        "ln_post.weight": "vision_model.post_layernorm.weight",
        "ln_post.bias": "vision_model.post_layernorm.bias",
    }
    for old, new in simple.items():
        out[CLIP + old] = state[new].clone()
    out[CLIP + "proj"] = state["visual_projection.weight"].t().contiguous()
    for i in range(layers):
        ours, theirs = f"vision_model.encoder.layers.{i}.", f"{CLIP}transformer.resblocks.{i}."
        for kind in ("weight", "bias"):
            fused = [state[f"{ours}self_attn.{p}_proj.{kind}"] for p in "qkv"]
            out[f"{theirs}attn.in_proj_{kind}"] = torch.cat(fused, dim=0).contiguous()
            for old, new in (
                ("attn.out_proj", "self_attn.out_proj"),
                ("ln_1", "layer_norm1"),
                ("ln_2", "layer_norm2"),
                ("mlp.c_fc", "mlp.fc1"),
                ("mlp.c_proj", "mlp.fc2"),
            ):
                out[f"{theirs}{old}.{kind}"] = state[f"{ours}{new}.{kind}"].clone()
    for key, shape in OTHER_TENSORS.items():
        out[key] = torch.ones(shape)
    return out


def write_single_file(path: Path, tensors: dict) -> Path:
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(path))
    return path
