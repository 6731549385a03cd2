"""Typed errors: one actionable line each, and a fixed title and hint the UI translates."""

from __future__ import annotations

import pytest

from sonic_desktop.core import presets  # noqa: F401  defines PresetError
from sonic_desktop.core.errors import (
    Cancelled,
    NoFaceFound,
    SonicDesktopError,
    error_kinds,
)


def test_one_line_joins_message_and_hint():
    error = NoFaceFound("No face found in 'photo 1.png'.")
    assert str(error) == (
        "No face found in 'photo 1.png'. Use a photo with one clearly visible, front-facing "
        "face, or draw the face box by hand."
    )
    assert "\n" not in str(error)
    assert str(NoFaceFound("x", hint="Draw the box.")) == "x. Draw the box."


def test_every_kind_has_its_own_title_and_advice():
    kinds = error_kinds()
    names = {kind.__name__ for kind in kinds}
    assert {"NoFaceFound", "DiskFull", "OutOfVideoMemory", "PresetError"} <= names
    titles = [kind.title for kind in kinds]
    assert len(set(titles)) == len(titles), "two error kinds share a title"
    for kind in kinds:
        assert kind.title and not kind.title.endswith("."), kind
        if kind not in (SonicDesktopError, Cancelled):
            assert kind.default_hint.endswith("."), kind  # something to do, as a sentence


@pytest.mark.parametrize("kind", [k for k in error_kinds() if k is not SonicDesktopError])
def test_titles_are_not_inherited_from_the_base(kind):
    assert "title" in vars(kind), f"{kind.__name__} needs its own title"
