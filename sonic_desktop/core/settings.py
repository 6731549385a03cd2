"""`RenderSettings`: every user-settable render parameter, declared once.

`FIELDS` is the single declaration. The GUI inspector builds its widgets from it,
the CLI builds its flags from it (`add_arguments`), and validation reads its
ranges. Strings here are plain English; the GUI translates them.

Validation has two levels:
- `validate()` lists hard errors (wrong type, out of range, bad choice): such
  settings cannot be rendered.
- `warnings()` lists the non-blocking advice of PARAMETERS.md, each with a
  machine-applicable fix so the GUI can offer a one-click repair (see
  `settings_warnings`).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sonic_desktop.core.errors import InvalidSettings

GROUPS: tuple[str, ...] = (
    "Generation",
    "Face",
    "Motion",
    "Sync & post-processing",
    "Output",
    "Advanced",
)
ENGINES: tuple[str, ...] = ("sonic", "preview")
_BOTH = ENGINES
_SONIC = ("sonic",)
SEED_MAX = 2**32 - 1
DEVICE_PATTERN = r"cuda:\d+"


@dataclass(frozen=True)
class FieldSpec:
    """How one setting looks, what it accepts, and which engines read it."""

    name: str
    type: type  # int, float, bool or str
    default: Any
    label: str
    description: str  # one sentence: meaning and range (tooltip and CLI help)
    group: str
    optional: bool = False  # None is a valid value (see `none_label`)
    none_label: str = ""  # what None means, e.g. "random", "auto"
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None  # enforced for ints (multiple of step above minimum)
    ui_min: float | None = None  # narrower slider range; typed values may go wider
    ui_max: float | None = None
    choices: tuple[str, ...] = ()
    pattern: str | None = None  # regex for extra accepted strings beyond `choices`
    unit: str = ""
    engines: tuple[str, ...] = _BOTH

    def used_by(self, engine: str) -> bool:
        """Whether the engine reads this field; "auto" may resolve to either engine."""
        return engine == "auto" or engine in self.engines


FIELDS: tuple[FieldSpec, ...] = (
    # Generation
    FieldSpec(
        "engine", str, "auto", "Engine",
        "Which renderer to use: auto picks Sonic when its weights are installed and usable, "
        "otherwise the CPU preview engine.",
        "Generation", choices=("auto", "sonic", "preview"),
    ),
    FieldSpec(
        "inference_steps", int, 25, "Steps",
        "Denoising steps, 1-100: more steps give finer detail and take proportionally longer; "
        "20-30 is the useful range.",
        "Generation", minimum=1, maximum=100, step=1, ui_min=5, ui_max=50, unit="steps",
        engines=_SONIC,
    ),
    FieldSpec(
        "min_resolution", int, 512, "Resolution",
        "Short side of the generated frames in pixels, 128-2048 in steps of 64; "
        "time and memory grow with its square.",
        "Generation", minimum=128, maximum=2048, step=64, unit="px",
    ),
    FieldSpec(
        "seed", int, 72589, "Seed",
        "Random seed, 0 to 4294967295, or random; the same seed and settings give the same "
        "video on the same device.",
        "Generation", optional=True, none_label="random", minimum=0, maximum=SEED_MAX, step=1,
    ),
    # Face
    FieldSpec(
        "crop_to_face", bool, True, "Crop to face",
        "Animate a square crop around the face rather than the whole picture.",
        "Face",
    ),
    FieldSpec(
        "expand_ratio", float, 0.5, "Face margin",
        "How far the face box is grown on each side before the square crop, 0.0-1.0; "
        "below 0.15 the chin may be cut off.",
        "Face", minimum=0.0, maximum=1.0, step=0.05,
    ),
    # Motion
    FieldSpec(
        "dynamic_scale", float, 1.0, "Expression strength",
        "Strength of mouth and expression motion, 0.5-2.0; above 1.2 the mouth may look "
        "exaggerated.",
        "Motion", minimum=0.5, maximum=2.0, step=0.05,
    ),
    FieldSpec(
        "motion_scale", float, 1.0, "Head motion",
        "Head and overall facial motion relative to the expression strength, 0.5-2.0; "
        "above 1.1 it may twitch in pauses.",
        "Motion", minimum=0.5, maximum=2.0, step=0.05,
    ),
    # Sync & post-processing
    FieldSpec(
        "lip_sync_calibration", bool, False, "Lip-sync calibration",
        "Apply the lip-sync offset (alignment_offset_sec) to the motion.",
        "Sync & post-processing",
    ),
    FieldSpec(
        "alignment_offset_sec", float, 0.0, "Lip-sync offset",
        "Audio-to-motion offset, -0.5 to +0.5 s; positive makes the mouth move earlier than "
        "the sound, and the soundtrack itself is never shifted.",
        "Sync & post-processing", minimum=-0.5, maximum=0.5, step=0.01, unit="s",
    ),
    FieldSpec(
        "frame_interpolation", bool, True, "Frame interpolation",
        "Double the frame rate from 12.5 to 25 fps with RIFE; the preview engine renders "
        "25 fps natively.",
        "Sync & post-processing", engines=_SONIC,
    ),
    FieldSpec(
        "temporal_smoothing", bool, True, "Temporal smoothing",
        "De-flicker and smooth the motion after generation.",
        "Sync & post-processing",
    ),
    # Output
    FieldSpec(
        "duration", float, None, "Duration",
        "Seconds of audio to render, from 0.1 s up to the audio length, or auto for the "
        "whole recording.",
        "Output", optional=True, none_label="auto", minimum=0.1, step=0.1, unit="s",
    ),
    FieldSpec(
        "keep_resolution", bool, False, "Keep picture size",
        "Scale the output video to the source picture's size instead of the generated size.",
        "Output",
    ),
    # Advanced (official constants; collapsed by default)
    FieldSpec(
        "device", str, "auto", "Device",
        "Where Sonic runs: auto, cpu or cuda:N (N is the GPU index).",
        "Advanced", choices=("auto", "cpu"), pattern=DEVICE_PATTERN, engines=_SONIC,
    ),
    FieldSpec(
        "precision", str, "auto", "Precision",
        "Number format for the large models: auto means fp16 on a GPU and fp32 on the CPU.",
        "Advanced", choices=("auto", "fp16", "bf16", "fp32"), engines=_SONIC,
    ),
    FieldSpec(
        "memory_strategy", str, "auto", "Memory strategy",
        "How much of the model stays on the GPU: full is fastest, model offload and "
        "sequential offload trade speed for less video memory.",
        "Advanced", choices=("auto", "full", "model_offload", "sequential_offload"),
        engines=_SONIC,
    ),
    FieldSpec(
        "audio_guidance_scale", float, 7.5, "Audio guidance",
        "How strongly the motion follows the audio, 0-20; the official value is 7.5.",
        "Advanced", minimum=0.0, maximum=20.0, step=0.5, engines=_SONIC,
    ),
    FieldSpec(
        "appearance_guidance_scale", float, 2.0, "Appearance guidance",
        "How strongly the frames keep the reference appearance, 0-20; the official value "
        "is 2.0.",
        "Advanced", minimum=0.0, maximum=20.0, step=0.5, engines=_SONIC,
    ),
    FieldSpec(
        "ip_audio_scale", float, 1.0, "Audio attention scale",
        "Weight of the audio cross-attention inside the UNet, 0-3; the official value is 1.0.",
        "Advanced", minimum=0.0, maximum=3.0, step=0.1, engines=_SONIC,
    ),
    FieldSpec(
        "decode_chunk_size", int, 8, "Decode chunk",
        "Frames decoded by the VAE at once, 1-64; smaller uses less video memory.",
        "Advanced", minimum=1, maximum=64, step=1, unit="frames", engines=_SONIC,
    ),
    # The UNet was trained on 25-frame windows. Shorter windows are allowed as a
    # memory lever (the temporal layers take any length) at some cost in smoothness.
    FieldSpec(
        "frames_per_window", int, 25, "Window length",
        "Frames generated together in one sliding window, 8-25; the model was trained "
        "with 25, and shorter windows save memory but may flicker more.",
        "Advanced", minimum=8, maximum=25, step=1, unit="frames", engines=_SONIC,
    ),
    FieldSpec(
        "shift_offset", int, 7, "Window shift",
        "Frames the sliding windows rotate by after each step, 0-24, which hides window "
        "seams; the official value is 7.",
        "Advanced", minimum=0, maximum=24, step=1, unit="frames", engines=_SONIC,
    ),
)  # fmt: skip

_SPECS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}


def field_spec(name: str) -> FieldSpec:
    try:
        return _SPECS[name]
    except KeyError:
        raise KeyError(f"No setting named {name!r}") from None


@dataclass(frozen=True)
class SettingsError:
    """One hard validation problem."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class SettingsWarning:
    """Non-blocking advice with a fix a GUI can apply in one click."""

    code: str  # stable identifier, e.g. "steps_too_low"
    message: str  # what may go wrong
    fix: str  # what to do, in words
    fix_changes: Mapping[str, object]  # field values that apply the fix
    fields: tuple[str, ...] = ()  # fields to highlight

    def __str__(self) -> str:
        return f"{self.message} {self.fix}"


