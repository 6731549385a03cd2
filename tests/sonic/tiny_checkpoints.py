"""Tiny random-weight Sonic checkpoints in exactly the official layout (SONIC_FACTS §3.1, §7.2, §8).

    <root>/
      Sonic/unet.pth  Sonic/audio2token.pth  Sonic/audio2bucket.pth
      stable-video-diffusion-img2vid-xt/{unet,vae,image_encoder,scheduler}/
      whisper-tiny/{config.json,model.safetensors,preprocessor_config.json}
      RIFE/flownet.pkl
      yoloface_v5m.pt

Widths the official code hard-codes are kept (whisper d_model 384 with 4 encoder layers,
cross-attention 1024, CLIP projection 1024, the adapters' fixed shapes, RIFE's c = 90);
everything else is as small as the official code accepts. The adapters alone are about
150 MB even in fp16, so the set is generated once per process: test modules import the
`tiny_weights` fixture (`from tiny_checkpoints import tiny_weights_fixture`). It lives
here rather than in a tests/sonic/conftest.py because a second `conftest` module would
shadow tests/conftest.py for the `from conftest import ...` other test folders use.

Usable outside pytest too (the benchmark does): `generate(root)`.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

SVD_DIR = "stable-video-diffusion-img2vid-xt"

TINY_UNET_CONFIG = {
    "sample_size": 96,
    "in_channels": 8,
    "out_channels": 4,
    "down_block_types": [
        "CrossAttnDownBlockSpatioTemporal",
        "CrossAttnDownBlockSpatioTemporal",
        "CrossAttnDownBlockSpatioTemporal",
        "DownBlockSpatioTemporal",
    ],
    "up_block_types": [
        "UpBlockSpatioTemporal",
        "CrossAttnUpBlockSpatioTemporal",
        "CrossAttnUpBlockSpatioTemporal",
        "CrossAttnUpBlockSpatioTemporal",
    ],
    "block_out_channels": [32, 32, 64, 64],
    "addition_time_embed_dim": 8,
    "projection_class_embeddings_input_dim": 24,
    "layers_per_block": 2,
    "cross_attention_dim": 1024,
    "transformer_layers_per_block": 1,
    "num_attention_heads": [1, 1, 2, 2],
    "num_frames": 25,
}

# The SVD-xt scheduler configuration (SONIC_FACTS §1.10).
SVD_SCHEDULER_CONFIG = {
    "_class_name": "EulerDiscreteScheduler",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "interpolation_type": "linear",
    "num_train_timesteps": 1000,
    "prediction_type": "v_prediction",
    "set_alpha_to_one": False,
    "sigma_max": 700.0,
    "sigma_min": 0.002,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "timestep_spacing": "leading",
    "timestep_type": "continuous",
    "trained_betas": None,
    "use_karras_sigmas": True,
}

WHISPER_CONFIG = {
    "d_model": 384,
    "encoder_layers": 4,
    "encoder_attention_heads": 6,
    "encoder_ffn_dim": 64,
    "decoder_layers": 1,
    "decoder_attention_heads": 6,
    "decoder_ffn_dim": 64,
    "max_source_positions": 1500,
    "num_mel_bins": 80,
    "max_target_positions": 8,
    "vocab_size": 16,
    "pad_token_id": 1,
    "bos_token_id": 2,
    "eos_token_id": 3,
    "decoder_start_token_id": 2,
}

WHISPER_PREPROCESSOR = {
    "feature_extractor_type": "WhisperFeatureExtractor",
    "feature_size": 80,
    "sampling_rate": 16000,
    "hop_length": 160,
    "chunk_length": 30,
    "n_fft": 400,
    "padding_value": 0.0,
    "padding_side": "right",
    "return_attention_mask": False,
}

# Fixed by the official constructor arguments (SONIC_FACTS §1.7).
AUDIO2TOKEN_SHAPES = {
    "proj1.weight": (1024, 19200),
    "proj1.bias": (1024,),
    "proj2.weight": (1024, 1024),
    "proj2.bias": (1024,),
    "proj3.weight": (32768, 1024),
    "proj3.bias": (32768,),
    "norm.weight": (1024,),
    "norm.bias": (1024,),
}
AUDIO2BUCKET_SHAPES = {
    "proj1.weight": (1024, 20224),
    "proj1.bias": (1024,),
    "proj2.weight": (1024, 1024),
    "proj2.bias": (1024,),
    "proj3.weight": (2, 1024),
    "proj3.bias": (2,),
}

_lock = threading.Lock()
_generated: dict[str, Path] = {}


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def _random_linear_state(shapes: dict[str, tuple[int, ...]], generator, dtype) -> dict:
    """Weights ~ N(0, 1/fan_in), biases small, LayerNorm weight 1: values that keep
    activations in a sane range so the pipeline's numbers stay finite."""
    import torch

    state = {}
    for name, shape in shapes.items():
        if name == "norm.weight":
            tensor = torch.ones(shape)
        elif name.endswith(".weight"):
            tensor = torch.randn(shape, generator=generator) / shape[1] ** 0.5
        else:
            tensor = torch.randn(shape, generator=generator) * 0.01
        state[name] = tensor.to(dtype)
    return state


