"""Measurements of rendered videos (lip-sync quality), shared by the CLI and benchmarks."""

from __future__ import annotations

from sonic_desktop.analysis.lipsync import (
    SyncReport,
    lagged_correlation,
    lip_opening,
    measure_lipsync,
    mouth_openings,
    speech_envelope,
)

__all__ = [
    "SyncReport",
    "lagged_correlation",
    "lip_opening",
    "measure_lipsync",
    "mouth_openings",
    "speech_envelope",
]
