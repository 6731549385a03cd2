"""The SVD-xt noise schedule and Euler step with v-prediction (SONIC_FACTS §1.9, §1.10).

Karras sigmas, computed exactly as diffusers' `EulerDiscreteScheduler` does for this
configuration (float64 ramp, stored as float32, a final 0 appended), and the
continuous timestep t = 0.25·ln σ fed to the UNet. σ is indexed by the step number:
the official pipeline re-derives the index per window by looking `t` up again, which
gives the same σ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

RHO = 7.0


@dataclass(frozen=True)
class SchedulerConfig:
    sigma_min: float
    sigma_max: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SchedulerConfig:
        """Accepts only what Sonic uses (SVD-xt's values); anything else is an error
        rather than a silently different schedule."""
        wanted = {
            "prediction_type": "v_prediction",
            "timestep_type": "continuous",
            "use_karras_sigmas": True,
        }
        for key, value in wanted.items():
            if data.get(key) != value:
                raise ValueError(
                    f"scheduler_config.json: {key} is {data.get(key)!r}, Sonic needs {value!r}"
                )
        if data.get("sigma_min") is None or data.get("sigma_max") is None:
            raise ValueError("scheduler_config.json needs sigma_min and sigma_max")
        return cls(sigma_min=float(data["sigma_min"]), sigma_max=float(data["sigma_max"]))

    @classmethod
    def from_file(cls, path: Path) -> SchedulerConfig:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Schedule:
    sigmas: torch.Tensor  # (steps + 1,) float32 on the CPU, last entry 0
    timesteps: torch.Tensor  # (steps,) float32: 0.25·ln σ_i

    @property
    def steps(self) -> int:
        return int(self.timesteps.shape[0])

    def sigma(self, step: int) -> torch.Tensor:
        """σ_step as a 0-d float32 tensor (kept a tensor: the official arithmetic is done
        with tensors, and a 0-d tensor does not change the dtype of what it multiplies)."""
        return self.sigmas[step]


def karras_schedule(config: SchedulerConfig, steps: int) -> Schedule:
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    ramp = np.linspace(0, 1, steps)
    min_inv_rho = config.sigma_min ** (1 / RHO)
    max_inv_rho = config.sigma_max ** (1 / RHO)
    sigmas64 = (max_inv_rho + ramp * (min_inv_rho - max_inv_rho)) ** RHO
    sigmas = torch.from_numpy(np.concatenate([sigmas64, [0.0]]).astype(np.float32))
    # One scalar at a time, in float32, as the reference does.
    timesteps = torch.stack([0.25 * s.log() for s in sigmas[:-1]])
    return Schedule(sigmas=sigmas, timesteps=timesteps)


def scale_model_input(sample: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """x / sqrt(σ² + 1)."""
    return sample / ((sigma**2 + 1) ** 0.5)


def add_noise(original: torch.Tensor, noise: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """original + noise·σ, with σ cast to the samples' dtype first (σ_max = 700 is exact
    in fp16)."""
    return original + noise * sigma.to(device=original.device, dtype=original.dtype)


def euler_step(
    model_output: torch.Tensor,
    sample: torch.Tensor,
    sigma: torch.Tensor,
    sigma_next: torch.Tensor,
) -> torch.Tensor:
    """One Euler step with v-prediction and no churn; returns the model output's dtype.

    D = v·(−σ/√(σ²+1)) + x/(σ²+1);  x' = x + (x − D)/σ · (σ_next − σ),
    with the sample upcast to float32 first. The product v·c stays in v's dtype
    before the float32 sum, as in the reference.
    """
    x = sample.to(torch.float32)
    denoised = model_output * (-sigma / (sigma**2 + 1) ** 0.5) + (x / (sigma**2 + 1))
    derivative = (x - denoised) / sigma
    dt = sigma_next - sigma
    return (x + derivative * dt).to(model_output.dtype)
