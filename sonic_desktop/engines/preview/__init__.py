"""Preview (CPU) engine: a fast draft animated from the photo's own landmarks."""

from __future__ import annotations

from sonic_desktop.engines.preview.engine import PreviewEngine, PreviewState, frame_index

__all__ = ["PreviewEngine", "PreviewState", "frame_index"]
