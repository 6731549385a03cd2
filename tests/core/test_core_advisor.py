from __future__ import annotations

from types import SimpleNamespace

import pytest

from sonic_desktop.core.advisor import TIERS, check_fits, suggest, tier_for_vram
from sonic_desktop.core.cost_model import estimate
from sonic_desktop.core.hardware import GIB, GpuInfo, probe_gpus
from sonic_desktop.core.settings import RenderSettings


class OneBoardNvml:
    """Just enough of pynvml for one RTX 3060 12 GB."""

    def nvmlInit(self):
        pass

    def nvmlShutdown(self):
        pass

    def nvmlDeviceGetCount(self):
        return 1

    def nvmlDeviceGetHandleByIndex(self, index):
        return index

    def nvmlDeviceGetName(self, handle):
        return "NVIDIA GeForce RTX 3060"

    def nvmlDeviceGetMemoryInfo(self, handle):
        return SimpleNamespace(total=12 * GIB, free=int(11.3 * GIB))

    def nvmlDeviceGetCudaComputeCapability(self, handle):
        return (8, 6)


def card(total_gb: float, free_gb: float | None = None, name: str = "Test GPU") -> GpuInfo:
    free = total_gb - 0.6 if free_gb is None else free_gb
    return GpuInfo(0, name, total_gb, free, (8, 6), "nvml")


@pytest.mark.parametrize(
    ("total_gb", "expected"),
    [
        (80, (1024, 25, "full", 8)),
        (24, (1024, 25, "full", 8)),
        (23.99, (1024, 25, "full", 8)),  # an RTX 4090 as NVML reports it
        (16, (768, 25, "full", 4)),
        (15.99, (768, 25, "full", 4)),
        (12, (768, 20, "model_offload", 8)),
        (10, (512, 20, "sequential_offload", 4)),
        (8, (512, 20, "sequential_offload", 4)),
        (6, (384, 15, "sequential_offload", 2)),
        (4, (384, 15, "sequential_offload", 2)),
    ],
)
def test_suggestion_follows_the_hardware_table(total_gb, expected):
    result = suggest([card(total_gb)])
    assert result.engine == "sonic"
    strategy = (result.memory_strategy, result.decode_chunk_size)
    assert (result.min_resolution, result.inference_steps, *strategy) == expected
    assert "Test GPU" in result.reason and "\n" not in result.reason
    applied = RenderSettings().replace(**result.settings_changes())
    assert applied.validate() == []
    assert applied.min_resolution == expected[0]


def test_top_tier_mentions_release_and_bottom_tier_warns_it_is_slow():
    assert any("30 steps" in n for n in suggest([card(24)]).notes)
    assert any("slow" in n for n in suggest([card(6)]).notes)


def test_tier_uses_total_not_free_memory_but_notes_low_free_memory():
    busy = card(24, free_gb=9.0)
    result = suggest([busy])
    assert result.tier == "vram_24"
    assert any("close other programs" in n for n in result.notes)


def test_faked_probe_to_suggestion():
    gpus = probe_gpus(torch_module=None, nvml=OneBoardNvml())
    result = suggest(gpus)
    assert (result.min_resolution, result.inference_steps) == (768, 20)
    assert result.memory_strategy == "model_offload" and result.gpu == gpus[0]


def test_no_gpu_suggests_the_preview_engine_and_states_cpu_hours():
    result = suggest([])
    assert result.engine == "preview" and result.tier is None
    assert result.settings_changes() == {"engine": "preview"}
    assert "No CUDA GPU" in result.reason
    assert any("hours" in n for n in result.notes)


def test_device_choice_selects_the_gpu():
    gpus = [card(8), GpuInfo(1, "Big", 24.0, 23.0, (8, 9), "nvml")]
    assert suggest(gpus).tier == "vram_24"  # auto takes the larger card
    assert suggest(gpus, "cuda:0").tier == "vram_8"
    assert suggest(gpus, "cpu").engine == "preview"
    missing = suggest(gpus, "cuda:4")
    assert missing.engine == "preview" and "cuda:4" in missing.reason


def test_tier_thresholds():
    assert [tier_for_vram(gb).id for gb in (24, 23.6, 16, 12, 8, 7.4, 0)] == [
        "vram_24",
        "vram_24",
        "vram_16",
        "vram_12",
        "vram_8",
        "vram_low",
        "vram_low",
    ]
    assert [t.min_vram_gb for t in TIERS] == sorted((t.min_vram_gb for t in TIERS), reverse=True)


# -- the pre-render check -------------------------------------------------------------


def test_six_gb_card_with_full_512_is_told_to_drop_a_tier():
    gpu = card(6, free_gb=5.5)
    est = estimate(RenderSettings(memory_strategy="full"), 15.0, gpu)
    advice = check_fits(est, gpu)
    assert advice is not None and advice.code == "vram_exceeds_free"
    assert "under 8 GB" in advice.fix
    assert advice.fix_changes["min_resolution"] == 384
    fixed = est.settings.replace(**advice.fix_changes)
    assert check_fits(estimate(fixed, 15.0, gpu), gpu) is None


def test_12_gb_card_at_1024_names_the_12_gb_tier():
    gpu = card(12, free_gb=11.3)
    est = estimate(RenderSettings(min_resolution=1024, memory_strategy="full"), 15.0, gpu)
    advice = check_fits(est, gpu)
    assert advice is not None and "12-16 GB" in advice.fix
    assert advice.fix_changes == {
        "min_resolution": 768,
        "inference_steps": 20,
        "memory_strategy": "model_offload",
        "decode_chunk_size": 8,
    }


def test_nothing_fits_suggests_the_preview_engine():
    gpu = card(4, free_gb=0.5)
    est = estimate(RenderSettings(memory_strategy="full"), 15.0, gpu)
    advice = check_fits(est, gpu)
    assert advice is not None and advice.fix_changes == {"engine": "preview"}


def test_fitting_or_gpu_free_renders_need_no_advice():
    big = card(80)
    assert check_fits(estimate(RenderSettings(), 15.0, big), big) is None
    preview = estimate(RenderSettings(engine="preview"), 15.0, None)
    assert check_fits(preview, card(4, free_gb=0.1)) is None
    assert check_fits(estimate(RenderSettings(), 15.0, None), None) is None


def test_inspector_warning_agrees_with_check_fits():
    gpu = card(6, free_gb=5.5)
    est = estimate(RenderSettings(memory_strategy="full"), 15.0, gpu)
    [warning] = est.settings.warnings(
        audio_duration_s=15.0,
        free_vram_gb=gpu.free_vram_gb,
        estimated_peak_vram_gb=est.peak_vram_gb,
    )
    assert warning.code == "vram_exceeds_free"
    assert warning.fix_changes == check_fits(est, gpu).fix_changes  # type: ignore[union-attr]
