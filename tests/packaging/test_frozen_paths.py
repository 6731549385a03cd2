"""Frozen-path logic, checked without building a bundle: a fake `sys._MEIPASS` laid out
the way sonic_desktop.spec lays out `_internal/`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from sonic_desktop.core import paths


@pytest.fixture
def fake_bundle(tmp_path, monkeypatch):
    """`_internal/` with resources/ and face_recognition_models/ as the spec collects them."""
    internal = tmp_path / "_internal"
    (internal / "resources" / "examples").mkdir(parents=True)
    (internal / "resources" / "presets.json").write_text("{}", encoding="utf-8")
    package = internal / "face_recognition_models"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "models" / "shape_predictor_68_face_landmarks.dat").write_bytes(b"dat")
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    return internal


def test_resources_resolve_inside_the_bundle_first(fake_bundle):
    assert paths.resources_dir() == fake_bundle / "resources"


def test_a_bundle_without_resources_falls_back_to_the_source_tree(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "empty"), raising=False)
    found = paths.resources_dir()
    assert found.is_dir() and (found / "presets.json").is_file()
    assert found != tmp_path / "empty" / "resources"


def test_user_folders_never_point_into_the_bundle(fake_bundle, monkeypatch):
    monkeypatch.delenv("SONIC_DESKTOP_HOME", raising=False)
    for folder in (paths.config_dir(), paths.log_dir(), paths.cache_dir(), paths.data_dir()):
        assert fake_bundle not in folder.parents, folder


def test_landmark_model_is_found_through_the_package_folder(fake_bundle, monkeypatch):
    """face.detect finds the model via find_spec(...).submodule_search_locations; with the
    package collected as plain files (its __init__.py included) that works from sys.path."""
    from sonic_desktop.face import detect

    for name in [m for m in sys.modules if m.startswith("face_recognition_models")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(fake_bundle))
    importlib.invalidate_caches()
    spec = importlib.util.find_spec("face_recognition_models")
    assert spec is not None
    assert detect.landmark_model_path() == (
        fake_bundle / "face_recognition_models" / "models" / "shape_predictor_68_face_landmarks.dat"
    )


def test_the_about_dialog_reports_a_bundle_when_frozen(fake_bundle):
    pytest.importorskip("PySide6")
    from sonic_desktop.gui.dialogs.about import build_kind

    assert build_kind() == "bundle"


def test_the_spec_collects_what_the_frozen_lookups_expect():
    spec_text = (Path(__file__).resolve().parents[2] / "sonic_desktop.spec").read_text("utf-8")
    # resources/ at the bundle root, where resources_dir() looks under _MEIPASS
    assert '(str(ROOT / "resources"), "resources")' in spec_text
    # the face model package as files, __init__.py included, at its import name
    assert '(str(folder / "__init__.py"), "face_recognition_models")' in spec_text
    assert '"face_recognition_models/models"' in spec_text
    # the version comes from package metadata
    assert '"sonic-desktop"' in spec_text
