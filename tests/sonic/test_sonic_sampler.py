"""Sliding windows, guidance, micro-conditions and accumulation (SONIC_FACTS §1.8, §1.11)."""

from __future__ import annotations

import pytest
import torch

from sonic_desktop.engines.sonic.adapters import AudioConditioning
from sonic_desktop.engines.sonic.conditioning import ImageConditioning
from sonic_desktop.engines.sonic.sampler import (
    SamplerSettings,
    accumulate,
    combine_guidance,
    denoise,
    guidance_scales,
    initial_latents,
    time_ids,
    unet_calls,
    window_batch,
    window_indices,
    window_starts,
    windows_for_step,
)
from sonic_desktop.engines.sonic.scheduler import SchedulerConfig, karras_schedule


def test_window_starts_and_indices_by_hand():
    assert window_starts(31, 25) == [0, 25]
    assert window_starts(75, 25) == [0, 25, 50]
    assert window_starts(12, 25) == [0]
    # N = 31, step 0: the second window wraps to the start.
    first, second = windows_for_step(0, 31, SamplerSettings())
    assert first == list(range(25))
    assert second == [25, 26, 27, 28, 29, 30, *range(19)]
    # Step 1 shifts every window back by 7, wrapping negatives (Python modulo).
    first, second = windows_for_step(1, 31, SamplerSettings())
    assert first == [24, 25, 26, 27, 28, 29, 30, *range(18)]
    assert second == list(range(18, 31)) + list(range(12))
    # Step 5: shift 35 = 4 (mod 31).
    assert windows_for_step(5, 31, SamplerSettings())[0][:3] == [27, 28, 29]


def test_short_clips_repeat_frames_inside_the_window():
    index = window_indices(0, 0, 25, 12)
    assert index == [*range(12), *range(12), 0]
    # Every frame is covered in every step, for any shift.
    for step in range(6):
        covered = {i for w in windows_for_step(step, 31, SamplerSettings()) for i in w}
        assert covered == set(range(31))


def test_unet_call_count():
    assert unet_calls(31, 25, SamplerSettings()) == 50
    assert unet_calls(187, 25, SamplerSettings()) == 8 * 25  # SONIC_FACTS §6.3: 200 calls
    assert unet_calls(31, 4, SamplerSettings(frames_per_window=10)) == 16


def test_guidance_combination_and_scales():
    u, d, c = torch.tensor([1.0]), torch.tensor([3.0]), torch.tensor([10.0])
    g1, g2 = guidance_scales(SamplerSettings(), 4, torch.device("cpu"))
    assert g1.dtype == torch.float16 and g1.tolist() == [2.0] * 4 and g2.tolist() == [7.5] * 4
    out = combine_guidance(torch.stack([u, d, c]), g1[0], g2[0])
    assert out.item() == pytest.approx(1 + 2 * (3 - 1) + 7.5 * (10 - 3))
    # The scales are stored in fp16 like the official ones.
    odd, _ = guidance_scales(SamplerSettings(appearance_guidance_scale=2.3), 1, torch.device("cpu"))
    assert odd.item() == pytest.approx(2.30078125)


def test_time_ids_average_the_window_buckets():
    buckets = torch.tensor([[10.0, 20.0], [30.0, 60.0]])
    ids = time_ids(buckets, 12.5, torch.float16, torch.device("cpu"))
    assert ids.shape == (3, 3) and ids.dtype == torch.float16
    assert ids.tolist() == [[12.5, 20.0, 40.0]] * 3


def test_accumulate_scatter_adds_and_counts_repeats():
    pred = torch.zeros(1, 5, 1, 1, 1)
    counter = torch.zeros(1, 5, 1, 1, 1)
    update = torch.arange(1.0, 8.0).reshape(1, 7, 1, 1, 1)
    accumulate(pred, counter, [3, 4, 0, 1, 2, 3, 4], update)
    assert counter.flatten().tolist() == [1, 1, 1, 2, 2]
    assert pred.flatten().tolist() == [3, 4, 5, 1 + 6, 2 + 7]


