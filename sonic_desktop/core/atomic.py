"""Atomic file writes: temp file in the same folder, fsync, rename.

A crash mid-write leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask can only be read by setting it, which is not thread-safe.
_FILE_MODE = 0o666 & ~_current_umask()


def temp_path_beside(final: Path, suffix: str | None = None) -> Path:
    """A unique, hidden temporary path in the final file's folder (same filesystem,
    so the closing rename is atomic)."""
    suffix = final.suffix if suffix is None else suffix
    fd, name = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=f".part{suffix}", dir=final.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); the finished file should get the
    # permissions any other new file would (0644 under the usual umask).
    with contextlib.suppress(OSError):
        os.chmod(name, _FILE_MODE)
    return Path(name)


def replace_atomically(temp: Path, final: Path) -> None:
    with contextlib.suppress(OSError):  # fsync is best effort on some filesystems
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    os.replace(temp, final)


@contextlib.contextmanager
def atomic_writer(final: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path_beside(final)
    try:
        with open(temp, mode, encoding=None if "b" in mode else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text_atomic(final: Path, text: str) -> None:
    with atomic_writer(final, "w") as handle:
        handle.write(text)
