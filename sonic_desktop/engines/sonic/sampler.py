"""Phases 4-5: initial latents and the sliding-window denoising loop (SONIC_FACTS §1.8-§1.11).

Per step i, windows of F = 25 frames start at 0, 25, 50, … < N, each moved back by
shift = shift_offset·i and wrapped modulo N, so the clip is treated as a circle and
the window seams move every step. Every window reads the previous step's latents,
runs the UNet once on three CFG branches, takes one Euler step, and its result is
added into an accumulator; frames covered more than once are averaged.

CFG branches, in batch order: uncond (zero CLIP, zero image latents, uncond audio),
drop-audio (real CLIP and image latents, uncond audio), cond (everything real);
ε = u + g1·(d − u) + g2·(c − d), with g1 the appearance and g2 the audio scale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from sonic_desktop.engines.sonic.adapters import AudioConditioning
from sonic_desktop.engines.sonic.conditioning import ImageConditioning
from sonic_desktop.engines.sonic.scheduler import (
    Schedule,
    add_noise,
    euler_step,
    scale_model_input,
)

GENERATED_FPS = 12.5
CFG_BRANCHES = 3

UNetCall = Callable[..., torch.Tensor]


@dataclass(frozen=True)
class SamplerSettings:
    frames_per_window: int = 25
    shift_offset: int = 7
    overlap: int = 0
    appearance_guidance_scale: float = 2.0
    audio_guidance_scale: float = 7.5
    fps: float = GENERATED_FPS


def window_starts(num_frames: int, window: int, overlap: int = 0) -> list[int]:
    """Unshifted window starts: range(0, N, window − overlap)."""
    return list(range(0, num_frames, window - overlap))


def window_indices(start: int, shift: int, window: int, num_frames: int) -> list[int]:
    """Frame indices of one window: (start − shift + k) mod N for k < window.

    Python's modulo wraps negatives, and frames repeat inside a window when N < window.
    """
    first = start - shift
    return [(first + k) % num_frames for k in range(window)]


def windows_for_step(step: int, num_frames: int, settings: SamplerSettings) -> list[list[int]]:
    shift = step * settings.shift_offset
    return [
        window_indices(start, shift, settings.frames_per_window, num_frames)
        for start in window_starts(num_frames, settings.frames_per_window, settings.overlap)
    ]


def guidance_scales(
    settings: SamplerSettings, steps: int, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    """(g1, g2) per step as fp16 tensors on the device, as officially: g1 = linspace(min,
    max, steps) with min = max = the appearance scale, g2 the audio scale."""
    g1 = torch.linspace(
        settings.appearance_guidance_scale, settings.appearance_guidance_scale, steps
    )
    g2 = torch.linspace(settings.audio_guidance_scale, settings.audio_guidance_scale, steps)
    return g1.to(device, torch.float16), g2.to(device, torch.float16)


def combine_guidance(
    prediction: torch.Tensor, appearance_scale: torch.Tensor, audio_scale: torch.Tensor
) -> torch.Tensor:
    """(3, ...) model outputs -> u + g1·(d − u) + g2·(c − d), left to right."""
    uncond, drop_audio, cond = prediction.chunk(CFG_BRANCHES)
    return uncond + appearance_scale * (drop_audio - uncond) + audio_scale * (cond - drop_audio)


def time_ids(
    buckets: torch.Tensor, fps: float, dtype: torch.dtype, device: torch.device
) -> torch.Tensor:
    """(3, 3): [fps, mean pose bucket, mean expression bucket] for the window's frames,
    the same row for the three branches, cast to the UNet dtype."""
    mean = buckets.mean(dim=0)
    row = torch.cat([torch.tensor([fps], dtype=mean.dtype), mean])
    return row[None].repeat(CFG_BRANCHES, 1).to(device=device, dtype=dtype)


def initial_latents(
    ref_latents: torch.Tensor,
    num_frames: int,
    schedule: Schedule,
    generator: torch.Generator,
    noise: torch.Tensor | None = None,
) -> torch.Tensor:
    """(1, N, 4, h, w) = ref_latent + σ_max·noise (the scheduler's add_noise at t_0).

    The noise is drawn on the generator's device in the latents' dtype (the second
    draw of the seeded RNG), unless an explicit `noise` tensor is given.
    """
    shape = (1, num_frames, *ref_latents.shape[1:])
    if noise is None:
        noise = torch.randn(
            shape, generator=generator, device=generator.device, dtype=ref_latents.dtype
        )
    elif tuple(noise.shape) != shape:
        raise ValueError(f"initial noise must have shape {shape}, got {tuple(noise.shape)}")
    noise = noise.to(device=ref_latents.device, dtype=ref_latents.dtype)
    return add_noise(ref_latents[:, None], noise, schedule.sigma(0))


@dataclass(frozen=True)
class WindowBatch:
    """Everything one UNet call gets, on the execution device."""

    latents: torch.Tensor  # (1, F, 4, h, w): the window's current latents
    sample: torch.Tensor  # (3, F, 8, h, w)
    clip_embeds: torch.Tensor  # (3F, 1, 1024)
    audio_tokens: torch.Tensor  # (3F, 32, 1024)
    added_time_ids: torch.Tensor  # (3, 3)


def window_batch(
    latents: torch.Tensor,
    index: list[int],
    sigma: torch.Tensor,
    image: ImageConditioning,
    audio: AudioConditioning,
    settings: SamplerSettings,
    device: torch.device,
    dtype: torch.dtype,
) -> WindowBatch:
    frames = len(index)
    positions = torch.tensor(index, dtype=torch.long)
    x = latents[:, positions.to(latents.device)].to(device)
    scaled = scale_model_input(torch.cat([x] * CFG_BRANCHES), sigma)
    image_latents = image.image_latents[:, None].expand(1, frames, *image.image_latents.shape[1:])
    branch_latents = torch.cat([torch.zeros_like(image_latents), image_latents, image_latents])
    sample = torch.cat([scaled, branch_latents.to(scaled.dtype)], dim=2)

    embeds = image.clip_embeds.to(device=device, dtype=dtype)[:, None]  # (1, 1, D)
    clip = torch.cat([torch.zeros_like(embeds), embeds, embeds])  # (3, 1, D)
    clip = clip.repeat_interleave(frames, dim=0)  # (3F, 1, D)

    uncond = audio.uncond_tokens.to(device=device, dtype=dtype)[None].expand(frames, -1, -1)
    cond = audio.tokens[positions].to(device=device, dtype=dtype)
    tokens = torch.cat([uncond, uncond, cond])

    ids = time_ids(audio.buckets[positions], settings.fps, dtype, device)
    return WindowBatch(x, sample, clip, tokens, ids)


def accumulate(
    pred: torch.Tensor, counter: torch.Tensor, index: list[int], update: torch.Tensor
) -> None:
    """Scatter-add one window's result (frames repeated inside a window add up too)."""
    positions = torch.tensor(index, dtype=torch.long, device=pred.device)
    pred.index_add_(1, positions, update.to(device=pred.device, dtype=pred.dtype))
    counter.index_add_(
        1, positions, torch.ones(1, len(index), 1, 1, 1, dtype=counter.dtype, device=counter.device)
    )


def denoise(
    latents: torch.Tensor,
    image: ImageConditioning,
    audio: AudioConditioning,
    schedule: Schedule,
    settings: SamplerSettings,
    unet_call: UNetCall,
    generator: torch.Generator,
    *,
    device: torch.device,
    dtype: torch.dtype,
    before_call: Callable[[int, int], None] = lambda step, window: None,
    after_call: Callable[[int, int], None] = lambda step, window: None,
) -> torch.Tensor:
    """Phase 5: the denoising loop; returns the final latents where they were kept.

    `latents` may live on the host (long clips) while the UNet runs on `device`: only
    one window is moved at a time. `before_call` runs before every UNet call (the
    engine checks cancellation there); `after_call` after it (progress).
    `unet_call(sample, timestep, clip_embeds, audio_tokens, added_time_ids, face_mask)`.
    """
    num_frames = latents.shape[1]
    g1, g2 = guidance_scales(settings, schedule.steps, device)
    for step in range(schedule.steps):
        sigma, sigma_next = schedule.sigma(step), schedule.sigma(step + 1)
        timestep = schedule.timesteps[step]
        pred = torch.zeros_like(latents)
        counter = torch.zeros(1, num_frames, 1, 1, 1, dtype=latents.dtype, device=latents.device)
        for number, index in enumerate(windows_for_step(step, num_frames, settings)):
            before_call(step, number)
            batch = window_batch(latents, index, sigma, image, audio, settings, device, dtype)
            output = unet_call(
                batch.sample,
                timestep,
                batch.clip_embeds,
                batch.audio_tokens,
                batch.added_time_ids,
                image.mask,
            )
            guided = combine_guidance(output, g1[step], g2[step])
            # The scheduler's step draws (and discards) one noise tensor per call.
            torch.randn(
                guided.shape, generator=generator, device=generator.device, dtype=guided.dtype
            )
            update = euler_step(guided, batch.latents, sigma, sigma_next)
            accumulate(pred, counter, index, update)
            after_call(step, number)
        latents = (pred / counter).to(latents.dtype)
    return latents


def unet_calls(num_frames: int, steps: int, settings: SamplerSettings) -> int:
    return steps * len(window_starts(num_frames, settings.frames_per_window, settings.overlap))
