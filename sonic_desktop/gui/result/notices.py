"""The render's notices in the UI language.

The core and the engines report notices as plain English data (`RenderResult.notices`),
since they have no Qt. Each known wording is matched here and re-said through tr();
an unknown one is shown as it came, so nothing is ever hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def _box(text: str) -> str:
    """face.analyse.describe_box: 'box 120×130 at x=40, y=60'."""
    match = re.fullmatch(r"box (\d+)×(\d+) at x=(-?\d+), y=(-?\d+)", text)
    if match is None:
        return text
    w, h, x, y = match.groups()
    return QCoreApplication.translate("Notices", "{w}×{h} px at x={x}, y={y}").format(
        w=w, h=h, x=x, y=y
    )


# (pattern of the core's wording, its translation from the match's groups)
_KNOWN: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"Using Preview \(CPU\) because no usable Sonic weights were found .*draft.*"),
        lambda m: QCoreApplication.translate(
            "Notices",
            "Rendered with Preview (CPU) because no usable Sonic weights were found "
            "(Models says what is missing). This is a draft, not the Sonic model.",
        ),
    ),
    (
        re.compile(r"Found (\d+) faces; using the largest \((.*)\)\."),
        lambda m: QCoreApplication.translate(
            "Notices", "Found {n} faces; used the largest ({box})."
        ).format(n=m[1], box=_box(m[2])),
    ),
    (
        re.compile(r"Duration ([\d.]+) s is longer than the audio; rendering all ([\d.]+) s\."),
        lambda m: QCoreApplication.translate(
            "Notices", "Duration {requested} s is longer than the audio; rendered all {audio} s."
        ).format(requested=m[1], audio=m[2]),
    ),
    (
        re.compile(r"Precision (\S+) is for GPUs; the CPU runs in fp32\."),
        lambda m: QCoreApplication.translate(
            "Notices", "Precision {precision} is for GPUs; the CPU ran in fp32."
        ).format(precision=m[1]),
    ),
    (
        re.compile(r"This GPU has no bf16 support; using fp16\."),
        lambda m: QCoreApplication.translate(
            "Notices", "This GPU has no bf16 support; fp16 was used."
        ),
    ),
    (
        re.compile(r"Random seed (\d+) .*"),
        lambda m: QCoreApplication.translate(
            "Notices",
            "Random seed {seed} was used; set it as the seed to render the same video again.",
        ).format(seed=m[1]),
    ),
    (
        re.compile(r"Using the dlib face detector: (.*)\."),
        lambda m: QCoreApplication.translate(
            "Notices", "The dlib face detector was used: {reason}."
        ).format(reason=m[1]),
    ),
)


def translate_notice(text: str) -> str:
    for pattern, say in _KNOWN:
        match = pattern.fullmatch(text.strip())
        if match is not None:
            return say(match)
    return text
