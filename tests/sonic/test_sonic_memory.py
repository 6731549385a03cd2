"""Device, precision, memory strategies and out-of-memory handling (GPU logic, run on the CPU)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from sonic_desktop.core.errors import EngineUnavailable, OutOfVideoMemory
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.engines.sonic.engine import resolve_runtime
from sonic_desktop.engines.sonic.memory import (
    Placement,
    Runtime,
    decode_chunks,
    next_lower_tier,
    oom_guard,
)

CPU = torch.device("cpu")


def test_cpu_runs_in_fp32_whatever_was_asked():
    runtime, notices = resolve_runtime(RenderSettings(device="cpu", precision="fp16"))
    assert runtime == Runtime(CPU, torch.float32, "full")
    assert notices and "fp32" in notices[0]
    assert not runtime.latents_on_host and runtime.latent_device == CPU


def test_missing_cuda_device_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(EngineUnavailable, match="cuda:1"):
        resolve_runtime(RenderSettings(device="cuda:1"))
    runtime, _ = resolve_runtime(RenderSettings(device="auto"))
    assert runtime.device == CPU


def test_cuda_precision_and_strategy_logic(monkeypatch):
    """With CUDA present (faked): fp16 by default, bf16 only where supported, the
    strategy from the cost model unless the user picked one."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    import sonic_desktop.core.hardware as hardware

    monkeypatch.setattr(hardware, "probe_gpus", lambda **kwargs: [])  # no figures: "full"
    runtime, notices = resolve_runtime(RenderSettings())
    assert runtime.device == torch.device("cuda:0") and runtime.dtype == torch.float16
    assert runtime.strategy == "full" and notices == []
    runtime, notices = resolve_runtime(RenderSettings(precision="bf16"))
    assert runtime.dtype == torch.float16 and "bf16" in notices[0]
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: True)
    runtime, _ = resolve_runtime(RenderSettings(precision="bf16", memory_strategy="model_offload"))
    assert runtime.dtype == torch.bfloat16 and runtime.strategy == "model_offload"
    assert runtime.latents_on_host and runtime.latent_device == CPU


def test_out_of_memory_becomes_a_typed_error_naming_the_next_tier():
    assert next_lower_tier("full") == "model_offload"
    assert next_lower_tier("model_offload") == "sequential_offload"
    assert next_lower_tier("sequential_offload") is None
    runtime = Runtime(CPU, torch.float32, "full")
    with pytest.raises(OutOfVideoMemory) as caught, oom_guard(runtime, "denoising"):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 1.00 GiB")
    assert "'full'" in caught.value.message and "'model_offload'" in caught.value.hint
    last = Runtime(CPU, torch.float32, "sequential_offload")
    with pytest.raises(OutOfVideoMemory) as caught, oom_guard(last, "decoding"):
        raise RuntimeError("CUDA error: out of memory")
    assert "min_resolution" in caught.value.hint
    with pytest.raises(ValueError), oom_guard(runtime, "denoising"):
        raise ValueError("not a memory problem")


class _Recorder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.moves: list[str] = []
        self.layer = nn.Linear(2, 2)

    def to(self, *args, **kwargs):  # type: ignore[override]
        device = args[0] if args else kwargs.get("device")
        self.moves.append(str(device))
        return self


def test_placement_moves_only_the_active_stage():
    models = {"unet": _Recorder(), "vae": _Recorder(), "rife": _Recorder()}
    Placement(models, Runtime(CPU, torch.float32, "full"))
    assert all(m.moves == ["cpu"] for m in models.values())  # once, up front

    models = {"unet": _Recorder(), "vae": _Recorder(), "rife": _Recorder()}
    placement = Placement(models, Runtime(torch.device("meta"), torch.float16, "model_offload"))
    with placement.stage("vae", "rife"):
        assert models["vae"].moves == ["meta"] and models["unet"].moves == []
    assert models["vae"].moves == ["meta", "cpu"] and models["rife"].moves == ["meta", "cpu"]


def test_chunked_decode_passes_each_chunk_its_own_length():
    seen = []

    class FakeVae(nn.Module):
        config = type("Config", (), {"scaling_factor": 0.5})()

        def __init__(self) -> None:
            super().__init__()
            self.anchor = nn.Parameter(torch.zeros(1))

        def decode(self, z, num_frames):
            seen.append((z.shape[0], num_frames, float(z.flatten()[0])))
            frames = z[:, :3].repeat_interleave(8, -1).repeat_interleave(8, -2)
            return type("Out", (), {"sample": frames})()

    latents = torch.arange(11.0)[None, :, None, None, None].expand(1, 11, 4, 2, 2) * 0.1
    chunks = list(decode_chunks(FakeVae(), latents, 4, CPU))
    assert [c.shape for c in chunks] == [(4, 3, 16, 16), (4, 3, 16, 16), (3, 3, 16, 16)]
    assert [(n, f) for n, f, _ in seen] == [(4, 4), (4, 4), (3, 3)]
    assert seen[1][2] == pytest.approx(0.4 / 0.5)  # latents × 1/scaling_factor
    assert chunks[0][1].max() == pytest.approx(0.1 / 0.5 * 0.5 + 0.5)  # v·0.5 + 0.5
    assert all(c.min() >= 0 and c.max() <= 1 for c in chunks)