def _conditioning(num_frames: int, h: int = 2, w: int = 2):
    image = ImageConditioning(
        clip_embeds=torch.ones(1, 4),
        ref_latents=torch.zeros(1, 4, h, w),
        image_latents=torch.full((1, 4, h, w), 2.0),
        mask=torch.ones(1, 1, 8 * h, 8 * w),
    )
    audio = AudioConditioning(
        tokens=torch.arange(float(num_frames))[:, None, None].expand(num_frames, 3, 4).clone(),
        uncond_tokens=torch.full((3, 4), -1.0),
        buckets=torch.stack(
            [torch.arange(float(num_frames)), 2 * torch.arange(float(num_frames))], 1
        ),
    )
    return image, audio


def test_window_batch_builds_the_three_branches():
    image, audio = _conditioning(6)
    latents = torch.arange(6.0)[None, :, None, None, None].expand(1, 6, 4, 2, 2).clone()
    sigma = torch.tensor(3.0)
    batch = window_batch(
        latents,
        [4, 5, 0],
        sigma,
        image,
        audio,
        SamplerSettings(),
        torch.device("cpu"),
        torch.float32,
    )
    assert batch.sample.shape == (3, 3, 8, 2, 2)
    # Noisy latents scaled by 1/sqrt(σ²+1), then the image latents: zero for uncond.
    assert batch.sample[1, 0, 0, 0, 0].item() == pytest.approx(4 / 10**0.5)
    assert batch.sample[0, :, 4:].abs().sum() == 0 and torch.all(batch.sample[1:, :, 4:] == 2)
    # CLIP per frame: zeros, real, real.
    assert batch.clip_embeds.shape == (9, 1, 4)
    assert batch.clip_embeds[:3].abs().sum() == 0 and torch.all(batch.clip_embeds[3:] == 1)
    # Audio per frame: uncond, uncond, then the window's own tokens.
    assert batch.audio_tokens.shape == (9, 3, 4)
    assert torch.all(batch.audio_tokens[:6] == -1)
    assert batch.audio_tokens[6:, 0, 0].tolist() == [4.0, 5.0, 0.0]
    assert batch.added_time_ids[0].tolist() == [12.5, 3.0, 6.0]


def test_denoise_runs_every_window_of_every_step_and_averages():
    image, audio = _conditioning(31)
    schedule = karras_schedule(SchedulerConfig(0.002, 700.0), 3)
    generator = torch.Generator().manual_seed(0)
    latents = initial_latents(image.ref_latents, 31, schedule, generator)
    assert latents.shape == (1, 31, 4, 2, 2)
    calls = []

    def fake_unet(sample, t, clip, audio_tokens, ids, mask):
        calls.append((sample.shape, float(t)))
        return torch.zeros(sample.shape[0], sample.shape[1], 4, *sample.shape[3:])

    seen = []
    out = denoise(
        latents, image, audio, schedule, SamplerSettings(), fake_unet, generator,
        device=torch.device("cpu"), dtype=torch.float32,
        after_call=lambda step, window: seen.append((step, window)),
    )  # fmt: skip
    assert seen == [(s, w) for s in range(3) for w in range(2)]
    assert all(shape == (3, 25, 8, 2, 2) for shape, _ in calls)
    assert [t for _, t in calls[::2]] == pytest.approx(schedule.timesteps.tolist())
    # v = 0 everywhere: each step is x·(1 + (1 − 1/(σ²+1))/σ·(σ' − σ)), whatever the windows.
    expected = latents.clone()
    for step in range(3):
        s, s1 = schedule.sigma(step), schedule.sigma(step + 1)
        expected = expected + (expected - expected / (s**2 + 1)) / s * (s1 - s)
    assert torch.allclose(out, expected, rtol=1e-5, atol=1e-6)


def test_explicit_initial_noise_replaces_the_draw():
    image, _ = _conditioning(3)
    schedule = karras_schedule(SchedulerConfig(0.002, 700.0), 2)
    noise = torch.ones(1, 3, 4, 2, 2)
    generator = torch.Generator().manual_seed(0)
    state = generator.get_state()
    latents = initial_latents(image.ref_latents, 3, schedule, generator, noise=noise)
    assert torch.all(latents == 700.0)
    assert torch.equal(generator.get_state(), state)  # nothing drawn
    with pytest.raises(ValueError, match="shape"):
        initial_latents(image.ref_latents, 4, schedule, generator, noise=noise)