def _ip_keys(unet) -> dict[str, tuple[int, int]]:
    """`<attention>.processor.to_{k,v}_ip.0.weight` [C, 1024] for every attn2 (SONIC_FACTS §2.5)."""
    keys = {}
    for name, module in unet.named_modules():
        if name.endswith(".attn2"):
            width = module.to_k.out_features
            for kind in ("k", "v"):
                keys[f"{name}.processor.to_{kind}_ip.0.weight"] = (width, module.to_k.in_features)
    return keys


def _write_svd(root: Path, generator) -> None:
    import torch
    from diffusers import AutoencoderKLTemporalDecoder, UNetSpatioTemporalConditionModel
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    svd = root / SVD_DIR
    torch.manual_seed(int(torch.randint(0, 2**31 - 1, (1,), generator=generator)))
    unet = UNetSpatioTemporalConditionModel(**TINY_UNET_CONFIG)
    unet.half().save_pretrained(svd / "unet", variant="fp16")

    # Sonic/unet.pth: the whole UNet after IP injection, as a plain state dict.
    state = {k: v.clone() for k, v in unet.state_dict().items()}
    for key, shape in _ip_keys(unet).items():
        state[key] = (torch.randn(shape, generator=generator) / shape[1] ** 0.5).half()
    (root / "Sonic").mkdir(parents=True, exist_ok=True)
    torch.save(state, root / "Sonic" / "unet.pth")

    vae = AutoencoderKLTemporalDecoder(
        down_block_types=("DownEncoderBlock2D",) * 4,
        block_out_channels=(32, 32, 32, 32),
        layers_per_block=1,
        latent_channels=4,
        scaling_factor=0.18215,
    )
    vae.half().save_pretrained(svd / "vae", variant="fp16")

    clip_config = CLIPVisionConfig(
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        image_size=224,
        patch_size=32,
        projection_dim=1024,
    )
    clip = CLIPVisionModelWithProjection(clip_config)
    clip.half().save_pretrained(svd / "image_encoder", variant="fp16")

    _write_json(svd / "scheduler" / "scheduler_config.json", SVD_SCHEDULER_CONFIG)


def _write_whisper(root: Path) -> None:
    from transformers import WhisperConfig, WhisperModel

    folder = root / "whisper-tiny"
    WhisperModel(WhisperConfig(**WHISPER_CONFIG)).save_pretrained(folder)
    _write_json(folder / "preprocessor_config.json", WHISPER_PREPROCESSOR)


def _write_adapters(root: Path, generator) -> None:
    import torch

    sonic = root / "Sonic"
    sonic.mkdir(parents=True, exist_ok=True)
    torch.save(
        _random_linear_state(AUDIO2TOKEN_SHAPES, generator, torch.float16),
        sonic / "audio2token.pth",
    )
    torch.save(
        _random_linear_state(AUDIO2BUCKET_SHAPES, generator, torch.float16),
        sonic / "audio2bucket.pth",
    )


