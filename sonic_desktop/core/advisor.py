"""Hardware advice: a resolution/steps/memory tier for the detected GPU, and what to
drop to when a render would not fit in the free video memory.

The tier comes from the card's *total* memory, not its free memory: free memory
moves with whatever else is open (browser, compositor, another app's CUDA context),
and a suggestion that changed between launches would confuse more than help. Free
memory is what `check_fits` compares the estimated peak against, right before a render.

Boards report a little under their nominal size (an RTX 4090 shows 23.99 GiB), so
the tier thresholds allow half a GiB of slack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sonic_desktop.core.cost_model import Estimate, estimate, peak_vram_gb
from sonic_desktop.core.hardware import GpuInfo, select_gpu
from sonic_desktop.core.settings import RenderSettings, SettingsWarning

VRAM_SLACK_GB = 0.5

_STRATEGY_WORDS = {
    "full": "everything on the GPU",
    "model_offload": "model offload between stages",
    "sequential_offload": "sequential offload",
}


@dataclass(frozen=True)
class Tier:
    """One row of the PARAMETERS.md hardware table."""

    id: str
    label: str
    min_vram_gb: float
    min_resolution: int
    inference_steps: int
    memory_strategy: str
    decode_chunk_size: int
    slow: bool = False

    def changes(self) -> dict[str, object]:
        return {
            "min_resolution": self.min_resolution,
            "inference_steps": self.inference_steps,
            "memory_strategy": self.memory_strategy,
            "decode_chunk_size": self.decode_chunk_size,
        }

    def describe(self) -> str:
        text = f"{self.min_resolution} px, {self.inference_steps} steps, "
        text += _STRATEGY_WORDS[self.memory_strategy]
        if self.decode_chunk_size < 8:
            text += f", decode chunk {self.decode_chunk_size}"
        return text


# Highest first. "Chunked decode" for 16-24 GB is taken as chunks of 4 (the official 8
# halved); under 8 GB the chunk is halved again.
TIERS: tuple[Tier, ...] = (
    Tier("vram_24", "24 GB or more", 24, 1024, 25, "full", 8),
    Tier("vram_16", "16-24 GB", 16, 768, 25, "full", 4),
    Tier("vram_12", "12-16 GB", 12, 768, 20, "model_offload", 8),
    Tier("vram_8", "8-12 GB", 8, 512, 20, "sequential_offload", 4),
    Tier("vram_low", "under 8 GB", 0, 384, 15, "sequential_offload", 2, slow=True),
)


def tier_for_vram(total_vram_gb: float) -> Tier:
    for tier in TIERS:
        if total_vram_gb + VRAM_SLACK_GB >= tier.min_vram_gb:
            return tier
    return TIERS[-1]


@dataclass(frozen=True)
class Suggestion:
    engine: str  # "sonic" or "preview"
    min_resolution: int
    inference_steps: int
    memory_strategy: str
    decode_chunk_size: int
    reason: str  # one line for the UI
    tier: str | None = None  # Tier.id; None for the preview engine
    gpu: GpuInfo | None = None
    notes: tuple[str, ...] = field(default=())

    def settings_changes(self) -> dict[str, object]:
        """Field values for one-click Apply.

        A GPU tier leaves the engine choice alone: "auto" already means Sonic when its
        weights are installed, and falls back to the preview engine when they are not.
        """
        if self.engine == "preview":
            return {"engine": "preview"}
        return {
            "min_resolution": self.min_resolution,
            "inference_steps": self.inference_steps,
            "memory_strategy": self.memory_strategy,
            "decode_chunk_size": self.decode_chunk_size,
        }


def suggest(gpus: list[GpuInfo], device: str = "auto") -> Suggestion:
    """The PARAMETERS.md hardware table applied to the GPU `device` refers to."""
    gpu = select_gpu(gpus, device)
    if gpu is None:
        if device == "cpu":
            why = "The device is set to CPU"
        elif device.startswith("cuda:") and gpus:
            why = f"{device} was not found"
        else:
            why = "No CUDA GPU was found"
        return _preview_suggestion(why)
    tier = tier_for_vram(gpu.total_vram_gb)
    notes: list[str] = []
    if tier is TIERS[0]:
        notes.append("Use 30 steps (Release) for brand or course videos.")
    if tier.slow:
        notes.append(
            "With under 8 GB of video memory Sonic is slow; the preview engine is much faster."
        )
    tier_peak = peak_vram_gb(RenderSettings().replace(**tier.changes()), gpu)
    if tier_peak > gpu.free_vram_gb:
        notes.append(
            f"Only {gpu.free_vram_gb:.1f} GB is free now and this tier needs about "
            f"{tier_peak:.1f} GB: close other programs that use the GPU."
        )
    return Suggestion(
        engine="sonic",
        min_resolution=tier.min_resolution,
        inference_steps=tier.inference_steps,
        memory_strategy=tier.memory_strategy,
        decode_chunk_size=tier.decode_chunk_size,
        reason=f"{gpu.name} ({gpu.total_vram_gb:.0f} GB): {tier.describe()}.",
        tier=tier.id,
        gpu=gpu,
        notes=tuple(notes),
    )


def _preview_suggestion(why: str) -> Suggestion:
    defaults = RenderSettings()
    cpu_sonic = estimate(defaults.replace(engine="sonic", device="cpu"), 15.0, None)
    hours = cpu_sonic.total_seconds / 3600
    return Suggestion(
        engine="preview",
        min_resolution=defaults.min_resolution,
        inference_steps=defaults.inference_steps,
        memory_strategy="auto",
        decode_chunk_size=defaults.decode_chunk_size,
        reason=f"{why}: use the preview engine, which runs on the CPU.",
        notes=(
            "Sonic on the CPU is allowed but slow: about "
            f"{hours:.0f} hours for a 15 s clip at {defaults.min_resolution} px, "
            f"{defaults.inference_steps} steps.",
        ),
    )


def next_lower_tier(
    settings: RenderSettings,
    current_peak_gb: float,
    free_vram_gb: float,
    gpu: GpuInfo | None = None,
) -> Tier | None:
    """The highest tier that needs less memory than now, fits the free memory, does not
    raise the resolution and is not above the card's own tier (by total memory, or by
    free memory when the card is unknown); None when even the lowest tier does not fit."""
    card_gb = gpu.total_vram_gb if gpu is not None else free_vram_gb
    ceiling = TIERS.index(tier_for_vram(card_gb))
    for tier in TIERS[ceiling:]:
        if tier.min_resolution > settings.min_resolution:
            continue
        peak = peak_vram_gb(settings.replace(**tier.changes()), gpu)
        if peak < current_peak_gb and peak <= free_vram_gb:
            return tier
    return None


def vram_warning(
    settings: RenderSettings,
    peak_gb: float,
    free_vram_gb: float,
    gpu: GpuInfo | None = None,
) -> SettingsWarning:
    """The "needs more video memory than is free" advice, naming the tier to drop to."""
    message = (
        f"This render needs about {peak_gb:.1f} GB of video memory but only "
        f"{free_vram_gb:.1f} GB is free."
    )
    tier = next_lower_tier(settings, peak_gb, free_vram_gb, gpu)
    if tier is None:
        return SettingsWarning(
            "vram_exceeds_free",
            message,
            "Use the preview engine, or close other programs that use the GPU.",
            {"engine": "preview"},
            ("min_resolution", "memory_strategy"),
        )
    return SettingsWarning(
        "vram_exceeds_free",
        message,
        f"Switch to the {tier.label} tier: {tier.describe()}.",
        tier.changes(),
        ("min_resolution", "inference_steps", "memory_strategy", "decode_chunk_size"),
    )


def check_fits(est: Estimate, gpu: GpuInfo | None) -> SettingsWarning | None:
    """Advice before a render whose estimated peak exceeds the GPU's free memory."""
    if est.engine != "sonic" or gpu is None or est.peak_vram_gb <= gpu.free_vram_gb:
        return None
    return vram_warning(est.settings, est.peak_vram_gb, gpu.free_vram_gb, gpu)
