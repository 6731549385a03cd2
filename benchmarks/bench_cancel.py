"""Cancel during "Analysing the photo", and the UI stall of the face models. Run from the
repository root:

    python benchmarks/bench_cancel.py

Prints, each in a fresh process so dlib's models are cold:
- cancel latency (cancel call -> `render.run` raising `Cancelled`) when Cancel comes
  0.1 / 0.4 / 0.8 s into the preparation of a 12 MP photo and a 145 s recording, with
  dlib in-process (the CLI) and in the face process (the window);
- the worst gap of a 5 ms QTimer on the UI thread while the face models warm up and
  while a dropped 16 MP photo is analysed, with dlib in-process and in the face process.

Targets (issue 11): cancel within 0.5 s; no UI gap over 50 ms. The numbers depend on
the machine and on what else runs on it, so the load average is printed too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_inputs(folder: Path) -> tuple[Path, Path]:
    import numpy as np
    from PIL import Image
    from skimage import data

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import speechlike, write_wav  # the test suite's synthetic speech

    image = folder / "big.jpg"
    Image.fromarray(data.astronaut()).resize((4000, 3000)).save(image, quality=92)
    audio = folder / "long.wav"
    write_wav(audio, np.asarray(speechlike(145.0)))
    return image, audio


def cancel_latency(image: str, audio: str, delay_s: float, child: bool) -> float:
    from sonic_desktop import render
    from sonic_desktop.core.errors import Cancelled
    from sonic_desktop.core.progress import CancelToken
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings
    from sonic_desktop.engines.preview.engine import PreviewEngine

    if child:
        from sonic_desktop.face.process import use_face_process

        use_face_process()
    out = Path(tempfile.mkdtemp()) / "out.mp4"
    request = RenderRequest(Path(image), Path(audio), out, RenderSettings(engine="preview"))
    token, fired = CancelToken(), []

    def fire() -> None:
        time.sleep(delay_s)
        fired.append(time.monotonic())
        token.cancel()

    threading.Thread(target=fire, daemon=True).start()
    try:
        render.run(request, cancel=token, engine=PreviewEngine())
    except Cancelled:
        return time.monotonic() - fired[0]
    return float("nan")  # finished before the cancel


def ui_gaps(image: str, child: bool) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sonic_desktop.gui.common.tasks import BackgroundTasks
    from sonic_desktop.gui.shell.session import analyse_portrait

    app = QApplication([])
    tasks = BackgroundTasks()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()

    def worst(fn: object) -> float:
        gaps.clear()
        done: list[object] = []
        last[0] = time.perf_counter()
        tasks.submit(fn, done.append, done.append)  # type: ignore[arg-type]
        while not done:
            app.processEvents()
            time.sleep(0.001)
        return max(gaps) * 1000

    if child:
        from sonic_desktop.gui.shell.hardware_state import warm_face_models as warm
    else:
        from sonic_desktop.face import load_face_models as warm
    return {
        "warm_up_ms": worst(warm),
        "analyse_16mp_ms": worst(lambda: analyse_portrait(Path(image))),
    }


def in_fresh_process(*args: str) -> object:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1:  # one measurement, in this fresh process
        kind, *rest = sys.argv[1:]
        if kind == "cancel":
            image, audio, delay, child = rest
            print(json.dumps(cancel_latency(image, audio, float(delay), child == "1")))
        else:
            image, child = rest
            print(json.dumps(ui_gaps(image, child == "1")))
        return
    print(f"load average: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        image, audio = (str(p) for p in make_inputs(Path(tmp)))
        for child in ("0", "1"):
            where = "face process" if child == "1" else "in-process"
            for delay in ("0.1", "0.4", "0.8"):
                latency = in_fresh_process("cancel", image, audio, delay, child)
                print(f"cancel {delay} s into analysis ({where}): {latency * 1000:.0f} ms")
            gaps = in_fresh_process("gaps", image, child)
            print(f"worst UI gap ({where}): {json.dumps(gaps)}")


if __name__ == "__main__":
    main()
