"""The Sonic pipeline, top to bottom (SONIC_FACTS §1.5-§1.13).

0. load the models (`components`), place them (`memory`)
1. Whisper features, one encoder pass per 30 s window
2. CLIP image embedding
3. audio2token / audio2bucket per frame
4. VAE latents of the portrait (first seeded draw: noise augmentation)
5. initial latents (second seeded draw)
6. sliding-window denoising with three-branch guidance
7. chunked VAE decode → RIFE → uint8 frames, streamed one at a time

Seeds: one `torch.Generator` on the execution device, seeded once, drawn in the
official order (§1.14). On the same device a seed gives the same video.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch

from sonic_desktop.core.progress import CancelToken, ProgressCallback, ProgressTracker, Stage
from sonic_desktop.engines.sonic.adapters import AudioConditioning, audio_conditioning
from sonic_desktop.engines.sonic.audio_features import whisper_features
from sonic_desktop.engines.sonic.components import SonicComponents
from sonic_desktop.engines.sonic.conditioning import (
    ImageConditioning,
    ReferenceImage,
    clip_embedding,
    image_conditioning,
)
from sonic_desktop.engines.sonic.memory import Placement, Runtime, decode_chunks, oom_guard
from sonic_desktop.engines.sonic.rife import interleave
from sonic_desktop.engines.sonic.sampler import (
    SamplerSettings,
    denoise,
    initial_latents,
    unet_calls,
)
from sonic_desktop.engines.sonic.scheduler import karras_schedule
from sonic_desktop.engines.sonic.unet_audio import set_ip_audio_scale, sonic_unet_forward


@dataclass(frozen=True)
class SonicJob:
    """What one render asks of the pipeline."""

    reference: ReferenceImage
    waveform: np.ndarray  # 16 kHz mono float32, trimmed and offset
    steps: int
    seed: int
    sampler: SamplerSettings
    dynamic_scale: float = 1.0
    motion_scale: float = 1.0
    ip_audio_scale: float = 1.0
    decode_chunk_size: int = 8
    frame_interpolation: bool = True
    initial_noise: torch.Tensor | None = None  # (1, N, 4, H/8, W/8): replaces draw 2


@dataclass(frozen=True)
class Conditioning:
    """Phases 1-5. (The Whisper features are not kept: once the adapters have run they
    are dead weight, about 50 MB per minute of audio.)"""

    audio: AudioConditioning
    image: ImageConditioning
    latents: torch.Tensor  # (1, N, 4, h, w) initial latents (host when offloading)

    @property
    def num_frames(self) -> int:
        return self.audio.num_frames


def output_frame_count(num_frames: int, frame_interpolation: bool) -> int:
    """2N − 1 with RIFE (a midpoint between each pair), else N."""
    if frame_interpolation and num_frames > 0:
        return 2 * num_frames - 1
    return num_frames


def to_uint8(frame: torch.Tensor) -> np.ndarray:
    """(3, H, W) float in [0, 1] -> (H, W, 3) uint8 RGB, truncating as the official
    writer does (×255 then a cast, no rounding)."""
    return (frame * 255).to(torch.uint8).permute(1, 2, 0).cpu().contiguous().numpy()


class SonicPipeline:
    def __init__(self, components: SonicComponents, runtime: Runtime) -> None:
        self.components = components
        self.runtime = runtime
        self.placement = Placement(components.modules(), runtime)

    def generator(self, seed: int) -> torch.Generator:
        return torch.Generator(device=self.runtime.device).manual_seed(seed)

    def condition(
        self, job: SonicJob, generator: torch.Generator, progress: ProgressCallback
    ) -> Conditioning:
        """Phases 1-5."""
        c, runtime, place = self.components, self.runtime, self.placement
        tracker = ProgressTracker(Stage.ANALYSING_AUDIO, 5, progress)
        with torch.inference_mode():
            # 1. Whisper features.
            with place.stage("whisper"), oom_guard(runtime, "encoding the audio"):
                features = whisper_features(
                    job.waveform, c.feature_extractor, c.whisper_encoder, runtime.device
                )
            tracker.advance(message="Whisper features")
            if features.num_frames < 1:
                raise ValueError("the audio is too short for one frame (0.08 s)")

            # 2. CLIP image embedding.
            with place.stage("image_encoder"), oom_guard(runtime, "encoding the portrait"):
                clip_embeds = clip_embedding(
                    c.image_encoder, job.reference.clip_pixels, runtime.device
                )
            tracker.advance(message="CLIP embedding")

            # 3. Audio adapters.
            with (
                place.stage("audio2token", "audio2bucket"),
                oom_guard(runtime, "encoding the audio"),
            ):
                audio = audio_conditioning(
                    features,
                    c.audio2token,
                    c.audio2bucket,
                    clip_embeds,
                    device=runtime.device,
                    token_dtype=runtime.dtype,
                    dynamic_scale=job.dynamic_scale,
                    motion_scale=job.motion_scale,
                )
            tracker.advance(message="audio tokens and motion buckets")

            # 4. VAE latents of the portrait (first seeded draw).
            with place.stage("vae"), oom_guard(runtime, "encoding the portrait"):
                image = image_conditioning(
                    job.reference, c.image_encoder, c.vae, generator, clip_embeds=clip_embeds
                )
            tracker.advance(message="VAE latents")

            # 5. Initial latents (second seeded draw).
            schedule = karras_schedule(c.scheduler, job.steps)
            latents = initial_latents(
                image.ref_latents, audio.num_frames, schedule, generator, job.initial_noise
            ).to(runtime.latent_device)
            tracker.advance(message="initial noise")
        return Conditioning(audio, image, latents)

    def denoise(
        self,
        job: SonicJob,
        cond: Conditioning,
        generator: torch.Generator,
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> torch.Tensor:
        """Phase 6: one progress unit per UNet call; cancellation between calls."""
        runtime = self.runtime
        schedule = karras_schedule(self.components.scheduler, job.steps)
        total = unet_calls(cond.num_frames, job.steps, job.sampler)
        tracker = ProgressTracker(Stage.DENOISING, total, progress)
        unet = self.components.unet
        set_ip_audio_scale(unet, job.ip_audio_scale)

        def call(*args: torch.Tensor) -> torch.Tensor:
            with oom_guard(runtime, "denoising"):
                return sonic_unet_forward(unet, *args)

        def after(step: int, window: int) -> None:
            tracker.advance(message=f"step {step + 1} of {job.steps}")

        with self.placement.stage("unet"), torch.inference_mode():
            return denoise(
                cond.latents,
                cond.image,
                cond.audio,
                schedule,
                job.sampler,
                call,
                generator,
                device=runtime.device,
                dtype=runtime.dtype,
                before_call=lambda step, window: cancel.check(),
                after_call=after,
            )

    def decode(
        self,
        job: SonicJob,
        latents: torch.Tensor,
        progress: ProgressCallback,
        cancel: CancelToken,
    ) -> Iterator[np.ndarray]:
        """Phase 7: decode a chunk at a time, interpolate, convert, yield one frame at a time."""
        c, runtime = self.components, self.runtime
        num_frames = latents.shape[1]
        total = output_frame_count(num_frames, job.frame_interpolation)
        tracker = ProgressTracker(Stage.DECODING, total, progress)
        names = ("vae", "rife") if job.frame_interpolation else ("vae",)
        with self.placement.stage(*names):
            chunks = decode_chunks(c.vae, latents, job.decode_chunk_size, runtime.device)
            frames: Iterator[torch.Tensor] = (f for chunk in chunks for f in chunk)
            if job.frame_interpolation:
                if c.rife is None:
                    raise ValueError("frame interpolation needs the RIFE model")
                frames = interleave(c.rife, frames, runtime.device)
            stream = _guarded(frames, runtime, "decoding the frames")
            for frame in stream:
                cancel.check()
                yield to_uint8(frame)
                tracker.advance(message="decoding and interpolating")

    def run(
        self, job: SonicJob, progress: ProgressCallback, cancel: CancelToken
    ) -> Iterator[np.ndarray]:
        """Every phase; yields (H, W, 3) uint8 RGB frames at 25 fps (12.5 without RIFE)."""
        generator = self.generator(job.seed)
        cond = self.condition(job, generator, progress)
        cancel.check()
        latents = self.denoise(job, cond, generator, progress, cancel)
        yield from self.decode(job, latents, progress, cancel)


def _guarded(
    frames: Iterator[torch.Tensor], runtime: Runtime, stage: str
) -> Iterator[torch.Tensor]:
    """Apply `oom_guard` to each step of a lazy frame stream (never across a yield)."""
    while True:
        with oom_guard(runtime, stage):
            frame = next(frames, None)
        if frame is None:
            return
        yield frame
