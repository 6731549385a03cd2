"""Where outputs go: `<Videos>/Sonic Desktop` by default, a loud fallback when unwritable."""

from __future__ import annotations

import os

import pytest

from sonic_desktop.core import output_folder
from sonic_desktop.core.output_folder import (
    FOLDER_NAME,
    default_output_folder,
    resolve_output_folder,
    writable_problem,
)


@pytest.fixture
def videos(tmp_path, monkeypatch):
    folder = tmp_path / "Videos"
    monkeypatch.setattr(output_folder, "videos_dir", lambda: folder)
    monkeypatch.setattr(output_folder, "documents_dir", lambda: tmp_path / "Documents")
    return folder


def test_default_is_the_videos_folder_and_is_made_on_demand(videos):
    assert default_output_folder() == videos / FOLDER_NAME
    assert not (videos / FOLDER_NAME).exists()
    resolved = resolve_output_folder("")
    assert resolved.path == videos / FOLDER_NAME and not resolved.fell_back
    assert (videos / FOLDER_NAME).is_dir()
    assert not list((videos / FOLDER_NAME).iterdir())  # the write probe cleaned up


def test_sonic_home_keeps_tests_and_portable_installs_off_the_real_videos(monkeypatch, tmp_path):
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(tmp_path))
    assert default_output_folder() == tmp_path / "Videos" / FOLDER_NAME


def test_a_chosen_folder_is_used_as_is(videos, tmp_path):
    chosen = tmp_path / "mine"
    resolved = resolve_output_folder(str(chosen))
    assert resolved.path == chosen and resolved.problem is None


def test_unwritable_folder_falls_back_to_documents_and_says_why(videos, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    real = output_folder.writable_problem
    monkeypatch.setattr(
        output_folder,
        "writable_problem",
        lambda folder: "Permission denied" if folder == blocked else real(folder),
    )
    resolved = resolve_output_folder(str(blocked))
    assert resolved.fell_back
    assert resolved.wanted == blocked
    assert resolved.path == tmp_path / "Documents" / FOLDER_NAME
    assert resolved.problem == "Permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_detected(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert writable_problem(folder) is not None
    finally:
        folder.chmod(0o700)
    assert writable_problem(folder) is None


def test_a_file_in_the_way_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "file").write_text("x")
    assert writable_problem(tmp_path / "file") is not None
