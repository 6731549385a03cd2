"""Phase 0: load every model of the pipeline onto the host, safely and strictly.

- UNet: built from the SVD `unet/config.json` on the meta device, given the audio
  attention processors, then filled from `Sonic/unet.pth`, which must cover every
  parameter (its keys are checked first, and missing ones are named). The SVD UNet
  weights are never read.
- VAE and CLIP image encoder: the SVD folder (fp16 variant files when present), or,
  when discovery found no diffusers-format SVD folder but Stability's single-file
  `svd_xt*.safetensors` (ComfyUI's `models/checkpoints/`), just the VAE and image-encoder
  tensors of that file, renamed to diffusers/transformers keys (`models.svd_single_file`).
  The UNet, scheduler and other configs then come from `resources/svd_xt_configs/`. That
  path was verified with tiny random files in the single-file key layout only.
- Whisper tiny: only the encoder is kept.
- audio2token, audio2bucket, RIFE: strict state-dict loads.
Pickled files go through `models.safe_load` (weights_only, or refused unless trusted).
"""

from __future__ import annotations

import contextlib
import json
import logging
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from sonic_desktop.core.errors import WeightsMissing
from sonic_desktop.engines.sonic.adapters import Audio2BucketModel, AudioProjModel
from sonic_desktop.engines.sonic.rife import IFNet, strip_module_prefix
from sonic_desktop.engines.sonic.scheduler import SchedulerConfig
from sonic_desktop.engines.sonic.unet_audio import add_audio_attention
from sonic_desktop.models import svd_single_file
from sonic_desktop.models.layouts import WeightsLayout
from sonic_desktop.models.safe_load import load_state_dict, unreadable, untrusted_pickle
from sonic_desktop.models.state_check import mismatch_line, raise_if_misfit, shape_problems
from sonic_desktop.models.trust import TrustStore

log = logging.getLogger(__name__)

COMPONENT_STEPS = 6  # on_loaded calls in load_components


@dataclass
class SonicComponents:
    unet: Any
    vae: Any
    image_encoder: Any
    whisper_encoder: Any
    feature_extractor: Any
    audio2token: AudioProjModel
    audio2bucket: Audio2BucketModel
    rife: IFNet | None
    scheduler: SchedulerConfig

    def modules(self) -> dict[str, Any]:
        found = {
            "unet": self.unet,
            "vae": self.vae,
            "image_encoder": self.image_encoder,
            "whisper": self.whisper_encoder,
            "audio2token": self.audio2token,
            "audio2bucket": self.audio2bucket,
        }
        if self.rife is not None:
            found["rife"] = self.rife
        return found


def check_state_dict(
    expected: dict[str, tuple[int, ...]], found: dict[str, torch.Tensor], name: str
) -> None:
    """Raise `WeightsMissing` naming the file and the first offending keys."""
    shapes = {k: tuple(t.shape) for k, t in found.items()}
    missing, unexpected, wrong = shape_problems(expected, shapes)
    raise_if_misfit(
        name,
        missing,
        unexpected,
        [mismatch_line(k, shapes[k], expected[k]) for k in wrong],
        "Replace it with the official file (Models shows where it was found).",
    )


