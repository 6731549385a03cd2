"""Where the models live while a render runs, and the chunked VAE decode (phase 6).

Strategies (the advisor picks one from the VRAM probe; the user may override it):
- `full`: every model on the execution device for the whole render; latents too.
- `model_offload`: models wait in host memory; only the running stage's models are on
  the device (audio encoders, then CLIP + VAE, then the UNet, then the VAE decoder,
  then RIFE). Latents of the whole clip stay on the host; one window at a time goes
  to the device.
- `sequential_offload`: as model_offload for the small models, and the three large
  ones (UNet, VAE, CLIP) are streamed to the device layer by layer during each call
  (accelerate's `cpu_offload`): the least video memory, the slowest.

A CUDA out-of-memory error anywhere in a stage becomes `OutOfVideoMemory` naming the
next lower tier.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch

from sonic_desktop.core.errors import OutOfVideoMemory

log = logging.getLogger(__name__)

STRATEGIES = ("full", "model_offload", "sequential_offload")
LARGE_MODELS = ("unet", "vae", "image_encoder")


@dataclass(frozen=True)
class Runtime:
    """Device, dtype and memory strategy of one render."""

    device: torch.device
    dtype: torch.dtype  # the UNet, VAE and CLIP dtype; the rest runs in float32
    strategy: str

    @property
    def latents_on_host(self) -> bool:
        return self.strategy != "full" and self.device.type != "cpu"

    @property
    def latent_device(self) -> torch.device:
        return torch.device("cpu") if self.latents_on_host else self.device


def next_lower_tier(strategy: str) -> str | None:
    index = STRATEGIES.index(strategy)
    return STRATEGIES[index + 1] if index + 1 < len(STRATEGIES) else None


def is_out_of_memory(exc: BaseException) -> bool:
    oom_type = getattr(torch.cuda, "OutOfMemoryError", None)
    if oom_type is not None and isinstance(exc, oom_type):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def out_of_memory_error(strategy: str, stage: str) -> OutOfVideoMemory:
    lower = next_lower_tier(strategy)
    if lower is None:
        hint = (
            "Lower min_resolution or decode_chunk_size (or the window length), then render again."
        )
    else:
        hint = (
            f"Choose the '{lower}' memory strategy (the next lower tier), or lower "
            "min_resolution, then render again."
        )
    return OutOfVideoMemory(
        f"The GPU ran out of video memory while {stage} with the '{strategy}' memory strategy",
        hint,
    )


@contextlib.contextmanager
def oom_guard(runtime: Runtime, stage: str) -> Iterator[None]:
    """Turn a CUDA out-of-memory error into `OutOfVideoMemory` (and free the cache)."""
    try:
        yield
    except OutOfVideoMemory:
        raise
    except Exception as exc:
        if not is_out_of_memory(exc):
            raise
        release_device_memory()
        raise out_of_memory_error(runtime.strategy, stage) from exc


def release_device_memory() -> None:
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


class Placement:
    """Moves models between host and device as the strategy says.

    `models` maps a name ("unet", "vae", "image_encoder", "whisper", "audio2token",
    "audio2bucket", "rife") to a module, all first loaded on the host.
    """

    def __init__(self, models: dict[str, Any], runtime: Runtime) -> None:
        self.models = models
        self.runtime = runtime
        self._streamed: set[str] = set()
        if runtime.strategy == "full":
            for module in models.values():
                module.to(runtime.device)
        elif runtime.strategy == "sequential_offload":
            for name in LARGE_MODELS:
                if name in models:
                    self._stream(name)

    def _stream(self, name: str) -> None:
        from accelerate import cpu_offload

        cpu_offload(self.models[name], execution_device=self.runtime.device)
        self._streamed.add(name)

    @contextlib.contextmanager
    def stage(self, *names: str) -> Iterator[None]:
        """The named models are usable on the device inside the block."""
        moved = [n for n in names if self.runtime.strategy != "full" and n not in self._streamed]
        for name in moved:
            self.models[name].to(self.runtime.device)
        try:
            yield
        finally:
            if self.runtime.device.type != "cpu":
                for name in moved:
                    self.models[name].to("cpu")
                if moved:
                    release_device_memory()


@torch.no_grad()
def decode_chunks(
    vae: Any, latents: torch.Tensor, chunk_size: int, device: torch.device
) -> Iterator[torch.Tensor]:
    """Phase 6: (1, N, 4, h, w) latents -> (n, 3, H, W) float32 frames in [0, 1] on the
    execution device, `chunk_size` frames at a time (only one chunk exists at once).

    Each chunk is decoded with num_frames = its own length, so the temporal decoder
    only mixes frames inside a chunk; chunk boundaries fall at 0, k, 2k, …
    """
    scaling = 1 / vae.config.scaling_factor
    dtype = next(vae.parameters()).dtype
    frames = latents.shape[1]
    for start in range(0, frames, chunk_size):
        z = latents[0, start : start + chunk_size].to(device=device, dtype=dtype)
        decoded = vae.decode(scaling * z, num_frames=z.shape[0]).sample
        yield (decoded.float() * 0.5 + 0.5).clamp(0, 1)
