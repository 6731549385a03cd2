"""Make the README screenshots: the window empty and mid-render, in a language and theme.

    xvfb-run -a -s "-screen 0 1600x1000x24" \\
        python -m sonic_desktop.gui.shell.screenshots docs/screenshots --lang zh_CN --theme dark

It uses a throw-away profile folder (SONIC_DESKTOP_HOME), the bundled example
portrait and speech, and the real preview engine, so the shots show real output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

WINDOW_SIZE = (1480, 920)


def _wait(condition: Callable[[], bool], timeout_ms: int = 60_000, step_ms: int = 50) -> bool:
    """Run the event loop until `condition()` holds (the UI keeps working meanwhile)."""
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            return False
        loop = QEventLoop()
        QTimer.singleShot(step_ms, loop.quit)
        loop.exec()
        waited += step_ms
    return True


def capture(
    out_dir: Path,
    language: str,
    theme_name: str,
    suffix: str = "",
    size: tuple[int, int] = WINDOW_SIZE,
) -> list[Path]:
    from sonic_desktop.core import paths
    from sonic_desktop.core.jobs import JobState
    from sonic_desktop.gui import app

    out_dir.mkdir(parents=True, exist_ok=True)
    host = app.start(language=language, theme_name=theme_name)
    window = host.window
    window.confirm_quit = False
    window.resize(*size)
    window.show()
    window.start_background_work()
    _wait(lambda: window.ctx.hardware.probed, 20_000)
    tag = f"{language.split('_')[0]}{suffix}"
    saved = []

    def shot(name: str) -> None:
        path = out_dir / f"main_{tag}_{name}.png"
        _wait(lambda: False, 300)  # let the last paint land
        window.grab().save(str(path))
        saved.append(path)

    shot("empty")

    examples = paths.resources_dir() / "examples"
    speech = examples / ("speech_zh.wav" if language.startswith("zh") else "speech_en.wav")
    session = window.session
    session.load_portrait(examples / "portrait.png")
    session.load_audio(speech)
    _wait(lambda: window.timeline.prepared is not None)
    window.inspector.presets.apply("ecommerce")
    session.update_settings(alignment_offset_sec=0.03, lip_sync_calibration=True)
    _wait(lambda: window.timeline.prepared is not None)
    window.timeline.scrub(2.35)
    _wait(lambda: False, 600)

    out = Path(tempfile.mkdtemp(prefix="sonic-shots-"))
    window.ctx.prefs.output_folder = str(out)
    window.add_current_to_queue()
    window.inspector.presets.apply("release")
    window.enqueue(
        examples / "portrait.png", [examples / "speech_en.wav", examples / "speech_zh.wav"]
    )
    queue = window.controller.queue
    first = queue.jobs[0].id
    window.controller.start()
    _wait(
        lambda: (
            queue.get(first).state == JobState.RUNNING
            and queue.get(first).stage == "rendering"
            and queue.get(first).fraction > 0.4
        )
    )
    shot("rendering")
    window.controller.pause()
    _wait(lambda: not window.controller.busy)
    window.close()
    host.app.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--suffix", default="", help="added to the file names, e.g. _dark")
    parser.add_argument(
        "--size", default="x".join(map(str, WINDOW_SIZE)), help="window (and offscreen screen) size"
    )
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.lower().split("x"))
    home = Path(tempfile.mkdtemp(prefix="sonic-home-"))
    os.environ["SONIC_DESKTOP_HOME"] = str(home)
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        # The offscreen screen is 800×800 unless told otherwise; the window fits its screen.
        screen = {"name": "shot", "x": 0, "y": 0, "width": width, "height": height}
        config = home / "offscreen_screen.json"
        config.write_text(json.dumps({"windowFrameMargins": False, "screens": [screen]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    for path in capture(args.out_dir, args.lang, args.theme, args.suffix, (width, height)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
