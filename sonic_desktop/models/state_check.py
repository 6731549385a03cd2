"""Does a set of tensors fit a model? One check, one message, for every weights file.

Works on shapes only (no torch import), so the Sonic engine's strict loads and the
single-file SVD mapping report missing, wrong-sized and unexpected keys the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from sonic_desktop.core.errors import WeightsMissing

log = logging.getLogger(__name__)

SHOWN_KEYS = 5
Shape = tuple[int, ...]


def shape_problems(
    expected: Mapping[str, Shape], found: Mapping[str, Shape]
) -> tuple[list[str], list[str], list[str]]:
    """(missing keys, unexpected keys, keys whose shapes differ)."""
    missing = [k for k in expected if k not in found]
    unexpected = [k for k in found if k not in expected]
    mismatched = [k for k, shape in expected.items() if k in found and found[k] != shape]
    return missing, unexpected, mismatched


def mismatch_line(label: str, file_shape: Shape, model_shape: Shape) -> str:
    return f"{label}: {list(file_shape)} in the file, {list(model_shape)} in the model"


def raise_if_misfit(
    name: str,
    missing: Sequence[str],
    unexpected: Sequence[str],
    mismatched: Sequence[str],
    hint: str,
) -> None:
    """Raise `WeightsMissing` naming `name` and the first offending keys; log them all."""
    if not (missing or unexpected or mismatched):
        return
    parts = []
    for count_label, keys in (
        ("missing keys", missing),
        ("wrong-sized tensors", mismatched),
        ("unexpected keys", unexpected),
    ):
        if keys:
            parts.append(f"{len(keys)} {count_label} ({_some(keys)})")
            for key in keys:
                log.error("%s: %s %s", name, count_label, key)
    raise WeightsMissing(f"{name} does not fit the model: " + "; ".join(parts), hint)


def _some(keys: Sequence[str]) -> str:
    return ", ".join(keys[:SHOWN_KEYS]) + (", …" if len(keys) > SHOWN_KEYS else "")
