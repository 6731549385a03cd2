from __future__ import annotations

import argparse
import dataclasses
import json

import pytest

from sonic_desktop.core.errors import InvalidSettings
from sonic_desktop.core.settings import (
    FIELDS,
    GROUPS,
    RenderSettings,
    add_arguments,
    cli_flag,
    field_spec,
    from_namespace,
)

SPEC_DEFAULTS = {
    "engine": "auto",
    "inference_steps": 25,
    "min_resolution": 512,
    "seed": 72589,
    "crop_to_face": True,
    "expand_ratio": 0.5,
    "dynamic_scale": 1.0,
    "motion_scale": 1.0,
    "lip_sync_calibration": False,
    "alignment_offset_sec": 0.0,
    "frame_interpolation": True,
    "temporal_smoothing": True,
    "duration": None,
    "keep_resolution": False,
    "device": "auto",
    "precision": "auto",
    "memory_strategy": "auto",
    "audio_guidance_scale": 7.5,
    "appearance_guidance_scale": 2.0,
    "ip_audio_scale": 1.0,
    "decode_chunk_size": 8,
    "frames_per_window": 25,
    "shift_offset": 7,
}


def codes(settings: RenderSettings, **kwargs) -> set[str]:
    return {w.code for w in settings.warnings(**kwargs)}


# -- the declaration --------------------------------------------------------------------


def test_defaults_are_the_documented_ones():
    assert RenderSettings().to_dict() == SPEC_DEFAULTS


def test_declaration_matches_the_dataclass():
    assert [f.name for f in dataclasses.fields(RenderSettings)] == [s.name for s in FIELDS]
    for spec in FIELDS:
        assert spec.default == SPEC_DEFAULTS[spec.name], spec.name
        assert spec.group in GROUPS
        assert spec.label and spec.description.endswith("."), spec.name
        assert set(spec.engines) <= {"sonic", "preview"} and spec.engines
        if spec.ui_min is not None:
            assert spec.minimum is not None and spec.ui_min >= spec.minimum


def test_field_spec_lookup():
    spec = field_spec("inference_steps")
    assert (spec.minimum, spec.maximum, spec.ui_min, spec.ui_max) == (1, 100, 5, 50)
    assert not spec.used_by("preview") and spec.used_by("sonic") and spec.used_by("auto")
    assert field_spec("min_resolution").step == 64
    with pytest.raises(KeyError, match="nope"):
        field_spec("nope")


# -- validation -----------------------------------------------------------------------


def test_defaults_are_valid():
    assert RenderSettings().validate() == []
    RenderSettings().raise_if_invalid()


@pytest.mark.parametrize(
    "changes",
    [
        {"seed": 0},
        {"seed": None},
        {"seed": 2**32 - 1},
        {"device": "cuda:1"},
        {"device": "cpu"},
        {"duration": 0.1},
        {"min_resolution": 128},
        {"min_resolution": 2048},
        {"alignment_offset_sec": -0.5},
        {"dynamic_scale": 2},  # an int is fine for a float field
        {"frames_per_window": 8},
        {"precision": "bf16", "memory_strategy": "sequential_offload"},
    ],
)
def test_valid_edge_values(changes):
    assert RenderSettings(**changes).validate() == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("inference_steps", 0),
        ("inference_steps", 101),
        ("inference_steps", 2.5),
        ("inference_steps", True),
        ("inference_steps", None),
        ("min_resolution", 500),
        ("min_resolution", 64),
        ("min_resolution", 4096),
        ("seed", -1),
        ("seed", 2**32),
        ("seed", 1.5),
        ("device", "gpu"),
        ("device", "cuda"),
        ("device", "cuda:x"),
        ("device", "cuda:0 "),
        ("precision", "half"),
        ("engine", "fast"),
        ("memory_strategy", "lots"),
        ("expand_ratio", 1.5),
        ("alignment_offset_sec", 0.6),
        ("duration", 0.05),
        ("duration", float("nan")),
        ("dynamic_scale", float("inf")),
        ("crop_to_face", 1),
        ("frames_per_window", 26),
        ("shift_offset", 25),
        ("decode_chunk_size", 0),
    ],
)
def test_bad_values_are_hard_errors(name, value):
    errors = RenderSettings(**{name: value}).validate()
    assert [e.field for e in errors] == [name]
    assert str(value).strip() in errors[0].message or name == "inference_steps"


