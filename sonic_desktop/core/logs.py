"""Logging to a rotating file in the user log folder; the console gets one line.

When the log file cannot be written (its folder cannot be created, the disk is full, the
folder is read-only), logging says so once, in one line on stderr, and goes on with the
console only: the file handler steps aside at its first failure, so a run never prints
logging's own "--- Logging error ---" tracebacks.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from sonic_desktop.core import paths
from sonic_desktop.core.errors import os_reason

LOG_FILE_NAME = "sonic-desktop.log"
LOGGER_NAME = "sonic_desktop"
_FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def log_file() -> Path:
    """Where the log file is, or would be: also when its folder cannot be created."""
    try:
        return paths.log_dir() / LOG_FILE_NAME
    except OSError:
        return paths.log_dir(create=False) / LOG_FILE_NAME


_warned: set[str] = set()


def _warn(path: Path | str, exc: BaseException) -> None:
    """One line per log file that failed, however often logging is configured again."""
    if str(path) in _warned:
        return
    _warned.add(str(path))
    what = f"write the log file {path}"
    if not Path(path).parent.is_dir():
        what = f"create the log folder {Path(path).parent}"
    with contextlib.suppress(OSError, ValueError):  # stderr itself gone: nothing to tell
        print(
            f"warning: cannot {what} ({os_reason(exc)}); logging to the console only",
            file=sys.stderr,
            flush=True,
        )


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file. At its first failed write it removes itself from the logger, warns
    once and hands over to the console: later records never reach it."""

    failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.failed:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):  # a formatting bug: logging's usual report
            super().handleError(record)
            return
        if self.failed:
            return
        self.failed = True
        _fall_back_to_console(logging.getLogger(LOGGER_NAME), self, exc)


class _Console(logging.Handler):
    """Warnings and errors to the stderr of the moment, one line each, no traceback."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" ({type(exc).__name__}: {exc})"
        return " ".join(text.split("\n"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr)
        except (OSError, ValueError):  # no stderr left either (a closed terminal)
            pass
        except Exception:
            self.handleError(record)


def _fall_back_to_console(
    root: logging.Logger, broken: logging.Handler | None, exc: BaseException
) -> None:
    target = getattr(broken, "baseFilename", None) or log_file()
    # A new list, not removeHandler(): the logger may be iterating the old one right now.
    handlers = [h for h in root.handlers if h is not broken]
    if not any(isinstance(h, _Console) or getattr(h, "_sonic_console", False) for h in handlers):
        handlers.append(_Console())
    root.handlers = handlers
    if broken is not None:
        with contextlib.suppress(Exception):  # the file closes even if the flush fails again
            broken.close()
    _warn(target, exc)


def file_handler_path() -> Path | None:
    """The log file records go to now, or None when logging is on the console only."""
    root = logging.getLogger(LOGGER_NAME)
    for handler in root.handlers:
        if isinstance(handler, _LogFile) and not handler.failed:
            return Path(handler.baseFilename)
    return None


def configure_logging(verbose: bool = False) -> Path:
    """Attach the file handler (again if the log folder changed); returns the log path
    so messages can name it. Never raises: without a log file, logging warns once and
    goes on with the console only."""
    root = logging.getLogger(LOGGER_NAME)
    root.setLevel(logging.DEBUG)
    target = log_file()
    current = [h for h in root.handlers if isinstance(h, _LogFile)]
    if not (current and current[0].baseFilename == os.path.abspath(target)):
        for old in current:
            root.removeHandler(old)
            with contextlib.suppress(Exception):
                old.close()
        try:
            paths.log_dir()  # creates the folder; log_file() names it even if it cannot
            handler = _LogFile(target, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        except OSError as exc:
            _fall_back_to_console(root, None, exc)
        else:
            handler.setFormatter(logging.Formatter(_FILE_FORMAT))
            _warned.discard(str(target))  # should it fail again later, say so again
            root.handlers = [h for h in root.handlers if not isinstance(h, _Console)]
            root.addHandler(handler)
    if verbose and not any(getattr(h, "_sonic_console", False) for h in root.handlers):
        console = logging.StreamHandler()
        console._sonic_console = True  # type: ignore[attr-defined]
        console.setLevel(logging.INFO)
        root.addHandler(console)
    return target