def rife_state_shapes() -> dict[str, tuple[int, ...]]:
    """IFNet keys after stripping `module.` (SONIC_FACTS §4), with shapes."""
    shapes: dict[str, tuple[int, ...]] = {}
    c = 90
    for block, planes in (("block0", 11), ("block1", 11), ("block2", 11), ("block_tea", 14)):
        convs = [("conv0.0", planes, c // 2), ("conv0.1", c // 2, c)]
        convs += [(f"convblock{k}.{j}", c, c) for k in range(4) for j in range(2)]
        for name, cin, cout in convs:
            shapes[f"{block}.{name}.0.weight"] = (cout, cin, 3, 3)
            shapes[f"{block}.{name}.0.bias"] = (cout,)
            shapes[f"{block}.{name}.1.weight"] = (cout,)
        for head, out in (("conv1", 4), ("conv2", 1)):
            shapes[f"{block}.{head}.0.weight"] = (c, c // 2, 4, 4)
            shapes[f"{block}.{head}.0.bias"] = (c // 2,)
            shapes[f"{block}.{head}.1.weight"] = (c // 2,)
            shapes[f"{block}.{head}.2.weight"] = (c // 2, out, 4, 4)
            shapes[f"{block}.{head}.2.bias"] = (out,)
    return shapes


def _write_rife(root: Path, generator) -> None:
    """A DataParallel-style dict: every key prefixed `module.`. Flow heads start near zero
    so that the interpolated frame stays close to a blend of its neighbours."""
    import torch

    state = {}
    for name, shape in rife_state_shapes().items():
        if name.endswith(".1.weight") and len(shape) == 1:  # PReLU slopes
            tensor = torch.full(shape, 0.25)
        elif name.endswith("weight"):
            fan_in = shape[1] * shape[2] * shape[3] if len(shape) == 4 else shape[0]
            tensor = torch.randn(shape, generator=generator) / fan_in**0.5
            if ".conv1.2." in name or ".conv2.2." in name:
                tensor = tensor * 0.01
        else:
            tensor = torch.zeros(shape)
        state[f"module.{name}"] = tensor
    (root / "RIFE").mkdir(parents=True, exist_ok=True)
    torch.save(state, root / "RIFE" / "flownet.pkl")


def _write_detector(root: Path) -> None:
    """A TorchScript stand-in for yoloface_v5m.pt: called as model(img, grids), it returns one
    face row [cx, cy, w, h, obj, 10 landmark coords, cls] covering the central half of the
    resized input (SONIC_FACTS §1.1, §7.2 item 9)."""
    import torch

    class StandInDetector(torch.nn.Module):
        def forward(self, img: torch.Tensor, grids: list[torch.Tensor]) -> torch.Tensor:
            h = float(img.shape[2])
            w = float(img.shape[3])
            row = torch.zeros(1, 1, 16, dtype=img.dtype, device=img.device)
            row[0, 0, 0] = w / 2.0
            row[0, 0, 1] = h / 2.0
            row[0, 0, 2] = w / 2.0
            row[0, 0, 3] = h / 2.0
            row[0, 0, 4] = 0.9
            points = [0.4, 0.45, 0.6, 0.45, 0.5, 0.55, 0.42, 0.65, 0.58, 0.65]
            for k in range(10):
                scale = w if k % 2 == 0 else h
                row[0, 0, 5 + k] = points[k] * scale
            row[0, 0, 15] = 0.9
            return row

    import warnings

    with warnings.catch_warnings():  # torch 2.13 deprecates scripting; loading still works
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.jit.save(torch.jit.script(StandInDetector()), str(root / "yoloface_v5m.pt"))


def write_speech_wav(path: Path, seconds: float, seed: int = 0) -> Path:
    """A 16 kHz mono 16-bit WAV of voiced, syllable-rate modulated harmonics (stdlib + numpy)."""
    import wave

    import numpy as np

    rate = 16000
    t = np.arange(int(seconds * rate)) / rate
    pitch = 2 * np.pi * np.cumsum(110 + 15 * np.sin(2 * np.pi * 0.5 * t)) / rate
    voice = sum(np.sin(k * pitch) / k for k in range(1, 10))
    syllables = np.clip(np.sin(2 * np.pi * 3.5 * t), 0, None) ** 2
    noise = 0.01 * np.random.default_rng(seed).standard_normal(t.size)
    pcm = (np.clip(0.3 * voice * syllables + noise, -1, 1) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.tobytes())
    return path


def generate(root: Path, seed: int = 1234) -> Path:
    """Write the whole tiny set under `root` (created if needed) and return `root`."""
    import torch
    import transformers.utils.logging as transformers_logging

    transformers_logging.disable_progress_bar()  # "Writing model shards" bars
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    generator = torch.Generator().manual_seed(seed)
    state = torch.random.get_rng_state()
    try:
        _write_svd(root, generator)
    finally:
        torch.random.set_rng_state(state)
    _write_whisper(root)
    _write_adapters(root, generator)
    _write_rife(root, generator)
    _write_detector(root)
    return root


def tiny_root_for_session(base: Path) -> Path:
    """Generate once per process (thread-safe); later calls return the same folder."""
    with _lock:
        if "root" not in _generated:
            _generated["root"] = generate(base / "checkpoints")
        return _generated["root"]


try:
    import pytest
except ImportError:  # used by the benchmark without pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture(scope="session", name="tiny_weights")
    def tiny_weights_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
        """The tiny official-layout checkpoint root, generated once per session."""
        with _lock:
            cached = _generated.get("root")
        if cached is not None:
            return cached
        return tiny_root_for_session(tmp_path_factory.mktemp("sonic_tiny"))
