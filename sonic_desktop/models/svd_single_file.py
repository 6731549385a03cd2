"""SVD from Stability's single-file checkpoint (`svd_xt.safetensors`, `svd_xt_1_1.safetensors`).

ComfyUI users often have only this file (in `ComfyUI/models/checkpoints/`). Sonic's `unet.pth`
carries the whole UNet, so just two parts of the file are read:

- the VAE, `first_stage_model.{encoder,decoder}.*` in the LDM/SGM naming (`down.N.block.M`,
  `mid.attn_1`, `nin_shortcut`; the decoder's `time_stack` ResBlocks, `mix_factor` and
  `conv_out.time_mix_conv`), mapped to diffusers' `AutoencoderKLTemporalDecoder`;
- the CLIP image encoder, the OpenCLIP ViT-H/14 visual tower under
  `conditioner.embedders.0.open_clip.model.visual.*`, mapped to transformers'
  `CLIPVisionModelWithProjection` (fused `in_proj` split into q/k/v, `proj` transposed).

SGM's `AutoencodingEngine` (configs/inference/svd.yaml `first_stage_config`) has no
`quant_conv`: its encoder output is the Gaussian moments directly. diffusers' class has a 1x1
`quant_conv`, so it is set to the identity unless the file carries one. Every other tensor
(the ~3 GB UNet under `model.diffusion_model.`, the other conditioners) is never read:
`safe_open` loads only the selected keys. The configs the file lacks ship in
`resources/svd_xt_configs/` (see its README).

Verified only with tiny random modules written in exactly this key layout
(tests/models/test_svd_single_file.py); no real svd_xt file was available here.

torch, diffusers and transformers are imported inside the functions: `sonic_desktop.models`
is imported when the app starts.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sonic_desktop.core.errors import WeightsMissing
from sonic_desktop.core.paths import resources_dir
from sonic_desktop.models.state_check import mismatch_line, raise_if_misfit, shape_problems

if TYPE_CHECKING:
    import torch

VAE_PREFIX = "first_stage_model."
CLIP_PREFIX = "conditioner.embedders.0.open_clip.model.visual."
UNET_PREFIX = "model.diffusion_model."
# Present in a temporal-decoder SVD file; `svd_image_decoder` lacks the first one.
MARKER_KEYS = (
    VAE_PREFIX + "decoder.mid.block_1.mix_factor",
    VAE_PREFIX + "encoder.conv_in.weight",
    CLIP_PREFIX + "proj",
)
# Preferred first: the official Sonic uses img2vid-xt 1.0 (SONIC_FACTS §3.1).
PREFERRED_NAMES = ("svd_xt.safetensors", "svd_xt_1_1.safetensors")
FILE_GLOB = "svd_xt*.safetensors"
CONFIG_FOLDER = "svd_xt_configs"
MAX_HEADER_BYTES = 100_000_000

Tensors = dict[str, "torch.Tensor"]
Mapped = dict[str, tuple["torch.Tensor", str]]  # model key -> (tensor, key in the file)


def shipped_config_dir() -> Path:
    """`resources/svd_xt_configs`: unet/, vae/, image_encoder/, scheduler/, feature_extractor/."""
    return resources_dir() / CONFIG_FOLDER


# ---------------------------------------------------------------- header (no torch)


def read_header(path: Path) -> tuple[dict[str, Any], int]:
    """(safetensors header, byte length the header describes); ValueError when not one."""
    with open(path, "rb") as handle:
        head = handle.read(8)
        if len(head) < 8:
            raise ValueError("too short for a safetensors file")
        (length,) = struct.unpack("<Q", head)
        if length <= 1 or length > MAX_HEADER_BYTES:
            raise ValueError("not a safetensors file")
        raw = handle.read(length)
    if len(raw) < length:
        raise ValueError("truncated safetensors header")
    header = json.loads(raw)
    if not isinstance(header, dict):
        raise ValueError("not a safetensors file")
    ends = [
        int(v["data_offsets"][1])
        for k, v in header.items()
        if k != "__metadata__" and isinstance(v, dict) and "data_offsets" in v
    ]
    return header, 8 + length + max(ends, default=0)


def header_problem(path: Path) -> str | None:
    """None when `path` is a single-file SVD checkpoint (by its tensor names), else why not."""
    try:
        header, _ = read_header(path)
    except (OSError, ValueError) as exc:
        return f"not a readable safetensors file ({exc})"
    absent = [k for k in MARKER_KEYS if k not in header]
    if absent:
        return f"not an SVD-xt single-file checkpoint (no {absent[0]})"
    return None


def find_single_file(folders: list[Path]) -> tuple[Path | None, str | None]:
    """(best `svd_xt*.safetensors` in `folders`, what is wrong with it or None).

    A valid file wins over an invalid one; among equals `svd_xt` beats `svd_xt_1_1` beats
    the rest by name, then folder order. An invalid file is returned only when no valid one
    exists, so that status can say what is wrong with it.
    """
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found += sorted(p for p in folder.glob(FILE_GLOB) if p.is_file())
    if not found:
        return None, None

    def rank(path: Path) -> int:
        return PREFERRED_NAMES.index(path.name) if path.name in PREFERRED_NAMES else 99

    ordered = sorted(found, key=rank)  # stable: folder order kept within a rank
    problems = {}
    for path in ordered:
        problems[path] = header_problem(path)
        if problems[path] is None:
            return path, None
    return ordered[0], problems[ordered[0]]


# ---------------------------------------------------------------- key mapping

_RESNET = {"norm1": "norm1", "conv1": "conv1", "norm2": "norm2", "conv2": "conv2"}
_RESNET_SHORTCUT = {**_RESNET, "nin_shortcut": "conv_shortcut"}
# openaimodel ResBlock: in_layers = [norm, SiLU, conv], out_layers = [norm, SiLU, dropout, conv]
_TIME_STACK = {
    "in_layers.0": "norm1",
    "in_layers.2": "conv1",
    "out_layers.0": "norm2",
    "out_layers.3": "conv2",
}
_ATTENTION = {"norm": "group_norm", "q": "to_q", "k": "to_k", "v": "to_v", "proj_out": "to_out.0"}
_PARAM = r"(weight|bias)"


def _resnet(body: str, video: bool) -> str | None:
    """LDM ResnetBlock (+ SGM VideoResBlock parts) suffix -> diffusers suffix."""
    if video and body == "mix_factor":
        return "time_mixer.mix_factor"
    match = re.fullmatch(r"time_stack\.(\w+\.\d)\." + _PARAM, body)
    if match:
        if not video or match[1] not in _TIME_STACK:
            return None
        return f"temporal_res_block.{_TIME_STACK[match[1]]}.{match[2]}"
    match = re.fullmatch(r"(\w+)\." + _PARAM, body)
    if not match or match[1] not in _RESNET_SHORTCUT:
        return None
    name = f"{_RESNET_SHORTCUT[match[1]]}.{match[2]}"
    return f"spatial_res_block.{name}" if video else name


def _attention(body: str) -> str | None:
    match = re.fullmatch(r"(\w+)\." + _PARAM, body)
    if not match or match[1] not in _ATTENTION:
        return None
    return f"attentions.0.{_ATTENTION[match[1]]}.{match[2]}"


def _common(side: str, rest: str, video: bool, up: Callable[[int], int]) -> str | None:
    """Names shared by the LDM encoder and the SGM video decoder."""
    if re.fullmatch(r"conv_(in|out)\." + _PARAM, rest):
        return f"{side}.{rest}"
    match = re.fullmatch(r"norm_out\." + _PARAM, rest)
    if match:
        return f"{side}.conv_norm_out.{match[1]}"
    match = re.fullmatch(r"mid\.block_([12])\.(.+)", rest)
    if match:
        suffix = _resnet(match[2], video)
        return suffix and f"{side}.mid_block.resnets.{int(match[1]) - 1}.{suffix}"
    match = re.fullmatch(r"mid\.attn_1\.(.+)", rest)
    if match:
        suffix = _attention(match[1])
        return suffix and f"{side}.mid_block.{suffix}"
    if side == "encoder":
        match = re.fullmatch(r"down\.(\d+)\.block\.(\d+)\.(.+)", rest)
        if match:
            suffix = _resnet(match[3], video=False)
            return suffix and f"encoder.down_blocks.{match[1]}.resnets.{match[2]}.{suffix}"
        match = re.fullmatch(r"down\.(\d+)\.downsample\.conv\." + _PARAM, rest)
        if match:
            return f"encoder.down_blocks.{match[1]}.downsamplers.0.conv.{match[2]}"
        return None
    match = re.fullmatch(r"conv_out\.time_mix_conv\." + _PARAM, rest)
    if match:
        return f"decoder.time_conv_out.{match[1]}"
    # LDM numbers decoder levels from the lowest resolution up; diffusers the other way.
    match = re.fullmatch(r"up\.(\d+)\.block\.(\d+)\.(.+)", rest)
    if match:
        suffix = _resnet(match[3], video=True)
        return suffix and f"decoder.up_blocks.{up(int(match[1]))}.resnets.{match[2]}.{suffix}"
    match = re.fullmatch(r"up\.(\d+)\.upsample\.conv\." + _PARAM, rest)
    if match:
        return f"decoder.up_blocks.{up(int(match[1]))}.upsamplers.0.conv.{match[2]}"
    return None


def vae_key(name: str, levels: int) -> str | None:
    """A `first_stage_model.`-relative key -> the AutoencoderKLTemporalDecoder key, or None."""
    if re.fullmatch(r"quant_conv\." + _PARAM, name):
        return name
    side, _, rest = name.partition(".")
    if side not in ("encoder", "decoder"):
        return None
    return _common(side, rest, side == "decoder", lambda level: levels - 1 - level)


def map_vae(tensors: Mapping[str, torch.Tensor], levels: int) -> tuple[Mapped, list[str]]:
    """(model key -> (tensor, file key), file keys with no place in the model)."""
    mapped: Mapped = {}
    unplaced: list[str] = []
    for name, tensor in tensors.items():
        target = vae_key(name, levels)
        if target is None:
            unplaced.append(VAE_PREFIX + name)
            continue
        if ".attentions.0.to_" in target and target.endswith("weight") and tensor.ndim == 4:
            tensor = tensor[:, :, 0, 0]  # LDM attention uses 1x1 convs, diffusers Linear
        mapped[target] = (tensor, VAE_PREFIX + name)
    return mapped, unplaced


_CLIP_TOP = {
    "class_embedding": "vision_model.embeddings.class_embedding",
    "positional_embedding": "vision_model.embeddings.position_embedding.weight",
    "conv1.weight": "vision_model.embeddings.patch_embedding.weight",
    "ln_pre.weight": "vision_model.pre_layrnorm.weight",  # sic: transformers' spelling
    "ln_pre.bias": "vision_model.pre_layrnorm.bias",
    "ln_post.weight": "vision_model.post_layernorm.weight",
    "ln_post.bias": "vision_model.post_layernorm.bias",
}
_CLIP_BLOCK = {
    "ln_1": "layer_norm1",
    "ln_2": "layer_norm2",
    "attn.out_proj": "self_attn.out_proj",
    "mlp.c_fc": "mlp.fc1",
    "mlp.c_proj": "mlp.fc2",
}


def map_clip(tensors: Mapping[str, torch.Tensor]) -> tuple[Mapped, list[str]]:
    """OpenCLIP visual tower (keys relative to `...visual.`) -> CLIPVisionModelWithProjection."""
    mapped: Mapped = {}
    unplaced: list[str] = []
    for name, tensor in tensors.items():
        source = CLIP_PREFIX + name
        if name in _CLIP_TOP:
            mapped[_CLIP_TOP[name]] = (tensor, source)
        elif name == "proj":  # OpenCLIP computes x @ proj; nn.Linear computes x @ W.T
            mapped["visual_projection.weight"] = (tensor.t().contiguous(), source)
        elif fused := re.fullmatch(r"transformer\.resblocks\.(\d+)\.attn\.in_proj_" + _PARAM, name):
            # q, k, v fused as [3C, C] / [3C], in that order (torch MultiheadAttention).
            if tensor.shape[0] % 3:
                unplaced.append(source)
                continue
            layer = f"vision_model.encoder.layers.{fused[1]}.self_attn"
            for part, chunk in zip("qkv", tensor.chunk(3, dim=0), strict=True):
                mapped[f"{layer}.{part}_proj.{fused[2]}"] = (chunk, source)
        elif (block := re.fullmatch(r"transformer\.resblocks\.(\d+)\.(.+)\." + _PARAM, name)) and (
            block[2] in _CLIP_BLOCK
        ):
            target = f"vision_model.encoder.layers.{block[1]}.{_CLIP_BLOCK[block[2]]}.{block[3]}"
            mapped[target] = (tensor, source)
        else:
            unplaced.append(source)
    return mapped, unplaced


# ---------------------------------------------------------------- loading


def read_tensors(path: Path, prefix: str) -> Tensors:
    """Only the tensors under `prefix` (prefix removed); nothing else is read from disk."""
    from safetensors import safe_open

    path = Path(path)
    try:
        _, expected = read_header(path)
    except (OSError, ValueError) as exc:
        raise WeightsMissing(f"{path.name} is not a readable safetensors file ({exc})") from exc
    size = path.stat().st_size
    if size != expected:
        raise WeightsMissing(
            f"{path.name} is truncated or damaged ({size:,} bytes, its header describes "
            f"{expected:,})",
            "Download it again, or point Models at a diffusers-format SVD folder.",
        )
    try:
        with safe_open(str(path), framework="pt", device="cpu") as handle:
            names = [k for k in handle.keys() if k.startswith(prefix)]  # noqa: SIM118
            return {k[len(prefix) :]: handle.get_tensor(k) for k in names}
    except Exception as exc:  # safetensors raises its own error types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise WeightsMissing(f"{path.name} could not be read ({first})") from exc


def check_mapped(
    model: torch.nn.Module, mapped: Mapped, unplaced: list[str], name: str
) -> dict[str, torch.Tensor]:
    """The state dict to load, or WeightsMissing naming up to 5 offending keys of each kind.

    Missing keys are named as the model calls them; unexpected and wrong-sized ones as the
    file does, since that is where the user would look.
    """
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    shapes = {k: tuple(t.shape) for k, (t, _) in mapped.items()}
    source = {k: src for k, (_, src) in mapped.items()}
    missing, unexpected, wrong = shape_problems(expected, shapes)
    raise_if_misfit(
        name,
        missing,
        unplaced + [source[k] for k in unexpected],
        [mismatch_line(source[k], shapes[k], expected[k]) for k in wrong],
        "Use Stability's svd_xt.safetensors or svd_xt_1_1.safetensors, or a "
        "diffusers-format SVD folder.",
    )
    return {k: t for k, (t, _) in mapped.items()}


def load_vae(path: Path, config_file: Path, dtype: torch.dtype) -> Any:
    """`AutoencoderKLTemporalDecoder` from the file's `first_stage_model.*` tensors."""
    import torch
    from accelerate import init_empty_weights
    from diffusers import AutoencoderKLTemporalDecoder

    config = json.loads(Path(config_file).read_text(encoding="utf-8"))
    with init_empty_weights():
        vae = AutoencoderKLTemporalDecoder.from_config(config)
    levels = len(vae.config.block_out_channels)
    tensors = read_tensors(path, VAE_PREFIX)
    mapped, unplaced = map_vae(tensors, levels)
    if "quant_conv.weight" not in mapped and "quant_conv.bias" not in mapped and mapped:
        width = 2 * int(vae.config.latent_channels)
        like = next(iter(mapped.values()))[0]
        eye = torch.eye(width, dtype=like.dtype).reshape(width, width, 1, 1)
        mapped["quant_conv.weight"] = (eye, "(identity)")
        mapped["quant_conv.bias"] = (torch.zeros(width, dtype=like.dtype), "(identity)")
    state = check_mapped(vae, mapped, unplaced, f"{Path(path).name} (VAE)")
    # Cast before assigning: diffusers warns about `.to(dtype)` on a built model.
    vae.load_state_dict({k: t.to(dtype) for k, t in state.items()}, strict=True, assign=True)
    return vae.eval().requires_grad_(False)


def load_image_encoder(path: Path, config_file: Path, dtype: torch.dtype) -> Any:
    """`CLIPVisionModelWithProjection` from the file's OpenCLIP visual tower."""
    from accelerate import init_empty_weights
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    config = CLIPVisionConfig.from_json_file(str(config_file))
    with init_empty_weights():
        model: Any = CLIPVisionModelWithProjection(config)
    mapped, unplaced = map_clip(read_tensors(path, CLIP_PREFIX))
    state = check_mapped(model, mapped, unplaced, f"{Path(path).name} (image encoder)")
    model.load_state_dict(state, strict=True, assign=True)
    return model.to(dtype=dtype).eval().requires_grad_(False)
