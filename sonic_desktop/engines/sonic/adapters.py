"""Phase 2: the audio adapters (SONIC_FACTS §1.7).

audio2token turns the 10 Whisper tokens × 5 hidden states around each frame into 32
cross-attention tokens of 1024; audio2bucket turns the 50 last-layer tokens around a
frame plus the CLIP image embedding into two motion buckets. Both run in float32.
The module and parameter names match the official state dicts.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from sonic_desktop.engines.sonic.audio_features import (
    AudioFeatures,
    bucket_window,
    prompt_window,
)

TOKEN_SEQ, TOKEN_BLOCKS, CHANNELS = 10, 5, 384
BUCKET_SEQ, BUCKET_BLOCKS = 50, 1
CLIP_CHANNELS = 1024
INTERMEDIATE = 1024
CONTEXT_TOKENS = 32
TOKEN_DIM = 1024
BUCKETS = 2
ADAPTER_BATCH = 64  # frames per adapter call: bounds memory for long clips


class AudioProjModel(nn.Module):
    """audio2token: (bz, f, 10, 5, 384) -> (bz, f, 32, 1024)."""

    def __init__(self) -> None:
        super().__init__()
        self.proj1 = nn.Linear(TOKEN_SEQ * TOKEN_BLOCKS * CHANNELS, INTERMEDIATE)
        self.proj2 = nn.Linear(INTERMEDIATE, INTERMEDIATE)
        self.proj3 = nn.Linear(INTERMEDIATE, CONTEXT_TOKENS * TOKEN_DIM)
        self.norm = nn.LayerNorm(TOKEN_DIM)

    def forward(self, audio: torch.Tensor) -> torch.Tensor:
        bz, frames = audio.shape[:2]
        x = audio.reshape(bz * frames, -1)
        x = torch.relu(self.proj1(x))
        x = torch.relu(self.proj2(x))
        x = self.proj3(x).reshape(bz * frames, CONTEXT_TOKENS, TOKEN_DIM)
        return self.norm(x).reshape(bz, frames, CONTEXT_TOKENS, TOKEN_DIM)


class Audio2BucketModel(nn.Module):
    """audio2bucket: (bz, f, 50, 1, 384) and CLIP (bz, 1024) -> (bz, f, 2, 1)."""

    def __init__(self) -> None:
        super().__init__()
        self.proj1 = nn.Linear(BUCKET_SEQ * BUCKET_BLOCKS * CHANNELS + CLIP_CHANNELS, INTERMEDIATE)
        self.proj2 = nn.Linear(INTERMEDIATE, INTERMEDIATE)
        self.proj3 = nn.Linear(INTERMEDIATE, BUCKETS)

    def forward(self, audio: torch.Tensor, clip_embeds: torch.Tensor) -> torch.Tensor:
        bz, frames = audio.shape[:2]
        x = audio.reshape(bz, frames, -1)
        clip = clip_embeds.reshape(bz, 1, -1).expand(bz, frames, clip_embeds.shape[-1])
        # fp16 CLIP with fp32 audio: type promotion makes the input float32, as officially.
        x = torch.cat([x, clip], dim=-1)
        x = nn.functional.silu(self.proj1(x))
        x = nn.functional.silu(self.proj2(x))
        return self.proj3(x).reshape(bz, frames, BUCKETS, 1)


@dataclass(frozen=True)
class AudioConditioning:
    """Per-frame audio conditioning on the host.

    tokens:        (N, 32, 1024) audio2token output, in the UNet's dtype
    uncond_tokens: (32, 1024) audio2token of an all-zero clip (not zero), UNet dtype
    buckets:       (N, 2) float32 motion buckets after scaling: [pose, expression]
    """

    tokens: torch.Tensor
    uncond_tokens: torch.Tensor
    buckets: torch.Tensor

    @property
    def num_frames(self) -> int:
        return int(self.tokens.shape[0])


def scale_buckets(raw: torch.Tensor, dynamic_scale: float, motion_scale: float) -> torch.Tensor:
    """(N, 2) raw adapter outputs -> buckets.

    Officially both buckets are dynamic_scale·(16·raw + 16). Here the pose bucket (0) is
    also multiplied by motion_scale (PARAMETERS.md), so motion_scale = 1 is the official
    mapping.
    """
    buckets = 16 * raw + 16
    scale = torch.tensor([dynamic_scale * motion_scale, dynamic_scale], dtype=buckets.dtype)
    return buckets * scale


@torch.no_grad()
def audio_conditioning(
    features: AudioFeatures,
    audio2token: AudioProjModel,
    audio2bucket: Audio2BucketModel,
    clip_embeds: torch.Tensor,
    *,
    token_dtype: torch.dtype,
    device: torch.device | None = None,
    dynamic_scale: float = 1.0,
    motion_scale: float = 1.0,
) -> AudioConditioning:
    """Phase 2: audio tokens and motion buckets for every generated frame."""
    device = device or torch.device("cpu")
    frames = features.num_frames
    # Filled in place, chunk by chunk: no second copy of the largest host tensor.
    tokens = torch.empty(frames, CONTEXT_TOKENS, TOKEN_DIM, dtype=token_dtype)
    raw = torch.empty(frames, BUCKETS)
    for start in range(0, frames, ADAPTER_BATCH):
        index = range(start, min(start + ADAPTER_BATCH, frames))
        clips = torch.stack([prompt_window(features.prompts, i) for i in index])[None]
        out = audio2token(clips.to(device=device, dtype=torch.float32))[0]
        tokens[index.start : index.stop] = out.to(token_dtype).cpu()
        windows = torch.stack([bucket_window(features.last_prompts, i) for i in index])[None]
        bucket = audio2bucket(
            windows.to(device=device, dtype=torch.float32), clip_embeds.to(device)
        )
        raw[index.start : index.stop] = bucket[0, :, :, 0].float().cpu()
    zeros = torch.zeros(1, 1, TOKEN_SEQ, TOKEN_BLOCKS, CHANNELS, device=device)
    uncond = audio2token(zeros)[0, 0].to(token_dtype).cpu()
    return AudioConditioning(
        tokens=tokens,
        uncond_tokens=uncond,
        buckets=scale_buckets(raw, dynamic_scale, motion_scale),
    )
