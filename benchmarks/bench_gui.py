"""GUI responsiveness: time to a shown window, the worst UI stall, and scrub latency.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui.py [--skip-startup] [--skip-render]

Targets (issue 11):
- the window is shown within 1.5 s of launch, with no torch import;
- the UI event loop is never blocked for more than 50 ms from the shown window to the
  end of a preview render (face-model warm-up, loading the bundled example inputs,
  preparing the scrub preview, rendering one job);
- scrubbing: ≤ 30 ms median and ≤ 60 ms p95 from the input event to the painted frame
  in the preview, and the last drag position is always shown.

Prints numbers; asserts nothing. Window construction itself (before the event loop
first runs) is covered by the start-up time, not by the gap probe.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STARTUP_TARGET_S = 1.5
GAP_TARGET_MS = 50.0
PROBE_INTERVAL_MS = 5
SAMPLE_INTERVAL_S = 0.003  # the UI thread's stack is sampled this often
SCRUB_MEDIAN_TARGET_MS = 30.0
SCRUB_P95_TARGET_MS = 60.0
CLICKS = 40
CLICK_SPACING_MS = 120
DRAG_HZ = 60.0
DRAG_SECONDS = 2.0

_CHILD = r"""
import os, sys, time, json
from sonic_desktop.gui import app
host = app.start()
window = host.window
window.show()
window.start_background_work()
host.app.processEvents()
shown = time.time()
print(json.dumps({"shown": shown, "torch": "torch" in sys.modules,
                  "diffusers": "diffusers" in sys.modules}), flush=True)
window.confirm_quit = False
window.close()
"""


def measure_startup(runs: int = 5) -> list[dict[str, float | bool]]:
    """Launch a fresh interpreter per run; time from spawn to the window being shown."""
    results = []
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env["SONIC_DESKTOP_HOME"] = home
            launched = time.time()
            out = subprocess.run(
                [sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, check=True
            )
        line = next(x for x in out.stdout.splitlines() if x.startswith("{"))
        data = json.loads(line)
        results.append({"seconds": data["shown"] - launched, "torch": data["torch"]})
    return results


# -- the UI-thread gap probe -------------------------------------------------------------
class StackSampler(threading.Thread):
    """Samples the UI thread's innermost frames, so a gap can be blamed on code.

    While native code holds the GIL (dlib, a long numpy call) this thread cannot run:
    a gap with no sample inside it says exactly that.
    """

    def __init__(self, target_ident: int) -> None:
        super().__init__(name="bench-stack-sampler", daemon=True)
        self.target = target_ident
        self.samples: list[tuple[float, str]] = []
        self.others: list[tuple[float, str]] = []  # what the other threads ran meanwhile
        self.stop_flag = threading.Event()

    def run(self) -> None:
        while not self.stop_flag.is_set():
            # No frame object may outlive these lines: a held frame keeps its locals
            # (a QPainter in a paintEvent) alive after the function has returned.
            now = time.perf_counter()
            for ident, where in _describe_all(self.target, self.ident):
                (self.samples if ident == self.target else self.others).append((now, where))
            time.sleep(SAMPLE_INTERVAL_S)

    def during(self, start: float, end: float, main: bool = True) -> list[str]:
        return [where for t, where in (self.samples if main else self.others) if start <= t <= end]


def _describe_all(target: int, me: int | None) -> list[tuple[int, str]]:
    frames = sys._current_frames()
    out = [(ident, _describe(frame)) for ident, frame in frames.items() if ident != me]
    del frames
    return [(ident, where) for ident, where in out if ident == target or "sonic_desktop" in where]


def _describe(frame: Any) -> str:
    """The two innermost project frames (or the innermost frame when none is ours)."""
    if frame is None:
        return ""
    stack: list[tuple[str, int, str]] = []
    while frame is not None:
        code = frame.f_code
        stack.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    ours = [f for f in stack if "sonic_desktop" in f[0] and "bench_gui" not in f[0]]
    if not ours:
        return "Qt event loop (native code, no Python frame)"
    return " < ".join(
        f"{Path(name).parent.name}/{Path(name).name}:{line} {func}" for name, line, func in ours[:2]
    )


@dataclass
class GapProbe:
    """A 5 ms timer on the UI thread; records every late tick and the stage it fell in."""

    stages: list[tuple[float, str]] = field(default_factory=list)
    gaps: list[tuple[float, float, float]] = field(default_factory=list)  # ms, start, end
    last: float = 0.0

    def stage(self, name: str) -> None:
        self.stages.append((time.perf_counter(), name))

    def tick(self) -> None:
        now = time.perf_counter()
        if self.last:
            late_ms = (now - self.last) * 1000 - PROBE_INTERVAL_MS
            self.gaps.append((late_ms, self.last, now))
        self.last = now

    def stage_at(self, t: float) -> str:
        current = "launch"
        for when, name in self.stages:
            if when <= t:
                current = name
        return current


def long_speech(seconds: float) -> Path:
    """The English example tiled to `seconds`: the timeline's long-clip case."""
    import wave

    from sonic_desktop.core import paths

    with wave.open(str(paths.resources_dir() / "examples" / "speech_en.wav")) as src:
        params, frames = src.getparams(), src.readframes(src.getnframes())
    repeats = max(1, int(seconds / (params.nframes / params.framerate) + 0.999))
    path = Path(tempfile.mkdtemp(prefix="sonic-bench-long-")) / "speech_long.wav"
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(frames * repeats)
    return path


