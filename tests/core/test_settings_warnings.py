"""Advice that matches the engine that runs, shows once per fix, and agrees with the tips."""

from __future__ import annotations

import pytest

from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.core.settings_warnings import RECOMMENDED_STEPS, SONIC_ONLY, dedupe_by_fix


def codes(settings: RenderSettings, **kwargs) -> list[str]:
    return [w.code for w in settings.warnings(**kwargs)]


def test_auto_resolved_to_preview_gets_no_step_advice():
    # "8 steps is too few" fired for auto on a machine without Sonic, which ignores steps.
    settings = RenderSettings(engine="auto", inference_steps=8)
    assert codes(settings, engine="preview") == []
    assert codes(settings, engine="sonic") == ["steps_too_low"]
    assert codes(settings) == ["steps_too_low"]  # unresolved auto may still be Sonic


def test_preview_engine_keeps_advice_it_reads():
    settings = RenderSettings(inference_steps=8, dynamic_scale=1.5, expand_ratio=0.1)
    assert codes(settings, engine="preview") == ["expand_ratio_low", "dynamic_scale_high"]
    found = settings.warnings(engine="preview", free_vram_gb=1.0, estimated_peak_vram_gb=9.0)
    assert not {w.code for w in found} & SONIC_ONLY


def test_one_warning_per_fix_at_1024_px():
    settings = RenderSettings(engine="sonic", min_resolution=1024, inference_steps=8)
    found = settings.warnings()
    steps_fixes = [w for w in found if "inference_steps" in w.fix_changes]
    assert len(steps_fixes) == 1
    # The survivor flags both fields the merged advice was about.
    assert set(steps_fixes[0].fields) == {"inference_steps", "min_resolution"}
    # Distinct fixes are kept apart.
    both = settings.replace(dynamic_scale=1.5).warnings()
    assert len({tuple(sorted(w.fix_changes.items())) for w in both}) == len(both) == 2


def test_dedupe_keeps_order_and_first_message():
    settings = RenderSettings(engine="sonic", min_resolution=1024, inference_steps=8)
    from sonic_desktop.core.settings_warnings import parameter_warnings

    raw = parameter_warnings(settings)
    assert [w.code for w in raw] == ["steps_too_low", "highres_needs_steps"]
    merged = dedupe_by_fix(raw)
    assert [w.code for w in merged] == ["steps_too_low"]
    assert merged[0].message == raw[0].message


@pytest.mark.parametrize(
    "changes",
    [
        {"inference_steps": 8},
        {"inference_steps": 8, "min_resolution": 1024},
        {"inference_steps": 15, "min_resolution": 1024},
        {"inference_steps": 35, "min_resolution": 384},
    ],
)
def test_every_step_fix_recommends_the_same_count(changes):
    settings = RenderSettings(engine="sonic", **changes)
    [warning] = [w for w in settings.warnings() if "inference_steps" in w.fix_changes]
    assert warning.fix_changes["inference_steps"] == RECOMMENDED_STEPS
    assert f"{RECOMMENDED_STEPS} steps" in warning.fix
    fixed = settings.replace(**warning.fix_changes)
    assert not [w for w in fixed.warnings() if "inference_steps" in w.fields]


def test_recommended_steps_is_the_default():
    assert RenderSettings().inference_steps == RECOMMENDED_STEPS
