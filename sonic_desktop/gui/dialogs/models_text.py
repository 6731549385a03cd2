"""The weights status in the UI language.

`sonic_desktop.models` (no Qt) reports each file's role (catalogue data) and the
reason for its state as English text. Roles are listed below for lupdate, and a test
checks the list still matches `resources/weights_catalogue.json`; each known reason
wording is matched and re-said through tr(). An unknown wording is shown as it came.
"""

# ruff: noqa: E501
from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from sonic_desktop.gui.shell.i18n import QT_TRANSLATE_NOOP

# fmt: off
ROLES = (
    QT_TRANSLATE_NOOP("WeightsCatalogue", "The whole fine-tuned SVD UNet plus the 64 audio cross-attention tensors; loaded strictly."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Audio-to-token adapter: 10 Whisper frames to 32 tokens of 1024 per video frame."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Audio-to-motion-bucket adapter: pose and expression strength per video frame."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "RIFE IFNet frame interpolation, 12.5 to 25 fps."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Official face detector (TorchScript); used only once trusted, else dlib is used."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "UNet architecture; its weights come from Sonic/unet.pth."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Temporal-decoder VAE architecture."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "VAE weights: encodes the portrait, decodes the frames."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "CLIP ViT-H/14 image encoder architecture."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "CLIP image encoder weights: the portrait's appearance embedding."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Euler / Karras noise schedule settings."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Whisper tiny architecture."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Log-mel feature settings for Whisper."),
    QT_TRANSLATE_NOOP("WeightsCatalogue", "Whisper tiny weights; only the encoder is run."),
)
# fmt: on


def translate_role(role: str) -> str:
    return QCoreApplication.translate("WeightsCatalogue", role)


def _t(text: str) -> str:
    """Only for texts already marked below with QT_TRANSLATE_NOOP."""
    return QCoreApplication.translate("WeightsStatus", text)


# The wordings of `sonic_desktop.models.status.check_file` and `_format_problem`.
_FIXED = {
    "not a file": QT_TRANSLATE_NOOP("WeightsStatus", "not a file"),
    "empty file": QT_TRANSLATE_NOOP("WeightsStatus", "empty file"),
    "damaged or truncated PyTorch archive": QT_TRANSLATE_NOOP(
        "WeightsStatus", "damaged or truncated PyTorch archive"
    ),
    "not a PyTorch file": QT_TRANSLATE_NOOP("WeightsStatus", "not a PyTorch file"),
    "truncated safetensors file": QT_TRANSLATE_NOOP("WeightsStatus", "truncated safetensors file"),
    "not a safetensors file": QT_TRANSLATE_NOOP("WeightsStatus", "not a safetensors file"),
}

_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"expected at (.+)"),
        lambda m: QCoreApplication.translate("WeightsStatus", "expected at {path}").format(
            path=m[1]
        ),
    ),
    (
        re.compile(r"cannot read: (.+)"),
        lambda m: QCoreApplication.translate("WeightsStatus", "cannot read: {reason}").format(
            reason=m[1]
        ),
    ),
    (
        re.compile(r"([\d,]+) bytes, at least ([\d,]+) expected \(incomplete download\?\)"),
        lambda m: QCoreApplication.translate(
            "WeightsStatus", "{size} bytes, at least {expected} expected (incomplete download?)"
        ).format(size=m[1], expected=m[2]),
    ),
    (
        re.compile(r"([\d,]+) bytes but its header describes ([\d,]+)"),
        lambda m: QCoreApplication.translate(
            "WeightsStatus", "{size} bytes, but its header describes {expected}"
        ).format(size=m[1], expected=m[2]),
    ),
    (
        re.compile(r"not valid JSON \((.+)\)"),
        lambda m: QCoreApplication.translate("WeightsStatus", "not valid JSON ({reason})").format(
            reason=m[1]
        ),
    ),
    (
        re.compile(r"safetensors header unreadable \((.+)\)"),
        lambda m: QCoreApplication.translate(
            "WeightsStatus", "safetensors header unreadable ({reason})"
        ).format(reason=m[1]),
    ),
)


def translate_detail(detail: str) -> str:
    if detail in _FIXED:
        return _t(_FIXED[detail])
    for pattern, say in _PATTERNS:
        match = pattern.fullmatch(detail)
        if match is not None:
            return say(match)
    return detail
