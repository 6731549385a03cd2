"""The per-file audio analysis cache: bounded LRU keyed by path, mtime, size, params."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sonic_desktop.engines.preview.cache import LRUCache, audio_key


def test_lru_keeps_the_most_recently_used_entries() -> None:
    cache: LRUCache[int] = LRUCache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None
    assert cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2


def test_get_or_compute_computes_once_per_key() -> None:
    cache: LRUCache[str] = LRUCache()
    calls: list[str] = []

    def compute() -> str:
        calls.append("x")
        return "value"

    assert cache.get_or_compute("k", compute) == "value"
    assert cache.get_or_compute("k", compute) == "value"
    assert calls == ["x"] and cache.hits == 1 and cache.misses == 1
    # No key (file not stat-able): computed every time, nothing stored.
    cache.get_or_compute(None, compute)
    assert calls == ["x", "x"] and len(cache) == 1


def test_key_changes_with_the_file_and_the_parameters(tmp_path: Path) -> None:
    path = tmp_path / "speech.wav"
    path.write_bytes(b"RIFF" + b"\0" * 100)
    key = audio_key(path, duration_s=2.0, offset_s=0.0)
    assert key == audio_key(path, offset_s=0.0, duration_s=2.0)  # order-independent
    assert key != audio_key(path, duration_s=2.0, offset_s=0.2)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert key != audio_key(path, duration_s=2.0, offset_s=0.0)  # edited file
    assert audio_key(tmp_path / "missing.wav", duration_s=2.0) is None


def test_cache_size_must_be_positive() -> None:
    with pytest.raises(ValueError):
        LRUCache(max_entries=0)