def test_raise_if_invalid_lists_every_problem_on_one_line():
    settings = RenderSettings(min_resolution=500, device="gpu")
    with pytest.raises(InvalidSettings) as caught:
        settings.raise_if_invalid()
    text = str(caught.value)
    assert "\n" not in text
    assert "min_resolution" in text and "multiple of 64" in text and "device" in text


def test_int_for_float_is_normalised():
    settings = RenderSettings(dynamic_scale=1)
    assert isinstance(settings.dynamic_scale, float)
    assert settings == RenderSettings(dynamic_scale=1.0)


# -- copying and serialisation --------------------------------------------------------


def test_to_dict_from_dict_round_trip_through_json():
    settings = RenderSettings(seed=None, duration=3.5, device="cuda:1", alignment_offset_sec=-0.12)
    again = RenderSettings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again == settings


def test_from_dict_missing_keys_take_defaults():
    assert RenderSettings.from_dict({"inference_steps": 30}) == RenderSettings(inference_steps=30)
    assert RenderSettings.from_dict({}) == RenderSettings()


def test_from_dict_rejects_unknown_keys_by_name():
    with pytest.raises(InvalidSettings, match="colour, sharpness"):
        RenderSettings.from_dict({"sharpness": 1, "colour": "red", "seed": 1})


def test_from_dict_rejects_non_objects():
    with pytest.raises(InvalidSettings, match="JSON object"):
        RenderSettings.from_dict([("seed", 1)])  # type: ignore[arg-type]


def test_from_dict_validates_values():
    with pytest.raises(InvalidSettings, match="inference_steps"):
        RenderSettings.from_dict({"inference_steps": 0})
    assert RenderSettings.from_dict({"inference_steps": 0}, validate=False).inference_steps == 0


def test_replace_checks_names():
    assert RenderSettings().replace(seed=0).seed == 0
    with pytest.raises(InvalidSettings, match="steps"):
        RenderSettings().replace(steps=20)


def test_summary():
    assert RenderSettings().summary() == "512px · 25 steps · dyn 1.0 · seed 72589"
    text = RenderSettings(engine="preview", seed=None, dynamic_scale=1.15, duration=10).summary()
    assert text == "preview · 512px · dyn 1.15 · 10 s · seed random"


# -- warnings -------------------------------------------------------------------------


def test_defaults_have_no_warnings():
    assert RenderSettings().warnings(audio_duration_s=12.0) == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"inference_steps": 8}, "steps_too_low"),
        ({"inference_steps": 45}, "steps_diminishing_returns"),
        ({"min_resolution": 1024, "inference_steps": 15}, "highres_needs_steps"),
        ({"min_resolution": 384, "inference_steps": 35}, "lowres_wasted_steps"),
        ({"expand_ratio": 0.1}, "expand_ratio_low"),
        ({"dynamic_scale": 1.3}, "dynamic_scale_high"),
        ({"motion_scale": 1.2}, "motion_scale_high"),
    ],
)
def test_each_warning_fires_and_its_fix_clears_it(changes, code):
    settings = RenderSettings(**changes)
    warnings = {w.code: w for w in settings.warnings()}
    assert code in warnings
    warning = warnings[code]
    assert warning.message and warning.fix and warning.fields
    fixed = settings.replace(**warning.fix_changes)
    assert fixed.validate() == []
    assert code not in codes(fixed)


@pytest.mark.parametrize(
    "changes",
    [
        {"inference_steps": 10},
        {"inference_steps": 40},
        {"min_resolution": 1024, "inference_steps": 20},
        {"min_resolution": 384, "inference_steps": 30},
        {"expand_ratio": 0.15},
        {"expand_ratio": 0.05, "crop_to_face": False},  # margin unused without the crop
        {"dynamic_scale": 1.2},
        {"motion_scale": 1.1},
    ],
)
def test_warning_thresholds_are_exclusive(changes):
    assert codes(RenderSettings(**changes)) == set()


