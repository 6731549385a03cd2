from __future__ import annotations

import json

import pytest

from sonic_desktop.core import presets
from sonic_desktop.core.paths import config_dir
from sonic_desktop.core.presets import (
    Preset,
    PresetError,
    apply_preset,
    builtin_file,
    builtin_presets,
    delete_user_preset,
    find_preset,
    get_preset,
    load_user_presets,
    rename_user_preset,
    save_user_preset,
)
from sonic_desktop.core.settings import RenderSettings

# -- shipped data ---------------------------------------------------------------------


def test_builtin_ids_and_names_are_unique():
    shipped = builtin_presets()
    ids = [p.id for p in shipped]
    assert ids == ["news", "ecommerce", "kids", "draft", "standard", "release"]
    names = [p.name.casefold() for p in shipped] + [p.name_zh for p in shipped]
    assert len(set(names)) == len(names)
    assert {p.kind for p in shipped} == {"scenario", "tier"}
    assert all(p.name_zh and p.description and p.builtin for p in shipped)


def test_every_builtin_value_validates():
    for preset in builtin_presets():
        settings = apply_preset(RenderSettings(), preset)
        assert settings.validate() == [], preset.id
        # Shipped presets should not trigger the inspector's own advice.
        assert settings.warnings() == [], preset.id


def test_builtin_file_round_trips():
    raw = json.loads(builtin_file().read_text(encoding="utf-8"))
    shipped = builtin_presets()
    assert [p.to_dict() for p in shipped] == raw["presets"]
    assert [Preset.from_dict(p.to_dict()) for p in shipped] == shipped


def test_builtin_values_follow_the_parameters_table():
    table = {
        "news": (25, 1.0, 1.0, 0.15),
        "ecommerce": (28, 1.15, 1.05, 0.18),
        "kids": (25, 1.2, 1.1, 0.2),
    }
    for preset_id, (steps, dyn, motion, expand) in table.items():
        s = apply_preset(RenderSettings(), find_preset(preset_id))  # type: ignore[arg-type]
        assert (s.inference_steps, s.dynamic_scale, s.motion_scale, s.expand_ratio) == (
            steps,
            dyn,
            motion,
            expand,
        )
    tiers = {p.id: p.settings for p in builtin_presets() if p.kind == "tier"}
    assert tiers == {
        "draft": {"inference_steps": 20},
        "standard": {"inference_steps": 25},
        "release": {"inference_steps": 30},
    }


@pytest.mark.parametrize(
    "text", ["ecommerce", "ECOMMERCE", "E-commerce livestream", "电商直播 / 带货"]
)
def test_find_preset_by_id_or_either_name(text):
    found = find_preset(text)
    assert found is not None and found.id == "ecommerce"


def test_find_unknown_preset():
    assert find_preset("nothing like it") is None
    with pytest.raises(PresetError, match="news, ecommerce, kids, draft, standard, release"):
        get_preset("nothing like it")
    assert get_preset("Kids education / cartoon").id == "kids"


def test_tier_applied_after_scenario_sets_the_steps():
    settings = apply_preset(RenderSettings(), find_preset("ecommerce"))  # type: ignore[arg-type]
    settings = apply_preset(settings, find_preset("release"))  # type: ignore[arg-type]
    assert settings.inference_steps == 30 and settings.dynamic_scale == 1.15


# -- user presets ---------------------------------------------------------------------


def test_save_load_find_and_apply_a_user_preset():
    mine = RenderSettings(inference_steps=22, seed=None, dynamic_scale=1.1)
    saved = save_user_preset("我的主播", mine, "for the shop")
    assert saved.kind == "user" and not saved.builtin and saved.id == "user:我的主播"
    [loaded] = load_user_presets()
    assert loaded == saved
    assert find_preset("我的主播") == saved
    assert apply_preset(RenderSettings(), loaded) == mine
    assert "我的主播" in (config_dir() / "presets.json").read_text(encoding="utf-8")
    assert [p.name for p in config_dir().iterdir()] == ["presets.json"]  # no temp files left


def test_saving_the_same_name_replaces_it():
    save_user_preset("Studio", RenderSettings(inference_steps=22))
    save_user_preset("studio", RenderSettings(inference_steps=24))
    [only] = load_user_presets()
    assert only.name == "studio" and only.settings["inference_steps"] == 24


def test_rename_and_delete():
    save_user_preset("A", RenderSettings())
    save_user_preset("B", RenderSettings(seed=1))
    renamed = rename_user_preset("a", "Alpha")
    assert renamed.name == "Alpha"
    assert [p.name for p in load_user_presets()] == ["Alpha", "B"]
    with pytest.raises(PresetError, match="already exists"):
        rename_user_preset("Alpha", "b")
    rename_user_preset("Alpha", "ALPHA")  # a change of case is allowed
    delete_user_preset("alpha")
    assert [p.name for p in load_user_presets()] == ["B"]
    with pytest.raises(PresetError, match="No saved preset"):
        delete_user_preset("Alpha")


@pytest.mark.parametrize("name", ["Draft", "news", "新闻播报 / 政务", " release "])
def test_builtin_presets_are_protected(name):
    with pytest.raises(PresetError, match="built-in"):
        save_user_preset(name, RenderSettings())
    with pytest.raises(PresetError, match="built-in"):
        delete_user_preset(name)
    with pytest.raises(PresetError, match="built-in"):
        rename_user_preset(name, "Something")


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "tab\there"])
def test_bad_names_are_refused(name):
    with pytest.raises(PresetError):
        save_user_preset(name, RenderSettings())


def test_invalid_settings_are_not_saved():
    with pytest.raises(Exception, match="inference_steps"):
        save_user_preset("Broken", RenderSettings(inference_steps=0))
    assert load_user_presets() == []


def test_corrupt_user_file_is_moved_aside_and_reported():
    path = config_dir() / "presets.json"
    path.write_text("{not json", encoding="utf-8")
    problems: list[str] = []
    assert load_user_presets(problems.append) == []
    assert len(problems) == 1 and "moved to presets.json.corrupt-" in problems[0]
    aside = list(config_dir().glob("presets.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{not json"
    assert not path.exists()
    save_user_preset("Fresh", RenderSettings())  # the store works again
    assert [p.name for p in load_user_presets()] == ["Fresh"]


def test_wrong_shape_counts_as_corrupt():
    (config_dir() / "presets.json").write_text('["a list"]', encoding="utf-8")
    problems: list[str] = []
    assert load_user_presets(problems.append) == []
    assert problems and any(config_dir().glob("presets.json.corrupt-*"))


def test_a_bad_entry_is_skipped_reported_and_kept_on_save():
    entries = [
        {"name": "Good", "settings": {"inference_steps": 22}},
        {"name": "Future", "settings": {"inference_steps": 22, "new_knob": 3}},
        {"name": "good", "settings": {}},
    ]
    path = config_dir() / "presets.json"
    path.write_text(json.dumps({"version": 1, "presets": entries}), encoding="utf-8")
    problems: list[str] = []
    assert [p.name for p in load_user_presets(problems.append)] == ["Good"]
    assert any("new_knob" in p for p in problems) and any("twice" in p for p in problems)
    save_user_preset("Other", RenderSettings())
    names = [e["name"] for e in json.loads(path.read_text(encoding="utf-8"))["presets"]]
    assert "Future" in names  # a newer version's preset is not destroyed


def test_module_reports_through_logging(caplog):
    (config_dir() / "presets.json").write_text("garbage", encoding="utf-8")
    with caplog.at_level("WARNING", logger=presets.__name__):
        load_user_presets()
    assert "could not be read" in caplog.text
