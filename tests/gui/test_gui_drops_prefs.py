"""Drop rules (pairing by name) and app preferences (atomic JSON, output names)."""

from __future__ import annotations

import json
from pathlib import Path

from sonic_desktop.gui.inputs.drops import match_by_name, plan_drop
from sonic_desktop.gui.shell.preferences import (
    Preferences,
    load_preferences,
    output_name,
    preferences_file,
    save_preferences,
    template_problem,
    unique_output,
)


def touch(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / n for n in names]
    for p in paths:
        p.write_bytes(b"x")
    return paths


def test_single_files_become_inputs(tmp_path):
    image, audio = touch(tmp_path, "me.jpg", "talk.mp3")
    plan = plan_drop([image, audio])
    assert (plan.portrait, plan.audio, plan.jobs) == (image, audio, [])


def test_one_portrait_and_several_audios_make_one_job_each(tmp_path):
    image, a, b, junk = touch(tmp_path, "me.png", "a.wav", "b.m4a", "notes.txt")
    plan = plan_drop([image, a, b, junk])
    assert plan.jobs == [(image, a), (image, b)]
    assert plan.ignored == [junk]
    # With no picture in the drop, the current portrait is used.
    assert plan_drop([a, b], current_portrait=image).jobs == [(image, a), (image, b)]
    assert plan_drop([a, b]).unpaired == [a, b]


def test_folder_drop_pairs_by_name(tmp_path):
    folder = tmp_path / "batch"
    anna, bob, anna_intro, anna_outro, bob_wav, stray = touch(
        folder, "anna.png", "Bob.jpg", "anna_intro.wav", "anna-outro.mp3", "bob.wav", "carol.wav"
    )
    plan = plan_drop([folder])
    assert sorted(plan.jobs) == sorted([(anna, anna_intro), (anna, anna_outro), (bob, bob_wav)])
    assert plan.unpaired == [stray]
    assert match_by_name(Path("annabel.wav"), [anna]) is None  # a prefix needs a separator


def test_folder_with_one_picture_pairs_every_recording(tmp_path):
    folder = tmp_path / "one"
    image, a, b = touch(folder, "host.png", "ep1.wav", "ep2.wav")
    assert plan_drop([folder]).jobs == [(image, a), (image, b)]


def test_preferences_round_trip_and_survive_damage():
    prefs = Preferences(output_folder="/tmp/out", language="zh_CN", theme="dark")
    save_preferences(prefs)
    assert load_preferences() == prefs
    assert json.loads(preferences_file().read_text())["language"] == "zh_CN"
    preferences_file().write_text("{ not json")
    assert load_preferences() == Preferences()  # damaged: defaults, no crash


def test_output_names_and_uniqueness(tmp_path):
    assert template_problem("{image}_{audio}") is None
    assert template_problem("{nope}") is not None
    name = output_name(
        "{image}_{audio}_{seed}", Path("a/我的 照片.png"), Path("讲话.m4a"), 7, "auto"
    )
    assert name == "我的 照片_讲话_7.mp4"
    assert output_name("{image}/{audio}", Path("x.png"), Path("y.wav"), None, "auto") == "x_y.mp4"
    (tmp_path / "x_y.mp4").write_bytes(b"")
    taken = {tmp_path / "x_y (2).mp4"}
    assert unique_output(tmp_path, "x_y.mp4", taken) == tmp_path / "x_y (3).mp4"
