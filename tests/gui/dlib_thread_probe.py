"""Run by test_gui_background_threads.py in a child process (a segfault must not kill pytest).

A worker object on a `PythonThread` loads dlib's models in one slot call and detects faces in
a later one, as the render worker does job after job. On a plain QThread the second call
crashes: PySide gives each slot call its own Python thread state, and dlib's pybind11 layer
keeps using the first one after it was deleted. Exit 0 when both calls completed.
"""

from __future__ import annotations

import sys

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from sonic_desktop.gui.common.python_thread import PythonThread


class Worker(QObject):
    done = Signal(str)

    @Slot()
    def warm(self) -> None:
        from sonic_desktop.face import load_face_models

        load_face_models()
        self.done.emit("warm")

    @Slot()
    def detect(self) -> None:
        from sonic_desktop.face import detect_faces

        detect_faces(np.zeros((96, 96, 3), np.uint8))
        self.done.emit("detect")


class Kicks(QObject):
    warm = Signal()
    detect = Signal()


def main() -> int:
    app = QCoreApplication([])
    thread = PythonThread()
    worker, kicks = Worker(), Kicks()
    worker.moveToThread(thread)
    kicks.warm.connect(worker.warm)
    kicks.detect.connect(worker.detect)
    seen: list[str] = []

    def on_done(step: str) -> None:
        seen.append(step)
        if step == "warm":
            QTimer.singleShot(100, kicks.detect.emit)  # a separate slot call, later
        else:
            app.quit()

    worker.done.connect(on_done)
    thread.start()
    kicks.warm.emit()
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    thread.quit()
    thread.wait()
    print(seen, flush=True)
    return 0 if seen == ["warm", "detect"] else 1


if __name__ == "__main__":
    sys.exit(main())
