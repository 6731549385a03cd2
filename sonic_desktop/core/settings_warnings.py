"""The inspector's non-blocking advice about `RenderSettings` (PARAMETERS.md
"Warnings the inspector shows"), each with a one-click fix.

Three rules keep the advice honest:
- it concerns the engine that will actually run: "auto" resolved to the preview
  engine gets no advice about steps or video memory, which that engine ignores;
- two warnings that offer the same fix show once (1024 px at 8 steps is one problem);
- every fix that sets the step count uses `RECOMMENDED_STEPS`, the same number the
  Result view's tips offer.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sonic_desktop.core.settings import RenderSettings, SettingsWarning

#: The step count every fix and tip recommends: the official default.
RECOMMENDED_STEPS = 25
#: Beyond this, more steps cost time for little visible gain.
USEFUL_STEPS_MAX = 30
_FRAME_S = 1 / 25

# Advice that concerns only the diffusion model.
SONIC_ONLY: frozenset[str] = frozenset(
    {
        "steps_too_low",
        "steps_diminishing_returns",
        "highres_needs_steps",
        "lowres_wasted_steps",
        "vram_exceeds_free",
    }
)


def settings_warnings(
    settings: RenderSettings,
    audio_duration_s: float | None = None,
    free_vram_gb: float | None = None,
    estimated_peak_vram_gb: float | None = None,
    engine: str | None = None,
) -> list[SettingsWarning]:
    """All advice for `settings`. `engine` is the engine that will run ("sonic" or
    "preview", e.g. "auto" resolved on this machine); None means `settings.engine`,
    and an unresolved "auto" keeps the Sonic advice, as it may resolve to Sonic."""
    engine = engine or settings.engine
    found = parameter_warnings(settings) + duration_warnings(settings, audio_duration_s)
    if (
        free_vram_gb is not None
        and estimated_peak_vram_gb is not None
        and settings.device != "cpu"
        and estimated_peak_vram_gb > free_vram_gb
    ):
        # Imported here: the advisor builds on the settings module.
        from sonic_desktop.core.advisor import vram_warning

        found.append(vram_warning(settings, estimated_peak_vram_gb, free_vram_gb))
    if engine == "preview":
        found = [w for w in found if w.code not in SONIC_ONLY]
    return dedupe_by_fix(found)


def dedupe_by_fix(warnings: list[SettingsWarning]) -> list[SettingsWarning]:
    """Keep the first of the warnings whose fixes are identical, flagging the union of
    their fields: one button that does one thing is offered once."""
    kept: list[SettingsWarning] = []
    for warning in warnings:
        fix = dict(warning.fix_changes)
        index = next((i for i, k in enumerate(kept) if dict(k.fix_changes) == fix), None)
        if index is None:
            kept.append(warning)
            continue
        first = kept[index]
        fields = first.fields + tuple(f for f in warning.fields if f not in first.fields)
        kept[index] = dataclasses.replace(first, fields=fields)
    return kept


def parameter_warnings(s: RenderSettings) -> list[SettingsWarning]:
    from sonic_desktop.core.settings import SettingsWarning

    steps, res = s.inference_steps, s.min_resolution
    found: list[SettingsWarning] = []
    if steps < 10:
        found.append(
            SettingsWarning(
                "steps_too_low",
                f"{steps} steps is too few: expect blur, ghosting and misplaced lips.",
                f"Use {RECOMMENDED_STEPS} steps.",
                {"inference_steps": RECOMMENDED_STEPS},
                ("inference_steps",),
            )
        )
    if steps > 40:
        found.append(
            SettingsWarning(
                "steps_diminishing_returns",
                f"{steps} steps gives diminishing returns: 40 steps is about 38% slower than "
                f"{USEFUL_STEPS_MAX} for under 5% better results.",
                f"Use {USEFUL_STEPS_MAX} steps.",
                {"inference_steps": USEFUL_STEPS_MAX},
                ("inference_steps",),
            )
        )
    if res >= 1024 and steps < 20:
        found.append(
            SettingsWarning(
                "highres_needs_steps",
                f"At {res} px, {steps} steps is not enough for the details to converge.",
                f"Use {RECOMMENDED_STEPS} steps, or lower the resolution.",
                {"inference_steps": RECOMMENDED_STEPS},
                ("inference_steps", "min_resolution"),
            )
        )
    if res <= 384 and steps > USEFUL_STEPS_MAX:
        found.append(
            SettingsWarning(
                "lowres_wasted_steps",
                f"At {res} px, steps beyond {USEFUL_STEPS_MAX} add time without visible gain.",
                f"Use {RECOMMENDED_STEPS} steps.",
                {"inference_steps": RECOMMENDED_STEPS},
                ("inference_steps", "min_resolution"),
            )
        )
    if s.crop_to_face and s.expand_ratio < 0.15 - 1e-9:
        found.append(
            SettingsWarning(
                "expand_ratio_low",
                f"A face margin of {s.expand_ratio:g} may cut off the mouth or chin when "
                "the mouth opens.",
                "Use a face margin of at least 0.15 (0.2 suggested).",
                {"expand_ratio": 0.2},
                ("expand_ratio",),
            )
        )
    if s.dynamic_scale > 1.2 + 1e-9:
        found.append(
            SettingsWarning(
                "dynamic_scale_high",
                f'Expression strength {s.dynamic_scale:g} risks an exaggerated "big mouth".',
                "Use 1.2 or less.",
                {"dynamic_scale": 1.2},
                ("dynamic_scale",),
            )
        )
    if s.motion_scale > 1.1 + 1e-9:
        found.append(
            SettingsWarning(
                "motion_scale_high",
                f"Head motion {s.motion_scale:g} risks twitching, most visible in pauses.",
                "Use 1.1 or less.",
                {"motion_scale": 1.1},
                ("motion_scale",),
            )
        )
    return found


def duration_warnings(s: RenderSettings, audio_duration_s: float | None) -> list[SettingsWarning]:
    from sonic_desktop.core.settings import SettingsWarning

    if s.duration is None or audio_duration_s is None:
        return []
    # Less than one output frame (40 ms) either way changes nothing visible, and a
    # duration typed from a rounded display value should not trigger advice.
    if s.duration < audio_duration_s - _FRAME_S:
        return [
            SettingsWarning(
                "duration_shorter_than_audio",
                f"Duration {s.duration:g} s is shorter than the audio "
                f"({audio_duration_s:.2f} s): the video will end before the speech does.",
                "Set the duration to auto (the whole recording).",
                {"duration": None},
                ("duration",),
            )
        ]
    if s.duration > audio_duration_s + _FRAME_S:
        return [
            SettingsWarning(
                "duration_longer_than_audio",
                f"Duration {s.duration:g} s is longer than the audio "
                f"({audio_duration_s:.2f} s); only the recording's length will be rendered.",
                "Set the duration to auto (the whole recording).",
                {"duration": None},
                ("duration",),
            )
        ]
    return []
