"""What this machine can render with: GPUs, the advisor's suggestion, Sonic availability.

Probed once, off the UI thread, after the window is shown (`probe_hardware`).
Panels read it to show the banner, to estimate time and memory, and to know which
engine "auto" resolves to (and so which settings the render will ignore).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sonic_desktop.core.hardware import GpuInfo, select_gpu
from sonic_desktop.core.settings import RenderSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HardwareState:
    gpus: tuple[GpuInfo, ...] = ()
    suggestion: object | None = None  # core.advisor.Suggestion
    sonic_ok: bool = False
    sonic_reason: str = ""
    probed: bool = False
    problems: tuple[str, ...] = field(default=())

    def gpu_for(self, device: str) -> GpuInfo | None:
        return select_gpu(list(self.gpus), device)

    def effective_engine(self, settings: RenderSettings) -> str:
        if settings.engine != "auto":
            return settings.engine
        return "sonic" if self.sonic_ok else "preview"

    def estimate(
        self, settings: RenderSettings, audio_duration_s: float, image_size: tuple[int, int] | None
    ) -> object | None:
        """core.cost_model.Estimate for these settings on this machine, or None."""
        try:
            from sonic_desktop.core.cost_model import estimate
        except ImportError:
            return None
        engine = self.effective_engine(settings)
        try:
            return estimate(
                settings,
                audio_duration_s,
                self.gpu_for(settings.device),
                image_size=image_size,
                engine=engine,
            )
        except Exception:  # an estimate is advice; never let it break editing
            log.debug("estimate failed", exc_info=True)
            return None


def probe_hardware(device: str = "auto", weights_dir: str = "") -> HardwareState:
    """Runs on a pool thread: NVML probe, advisor, and whether Sonic can run."""
    from sonic_desktop.core.advisor import suggest
    from sonic_desktop.core.hardware import probe_gpus

    problems: list[str] = []
    gpus = tuple(probe_gpus())
    suggestion = suggest(list(gpus), device)
    try:
        from sonic_desktop.engines.registry import sonic_available

        sonic_ok, reason = sonic_available(Path(weights_dir) if weights_dir else None)
    except Exception as exc:  # a half-installed engine is reported, not fatal
        sonic_ok, reason = False, str(exc)
        problems.append(reason)
    return HardwareState(gpus, suggestion, sonic_ok, reason, True, tuple(problems))


def warm_face_models() -> None:
    """Load dlib's detector and 68-point model once, on a pool thread, right after start-up.

    dlib holds the GIL for the ~0.7 s it takes to read its 100 MB landmark model, which
    stalls the UI whatever thread does it. Doing it while the fresh window is idle keeps
    that stall away from drops, scrubbing and renders.
    """
    from sonic_desktop.face import load_face_models

    load_face_models()
