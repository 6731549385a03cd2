"""Benchmark of the Preview (CPU) engine. Run from the repository root:

    python benchmarks/bench_preview.py            # everything (about 2-3 minutes)
    python benchmarks/bench_preview.py --no-memory  # skip the 3-minute memory clip

Prints:
- render throughput (frames/s) at 512×512, without encoding;
- end to end through `sonic_desktop.render.run` (prepare + frames + VideoWriter
  encoding and muxing) for a 15 s clip: wall time and × real time, in a fresh process
  (cold: includes loading the dlib models) and again in the same process (warm, as in
  the GUI after its first job);
- random access (`render_frame` at random times) in ms per frame;
- peak memory of a 10 s and a 180 s render, each in its own process
  (ru_maxrss of the process; tracemalloc peak of Python/numpy allocations).

Targets (ISSUE): ≥ 4× real time end to end; ≤ 30 ms per random-access frame;
180 s peak memory within 1.2× of the 10 s one. The numbers depend on the machine and
on what else runs on it, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EXAMPLES = ROOT / "resources" / "examples"
SR = 16_000


def write_speech(path: Path, seconds: float) -> Path:
    """The two example recordings, repeated to `seconds`, as a 16 kHz mono WAV."""
    from sonic_desktop.media import load_audio

    parts = [load_audio(EXAMPLES / name, SR).samples for name in ("speech_en.wav", "speech_zh.wav")]
    speech = np.concatenate(parts)
    reps = int(np.ceil(seconds * SR / len(speech)))
    samples = np.tile(speech, reps)[: round(seconds * SR)]
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SR)
        out.writeframes(pcm.tobytes())
    return path


def make_request(audio: Path, output: Path, seconds: float | None = None):
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings

    settings = RenderSettings(engine="preview", min_resolution=512, duration=seconds)
    return RenderRequest(EXAMPLES / "portrait.png", audio, output, settings)


# -- children (one process per measurement, so numbers do not mix) -------------------


def child_end_to_end(audio: Path, out_dir: Path, seconds: float) -> dict[str, float]:
    from sonic_desktop import render

    timings = {}
    for label in ("cold", "warm"):
        output = out_dir / f"e2e_{label}.mp4"
        started = time.perf_counter()
        result = render.run(make_request(audio, output, seconds))
        timings[f"{label}_s"] = time.perf_counter() - started
        timings["video_s"] = result.duration_s
    return timings


def child_memory(audio: Path, out_dir: Path, seconds: float) -> dict[str, float]:
    import tracemalloc

    from sonic_desktop import render

    tracemalloc.start()
    started = time.perf_counter()
    result = render.run(make_request(audio, out_dir / f"mem_{seconds:.0f}.mp4", seconds))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB (Linux)
    ffmpeg = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": result.duration_s,
        "elapsed_s": elapsed,
        "maxrss_mb": own,
        "tracemalloc_peak_mb": peak / 2**20,
        "ffmpeg_maxrss_mb": ffmpeg,
    }


def run_child(kind: str, audio: Path, out_dir: Path, seconds: float) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", kind, str(audio), str(out_dir), str(seconds)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"child {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- in-process measurements --------------------------------------------------------


def bench_frames(audio: Path, out_dir: Path) -> None:
    from sonic_desktop.engines.preview import PreviewEngine

    engine = PreviewEngine()
    plan = engine.prepare(make_request(audio, out_dir / "unused.mp4", 15.0))
    started = time.perf_counter()
    for _ in engine.frames(plan):
        pass
    elapsed = time.perf_counter() - started
    fps = plan.frame_count / elapsed
    print(f"render only   : {plan.frame_count} frames {plan.width}x{plan.height} in "
          f"{elapsed:.2f} s = {fps:.0f} frames/s ({1000 / fps:.1f} ms/frame), "
          f"{fps / plan.fps:.1f}x real time")  # fmt: skip

    rng = random.Random(0)
    times = [rng.uniform(0, plan.duration_s) for _ in range(150)]
    costs = []
    for t in times:
        started = time.perf_counter()
        engine.render_frame(plan, t)
        costs.append((time.perf_counter() - started) * 1000)
    costs_arr = np.array(costs)
    print(f"random access : render_frame(t) at 512x512: mean {costs_arr.mean():.1f} ms, "
          f"p95 {np.percentile(costs_arr, 95):.1f} ms, max {costs_arr.max():.1f} ms "
          f"(target <= 30 ms)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the 10 s / 180 s memory runs"
    )
    parser.add_argument("--child", nargs=4, metavar=("KIND", "AUDIO", "OUT", "SECONDS"),
                        help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args()
    if args.child:
        kind, audio, out_dir, seconds = args.child
        fn = child_end_to_end if kind == "e2e" else child_memory
        print(json.dumps(fn(Path(audio), Path(out_dir), float(seconds))))
        return

    import cv2

    load = os.getloadavg()
    print(f"machine       : {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, OpenCV threads {cv2.getNumThreads()}, "
          f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench_preview_") as tmp:
        out_dir = Path(tmp)
        audio15 = write_speech(out_dir / "speech15.wav", 15.0)

        e2e = run_child("e2e", audio15, out_dir, 15.0)
        for label in ("cold", "warm"):
            wall = e2e[f"{label}_s"]
            print(f"end to end {label}: {e2e['video_s']:.1f} s clip at 512x512 incl. encoding in "
                  f"{wall:.2f} s = {e2e['video_s'] / wall:.1f}x real time "
                  f"(target >= 4x: < {e2e['video_s'] / 4:.2f} s)")  # fmt: skip

        bench_frames(audio15, out_dir)

        if not args.no_memory:
            audio180 = write_speech(out_dir / "speech180.wav", 180.0)
            short = run_child("memory", audio180, out_dir, 10.0)
            long = run_child("memory", audio180, out_dir, 180.0)
            for m in (short, long):
                print(f"memory {m['seconds']:5.0f} s : peak RSS {m['maxrss_mb']:.0f} MiB, "
                      f"tracemalloc peak {m['tracemalloc_peak_mb']:.1f} MiB, "
                      f"ffmpeg {m['ffmpeg_maxrss_mb']:.0f} MiB, "
                      f"render {m['elapsed_s']:.1f} s")  # fmt: skip
            ratio = long["maxrss_mb"] / short["maxrss_mb"]
            print(f"memory ratio  : 180 s / 10 s peak RSS = {ratio:.2f}x (target <= 1.2x)")


if __name__ == "__main__":
    main()
