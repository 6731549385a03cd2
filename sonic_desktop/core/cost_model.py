"""How much work, time and video memory one render needs, before it starts.

Everything here is arithmetic on the settings; no model is loaded. Figures for the
Sonic engine come from SONIC_FACTS §6; assumptions are marked as such and can be
replaced by measurements (`calibrate`).

Work (FLOPs, counting matmuls and convs, 1 MAC = 2 FLOPs)
- Frames: samples = round(seconds·16000); audio_len = samples // 640 (25 Hz);
  N = audio_len // 2 generated frames (12.5 fps). The official code also caps
  audio_len at 10,000 (400 s); this model does not, since our engine streams.
- Windows: ceil(N / F) per step, F = frames_per_window (25). Each window is one UNet
  call on 3·F frames (CFG batch 3), so frame-forwards = steps · windows · 3F.
- UNet GFLOP per frame-forward, fitted through §6.2's three points in latent tokens
  T = (H/8)·(W/8): g(T) = a·T + b·T², least squares (a ≈ 0.2955, b ≈ 7.29e-6; it
  reproduces 1,333 / 3,342 / 6,798 at 512² / 768² / 1024² within 0.5 GFLOP). The T²
  term is spatial attention. Non-square frames use H·W.
- Other stages from §6.3, fitted the same way: VAE decode per frame, VAE encode ×2,
  RIFE per frame pair (when frame interpolation is on), CLIP ×2, Whisper 2 passes
  per 30 s window, audio adapters per frame. The UNet is over 96% of the total;
  15 s at 512²/25 steps gives 200 UNet calls, 15,000 frame-forwards, ~20.6 PFLOP.

Time
- seconds = FLOPs / effective throughput + weight transfers (offload strategies).
- Effective throughput (assumption) = 40% of the card's dense fp16 tensor peak with
  fp32 accumulation (what PyTorch uses), from a name table, else by compute
  capability; fp32 runs at a quarter of that; the CPU at 0.15 TFLOP/s
  (SONIC_FACTS §6.3 gives 0.1-0.3). A calibrated figure from a real render
  (config_dir()/calibration.json) replaces the assumption for that device.
- Offload moves weights over PCIe at an assumed 12 GB/s: sequential offload streams
  the UNet once per UNet call and the VAE once per decode chunk; model offload moves
  each model on and off once.
- Model loading is not included.
- Preview engine: 60 output frames per second end to end on the CPU
  (benchmarks/bench_preview.py measured 55-90 on 2 busy cores, encoding and model
  loading included).

Peak video memory (GiB)
  peak = runtime overhead + max(denoising phase, decoding phase)
  denoising = weights resident while the UNet runs + UNet activations
  decoding  = weights resident while the VAE decodes + VAE activations
- Runtime overhead: 1.0 GiB for the CUDA context, cuBLAS/cuDNN workspaces and
  allocator slack (assumption).
- Weights (§6.1): UNet 1.576 B params, VAE 98 M and CLIP 632 M in half precision;
  whisper-tiny (the unused decoder is loaded too, ~37.8 M in all), the audio
  adapters (76 M) and RIFE (3 M) in fp32. About 4.7 GiB in all. Resident: full =
  all of them; model offload = only the running model; sequential offload = one
  layer at a time (0.3 GiB budget).
- UNet activations: 16 live tensors the size of the first level's (3F frames × T
  tokens × 320 channels) with memory-efficient attention (assumption).
- VAE decode activations: 6 live full-resolution tensors of 128 channels per frame
  of a decode chunk (assumption).
These assumptions were chosen so the hardware table of PARAMETERS.md is
self-consistent: 1024²/full fits a 24 GB card (~17.7 GiB), 768²/full with decode
chunks of 4 a 16 GB card (~12.3), 768²/model offload a 12 GB card (~10.5),
512²/sequential an 8 GB card (~4.2), 384²/sequential a 4 GB card (~3.0). 512²/full
needs ~8.7 GiB, so a 6 GB card is told to drop a tier. (A larger activation figure
that put 512²/full at 12 GiB or more would no longer fit 768² on a 12 GB card.)
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sonic_desktop.core.atomic import write_text_atomic
from sonic_desktop.core.hardware import GIB, GpuInfo
from sonic_desktop.core.paths import config_dir
from sonic_desktop.core.settings import RenderSettings

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
SAMPLES_PER_AUDIO_FRAME = 640  # 25 Hz audio units
AUDIO_FRAMES_PER_VIDEO_FRAME = 2  # 12.5 fps generated
CFG_BATCH = 3  # unconditional, audio-dropped, conditional
OUTPUT_FPS = 25.0
WHISPER_WINDOW_SAMPLES = 480_000  # 30 s


@dataclass(frozen=True)
class QuadraticFit:
    """y = a·x + b·x², zero at x = 0; x is latent tokens (H/8)·(W/8)."""

    a: float
    b: float

    def __call__(self, x: float) -> float:
        return self.a * x + self.b * x * x

    @classmethod
    def through(cls, points: Sequence[tuple[float, float]]) -> QuadraticFit:
        """Least squares through (x, y) points (normal equations of a 2×2 system)."""
        s2 = sum(x**2 for x, _ in points)
        s3 = sum(x**3 for x, _ in points)
        s4 = sum(x**4 for x, _ in points)
        y1 = sum(x * y for x, y in points)
        y2 = sum(x * x * y for x, y in points)
        det = s2 * s4 - s3 * s3
        return cls(a=(y1 * s4 - y2 * s3) / det, b=(s2 * y2 - s3 * y1) / det)


def _tokens(side: int) -> int:
    return (side // 8) ** 2


def _fit(per_side: dict[int, float]) -> QuadraticFit:
    return QuadraticFit.through([(_tokens(side), value) for side, value in per_side.items()])


# SONIC_FACTS §6.2 and §6.3, keyed by square side in pixels; values in FLOPs.
UNET_FLOPS = _fit({512: 1333e9, 768: 3342e9, 1024: 6798e9})  # per frame-forward
VAE_DECODE_FLOPS = _fit({512: 3.04e12, 768: 6.94e12, 1024: 12.58e12})  # per frame
VAE_ENCODE_FLOPS = _fit({512: 1.12e12, 768: 2.61e12, 1024: 4.88e12})  # per encode
RIFE_FLOPS = _fit({512: 67e9, 768: 151e9, 1024: 269e9})  # per frame pair
VAE_ENCODES = 2
CLIP_FLOPS = 2 * 0.335e12
WHISPER_FLOPS_PER_WINDOW = 2 * 36.9e9
ADAPTER_FLOPS_PER_FRAME = (2 * 108.5 + 43.5) * 1e6

# SONIC_FACTS §6.1 parameter counts.
UNET_PARAMS = 1_575_741_162
VAE_PARAMS = 97_742_847
VAE_DECODER_PARAMS = 63_579_183
CLIP_PARAMS = 632_076_800
WHISPER_PARAMS = 37_760_640  # whisper-tiny as loaded (encoder 8.2 M + unused decoder)
ADAPTER_PARAMS = 54_300_672 + 21_762_050
RIFE_PARAMS = 3_038_015

RUNTIME_OVERHEAD_GB = 1.0
SEQUENTIAL_RESIDENT_GB = 0.3
UNET_LIVE_TENSORS = 16
UNET_LEVEL0_CHANNELS = 320
VAE_LIVE_TENSORS = 6
VAE_TOP_CHANNELS = 128
PCIE_BYTES_PER_S = 12e9
EFFICIENCY = 0.40
FP32_FACTOR = 0.25
CPU_EFFECTIVE_TFLOPS = 0.15
PREVIEW_FPS = 60.0
UNKNOWN_GPU_PEAK_TFLOPS = 30.0

# Dense fp16 tensor peak, fp32 accumulation, TFLOP/s (vendor figures, rounded).
# Matched as a substring of the device name; longer keys are tried first.
_PEAK_BY_NAME: dict[str, float] = {
    "B200": 2250, "H200": 989, "GH200": 989, "H100 PCIe": 756, "H100": 989, "H800": 989,
    "A100": 312, "A800": 312, "A30": 165, "A40": 150, "A10G": 70, "A10": 125,
    "L40S": 362, "L40": 181, "L4": 121, "T4": 65, "V100": 125,
    "RTX PRO 6000": 500, "RTX 6000 Ada": 364, "RTX A6000": 155, "RTX A5000": 111,
    "RTX A4000": 77, "RTX 5090": 210, "RTX 5080": 113, "RTX 5070 Ti": 88, "RTX 5070": 62,
    "RTX 4090": 165, "RTX 4080": 97, "RTX 4070 Ti": 80, "RTX 4070": 58,
    "RTX 4060 Ti": 44, "RTX 4060": 30, "RTX 3090": 71, "RTX 3080 Ti": 68, "RTX 3080": 60,
    "RTX 3070": 40, "RTX 3060 Ti": 32, "RTX 3060": 25, "RTX 2080 Ti": 54, "RTX 2080": 40,
    "RTX 2070": 30, "RTX 2060": 26,
}  # fmt: skip
_PEAK_BY_CAPABILITY: dict[tuple[int, int], float] = {
    (7, 0): 110, (7, 5): 40, (8, 0): 312, (8, 6): 40, (8, 7): 10, (8, 9): 80,
    (9, 0): 756, (10, 0): 2250, (12, 0): 100,
}  # fmt: skip


# -- frames and sizes ----------------------------------------------------------------


def rendered_seconds(settings: RenderSettings, audio_duration_s: float) -> float:
    if settings.duration is None:
        return max(0.0, audio_duration_s)
    return max(0.0, min(settings.duration, audio_duration_s))


def audio_frames(seconds: float) -> int:
    """25 Hz audio units (= preview output frames)."""
    return round(seconds * SAMPLE_RATE) // SAMPLES_PER_AUDIO_FRAME


def generated_frames(seconds: float) -> int:
    """Sonic's frames at 12.5 fps: floor(floor(seconds·16000/640)/2)."""
    return audio_frames(seconds) // AUDIO_FRAMES_PER_VIDEO_FRAME


