"""Atomic file writes: temp file in the same folder, fsync, rename.

A crash mid-write leaves either the old file or the new one, never half of one, and
at worst a hidden temporary file. Temporary names follow one pattern,

    .{stem}.{pid}-{token}-{random}.part{suffix}      e.g. .talk.4242-1x9f3k-a8_k2m0q.part.mp4

so a later start can find its own leftovers (`sweep_temp_files`) and tell, from the
writer's PID and start token (`core.processes`), whether their writer still runs.
The stem is shortened when needed so the name fits the file system's limit whenever
the final name does.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sonic_desktop.core.processes import own_token, writer_alive

log = logging.getLogger(__name__)

DEFAULT_NAME_MAX = 255  # bytes; also the limit (in UTF-16 units) on Windows file systems
#: A file changed this recently is never swept, whatever its name says about its writer.
QUIET_S = 10.0
#: Names from before the PID was recorded: swept only when untouched for this long.
LEGACY_QUIET_S = 24 * 3600.0

_RANDOM_LEN = 8  # what tempfile.mkstemp adds, from [a-z0-9_]
_TEMP_NAME = re.compile(
    r"\.(?P<stem>.*)\.(?P<pid>[1-9][0-9]{0,9})-(?P<token>[0-9a-z]{1,13})-[a-z0-9_]{8}"
    r"\.part(?P<suffix>\.[^.]*)?",
    re.DOTALL,
)
_LEGACY_NAME = re.compile(r"\.(?P<stem>.*)\.[a-z0-9_]{8}\.part(?P<suffix>\.[^.]*)?", re.DOTALL)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask can only be read by setting it, which is not thread-safe.
_FILE_MODE = 0o666 & ~_current_umask()


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the folder's file system takes."""
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or no answer
        return DEFAULT_NAME_MAX
    return limit if isinstance(limit, int) and limit > 0 else DEFAULT_NAME_MAX


def _name_bytes(text: str) -> int:
    try:
        return len(os.fsencode(text))
    except UnicodeError:
        return 4 * len(text)  # unencodable: assume the worst


def _fit_bytes(text: str, budget: int) -> str:
    """The longest prefix of `text` (whole characters) of at most `budget` bytes."""
    if _name_bytes(text) <= budget:
        return text
    kept, used = [], 0
    for char in text:
        size = _name_bytes(char)
        if used + size > budget:
            break
        kept.append(char)
        used += size
    return "".join(kept)


def name_fits(name: str, folder: Path) -> bool:
    """Whether the file system under `folder` takes a file called `name` (bytes, not chars)."""
    return _name_bytes(name) <= name_max(folder)


def fit_file_name(stem: str, suffix: str, budget: int = DEFAULT_NAME_MAX) -> str:
    """`stem + suffix`, the stem cut at a character boundary so the whole name fits `budget`
    bytes (a default output named after a long recording must not be refused)."""
    return _fit_bytes(stem, budget - _name_bytes(suffix)).rstrip(" .") + suffix


def temp_name_parts(final: Path, suffix: str | None = None) -> tuple[str, str]:
    """The (prefix, suffix) a temporary file beside `final` gets around mkstemp's random
    part, the stem shortened so the whole name fits the folder's name limit."""
    suffix = final.suffix if suffix is None else suffix
    tag = f"{os.getpid()}-{own_token()}-"
    end = f".part{suffix}"
    fixed = _name_bytes(f"..{tag}{end}") + _RANDOM_LEN
    stem = _fit_bytes(final.stem, max(0, name_max(final.parent) - fixed))
    return f".{stem}.{tag}", end


def temp_path_beside(final: Path, suffix: str | None = None) -> Path:
    """A unique, hidden temporary path in the final file's folder (same filesystem,
    so the closing rename is atomic)."""
    prefix, end = temp_name_parts(final, suffix)
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=end, dir=final.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); the finished file should get the
    # permissions any other new file would (0644 under the usual umask).
    with contextlib.suppress(OSError):
        os.chmod(name, _FILE_MODE)
    return Path(name)


@dataclass(frozen=True)
class TempName:
    """What a temporary name says about itself."""

    stem: str  # possibly shortened
    suffix: str
    pid: int | None  # None: a name from before writers were recorded
    token: str

    def belongs_to(self, final_name: str) -> bool:
        """Whether this could be the temporary file of `final_name` (stems shorten)."""
        final = Path(final_name)
        return self.suffix == final.suffix and final.stem.startswith(self.stem)


def parse_temp_name(name: str) -> TempName | None:
    """The parts of one of our temporary names, or None for any other name."""
    match = _TEMP_NAME.fullmatch(name)
    if match is not None:
        pid = int(match["pid"])
        return TempName(match["stem"], match["suffix"] or "", pid, match["token"])
    match = _LEGACY_NAME.fullmatch(name)
    if match is not None:
        return TempName(match["stem"], match["suffix"] or "", None, "")
    return None


def sweep_temp_files(
    folder: Path,
    wanted: Callable[[TempName], bool],
    legacy_wanted: Callable[[TempName], bool] | None = None,
    now: float | None = None,
) -> list[Path]:
    """Delete the leftovers of writers that died: our temporary names in `folder` that
    `wanted` accepts, whose writer no longer runs and that nobody touched lately.

    Names without a writer (written before writers were recorded) go only when
    `legacy_wanted` accepts them and they have been untouched for a day. Returns the
    removed paths; a file that cannot be examined or removed is left alone.
    """
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(".") or ".part" not in name:
            continue
        parsed = parse_temp_name(name)
        if parsed is None:
            continue
        if parsed.pid is None:
            if legacy_wanted is None or not legacy_wanted(parsed):
                continue
            quiet = LEGACY_QUIET_S
        else:
            if not wanted(parsed) or writer_alive(parsed.pid, parsed.token):
                continue
            quiet = QUIET_S
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < quiet:
                continue  # still being written, or the clock is off: leave it
            os.unlink(entry.path)
        except OSError as exc:
            log.debug("left %s in place: %s", entry.path, exc)
            continue
        removed.append(Path(entry.path))
    if removed:
        log.info("removed %d leftover temporary file(s) in %s", len(removed), folder)
    return removed


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # fsync is best effort on some filesystems
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_atomically(temp: Path, final: Path) -> None:
    _fsync(temp)
    os.replace(temp, final)


def place_without_replacing(temp: Path, final: Path) -> None:
    """Move `temp` to `final`, atomically, unless something is at `final` already: then
    raise FileExistsError and leave both as they are (os.replace would clobber it)."""
    _fsync(temp)
    if sys.platform == "win32":
        os.rename(temp, final)  # Windows' rename never replaces an existing file
        return
    try:
        os.link(temp, final)  # the kernel refuses if the name is taken, whatever took it
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, exFAT, some network shares): claim the name
        os.close(os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(temp, final)
        return
    with contextlib.suppress(OSError):  # the file is in place; a stray link is no failure
        temp.unlink()


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
