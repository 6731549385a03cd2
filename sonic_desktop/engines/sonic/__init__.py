"""The Sonic engine (SVD img2vid-xt UNet with audio cross-attention, Whisper, RIFE).

Importing this package is cheap: no torch, diffusers or transformers until a render
loads the models. `availability` only looks at files.

Modules, in pipeline order: `components` (loading), `audio_features` (Whisper),
`adapters` (audio2token / audio2bucket), `conditioning` (image, mask, CLIP, VAE),
`scheduler`, `sampler` (sliding windows, guidance), `unet_audio` (the UNet changes),
`memory` (placement, decode), `rife`, `pipeline` (the phases), `engine`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sonic_desktop.engines.sonic.engine import SonicEngine

REQUIRED_PACKAGES = ("torch", "diffusers", "transformers", "accelerate", "safetensors")


def availability(weights_dir: Path | None = None) -> tuple[bool, str]:
    """(usable, reason): the packages are installed and every needed weights file is
    present and plausible. Frame interpolation's RIFE file counts as needed."""
    missing = [name for name in REQUIRED_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return False, "missing Python packages: " + ", ".join(missing)
    from sonic_desktop.models.status import weights_status

    report = weights_status(weights_dir)
    return report.usable(), report.summary()


__all__ = ["SonicEngine", "availability"]