@dataclass(frozen=True)
class RenderSettings:
    """Every user-settable render parameter; defaults are the official constants."""

    engine: str = "auto"
    inference_steps: int = 25
    min_resolution: int = 512
    seed: int | None = 72589
    crop_to_face: bool = True
    expand_ratio: float = 0.5
    dynamic_scale: float = 1.0
    motion_scale: float = 1.0
    lip_sync_calibration: bool = False
    alignment_offset_sec: float = 0.0
    frame_interpolation: bool = True
    temporal_smoothing: bool = True
    duration: float | None = None
    keep_resolution: bool = False
    device: str = "auto"
    precision: str = "auto"
    memory_strategy: str = "auto"
    audio_guidance_scale: float = 7.5
    appearance_guidance_scale: float = 2.0
    ip_audio_scale: float = 1.0
    decode_chunk_size: int = 8
    frames_per_window: int = 25
    shift_offset: int = 7

    def __post_init__(self) -> None:
        # JSON and argparse may hand an int to a float field; store a float so that
        # to_dict() output and summaries do not depend on how a value arrived.
        for spec in FIELDS:
            value = getattr(self, spec.name)
            if spec.type is float and type(value) is int:
                object.__setattr__(self, spec.name, float(value))

    # -- validation -------------------------------------------------------------

    def validate(self) -> list[SettingsError]:
        return [error for spec in FIELDS if (error := _check(spec, getattr(self, spec.name)))]

    def raise_if_invalid(self) -> None:
        errors = self.validate()
        if errors:
            raise InvalidSettings("Invalid settings: " + "; ".join(str(e) for e in errors))

    def warnings(
        self,
        audio_duration_s: float | None = None,
        free_vram_gb: float | None = None,
        estimated_peak_vram_gb: float | None = None,
        engine: str | None = None,
    ) -> list[SettingsWarning]:
        """The inspector's advice (PARAMETERS.md "Warnings the inspector shows").

        Audio length and VRAM figures are optional: advice that needs them is
        skipped when they are unknown. `engine` is the engine that will run ("auto"
        resolved); without it, `self.engine`. See `settings_warnings`.
        """
        # Imported here: the warnings module builds on this one.
        from sonic_desktop.core.settings_warnings import settings_warnings

        return settings_warnings(
            self, audio_duration_s, free_vram_gb, estimated_peak_vram_gb, engine
        )

    # -- copying and serialisation ------------------------------------------------

    def replace(self, **changes: Any) -> RenderSettings:
        unknown = sorted(set(changes) - set(_SPECS))
        if unknown:
            raise InvalidSettings(f"Unknown setting(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only (None for auto/random)."""
        return {spec.name: getattr(self, spec.name) for spec in FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, validate: bool = True) -> RenderSettings:
        """Missing keys take defaults; unknown keys and (by default) invalid values raise
        InvalidSettings naming them."""
        if not isinstance(data, Mapping):
            raise InvalidSettings("Settings must be a JSON object of name: value pairs")
        unknown = sorted(map(str, set(data) - set(_SPECS)))
        if unknown:
            raise InvalidSettings(f"Unknown setting(s): {', '.join(unknown)}")
        settings = cls(**data)
        if validate:
            settings.raise_if_invalid()
        return settings

    def summary(self) -> str:
        """One line for a queue row, e.g. "512px · 25 steps · dyn 1.0 · seed 72589"."""
        parts = [] if self.engine == "auto" else [self.engine]
        parts.append(f"{self.min_resolution}px")
        if self.engine != "preview":
            parts.append(f"{self.inference_steps} steps")
        parts.append(f"dyn {_short_float(self.dynamic_scale)}")
        if self.motion_scale != 1.0:
            parts.append(f"motion {_short_float(self.motion_scale)}")
        if self.duration is not None:
            parts.append(f"{self.duration:g} s")
        parts.append("seed random" if self.seed is None else f"seed {self.seed}")
        return " · ".join(parts)


def _short_float(value: float) -> str:
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _check(spec: FieldSpec, value: Any) -> SettingsError | None:
    """The first problem with one value, or None."""
    if value is None:
        return None if spec.optional else SettingsError(spec.name, "a value is required")
    if not _type_ok(spec.type, value):
        return SettingsError(
            spec.name, f"must be {_type_word(spec)} (got {type(value).__name__} {value!r})"
        )
    if spec.type is str:
        if value in spec.choices or (spec.pattern and re.fullmatch(spec.pattern, value)):
            return None
        allowed = ", ".join(spec.choices) + (" or cuda:N" if spec.pattern == DEVICE_PATTERN else "")
        return SettingsError(spec.name, f"must be one of {allowed} (got {value!r})")
    if spec.type is bool:
        return None
    if spec.type is float and not math.isfinite(value):
        return SettingsError(spec.name, f"must be a finite number (got {value!r})")
    low, high = spec.minimum, spec.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return SettingsError(spec.name, f"must be {_range_words(spec)} (got {value!r})")
    if spec.type is int and spec.step and spec.step > 1:
        base = int(spec.minimum or 0)
        if (value - base) % int(spec.step):
            return SettingsError(
                spec.name, f"must be a multiple of {int(spec.step)} (got {value!r})"
            )
    return None


def _type_ok(expected: type, value: Any) -> bool:
    if expected is bool:
        return isinstance(value, bool)
    if isinstance(value, bool):  # bool is an int subclass; True is not a step count
        return False
    if expected is float:
        return isinstance(value, (int, float))
    return isinstance(value, expected)


def _type_word(spec: FieldSpec) -> str:
    word = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}
    text = word[spec.type]
    return f"{text} or null ({spec.none_label})" if spec.optional else text


