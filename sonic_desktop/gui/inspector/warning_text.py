"""Translated wording for `SettingsWarning`s, keyed by their stable `code`.

The core writes its advice in English with the numbers filled in. The UI rebuilds
the sentence from the settings in the current language; an unknown code (advice
added to the core later) falls back to the core's English text.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication

from sonic_desktop.core.settings import RenderSettings, SettingsWarning
from sonic_desktop.gui.inspector.field_editors import choice_label


def warning_message(warning: SettingsWarning, settings: RenderSettings) -> str:
    s = settings
    code = warning.code
    if code == "steps_too_low":
        return QCoreApplication.translate(
            "Warnings", "{steps} steps is too few: expect blur, ghosting and misplaced lips."
        ).format(steps=s.inference_steps)
    if code == "steps_diminishing_returns":
        return QCoreApplication.translate(
            "Warnings",
            "{steps} steps gives diminishing returns: 40 steps is about 38% slower than 30 "
            "for under 5% better results.",
        ).format(steps=s.inference_steps)
    if code == "highres_needs_steps":
        return QCoreApplication.translate(
            "Warnings", "At {res} px, {steps} steps is not enough for the details to converge."
        ).format(res=s.min_resolution, steps=s.inference_steps)
    if code == "lowres_wasted_steps":
        return QCoreApplication.translate(
            "Warnings", "At {res} px, steps beyond 30 add time without visible gain."
        ).format(res=s.min_resolution)
    if code == "expand_ratio_low":
        return QCoreApplication.translate(
            "Warnings", "A face margin of {value:g} may cut off the mouth or chin when it opens."
        ).format(value=s.expand_ratio)
    if code == "dynamic_scale_high":
        return QCoreApplication.translate(
            "Warnings", 'Expression strength {value:g} risks an exaggerated "big mouth".'
        ).format(value=s.dynamic_scale)
    if code == "motion_scale_high":
        return QCoreApplication.translate(
            "Warnings", "Head motion {value:g} risks twitching, most visible in pauses."
        ).format(value=s.motion_scale)
    if code == "duration_shorter_than_audio":
        return QCoreApplication.translate(
            "Warnings",
            "The duration is shorter than the audio: the video will end before the speech does.",
        )
    if code == "duration_longer_than_audio":
        return QCoreApplication.translate(
            "Warnings",
            "The duration is longer than the audio; only the recording's length is rendered.",
        )
    if code == "vram_exceeds_free":
        return QCoreApplication.translate(
            "Warnings", "This render needs more video memory than is free on the GPU."
        )
    return warning.message


def fix_label(warning: SettingsWarning) -> str:
    """Short text for the one-click fix button, from the values it would set."""
    changes: Mapping[str, object] = warning.fix_changes
    if set(changes) == {"duration"}:
        return QCoreApplication.translate("Warnings", "Use the whole recording")
    if changes.get("engine") == "preview":
        return QCoreApplication.translate("Warnings", "Use the preview engine")
    if "min_resolution" in changes and "inference_steps" in changes:
        return QCoreApplication.translate(
            "Warnings", "Use {res} px, {steps} steps, {memory}"
        ).format(
            res=changes["min_resolution"],
            steps=changes["inference_steps"],
            memory=choice_label(str(changes.get("memory_strategy", "auto"))),
        )
    parts = []
    for name, value in changes.items():
        if name == "inference_steps":
            parts.append(QCoreApplication.translate("Warnings", "Use {n} steps").format(n=value))
        elif name == "expand_ratio":
            parts.append(
                QCoreApplication.translate("Warnings", "Use a face margin of {v:g}").format(v=value)
            )
        elif name == "dynamic_scale":
            parts.append(
                QCoreApplication.translate("Warnings", "Use expression strength {v:g}").format(
                    v=value
                )
            )
        elif name == "motion_scale":
            parts.append(
                QCoreApplication.translate("Warnings", "Use head motion {v:g}").format(v=value)
            )
        else:
            parts.append(f"{name} = {value}")
    return "; ".join(parts) or QCoreApplication.translate("Warnings", "Fix")
