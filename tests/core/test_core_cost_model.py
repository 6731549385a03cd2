from __future__ import annotations

import pytest

from sonic_desktop.core import cost_model as cm
from sonic_desktop.core.hardware import GpuInfo
from sonic_desktop.core.paths import config_dir
from sonic_desktop.core.settings import RenderSettings

H100 = GpuInfo(0, "NVIDIA H100 80GB HBM3", 79.6, 79.0, (9, 0), "nvml")
RTX4090 = GpuInfo(0, "NVIDIA GeForce RTX 4090", 23.99, 22.8, (8, 9), "nvml")
FIXED = cm.Throughput("test", 100.0, "assumed")


@pytest.mark.parametrize(("side", "gflop"), [(512, 1333), (768, 3342), (1024, 6798)])
def test_unet_fit_reproduces_the_reference_points(side, gflop):
    assert cm.UNET_FLOPS(cm.latent_tokens(side, side)) / 1e9 == pytest.approx(gflop, abs=1)


def test_unet_fit_grows_between_and_beyond_the_points():
    costs = [cm.UNET_FLOPS(cm.latent_tokens(s, s)) for s in (128, 384, 512, 640, 1024, 2048)]
    assert costs == sorted(costs) and costs[0] > 0


@pytest.mark.parametrize(("seconds", "frames"), [(15.0, 187), (10.0, 125), (0.1, 1), (0.0, 0)])
def test_generated_frames(seconds, frames):
    assert cm.generated_frames(seconds) == frames


def test_fifteen_seconds_at_512_and_25_steps():
    est = cm.estimate(RenderSettings(), 15.0, H100, FIXED)
    assert est.engine == "sonic"
    assert est.generated_frames == 187 and est.output_frames == 373
    assert est.unet_calls == 200
    assert est.frame_forwards == 15_000
    assert est.unet_flops == pytest.approx(20.0e15, rel=0.01)
    assert 20e15 < est.flops_total < 21e15
    assert est.unet_flops / est.flops_total > 0.96
    assert est.total_seconds == pytest.approx(est.flops_total / 100e12)


@pytest.mark.parametrize(("side", "pflop"), [(768, 50.1), (1024, 102.0)])
def test_unet_totals_at_larger_sizes(side, pflop):
    est = cm.estimate(RenderSettings(min_resolution=side), 15.0, H100, FIXED)
    assert est.unet_flops / 1e15 == pytest.approx(pflop, rel=0.01)


def test_assumed_h100_time_is_in_the_documented_range():
    est = cm.estimate(RenderSettings(), 15.0, H100)
    assert est.throughput is not None and est.throughput.source == "assumed"
    assert 35 < est.total_seconds < 65  # SONIC_FACTS §6.3: about 40-57 s for the UNet


def test_doubling_steps_doubles_unet_time():
    base = cm.estimate(RenderSettings(inference_steps=25), 15.0, RTX4090, FIXED)
    double = cm.estimate(RenderSettings(inference_steps=50), 15.0, RTX4090, FIXED)
    assert double.unet_calls == 2 * base.unet_calls
    assert double.seconds_per_unet_call == pytest.approx(base.seconds_per_unet_call)
    unet_time = base.unet_calls * base.seconds_per_unet_call
    assert double.total_seconds - base.total_seconds == pytest.approx(unet_time)


def test_duration_trims_and_interpolation_off_halves_output():
    settings = RenderSettings(duration=10.0, frame_interpolation=False)
    est = cm.estimate(settings, 15.0, H100, FIXED)
    assert est.generated_frames == est.output_frames == 125
    assert cm.estimate(RenderSettings(duration=30.0), 15.0, H100, FIXED).generated_frames == 187


def test_shorter_windows_mean_more_calls_of_fewer_frames():
    est = cm.estimate(RenderSettings(frames_per_window=16), 15.0, H100, FIXED)
    assert est.unet_calls == 12 * 25 and est.frame_forwards == 12 * 25 * 48


def test_non_square_pictures_use_the_resize_rule():
    settings = RenderSettings(crop_to_face=False)
    assert cm.generation_size(settings, (1920, 1080)) == (896, 512)
    assert cm.generation_size(settings.replace(crop_to_face=True), (1920, 1080)) == (512, 512)
    wide = cm.estimate(settings, 15.0, H100, FIXED, image_size=(1920, 1080))
    square = cm.estimate(settings, 15.0, H100, FIXED)
    assert wide.unet_flops > 1.7 * square.unet_flops


def test_preview_engine_estimate():
    est = cm.estimate(RenderSettings(engine="preview"), 15.0, None)
    assert est.engine == "preview" and est.unet_calls == 0 and est.peak_vram_gb == 0
    assert est.output_frames == 375
    assert est.total_seconds == pytest.approx(375 / cm.PREVIEW_FPS)


def test_sonic_on_the_cpu_takes_hours():
    est = cm.estimate(RenderSettings(engine="sonic"), 15.0, None)
    assert est.peak_vram_gb == 0 and est.memory_strategy == ""
    assert 20 < est.total_seconds / 3600 < 60
    assert any("hours" in note for note in est.notes)
    forced_cpu = cm.estimate(RenderSettings(device="cpu"), 15.0, H100)
    assert forced_cpu.throughput is not None and forced_cpu.throughput.key == "cpu"


