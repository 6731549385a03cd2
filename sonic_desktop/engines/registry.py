"""Which engines exist, and which one `engine = auto` resolves to.

Engines are imported only when chosen, so selecting the preview engine never
pulls in torch or diffusers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sonic_desktop.core.errors import EngineUnavailable
from sonic_desktop.engines.base import Engine

log = logging.getLogger(__name__)

ENGINE_LABELS = {"preview": "Preview (CPU)", "sonic": "Sonic"}


@dataclass(frozen=True)
class EngineChoice:
    engine: Engine
    notice: str | None = None


def sonic_available(weights_dir: Path | None) -> tuple[bool, str]:
    """Whether the Sonic engine can run (its weights found and verified), and why not."""
    try:
        from sonic_desktop.engines.sonic import availability
    except ImportError:
        return False, "the Sonic engine is not included in this build"
    return availability(weights_dir)


def create_engine(name: str) -> Engine:
    if name == "preview":
        from sonic_desktop.engines.preview import PreviewEngine

        return PreviewEngine()
    if name == "sonic":
        try:
            from sonic_desktop.engines.sonic import SonicEngine
        except ImportError as exc:
            raise EngineUnavailable("The Sonic engine is not included in this build") from exc
        return SonicEngine()
    raise EngineUnavailable(f"Unknown engine '{name}'", "Use auto, sonic or preview.")


def select_engine(choice: str, weights_dir: Path | None = None) -> EngineChoice:
    if choice == "auto":
        ok, reason = sonic_available(weights_dir)
        if ok:
            return EngineChoice(create_engine("sonic"))
        log.info("auto engine: Sonic unavailable: %s", reason)
        return EngineChoice(
            create_engine("preview"),
            "Using Preview (CPU) because no usable Sonic weights were found "
            "(`sonic-desktop doctor` says what is missing). This is a draft, not the Sonic model.",
        )
    if choice == "sonic":
        ok, reason = sonic_available(weights_dir)
        if not ok:
            raise EngineUnavailable(f"Sonic engine unavailable: {reason}")
    return EngineChoice(create_engine(choice))
