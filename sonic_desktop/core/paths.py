"""Per-user folders (config, logs, cache, data) from platformdirs.

`SONIC_DESKTOP_HOME` redirects all of them under one folder: tests use it so
they never touch the real user profile, and portable installs can use it too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "SonicDesktop"
APP_AUTHOR = "SonicDesktop"


def _override() -> Path | None:
    home = os.environ.get("SONIC_DESKTOP_HOME")
    return Path(home) if home else None


def _dir(kind: str, create: bool = True) -> Path:
    override = _override()
    if override is not None:
        path = override / kind
    else:
        getters: dict[str, Callable[..., str]] = {
            "config": platformdirs.user_config_dir,
            "logs": platformdirs.user_log_dir,
            "cache": platformdirs.user_cache_dir,
            "data": platformdirs.user_data_dir,
        }
        path = Path(getters[kind](APP_NAME, APP_AUTHOR))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    return _dir("config")


def log_dir(create: bool = True) -> Path:
    """The log folder; `create=False` only names it (to say which one cannot be made)."""
    return _dir("logs", create)


def cache_dir() -> Path:
    return _dir("cache")


def data_dir() -> Path:
    return _dir("data")


def resources_dir() -> Path:
    """The shipped `resources/` folder: beside the package in a source tree or wheel-less
    install, or inside a PyInstaller bundle (`sys._MEIPASS`)."""
    import sys

    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve().parent.parent  # sonic_desktop/
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("resources/ folder not found; reinstall Sonic Desktop")
