"""Sonic engine benchmark on the tiny random-weight checkpoints (CPU), plus the cost model.

    python benchmarks/bench_sonic.py [--weights DIR] [--steps 2] [--resolution 128]
                                     [--seconds 10 60] [--threads N] [--json FILE]

Prints
1. seconds per UNet call and per output frame (a render of the first --seconds value);
2. peak host memory (max RSS of a fresh process) for each --seconds value: the frames
   stream through the writer, so the peak should barely grow with the clip length;
3. the FLOP estimate for the real model sizes from `core.cost_model`.
The tiny set (about 210 MB) is generated in a temporary folder unless --weights names
one. Numbers only; nothing is asserted. Tiny-model timings say nothing about real
speed: they measure the pipeline's own overhead (audio, windows, decode, RIFE, MP4).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests" / "sonic"):
    if str(extra) not in sys.path:  # run from a checkout without installing
        sys.path.insert(0, str(extra))


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, MiB."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1024 if sys.platform != "darwin" else peak / 2**20
    except ImportError:  # Windows
        import psutil

        return psutil.Process().memory_info().peak_wset / 2**20


def render_once(
    weights: Path, seconds: float, steps: int, resolution: int, threads: int | None
) -> dict[str, Any]:
    """One render through `render.run`; timings from the progress events."""
    import torch
    from PIL import Image
    from skimage import data
    from tiny_checkpoints import write_speech_wav

    from sonic_desktop import render
    from sonic_desktop.core.progress import Stage
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings

    if threads:
        torch.set_num_threads(threads)

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        image = work / "portrait.png"
        Image.fromarray(data.astronaut()).save(image)
        audio = write_speech_wav(work / "speech.wav", seconds)
        stamps: dict[str, list[float]] = {}
        calls: list[float] = []

        def on_progress(event: Any) -> None:
            now = time.perf_counter()
            stamps.setdefault(event.stage.value, []).append(now)
            if event.stage is Stage.DENOISING and event.done > 0:
                calls.append(now)

        settings = RenderSettings(
            engine="sonic", min_resolution=resolution, inference_steps=steps, seed=1
        )
        request = RenderRequest(image, audio, work / "out.mp4", settings, weights_dir=weights)
        started = time.perf_counter()
        result = render.run(request, on_progress)
        total = time.perf_counter() - started

    denoise_start = stamps["denoising"][0]
    per_call = [b - a for a, b in zip([denoise_start, *calls[:-1]], calls, strict=True)]
    decode = stamps["decoding"]
    return {
        "seconds_of_audio": seconds,
        "output_frames": result.frames,
        "unet_calls": len(calls),
        "s_per_unet_call": sum(per_call) / len(per_call),
        "s_per_output_frame": total / result.frames,
        "s_decode_rife_per_output_frame": (decode[-1] - decode[0]) / result.frames,
        "s_loading_models": stamps["analysing_audio"][0] - stamps["loading_models"][0],
        "s_total": total,
        "peak_rss_mb": peak_rss_mb(),
        "torch_threads": torch.get_num_threads(),
    }


def render_in_child(weights: Path, seconds: float, args: argparse.Namespace) -> dict[str, Any]:
    """A fresh interpreter per clip length, so each peak RSS is that render's own."""
    command = [
        sys.executable, __file__, "--child", "--weights", str(weights), "--seconds", str(seconds),
        "--steps", str(args.steps), "--resolution", str(args.resolution),
    ]  # fmt: skip
    if args.threads:
        command += ["--threads", str(args.threads)]
    env = {**os.environ, "SONIC_DESKTOP_HOME": tempfile.mkdtemp(prefix="bench_sonic_home_")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child render failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cost_model_report() -> dict[str, Any]:
    """FLOPs for the real model sizes (SONIC_FACTS §6), from the app's own cost model."""
    from sonic_desktop.core import cost_model
    from sonic_desktop.core.settings import RenderSettings

    per_frame = {
        side: cost_model.UNET_FLOPS(cost_model.latent_tokens(side, side)) / 1e9
        for side in (512, 768, 1024)
    }
    clips = {}
    for side in (512, 768, 1024):
        settings = RenderSettings(engine="sonic", min_resolution=side, inference_steps=25)
        est = cost_model.estimate(settings, 15.0, None, engine="sonic")
        clips[side] = {
            "generated_frames": est.generated_frames,
            "output_frames": est.output_frames,
            "unet_calls": est.unet_calls,
            "frame_forwards": est.frame_forwards,
            "unet_pflop": est.unet_flops / 1e15,
            "total_pflop": est.flops_total / 1e15,
            "cpu_hours_assumed": est.total_seconds / 3600,
        }
    return {"unet_gflop_per_frame_forward": per_frame, "clip_15s_25_steps": clips}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, help="tiny checkpoint root (default: generate)")
    parser.add_argument("--seconds", type=float, nargs="+", default=[10.0, 60.0])
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--resolution", type=int, default=128)
    parser.add_argument("--threads", type=int, help="torch intra-op threads (default: torch's)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = render_once(
            args.weights, args.seconds[0], args.steps, args.resolution, args.threads
        )
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="sonic_tiny_") as folder:
        weights = args.weights
        if weights is None:
            from tiny_checkpoints import generate

            started = time.perf_counter()
            weights = generate(Path(folder) / "checkpoints")
            print(f"tiny checkpoints generated in {time.perf_counter() - started:.1f} s")
        runs = [render_in_child(weights, seconds, args) for seconds in args.seconds]

    report = {"renders": runs, "cost_model": cost_model_report()}
    first = runs[0]
    print(
        f"\nTiny set, {args.resolution} px, {args.steps} steps, "
        f"{first['torch_threads']} torch thread(s), CPU:"
    )
    print(f"  {'audio':>7} {'frames':>7} {'UNet calls':>10} {'s/UNet call':>12} "
          f"{'s/out frame':>12} {'decode+RIFE s/frame':>20} {'peak RSS MiB':>13}")  # fmt: skip
    for run in runs:
        print(
            f"  {run['seconds_of_audio']:>6.0f}s {run['output_frames']:>7} {run['unet_calls']:>10} "
            f"{run['s_per_unet_call']:>12.3f} {run['s_per_output_frame']:>12.3f} "
            f"{run['s_decode_rife_per_output_frame']:>20.4f} {run['peak_rss_mb']:>13.0f}"
        )
    if len(runs) > 1:
        growth = runs[-1]["peak_rss_mb"] - runs[0]["peak_rss_mb"]
        print(
            f"  peak RSS grows by {growth:.0f} MiB from {runs[0]['seconds_of_audio']:.0f} s to "
            f"{runs[-1]['seconds_of_audio']:.0f} s of audio"
        )
    cost = report["cost_model"]
    print("\nCost model, real model sizes (core.cost_model, SONIC_FACTS §6):")
    for side, gflop in cost["unet_gflop_per_frame_forward"].items():
        clip = cost["clip_15s_25_steps"][side]
        print(
            f"  {side:>4}²: UNet {gflop:,.0f} GFLOP per frame-forward; 15 s clip at 25 steps: "
            f"{clip['unet_calls']} UNet calls, {clip['frame_forwards']:,} frame-forwards, "
            f"UNet {clip['unet_pflop']:.1f} PFLOP, total {clip['total_pflop']:.1f} PFLOP "
            f"(~{clip['cpu_hours_assumed']:.0f} h on a CPU at the assumed rate)"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
