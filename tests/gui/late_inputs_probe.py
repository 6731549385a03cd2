"""Run by test_gui_background_threads.py in a child process (a segfault must not kill pytest).

Starts the window as `sonic-desktop` does (face-model warm-up included), drops a portrait and a
recording DELAY seconds after launch, renders 1 s with the Preview engine, drops another
portrait and renders again. Prints one JSON line of what happened; exit 0 when every step
completed.

    python late_inputs_probe.py DELAY INPUT_FOLDER    (portrait_a.png, portrait_b.png, speech.wav)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

from sonic_desktop.gui.app import start

TIMEOUT_S = 150


def main() -> int:
    delay_s, folder = float(sys.argv[1]), Path(sys.argv[2])
    portraits = [folder / "portrait_a.png", folder / "portrait_b.png"]
    audio = folder / "speech.wav"
    launched = time.monotonic()
    host = start(language="en", theme_name="light")
    window = host.window
    window.confirm_quit = False
    session, controller = window.session, window.controller
    log: list[dict[str, object]] = []
    state = {"drops": 0, "renders": 0, "code": 3}

    def note(event: str, **extra: object) -> None:
        log.append({"event": event, "t": round(time.monotonic() - launched, 2), **extra})

    def drop() -> None:
        portrait = portraits[state["drops"] % 2]  # a different file each time: a real reload
        state["drops"] += 1
        note("drop", portrait=portrait.name)
        window.handle_drop([portrait, audio])

    def loaded() -> None:
        portrait = session.portrait
        note("portrait", faces=len(portrait.faces) if portrait else -1)
        QTimer.singleShot(0, render)

    def render() -> None:
        if session.audio is None:  # it loads on the other worker
            QTimer.singleShot(100, render)
            return
        session.update_settings(engine="preview", duration=1.0)
        job = window.add_current_to_queue()
        note("queued", job=bool(job))
        controller.start()

    def rendered(_job_id: str, _result: object) -> None:
        state["renders"] += 1
        note("rendered")
        if state["renders"] == 1:
            drop()
        else:
            state["code"] = 0
            host.app.quit()

    def failed(_job_id: str, message: str) -> None:
        note("render failed", message=message)
        state["code"] = 1
        host.app.quit()

    session.portrait_changed.connect(loaded)
    session.problem.connect(lambda kind, text: text and note("problem", kind=kind, text=text))
    controller.job_succeeded.connect(rendered)
    controller.job_failed.connect(failed)
    window.show()
    window.start_background_work()
    timer = QTimer(window, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
    timer.timeout.connect(drop)  # precise: a coarse timer may fire 5 % early
    timer.start(int(delay_s * 1000))
    QTimer.singleShot(TIMEOUT_S * 1000, host.app.quit)
    host.app.exec()
    controller.shutdown()
    print(json.dumps({"code": state["code"], "log": log}), flush=True)
    return state["code"]


if __name__ == "__main__":
    sys.exit(main())