def generation_size(
    settings: RenderSettings, image_size: tuple[int, int] | None = None
) -> tuple[int, int]:
    """(width, height) of the generated frames (SONIC_FACTS §1.3).

    With crop_to_face the input is square; without a known picture size, assume square.
    """
    side = settings.min_resolution
    if settings.crop_to_face or image_size is None:
        return side, side
    w, h = image_size
    scale = side / min(w, h)
    return max(64, round(w * scale / 64) * 64), max(64, round(h * scale / 64) * 64)


def latent_tokens(width: int, height: int) -> int:
    return (width // 8) * (height // 8)


# -- throughput -------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    """Effective compute rate of one device at one precision."""

    key: str  # "cpu" or "<gpu name> (fp16|fp32)"
    effective_tflops: float
    source: str  # "assumed" or "calibrated"
    samples: int = 0  # renders behind a calibrated figure


def compute_precision(settings: RenderSettings, gpu: GpuInfo | None) -> str:
    """The precision class the large models run in: "fp16" (bf16 counts) or "fp32"."""
    if gpu is None:
        return "fp32"
    if settings.precision == "fp32":
        return "fp32"
    if settings.precision == "bf16" and (gpu.compute_capability or (0, 0)) < (8, 0):
        return "fp32"  # no bf16 tensor cores before Ampere
    return "fp16"


def device_key(gpu: GpuInfo | None, precision: str = "fp16") -> str:
    return "cpu" if gpu is None else f"{gpu.name} ({precision})"


def peak_fp16_tflops(gpu: GpuInfo) -> float:
    for key in sorted(_PEAK_BY_NAME, key=len, reverse=True):
        # Whole-word match, so "A10" does not claim an "RTX A1000" or "L4" an "L40".
        if re.search(rf"(?<![a-z0-9]){re.escape(key.lower())}(?![a-z0-9])", gpu.name.lower()):
            return _PEAK_BY_NAME[key]
    if gpu.compute_capability in _PEAK_BY_CAPABILITY:
        return _PEAK_BY_CAPABILITY[gpu.compute_capability]
    return UNKNOWN_GPU_PEAK_TFLOPS


def assumed_throughput(gpu: GpuInfo | None, precision: str = "fp16") -> Throughput:
    if gpu is None:
        return Throughput("cpu", CPU_EFFECTIVE_TFLOPS, "assumed")
    tflops = peak_fp16_tflops(gpu) * EFFICIENCY
    if precision == "fp32":
        tflops *= FP32_FACTOR
    return Throughput(device_key(gpu, precision), tflops, "assumed")


def calibration_file() -> Path:
    # Resolved per call: config_dir() honours SONIC_DESKTOP_HOME, which tests set.
    return config_dir() / "calibration.json"


def _read_calibration() -> dict[str, dict[str, float]]:
    path = calibration_file()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        devices = data["devices"]
        if not isinstance(devices, dict):
            raise TypeError("devices is not an object")
        return {
            str(key): {
                "effective_tflops": float(v["effective_tflops"]),
                "samples": int(v["samples"]),
            }
            for key, v in devices.items()
            if float(v["effective_tflops"]) > 0
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        # A broken calibration only costs accuracy; the next calibrate() rewrites it.
        log.warning("Ignoring unreadable %s: %s", path, exc)
        return {}


def load_throughput(gpu: GpuInfo | None, precision: str = "fp16") -> Throughput:
    """The calibrated figure for this device when there is one, else the assumption."""
    key = device_key(gpu, precision)
    entry = _read_calibration().get(key)
    if entry is None:
        return assumed_throughput(gpu, precision)
    return Throughput(key, entry["effective_tflops"], "calibrated", int(entry["samples"]))


def calibrate(
    measured_seconds: float,
    flops: float,
    gpu: GpuInfo | None = None,
    precision: str = "fp16",
) -> Throughput:
    """Record the effective rate a real render achieved and return the new figure.

    Pass the compute time (denoising through interpolation, without model loading or
    modelled weight transfers) and the FLOPs of that work (`Estimate.flops_total`);
    `calibrate_from_estimate` does both. Later renders average in with equal weight
    to the running figure, so one unusual render cannot swing it far.
    """
    if measured_seconds <= 0 or flops <= 0:
        raise ValueError("measured_seconds and flops must be positive")
    measured = flops / measured_seconds / 1e12
    key = device_key(gpu, precision)
    devices = _read_calibration()
    old = devices.get(key)
    if old is None:
        entry = {"effective_tflops": measured, "samples": 1}
    else:
        blended = 0.5 * old["effective_tflops"] + 0.5 * measured
        entry = {"effective_tflops": blended, "samples": int(old["samples"]) + 1}
    devices[key] = entry
    text = json.dumps({"version": 1, "devices": devices}, ensure_ascii=False, indent=2)
    write_text_atomic(calibration_file(), text)
    return Throughput(key, entry["effective_tflops"], "calibrated", int(entry["samples"]))


def calibrate_from_estimate(
    estimate: Estimate, measured_seconds: float, gpu: GpuInfo | None
) -> Throughput:
    """Calibrate from a finished render's total compute time and its estimate."""
    compute_s = max(measured_seconds - estimate.transfer_seconds, 1e-3)
    return calibrate(compute_s, estimate.flops_total, gpu, estimate.precision)


# -- memory ------------------------------------------------------------------------


def _half_bytes(precision: str) -> int:
    return 4 if precision == "fp32" else 2


def weights_gb(precision: str = "fp16") -> dict[str, float]:
    """Resident size of each model, GiB."""
    half = _half_bytes(precision)
    sizes = {
        "unet": UNET_PARAMS * half,
        "vae": VAE_PARAMS * half,
        "clip": CLIP_PARAMS * half,
        "whisper": WHISPER_PARAMS * 4,
        "audio_adapters": ADAPTER_PARAMS * 4,
        "rife": RIFE_PARAMS * 4,
    }
    return {name: size / GIB for name, size in sizes.items()}


def unet_activations_gb(frames_per_window: int, width: int, height: int, precision: str) -> float:
    elements = CFG_BATCH * frames_per_window * latent_tokens(width, height) * UNET_LEVEL0_CHANNELS
    return UNET_LIVE_TENSORS * elements * _half_bytes(precision) / GIB


def vae_activations_gb(decode_chunk: int, width: int, height: int, precision: str) -> float:
    elements = decode_chunk * width * height * VAE_TOP_CHANNELS
    return VAE_LIVE_TENSORS * elements * _half_bytes(precision) / GIB


def peak_vram_for(
    strategy: str,
    frames_per_window: int,
    decode_chunk: int,
    width: int,
    height: int,
    precision: str,
) -> float:
    """Peak GiB for an explicit strategy ("full", "model_offload", "sequential_offload")."""
    weights = weights_gb(precision)
    if strategy == "full":
        denoise_w = decode_w = sum(weights.values())
    elif strategy == "model_offload":
        denoise_w, decode_w = weights["unet"], weights["vae"]
    else:
        denoise_w = decode_w = SEQUENTIAL_RESIDENT_GB
    denoise = denoise_w + unet_activations_gb(frames_per_window, width, height, precision)
    decode = decode_w + vae_activations_gb(decode_chunk, width, height, precision)
    return RUNTIME_OVERHEAD_GB + max(denoise, decode)


STRATEGIES = ("full", "model_offload", "sequential_offload")


def resolve_memory_strategy(
    settings: RenderSettings, gpu: GpuInfo | None, image_size: tuple[int, int] | None = None
) -> str:
    """What "auto" means: the most GPU-resident strategy whose peak fits the free memory.

    Falls back to sequential offload when nothing fits, and to "full" when the GPU is
    unknown. Engines should resolve "auto" with this function so estimate and render agree.
    """
    if settings.memory_strategy != "auto":
        return settings.memory_strategy
    if gpu is None:
        return "full"
    width, height = generation_size(settings, image_size)
    precision = compute_precision(settings, gpu)
    for strategy in STRATEGIES:
        peak = peak_vram_for(
            strategy,
            settings.frames_per_window,
            settings.decode_chunk_size,
            width,
            height,
            precision,
        )
        if peak <= gpu.free_vram_gb:
            return strategy
    return "sequential_offload"


def peak_vram_gb(
    settings: RenderSettings, gpu: GpuInfo | None = None, image_size: tuple[int, int] | None = None
) -> float:
    """Modelled peak GPU memory (GiB) of a Sonic render with these settings."""
    width, height = generation_size(settings, image_size)
    precision = compute_precision(settings, gpu) if gpu is not None else _gpu_precision(settings)
    strategy = resolve_memory_strategy(settings, gpu, image_size)
    return peak_vram_for(
        strategy, settings.frames_per_window, settings.decode_chunk_size, width, height, precision
    )


def _gpu_precision(settings: RenderSettings) -> str:
    return "fp32" if settings.precision == "fp32" else "fp16"


# -- the estimate ------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    total_seconds: float
    unet_calls: int
    seconds_per_unet_call: float
    peak_vram_gb: float  # 0 when nothing runs on a GPU
    flops_total: float
    notes: tuple[str, ...]
    engine: str  # "sonic" or "preview"
    settings: RenderSettings
    width: int
    height: int
    generated_frames: int
    output_frames: int
    frame_forwards: int
    unet_flops: float
    memory_strategy: str  # resolved; "" when no GPU is used
    precision: str
    throughput: Throughput | None  # None for the preview engine
    transfer_seconds: float = 0.0


def estimate(
    settings: RenderSettings,
    audio_duration_s: float,
    gpu: GpuInfo | None,
    throughput: Throughput | None = None,
    *,
    image_size: tuple[int, int] | None = None,
    engine: str | None = None,
) -> Estimate:
    """Time, work and peak memory of one render.

    `gpu` is the device the render will use (None = CPU; see `hardware.select_gpu`).
    `engine` is the resolved engine when the caller knows it; otherwise "auto" counts
    as Sonic, the expensive case. `throughput` overrides the stored/assumed rate.
    """
    resolved = engine or ("preview" if settings.engine == "preview" else "sonic")
    seconds = rendered_seconds(settings, audio_duration_s)
    width, height = generation_size(settings, image_size)
    if resolved == "preview":
        return _preview_estimate(settings, seconds, width, height)
    if settings.device == "cpu":
        gpu = None
    precision = compute_precision(settings, gpu)
    rate = throughput or load_throughput(gpu, precision)

    # 1. Frame and call counts.
    frames = generated_frames(seconds)
    window = settings.frames_per_window
    windows = math.ceil(frames / window)
    unet_calls = windows * settings.inference_steps
    frame_forwards = unet_calls * CFG_BATCH * window
    output_frames = 2 * frames - 1 if settings.frame_interpolation and frames > 1 else frames

    # 2. Work.
    tokens = latent_tokens(width, height)
    unet_flops = frame_forwards * UNET_FLOPS(tokens)
    whisper_windows = math.ceil(round(seconds * SAMPLE_RATE) / WHISPER_WINDOW_SAMPLES)
    other_flops = (
        frames * VAE_DECODE_FLOPS(tokens)
        + VAE_ENCODES * VAE_ENCODE_FLOPS(tokens)
        + (max(frames - 1, 0) * RIFE_FLOPS(tokens) if settings.frame_interpolation else 0.0)
        + CLIP_FLOPS
        + whisper_windows * WHISPER_FLOPS_PER_WINDOW
        + frames * ADAPTER_FLOPS_PER_FRAME
    )
    flops_total = unet_flops + other_flops

    # 3. Memory and weight traffic.
    notes: list[str] = []
    if gpu is None:
        strategy, peak, transfer = "", 0.0, 0.0
        notes.append("Sonic on the CPU: expect hours; the preview engine takes minutes.")
    else:
        strategy = resolve_memory_strategy(settings, gpu, image_size)
        peak = peak_vram_for(strategy, window, settings.decode_chunk_size, width, height, precision)
        transfer = _transfer_seconds(
            strategy, unet_calls, frames, settings.decode_chunk_size, precision
        )
        if peak > gpu.free_vram_gb:
            notes.append(
                f"Needs about {peak:.1f} GB of video memory; {gpu.free_vram_gb:.1f} GB is free."
            )

    # 4. Time.
    flop_rate = rate.effective_tflops * 1e12
    total = flops_total / flop_rate + transfer
    per_call = (
        (unet_flops / flop_rate + _unet_transfer(strategy, precision)) / unet_calls
        if unet_calls
        else 0.0
    )
    notes.append(
        f"{rate.effective_tflops:.1f} TFLOP/s effective ({rate.source}) on {rate.key}; "
        "model loading not included."
    )
    return Estimate(
        total_seconds=total,
        unet_calls=unet_calls,
        seconds_per_unet_call=per_call,
        peak_vram_gb=peak,
        flops_total=flops_total,
        notes=tuple(notes),
        engine="sonic",
        settings=settings,
        width=width,
        height=height,
        generated_frames=frames,
        output_frames=output_frames,
        frame_forwards=frame_forwards,
        unet_flops=unet_flops,
        memory_strategy=strategy,
        precision=precision,
        throughput=rate,
        transfer_seconds=transfer,
    )


def _unet_transfer(strategy: str, precision: str) -> float:
    """Seconds of weight streaming per UNet call (sequential offload only)."""
    if strategy != "sequential_offload":
        return 0.0
    return weights_gb(precision)["unet"] * GIB / PCIE_BYTES_PER_S


def _transfer_seconds(
    strategy: str, unet_calls: int, frames: int, chunk: int, precision: str
) -> float:
    weights = weights_gb(precision)
    if strategy == "model_offload":
        moved = 2 * (weights["unet"] + weights["vae"] + weights["clip"])  # on, then off
        return moved * GIB / PCIE_BYTES_PER_S
    if strategy == "sequential_offload":
        decoder = VAE_DECODER_PARAMS * _half_bytes(precision)
        chunks = math.ceil(frames / max(chunk, 1))
        return (
            unet_calls * _unet_transfer(strategy, precision) + chunks * decoder / PCIE_BYTES_PER_S
        )
    return 0.0


def _preview_estimate(
    settings: RenderSettings, seconds: float, width: int, height: int
) -> Estimate:
    frames = audio_frames(seconds)  # renders 25 fps directly
    return Estimate(
        total_seconds=frames / PREVIEW_FPS,
        unet_calls=0,
        seconds_per_unet_call=0.0,
        peak_vram_gb=0.0,
        flops_total=0.0,
        notes=(f"Preview engine: assumed {PREVIEW_FPS:g} frames per second on the CPU.",),
        engine="preview",
        settings=settings,
        width=width,
        height=height,
        generated_frames=frames,
        output_frames=frames,
        frame_forwards=0,
        unet_flops=0.0,
        memory_strategy="",
        precision="fp32",
        throughput=None,
    )