def measure_session(
    size: tuple[int, int], skip_render: bool = False, scrub_audio: Path | None = None
) -> dict[str, Any]:
    """Launch the window, warm up, load the examples, render one job, then scrub."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SONIC_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="sonic-bench-")
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    from sonic_desktop.core import paths
    from sonic_desktop.gui import app
    from sonic_desktop.gui.timeline.preview_canvas import PreviewCanvas

    painted = _hook_preview_paint(PreviewCanvas)
    probe = GapProbe()
    probe.stage("window construction")
    host = app.start(language="en", theme_name="light")
    window = host.window
    window.confirm_quit = False
    sampler = StackSampler(threading.get_ident())
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(PROBE_INTERVAL_MS)
    timer.timeout.connect(probe.tick)
    window.resize(*size)
    window.show()
    probe.stage("window shown; hardware probe")
    sampler.start()
    timer.start()

    def wait(signal: Any, timeout_s: float = 120.0) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    window.hardware_ready.connect(lambda _s: probe.stage("face-model warm-up"))
    window.start_background_work()
    wait(window.warmed_up)
    probe.stage("loading the example inputs")
    session = window.session
    examples = paths.resources_dir() / "examples"
    session.portrait_changed.connect(lambda: probe.stage("portrait loaded; audio loading"))
    session.audio_changed.connect(lambda: probe.stage("audio loaded; preparing the preview"))
    window.timeline.frames.prepared.connect(lambda _p: probe.stage("preview prepared (idle)"))
    session.load_portrait(examples / "portrait.png")
    session.load_audio(examples / "speech_en.wav")
    _spin_until(lambda: window.timeline.prepared is not None, 120.0)
    _spin_for(0.3)

    render: dict[str, Any] = {}
    if not skip_render:
        out_dir = Path(tempfile.mkdtemp(prefix="sonic-bench-out-"))
        window.ctx.prefs.output_folder = str(out_dir)
        probe.stage("render queued")
        job_ids = window.enqueue(examples / "portrait.png", [examples / "speech_en.wav"])
        controller = window.controller
        started = time.perf_counter()
        QTimer.singleShot(0, lambda: probe.stage("render running"))
        QTimer.singleShot(0, controller.start)
        loop = QEventLoop()
        controller.drained.connect(loop.quit)
        controller.job_failed.connect(lambda *_a: loop.quit())
        loop.exec()
        render = {
            "job_state": controller.queue.get(job_ids[0]).state.value,
            "render_wall_s": round(time.perf_counter() - started, 2),
        }
        probe.stage("render finished")
    timer.stop()
    sampler.stop_flag.set()
    sampler.join()

    if scrub_audio is not None:
        ready: list[object] = []
        window.timeline.frames.prepared.connect(ready.append)
        session.load_audio(scrub_audio)
        _spin_until(lambda: bool(ready), 180.0)
    scrub = measure_scrub(window, painted)
    window.close()
    return {"probe": probe, "sampler": sampler, "render": render, "scrub": scrub}


def _spin_until(condition: Any, timeout_s: float) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + timeout_s
    while not condition() and time.perf_counter() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.001)


def _spin_for(seconds: float) -> None:
    _spin_until(lambda: False, seconds)


# -- scrub latency ------------------------------------------------------------------------
def _hook_preview_paint(cls: Any) -> list[tuple[float, int]]:
    """Wrap the preview's paintEvent: (time painted, cacheKey of the frame shown)."""
    painted: list[tuple[float, int]] = []
    original = cls.paintEvent

    def paint_event(self: Any, event: Any) -> None:
        original(self, event)
        image = getattr(self, "image", None)
        if image is not None:
            painted.append((time.perf_counter(), int(image.cacheKey())))

    cls.paintEvent = paint_event
    return painted


