"""The `Engine` protocol every renderer implements, and the `Plan` it hands itself.

`prepare` does all validation and analysis up front (so bad input fails before any
expensive work), `frames` streams uint8 RGB frames one at a time at `plan.fps`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from sonic_desktop.core.progress import CancelToken, ProgressCallback
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.engines.inputs import PreparedInputs


@dataclass
class Plan:
    request: RenderRequest
    inputs: PreparedInputs
    frame_count: int
    fps: float
    width: int
    height: int
    estimate_seconds: float | None = None
    estimate_peak_memory_gb: float | None = None
    notices: list[str] = field(default_factory=list)
    # Engine-private state (cached analysis, loaded models, ...).
    state: Any = None

    @property
    def duration_s(self) -> float:
        return self.frame_count / self.fps


@runtime_checkable
class Engine(Protocol):
    #: stable id used in settings and job files ("preview", "sonic")
    name: str
    #: user-facing label; always says what the engine is ("Preview (CPU)")
    label: str

    def prepare(self, request: RenderRequest, progress: ProgressCallback) -> Plan: ...

    def frames(
        self, plan: Plan, progress: ProgressCallback, cancel: CancelToken
    ) -> Iterator[np.ndarray]: ...

    def release(self) -> None:
        """Free models and device memory; called after every job."""
        ...
