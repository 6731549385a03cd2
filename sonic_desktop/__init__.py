"""Sonic Desktop: one portrait + one speech recording -> a lip-synced talking video.

Importing this package is cheap on purpose: no torch, no Qt. Heavy modules are
imported lazily by the engine that needs them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("sonic-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