class ScrubRecorder:
    """Links each synthetic input event to the frame request it caused and the paint
    that showed it (or a newer position: "shown or superseded")."""

    def __init__(self, timeline: Any, painted: list[tuple[float, int]]) -> None:
        self.painted = painted
        self.event_times: list[float] = []
        self.request_of: dict[float, int] = {}  # requested time -> event index
        self.frame_of: dict[int, int] = {}  # image cacheKey -> event index
        self.current = -1
        frames = timeline.frames
        original = frames.request_frame

        def request_frame(t: float) -> None:
            if self.current >= 0:
                self.request_of[t] = self.current
            original(t)

        frames.request_frame = request_frame
        frames.frame.connect(self._on_frame)

    def _on_frame(self, t: float, image: Any) -> None:
        index = self.request_of.get(t)
        if index is not None:
            self.frame_of[int(image.cacheKey())] = index

    def event(self) -> None:
        self.current = len(self.event_times)
        self.event_times.append(time.perf_counter())

    def shown(self) -> list[tuple[float, int]]:
        """(paint time, event index) for every paint of a frame caused by an event."""
        return [(t, self.frame_of[k]) for t, k in self.painted if k in self.frame_of]

    def latencies_ms(self, indices: range) -> list[float]:
        shown = self.shown()
        out = []
        for i in indices:
            hit = next((t for t, j in shown if j >= i and t >= self.event_times[i]), None)
            if hit is not None:
                out.append((hit - self.event_times[i]) * 1000)
        return out