def _range_words(spec: FieldSpec) -> str:
    unit = f" {spec.unit}" if spec.unit in ("s", "px") else ""
    low, high = _number(spec, spec.minimum), _number(spec, spec.maximum)
    if spec.maximum is None:
        return f"at least {low}{unit}"
    if spec.minimum is None:
        return f"at most {high}{unit}"
    return f"between {low} and {high}{unit}"


def _number(spec: FieldSpec, value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if spec.type is int else f"{value:g}"


# -- command line -------------------------------------------------------------------
# Flags are generated from FIELDS. Every flag defaults to None, so `from_namespace`
# can tell "not given" from "given" and only explicit flags override a preset.

_NONE_WORDS = ("auto", "random", "none")


def cli_flag(spec: FieldSpec) -> str:
    """`--inference-steps`; booleans also accept `--no-<flag>`."""
    return "--" + spec.name.replace("_", "-")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one flag per field, in argument groups named after the inspector groups."""
    groups = {name: parser.add_argument_group(f"{name} settings") for name in GROUPS}
    for spec in FIELDS:
        group = groups[spec.group]
        help_text = _cli_help(spec)
        if spec.type is bool:
            group.add_argument(
                cli_flag(spec), dest=spec.name, action=argparse.BooleanOptionalAction,
                default=None, help=help_text,
            )  # fmt: skip
        else:
            group.add_argument(
                cli_flag(spec), dest=spec.name, type=_cli_parser(spec), default=None,
                metavar=_cli_metavar(spec), help=help_text,
            )  # fmt: skip


def from_namespace(
    namespace: argparse.Namespace, base: RenderSettings | None = None
) -> RenderSettings:
    """`base` (defaults, or a preset) overridden by the flags actually given."""
    base = base if base is not None else RenderSettings()
    changes: dict[str, Any] = {}
    for spec in FIELDS:
        value = getattr(namespace, spec.name, None)
        if value is None:
            continue
        changes[spec.name] = None if value in _NONE_WORDS and spec.optional else value
    settings = base.replace(**changes)
    settings.raise_if_invalid()
    return settings


def _cli_help(spec: FieldSpec) -> str:
    default = spec.none_label if spec.default is None else spec.default
    if spec.type is bool:
        default = "on" if spec.default else "off"
    note = "" if spec.engines == _BOTH else " Ignored by the preview engine."
    # argparse %-formats help strings.
    return f"{spec.description}{note} Default: {default}.".replace("%", "%%")


def _cli_metavar(spec: FieldSpec) -> str:
    if spec.choices:
        extra = ("cuda:N",) if spec.pattern == DEVICE_PATTERN else ()
        return "{" + ",".join(spec.choices + extra) + "}"
    word = {int: "N", float: "X", str: "TEXT"}[spec.type]
    return f"{word}|{spec.none_label}" if spec.optional else word


def _cli_parser(spec: FieldSpec) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        text = text.strip()
        if spec.optional and text.lower() in _NONE_WORDS:
            return text.lower()
        if spec.type is str:
            error = _check(spec, text)
            if error:
                raise argparse.ArgumentTypeError(error.message)
            return text
        try:
            value = spec.type(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {_type_word(spec)}") from None
        if spec.type is float and not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
        return value

    parse.__name__ = spec.type.__name__  # argparse names the type in its error messages
    return parse