def _expected(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {k: tuple(v.shape) for k, v in module.state_dict().items()}


def _require(layout: WeightsLayout, file_id: str) -> Path:
    path = layout.path(file_id)
    if path is None:
        raise WeightsMissing(
            f"{layout.display_name(file_id)} is missing (expected at {layout.location(file_id)})"
        )
    return path


def load_unet(
    layout: WeightsLayout, dtype: torch.dtype, ip_audio_scale: float, trust: TrustStore
) -> Any:
    from accelerate import init_empty_weights
    from diffusers import UNetSpatioTemporalConditionModel

    config = json.loads(_require(layout, "svd_unet_config").read_text(encoding="utf-8"))
    with init_empty_weights():
        unet = UNetSpatioTemporalConditionModel.from_config(config)
    add_audio_attention(unet, ip_audio_scale)
    name = layout.display_name("sonic_unet")
    state = load_state_dict(_require(layout, "sonic_unet"), trust=trust, name=name)
    check_state_dict(_expected(unet), state, name)
    unet.load_state_dict(state, strict=True, assign=True)
    return unet.to(dtype=dtype).eval().requires_grad_(False)


def _variant(folder: Path, stem: str) -> str | None:
    return "fp16" if (folder / f"{stem}.fp16.safetensors").exists() else None


def load_vae(layout: WeightsLayout, dtype: torch.dtype) -> Any:
    from diffusers import AutoencoderKLTemporalDecoder

    if layout.svd_single_file is not None:
        config = _require(layout, "svd_vae_config")
        return svd_single_file.load_vae(_require(layout, "svd_vae"), config, dtype)
    folder = _require(layout, "svd_vae").parent
    _require(layout, "svd_vae_config")
    try:
        vae = AutoencoderKLTemporalDecoder.from_pretrained(
            folder,
            variant=_variant(folder, "diffusion_pytorch_model"),
            torch_dtype=dtype,
            local_files_only=True,
            use_safetensors=True,
        )
    except (OSError, ValueError, RuntimeError) as exc:
        raise WeightsMissing(
            f"{layout.display_name('svd_vae')} could not be loaded ({exc})"
        ) from exc
    return vae.eval().requires_grad_(False)


def load_image_encoder(layout: WeightsLayout, dtype: torch.dtype) -> Any:
    if layout.svd_single_file is not None:
        config = _require(layout, "svd_image_encoder_config")
        path = _require(layout, "svd_image_encoder")
        model = svd_single_file.load_image_encoder(path, config, dtype)
    else:
        model = _image_encoder_folder(layout, dtype)
    if model.config.projection_dim != 1024:
        raise WeightsMissing("The SVD image encoder must project to 1024 values")
    return model


def _image_encoder_folder(layout: WeightsLayout, dtype: torch.dtype) -> Any:
    from transformers import CLIPVisionModelWithProjection

    folder = _require(layout, "svd_image_encoder").parent
    _require(layout, "svd_image_encoder_config")
    try:
        model = CLIPVisionModelWithProjection.from_pretrained(
            folder,
            variant=_variant(folder, "model"),
            dtype=dtype,
            local_files_only=True,
            use_safetensors=True,
        )
    except (OSError, ValueError, RuntimeError) as exc:
        name = layout.display_name("svd_image_encoder")
        raise WeightsMissing(f"{name} could not be loaded ({exc})") from exc
    return model.eval().requires_grad_(False)


def load_whisper(layout: WeightsLayout) -> tuple[Any, Any]:
    """(encoder in float32, feature extractor)."""
    from transformers import WhisperFeatureExtractor, WhisperModel

    weights = _require(layout, "whisper_weights")
    _require(layout, "whisper_config")
    _require(layout, "whisper_preprocessor")
    folder = weights.parent
    try:
        model = WhisperModel.from_pretrained(
            folder,
            dtype=torch.float32,
            local_files_only=True,
            use_safetensors=weights.suffix == ".safetensors",
        )
        extractor = WhisperFeatureExtractor.from_pretrained(folder, local_files_only=True)
    except pickle.UnpicklingError as exc:
        # transformers loads .bin files with weights_only=True, so trust cannot help here: the
        # one-line refusal offers a .safetensors copy, never torch's weights_only=False hint.
        name = f"{folder.name}/{weights.name}"  # the file found, which may be a .bin
        raise untrusted_pickle(weights, name, trustable=False) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        if weights.suffix != ".safetensors" and "zip" in str(exc).lower():
            raise unreadable(f"{folder.name}/{weights.name}", exc) from exc
        raise WeightsMissing(f"Whisper tiny could not be loaded from {folder} ({exc})") from exc
    config = model.config
    if config.d_model != 384 or config.encoder_layers != 4 or config.max_source_positions != 1500:
        raise WeightsMissing(
            "whisper-tiny must have d_model 384, 4 encoder layers and 1500 positions",
            "Use openai/whisper-tiny.",
        )
    encoder = model.encoder.eval().requires_grad_(False)
    return encoder, extractor


def _load_strict(module: torch.nn.Module, state: dict[str, torch.Tensor], name: str) -> None:
    check_state_dict(_expected(module), state, name)
    module.load_state_dict(state, strict=True)


def load_adapters(
    layout: WeightsLayout, trust: TrustStore
) -> tuple[AudioProjModel, Audio2BucketModel]:
    token = AudioProjModel()
    name = layout.display_name("audio2token")
    _load_strict(
        token, load_state_dict(_require(layout, "audio2token"), trust=trust, name=name), name
    )
    bucket = Audio2BucketModel()
    name = layout.display_name("audio2bucket")
    _load_strict(
        bucket, load_state_dict(_require(layout, "audio2bucket"), trust=trust, name=name), name
    )
    return token.float().eval().requires_grad_(False), bucket.float().eval().requires_grad_(False)


def load_rife(layout: WeightsLayout, trust: TrustStore) -> IFNet:
    name = layout.display_name("rife_flownet")
    state = load_state_dict(_require(layout, "rife_flownet"), trust=trust, name=name)
    model = IFNet()
    _load_strict(model, strip_module_prefix(state), name)
    return model.float().eval().requires_grad_(False)


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """No console progress bars or advice from diffusers / transformers while loading:
    progress is ours to report, and their messages go nowhere a user sees."""
    import diffusers.utils.logging as diffusers_logging
    import transformers.utils.logging as transformers_logging

    saved = []
    for module in (diffusers_logging, transformers_logging):
        saved.append((module, module.get_verbosity(), module.is_progress_bar_enabled()))
        module.set_verbosity_error()
        module.disable_progress_bar()
    try:
        yield
    finally:
        for module, verbosity, bars in saved:
            module.set_verbosity(verbosity)
            if bars:
                module.enable_progress_bar()


def load_components(
    layout: WeightsLayout,
    dtype: torch.dtype,
    *,
    ip_audio_scale: float = 1.0,
    frame_interpolation: bool = True,
    trust: TrustStore | None = None,
    on_loaded: Callable[[str], None] = lambda name: None,
) -> SonicComponents:
    """Everything on the host; `on_loaded(name)` after each model (progress)."""
    trust = trust or TrustStore()
    scheduler = SchedulerConfig.from_file(_require(layout, "svd_scheduler_config"))
    with quiet_libraries():
        audio2token, audio2bucket = load_adapters(layout, trust)
        on_loaded("audio adapters")
        whisper, extractor = load_whisper(layout)
        on_loaded("Whisper")
        image_encoder = load_image_encoder(layout, dtype)
        on_loaded("CLIP image encoder")
        vae = load_vae(layout, dtype)
        on_loaded("VAE")
        unet = load_unet(layout, dtype, ip_audio_scale, trust)
        on_loaded("UNet")
        rife = load_rife(layout, trust) if frame_interpolation else None
        on_loaded("RIFE")
    return SonicComponents(
        unet=unet,
        vae=vae,
        image_encoder=image_encoder,
        whisper_encoder=whisper,
        feature_extractor=extractor,
        audio2token=audio2token,
        audio2bucket=audio2bucket,
        rife=rife,
        scheduler=scheduler,
    )
