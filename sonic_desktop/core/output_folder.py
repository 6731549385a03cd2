"""Where rendered videos go: the user's folder choice, else `<Videos>/Sonic Desktop`.

Outputs used to land beside the speech recording, which may be read-only, shared or a
downloads folder. Now the default is the platform's videos folder. When the wanted folder
cannot be written to, the video goes to the first writable fallback, and the caller is told
both folders and why, to say so out loud (`OutputFolder.fell_back`):

    wanted → <Documents>/Sonic Desktop → <app data>/videos

Never beside the inputs. `SONIC_DESKTOP_HOME` (tests, portable installs) moves the
videos and documents folders under it, like every other per-user folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sonic_desktop.core import paths
from sonic_desktop.core.errors import os_reason

FOLDER_NAME = "Sonic Desktop"


def videos_dir() -> Path:
    home = os.environ.get("SONIC_DESKTOP_HOME")
    return Path(home) / "Videos" if home else Path(platformdirs.user_videos_dir())


def documents_dir() -> Path:
    home = os.environ.get("SONIC_DESKTOP_HOME")
    return Path(home) / "Documents" if home else Path(platformdirs.user_documents_dir())


def default_output_folder() -> Path:
    """`<Videos>/Sonic Desktop`: where outputs go when the user chose no folder."""
    return videos_dir() / FOLDER_NAME


def fallback_folders() -> list[Path]:
    return [documents_dir() / FOLDER_NAME, paths.data_dir() / "videos"]


def writable_problem(folder: Path) -> str | None:
    """Why `folder` cannot take a new file (English, one clause), or None. Creates the
    folder when missing: a default folder is made on demand."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".sonic-write-test-", dir=folder)
    except OSError as exc:
        return os_reason(exc)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


@dataclass(frozen=True)
class OutputFolder:
    path: Path  # where the video goes
    wanted: Path  # the preferred (or default) folder
    problem: str | None = None  # why `wanted` was not used (English), when it was not

    @property
    def fell_back(self) -> bool:
        return self.path != self.wanted


def resolve_output_folder(preferred: str | os.PathLike[str] | None) -> OutputFolder:
    """The folder for the next output: `preferred` ("" = the default), or a fallback.

    When no folder at all can be written to, the wanted one is returned with its problem,
    and the render reports the error (nothing is written beside the inputs).
    """
    text = str(preferred or "").strip()
    wanted = Path(os.path.abspath(Path(text).expanduser())) if text else default_output_folder()
    problem = writable_problem(wanted)
    if problem is None:
        return OutputFolder(wanted, wanted)
    for folder in fallback_folders():
        if folder != wanted and writable_problem(folder) is None:
            return OutputFolder(folder, wanted, problem)
    return OutputFolder(wanted, wanted, problem)