def measure_scrub(window: Any, painted: list[tuple[float, int]]) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    timeline = window.timeline
    canvas = timeline.canvas
    _spin_for(0.3)
    recorder = ScrubRecorder(timeline, painted)
    lane = canvas.lane()
    y = lane.bottom() - 4  # well below the offset handle, which rides near the top

    def send(kind: QEvent.Type, x: float, buttons: Qt.MouseButton) -> None:
        pos = QPointF(x, y)
        event = QMouseEvent(
            kind,
            pos,
            canvas.mapToGlobal(pos),
            Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(canvas, event)

    left, width = lane.left() + 2, lane.width() - 4
    # Single clicks at spread-out positions, each given time to land.
    for i in range(CLICKS):
        x = left + ((i * 0.382) % 1.0) * width
        recorder.event()
        send(QEvent.Type.MouseButtonPress, x, Qt.MouseButton.LeftButton)
        send(QEvent.Type.MouseButtonRelease, x, Qt.MouseButton.NoButton)
        _spin_for(CLICK_SPACING_MS / 1000)
    clicks = recorder.latencies_ms(range(0, CLICKS))

    # A 60 Hz drag across the whole lane, then release.
    steps = int(DRAG_HZ * DRAG_SECONDS)
    first = len(recorder.event_times)
    recorder.event()
    send(QEvent.Type.MouseButtonPress, left, Qt.MouseButton.LeftButton)
    began = time.perf_counter()
    for step in range(1, steps + 1):
        _spin_until(lambda s=step: time.perf_counter() >= began + s / DRAG_HZ, 1.0)
        recorder.event()
        send(QEvent.Type.MouseMove, left + step / steps * width, Qt.MouseButton.LeftButton)
    last = len(recorder.event_times) - 1
    send(QEvent.Type.MouseButtonRelease, left + width, Qt.MouseButton.NoButton)
    released = time.perf_counter()
    _spin_for(0.6)
    drag = recorder.latencies_ms(range(first, last + 1))
    shown = recorder.shown()
    during = {j for t, j in shown if first <= j <= last and t <= released}
    final = next((t for t, j in shown if j == last), None)
    return {
        "clip_s": canvas.duration_s,
        "clicks": clicks,
        "drag": drag,
        "drag_events": last - first + 1,
        "drag_frames_shown": len(during),
        "drag_seconds": released - began,
        "last_frame_after_release_ms": None if final is None else (final - released) * 1000,
        "drag_unanswered": (last - first + 1) - len(drag),
    }


# -- report ---------------------------------------------------------------------------------
def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report_gaps(probe: GapProbe, sampler: StackSampler) -> None:
    gaps = sorted(probe.gaps, reverse=True)
    if not gaps:
        print("UI gap probe: no samples")
        return
    worst = gaps[0][0]
    lates = sorted(g for g, _s, _e in gaps)
    print(
        f"worst UI-thread gap from the shown window to the end of the render: {worst:.1f} ms "
        f"over {len(gaps)} probes (median {statistics.median(lates):.1f} ms, "
        f"p99 {_pct(lates, 0.99):.1f} ms) -> {_verdict(worst <= GAP_TARGET_MS)} "
        f"(target ≤ {GAP_TARGET_MS:.0f} ms)"
    )
    print("top 5 gaps:")
    for late, start, end in gaps[:5]:
        samples = sampler.during(start, end)
        if samples:
            where, count = Counter(samples).most_common(1)[0]
            blame = f"UI thread in {where} ({count}/{len(samples)} samples)"
        else:
            blame = "no sample at all: native code held the GIL throughout"
        others = sampler.during(start - 0.005, end, main=False)
        if others:
            where, count = Counter(others).most_common(1)[0]
            blame += f"; meanwhile another thread in {where}"
        print(f"  {late:7.1f} ms during '{probe.stage_at(start)}': {blame}")


def report_scrub(scrub: dict[str, Any]) -> None:
    print(f"scrubbing a {scrub['clip_s']:.1f} s clip:")
    for name in ("clicks", "drag"):
        values = scrub[name]
        if not values:
            print(f"scrub {name}: no frame was shown")
            continue
        median, p95 = statistics.median(values), _pct(values, 0.95)
        ok = median <= SCRUB_MEDIAN_TARGET_MS and p95 <= SCRUB_P95_TARGET_MS
        print(
            f"scrub {name} ({len(values)} events): input to painted frame median "
            f"{median:.1f} ms, p95 {p95:.1f} ms, worst {max(values):.1f} ms -> {_verdict(ok)} "
            f"(target ≤ {SCRUB_MEDIAN_TARGET_MS:.0f} / {SCRUB_P95_TARGET_MS:.0f} ms)"
        )
    fps = scrub["drag_frames_shown"] / max(1e-6, scrub["drag_seconds"])
    last = scrub["last_frame_after_release_ms"]
    print(
        f"60 Hz drag: {scrub['drag_events']} moves in {scrub['drag_seconds']:.2f} s, "
        f"{scrub['drag_frames_shown']} distinct frames shown ({fps:.1f} frames/s), "
        f"{scrub['drag_unanswered']} moves never shown or superseded; last frame "
        + ("NEVER shown" if last is None else f"{max(0.0, last):.1f} ms after release")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument(
        "--scrub-seconds", type=float, default=0.0, help="scrub a clip this long (tiled example)"
    )
    parser.add_argument("--size", default="1920x1080", help="window size, WxH")
    args = parser.parse_args()
    if not args.skip_startup:
        startup = measure_startup()
        seconds = sorted(float(r["seconds"]) for r in startup)
        torch_loaded = any(bool(r["torch"]) for r in startup)
        print(
            f"window shown after launch: median {seconds[len(seconds) // 2]:.2f} s, "
            f"worst {seconds[-1]:.2f} s over {len(seconds)} runs "
            f"(target < {STARTUP_TARGET_S} s); torch imported: {torch_loaded}"
        )
    width, height = (int(v) for v in args.size.lower().split("x"))
    long = long_speech(args.scrub_seconds) if args.scrub_seconds > 0 else None
    result = measure_session((width, height), skip_render=args.skip_render, scrub_audio=long)
    print(f"window {width}x{height} on the '{os.environ['QT_QPA_PLATFORM']}' platform")
    if result["render"]:
        render = result["render"]
        print(f"render: job {render['job_state']} in {render['render_wall_s']} s")
    report_gaps(result["probe"], result["sampler"])
    report_scrub(result["scrub"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