def test_fp32_is_slower_and_bigger():
    half = cm.estimate(RenderSettings(memory_strategy="full"), 15.0, H100)
    full = cm.estimate(RenderSettings(memory_strategy="full", precision="fp32"), 15.0, H100)
    assert full.total_seconds > 3 * half.total_seconds
    assert full.peak_vram_gb > 1.8 * half.peak_vram_gb - 1


def test_throughput_table_falls_back_by_capability():
    assert cm.peak_fp16_tflops(GpuInfo(0, "NVIDIA H100 PCIe", 80, 80, (9, 0), "nvml")) == 756
    assert (
        cm.peak_fp16_tflops(GpuInfo(0, "NVIDIA GeForce RTX 4060 Ti", 16, 16, (8, 9), "nvml")) == 44
    )
    assert cm.peak_fp16_tflops(GpuInfo(0, "NVIDIA A100-SXM4-80GB", 80, 80, (8, 0), "nvml")) == 312
    assert cm.peak_fp16_tflops(GpuInfo(0, "NVIDIA RTX A1000", 8, 8, (8, 6), "nvml")) == 40
    assert cm.peak_fp16_tflops(GpuInfo(0, "Mystery", 16, 16, (8, 6), "nvml")) == 40
    assert cm.peak_fp16_tflops(GpuInfo(0, "Mystery", 16, 16, None, "nvml")) == 30


# -- calibration ----------------------------------------------------------------------


def test_calibration_changes_the_estimate_and_persists():
    before = cm.estimate(RenderSettings(), 15.0, RTX4090)
    assert before.throughput is not None and before.throughput.source == "assumed"
    measured = before.total_seconds * 2  # this card turned out half as fast
    calibrated = cm.calibrate_from_estimate(before, measured, RTX4090)
    assert calibrated.source == "calibrated" and calibrated.samples == 1
    assert calibrated.effective_tflops == pytest.approx(before.throughput.effective_tflops / 2)
    after = cm.estimate(RenderSettings(), 15.0, RTX4090)
    assert after.total_seconds == pytest.approx(measured)
    assert (config_dir() / "calibration.json").exists()
    # Another device keeps its assumption.
    assert cm.load_throughput(H100).source == "assumed"


def test_later_calibrations_average_in():
    cm.calibrate(100.0, 10e15, RTX4090)  # 100 TFLOP/s
    second = cm.calibrate(100.0, 5e15, RTX4090)  # 50 TFLOP/s
    assert second.effective_tflops == pytest.approx(75.0) and second.samples == 2


def test_a_broken_calibration_file_is_ignored():
    (config_dir() / "calibration.json").write_text("{oops", encoding="utf-8")
    assert cm.load_throughput(RTX4090).source == "assumed"
    assert cm.calibrate(10.0, 1e15, RTX4090).effective_tflops == pytest.approx(100.0)


def test_calibrate_rejects_nonsense():
    with pytest.raises(ValueError):
        cm.calibrate(0.0, 1e15)


# -- memory ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("strategy", "side", "chunk", "card_gb"),
    [
        ("full", 1024, 8, 24),
        ("full", 768, 4, 16),
        ("model_offload", 768, 8, 12),
        ("sequential_offload", 512, 4, 8),
        ("sequential_offload", 384, 2, 4),
    ],
)
def test_each_hardware_tier_fits_its_card(strategy, side, chunk, card_gb):
    peak = cm.peak_vram_for(strategy, 25, chunk, side, side, "fp16")
    assert peak < card_gb - 0.7  # a display and other apps take some


def test_full_at_512_needs_more_than_a_6_gb_card():
    peak = cm.peak_vram_for("full", 25, 8, 512, 512, "fp16")
    assert 7 < peak < 16


def test_offload_saves_memory_and_costs_time():
    gpu = RTX4090
    full = cm.estimate(RenderSettings(memory_strategy="full"), 15.0, gpu, FIXED)
    seq = cm.estimate(RenderSettings(memory_strategy="sequential_offload"), 15.0, gpu, FIXED)
    assert seq.peak_vram_gb < full.peak_vram_gb / 2
    assert seq.transfer_seconds > 30 and seq.total_seconds > full.total_seconds
    assert seq.seconds_per_unet_call > full.seconds_per_unet_call


def test_auto_strategy_is_the_most_resident_one_that_fits():
    settings = RenderSettings()
    assert cm.resolve_memory_strategy(settings, RTX4090) == "full"
    small = GpuInfo(0, "small", 6.0, 5.5, (7, 5), "nvml")
    assert cm.resolve_memory_strategy(settings, small) == "sequential_offload"
    mid = GpuInfo(0, "mid", 8.0, 7.5, (8, 6), "nvml")
    assert cm.resolve_memory_strategy(settings, mid) == "model_offload"
    assert cm.resolve_memory_strategy(settings, None) == "full"
    assert cm.resolve_memory_strategy(settings.replace(memory_strategy="full"), small) == "full"
