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


def use_face_process() -> None:
    """Run dlib in a child process from now on (cheap; the child starts on first use).

    dlib holds the GIL while it reads its 100 MB landmark model (~0.7 s) and while it
    detects, which froze the UI whatever thread did it. From the child it cannot, and
    a Cancel stops waiting for it at once. Call it before the first photo is analysed.
    """
    from sonic_desktop.face.process import use_face_process as route_through_child

    route_through_child()


def warm_face_models() -> None:
    """Start the face process and load its models, right after start-up (pool thread).

    The parent only waits on a pipe meanwhile, so the fresh window stays responsive,
    and the first dropped photo finds the models ready.
    """
    from sonic_desktop.face import load_face_models

    use_face_process()
    load_face_models()
