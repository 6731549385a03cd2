"""A QThread whose Python thread state lives as long as the thread.

dlib's pybind11 layer caches the calling thread's Python thread state in its own thread-local
slot the first time it takes the GIL on that thread. On a plain QThread (or a QThreadPool
worker) PySide creates a fresh thread state for every slot call or runnable and deletes it when
the call returns, while the OS thread lives on. The next dlib call on that thread then uses the
deleted state: a segfault in `_PyThreadState_DeleteCurrent` with no Python frames. Running the
event loop from a Python `run()` keeps one thread state for the thread's whole life, so every
slot call reuses it and the cached pointer stays valid.
"""

from __future__ import annotations

from PySide6.QtCore import QThread


class PythonThread(QThread):
    """Drop-in QThread for worker objects (`moveToThread`) that may call into dlib."""

    def run(self) -> None:
        # One Python frame spans the whole event loop; slots nest inside its thread state.
        self.exec()
