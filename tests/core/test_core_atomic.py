from __future__ import annotations

import pytest

from sonic_desktop.core.atomic import atomic_writer, write_text_atomic


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "队列" / "jobs.json"
    write_text_atomic(target, "first")
    write_text_atomic(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["jobs.json"]


def test_failed_write_keeps_the_old_content_and_no_temp_file(tmp_path):
    target = tmp_path / "settings.json"
    write_text_atomic(target, "old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("crash mid-write")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_written_files_get_ordinary_permissions_not_private_temp_ones(tmp_path):
    import os

    target = tmp_path / "shared.json"
    write_text_atomic(target, "{}")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