def test_sonic_only_warnings_are_silent_for_the_preview_engine():
    settings = RenderSettings(inference_steps=5, min_resolution=1024, dynamic_scale=1.5)
    # highres_needs_steps offers the same fix as steps_too_low, so it is merged into it
    assert {"steps_too_low", "dynamic_scale_high"} <= codes(settings)
    assert codes(settings.replace(engine="sonic")) == codes(settings)
    assert codes(settings.replace(engine="preview")) == {"dynamic_scale_high"}


def test_duration_warnings_need_the_audio_length():
    short = RenderSettings(duration=5.0)
    assert codes(short) == set()
    warning = short.warnings(audio_duration_s=8.0)[0]
    assert warning.code == "duration_shorter_than_audio"
    assert warning.fix_changes == {"duration": None}
    assert codes(short, audio_duration_s=5.01) == set()  # within one frame
    assert codes(RenderSettings(duration=9.0), audio_duration_s=8.0) == {
        "duration_longer_than_audio"
    }
    assert codes(RenderSettings(), audio_duration_s=8.0) == set()


def test_vram_warning_offers_a_lower_tier():
    settings = RenderSettings()
    found = settings.warnings(free_vram_gb=5.5, estimated_peak_vram_gb=8.7)
    assert [w.code for w in found] == ["vram_exceeds_free"]
    fix = found[0].fix_changes
    assert fix["memory_strategy"] == "sequential_offload"
    assert settings.replace(**fix).validate() == []
    assert codes(settings, free_vram_gb=10.0, estimated_peak_vram_gb=8.7) == set()
    assert (
        codes(settings.replace(engine="preview"), free_vram_gb=1, estimated_peak_vram_gb=9) == set()
    )
    assert codes(settings.replace(device="cpu"), free_vram_gb=1, estimated_peak_vram_gb=9) == set()


# -- command line ---------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sonic-desktop render")
    add_arguments(p)
    return p


def test_cli_flags_are_kebab_case():
    assert cli_flag(field_spec("inference_steps")) == "--inference-steps"
    assert cli_flag(field_spec("alignment_offset_sec")) == "--alignment-offset-sec"


def test_no_flags_keep_the_base_settings():
    base = RenderSettings(inference_steps=28, dynamic_scale=1.15)  # e.g. a preset
    assert from_namespace(parser().parse_args([]), base) == base
    assert from_namespace(parser().parse_args([])) == RenderSettings()


def test_explicit_flags_override_the_base():
    args = parser().parse_args(
        [
            "--inference-steps", "30",
            "--no-crop-to-face",
            "--seed", "random",
            "--duration", "4.5",
            "--device", "cuda:1",
            "--dynamic-scale", "1.1",
            "--engine", "preview",
            "--frame-interpolation",
        ]
    )  # fmt: skip
    base = RenderSettings(seed=1, frame_interpolation=False, motion_scale=1.05)
    settings = from_namespace(args, base)
    assert settings == base.replace(
        inference_steps=30,
        crop_to_face=False,
        seed=None,
        duration=4.5,
        device="cuda:1",
        dynamic_scale=1.1,
        engine="preview",
        frame_interpolation=True,
    )
    assert from_namespace(parser().parse_args(["--seed", "0"])).seed == 0
    assert (
        from_namespace(
            parser().parse_args(["--duration", "auto"]), base.replace(duration=2.0)
        ).duration
        is None
    )


@pytest.mark.parametrize(
    "argv",
    [["--device", "gpu"], ["--engine", "fast"], ["--inference-steps", "many"], ["--seed", "1.5"]],
)
def test_malformed_flags_are_argparse_errors(argv, capsys):
    with pytest.raises(SystemExit):
        parser().parse_args(argv)
    assert "error" in capsys.readouterr().err


def test_out_of_range_flags_raise_invalid_settings():
    with pytest.raises(InvalidSettings, match="inference_steps"):
        from_namespace(parser().parse_args(["--inference-steps", "0"]))


def test_help_is_generated_from_the_declaration():
    text = parser().format_help()
    for spec in FIELDS:
        assert cli_flag(spec) in text
    assert "--no-crop-to-face" in text
    assert "Ignored by the preview engine" in text
    assert "Advanced settings" in text
