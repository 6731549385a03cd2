"""The Karras σ schedule, timesteps and Euler / v-prediction step (SONIC_FACTS §1.9-§1.10)."""

from __future__ import annotations

import math

import pytest
import torch
from tiny_checkpoints import SVD_SCHEDULER_CONFIG

from sonic_desktop.engines.sonic.scheduler import (
    SchedulerConfig,
    add_noise,
    euler_step,
    karras_schedule,
    scale_model_input,
)

# SONIC_FACTS §1.10, 25 steps, as printed there (some entries are rounded to 3 figures).
SIGMAS_25 = [
    700, 545.73, 421.57, 322.45, 244.02, 182.55, 134.85, 98.267, 70.541, 49.810,
    34.537, 23.468, 15.590, 10.097, 6.3543, 3.8697, 2.2691, 1.2732, 0.67815, 0.33938,
    0.15740, 0.066400, 0.024800, 0.0078800, 0.002, 0.0,
]  # fmt: skip


def test_sigmas_for_25_steps_match_the_published_schedule():
    schedule = karras_schedule(SchedulerConfig.from_dict(SVD_SCHEDULER_CONFIG), 25)
    assert schedule.sigmas.dtype == torch.float32 and schedule.sigmas.shape == (26,)
    for got, want in zip(schedule.sigmas.tolist(), SIGMAS_25, strict=True):
        assert got == pytest.approx(want, rel=5e-4, abs=1e-9)
    assert schedule.timesteps[0].item() == pytest.approx(1.63777, abs=1e-5)
    assert schedule.timesteps[-1].item() == pytest.approx(-1.55365, abs=1e-5)
    assert schedule.timesteps[3].item() == pytest.approx(0.25 * math.log(322.45), abs=1e-4)


def test_formula_by_hand_for_three_steps():
    schedule = karras_schedule(SchedulerConfig(sigma_min=0.002, sigma_max=700.0), 3)
    lo, hi = 0.002 ** (1 / 7), 700.0 ** (1 / 7)
    middle = (hi + 0.5 * (lo - hi)) ** 7
    assert schedule.sigmas.tolist() == pytest.approx([700.0, middle, 0.002, 0.0], rel=1e-6)


@pytest.mark.parametrize("steps", [1, 2, 4, 25, 30])
def test_schedule_equals_diffusers_euler_discrete(steps):
    from diffusers import EulerDiscreteScheduler

    reference = EulerDiscreteScheduler.from_config(SVD_SCHEDULER_CONFIG)
    reference.set_timesteps(steps)
    ours = karras_schedule(SchedulerConfig.from_dict(SVD_SCHEDULER_CONFIG), steps)
    assert torch.equal(ours.sigmas, reference.sigmas.float())
    assert torch.equal(ours.timesteps, reference.timesteps.float())


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16])
def test_euler_step_and_scaling_equal_diffusers_for_every_step(dtype):
    from diffusers import EulerDiscreteScheduler

    reference = EulerDiscreteScheduler.from_config(SVD_SCHEDULER_CONFIG)
    reference.set_timesteps(4)
    ours = karras_schedule(SchedulerConfig.from_dict(SVD_SCHEDULER_CONFIG), 4)
    generator = torch.Generator().manual_seed(0)
    sample = (torch.randn(1, 3, 4, 8, 8, generator=generator) * 50).to(dtype)
    for step, t in enumerate(reference.timesteps):
        output = torch.randn(1, 3, 4, 8, 8, generator=generator).to(dtype)
        reference._step_index = None  # as the official pipeline does per window
        expected_in = reference.scale_model_input(sample, t)
        expected = reference.step(output, t, sample).prev_sample
        sigma = ours.sigma(step)
        assert torch.equal(scale_model_input(sample, sigma), expected_in)
        got = euler_step(output, sample, sigma, ours.sigma(step + 1))
        assert torch.equal(got, expected)
        sample = got


def test_euler_step_keeps_half_precision_and_add_noise_uses_sigma_max():
    schedule = karras_schedule(SchedulerConfig(0.002, 700.0), 5)
    x = torch.ones(2, 2, dtype=torch.float16)
    out = euler_step(torch.zeros_like(x), x, schedule.sigma(0), schedule.sigma(1))
    assert out.dtype == torch.float16
    # v = 0: D = x/(σ²+1), so x' = x + (x − D)/σ·(σ' − σ).
    s0, s1 = schedule.sigma(0).item(), schedule.sigma(1).item()
    expected = 1 + (1 - 1 / (s0**2 + 1)) / s0 * (s1 - s0)
    assert out[0, 0].item() == pytest.approx(expected, rel=1e-3)
    ref = torch.full((1, 1, 4, 2, 2), 0.5, dtype=torch.float16)
    noise = torch.ones(1, 3, 4, 2, 2, dtype=torch.float16)
    noisy = add_noise(ref, noise, schedule.sigma(0))
    assert noisy.shape == (1, 3, 4, 2, 2) and torch.all(noisy == 700.5)


def test_unsupported_scheduler_configs_are_refused():
    bad = dict(SVD_SCHEDULER_CONFIG, prediction_type="epsilon")
    with pytest.raises(ValueError, match="prediction_type"):
        SchedulerConfig.from_dict(bad)
    with pytest.raises(ValueError, match="steps"):
        karras_schedule(SchedulerConfig(0.002, 700.0), 0)
