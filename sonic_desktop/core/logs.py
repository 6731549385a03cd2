"""Logging to a rotating file in the user log folder; the console gets one line."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from sonic_desktop.core import paths

LOG_FILE_NAME = "sonic-desktop.log"


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE_NAME


def configure_logging(verbose: bool = False) -> Path:
    """Attach the file handler once; returns the log path so messages can name it."""
    target = log_file()
    root = logging.getLogger("sonic_desktop")
    root.setLevel(logging.DEBUG)
    if not any(getattr(h, "_sonic_file", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        handler._sonic_file = True  # type: ignore[attr-defined]
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
        )
        root.addHandler(handler)
    if verbose and not any(getattr(h, "_sonic_console", False) for h in root.handlers):
        console = logging.StreamHandler()
        console._sonic_console = True  # type: ignore[attr-defined]
        console.setLevel(logging.INFO)
        root.addHandler(console)
    return target
