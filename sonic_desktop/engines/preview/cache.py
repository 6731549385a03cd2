"""Per-file cache of the audio analysis, so re-preparing (scrubbing, tweaking motion
settings) never re-analyses the same recording. Bounded LRU, thread-safe."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

# Bump when the analysis changes, so stale entries can never be served.
ANALYSIS_VERSION = 1


class LRUCache(Generic[T]):
    def __init__(self, max_entries: int = 8) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be >= 1")
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value: T) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def get_or_compute(self, key: Hashable | None, compute: Callable[[], T]) -> T:
        """Cached value for `key`, computing (outside the lock) on a miss; None = no caching."""
        if key is not None:
            value = self.get(key)
            if value is not None:
                self.hits += 1
                return value
        self.misses += 1
        value = compute()
        if key is not None:
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def audio_key(path: Path, **params: object) -> tuple[object, ...] | None:
    """Key for one analysis of one file: path, mtime, size and every analysis parameter.

    None when the file cannot be stat'ed (then nothing is cached).
    """
    try:
        stat = os.stat(path)
        resolved = str(Path(path).resolve())
    except OSError:
        return None
    return (resolved, stat.st_mtime_ns, stat.st_size, ANALYSIS_VERSION, *sorted(params.items()))
