"""`sonic-desktop doctor`: what this machine has, and what it should render with.

This is a CLI command, so importing torch here is fine (it is never done at GUI
start-up); torch's absence is reported, not fatal. Qt is the opposite: the window check
imports it in a child process (`gui_availability.probe_window`), never in this one.
"""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sonic_desktop import __version__


def _pkg_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _torch_report() -> dict[str, Any]:
    try:
        import torch
    except Exception as exc:  # broken CUDA installs raise OSError, not ImportError
        return {"installed": False, "error": f"{type(exc).__name__}: {exc}"}
    cuda_ok = bool(torch.cuda.is_available())
    return {
        "installed": True,
        "version": torch.__version__,
        "cuda_build": torch.version.cuda,
        "cuda_available": cuda_ok,
        "cudnn": torch.backends.cudnn.version() if cuda_ok else None,
    }


def collect_report() -> dict[str, Any]:
    from sonic_desktop.core.advisor import suggest
    from sonic_desktop.core.hardware import probe_gpus
    from sonic_desktop.core.logs import log_file
    from sonic_desktop.engines.registry import sonic_available
    from sonic_desktop.gui_availability import probe_window
    from sonic_desktop.media import ffmpeg_exe, ffmpeg_version

    torch_info = _torch_report()
    gpus = probe_gpus()
    suggestion = suggest(gpus)
    sonic_ok, sonic_reason = sonic_available(None)
    return {
        "sonic_desktop": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "torch": torch_info,
        "gpus": [
            {
                "index": g.index,
                "name": g.name,
                "total_vram_gb": round(g.total_vram_gb, 2),
                "free_vram_gb": round(g.free_vram_gb, 2),
                "compute_capability": g.compute_capability,
            }
            for g in gpus
        ],
        "ffmpeg": {"path": ffmpeg_exe(), "version": ffmpeg_version()},
        "window": probe_window(),
        "packages": {
            name: _pkg_version(name)
            for name in (
                "PySide6",
                "numpy",
                "opencv-python-headless",
                "dlib-bin",
                "soxr",
                "diffusers",
                "transformers",
            )
        },
        "sonic_weights": {"usable": sonic_ok, "detail": sonic_reason},
        "suggestion": {
            "engine": suggestion.engine,
            "min_resolution": suggestion.min_resolution,
            "inference_steps": suggestion.inference_steps,
            "memory_strategy": suggestion.memory_strategy,
            "reason": suggestion.reason,
        },
        "log_file": str(log_file()),
    }


def format_report(report: dict[str, Any]) -> str:
    from sonic_desktop.gui_availability import format_window_line

    torch_info = report["torch"]
    if torch_info.get("installed"):
        torch_line = (
            f"{torch_info['version']} (CUDA build {torch_info['cuda_build'] or 'none'}, "
            f"CUDA available: {'yes' if torch_info['cuda_available'] else 'no'})"
        )
    else:
        torch_line = f"not importable ({torch_info.get('error')})"
    gpu_lines = [
        f"  GPU {g['index']}: {g['name']}, "
        f"{g['free_vram_gb']:.1f} of {g['total_vram_gb']:.1f} GB free"
        + (
            f", compute {g['compute_capability'][0]}.{g['compute_capability'][1]}"
            if g["compute_capability"]
            else ""
        )
        for g in report["gpus"]
    ] or ["  no CUDA GPU found"]
    s = report["suggestion"]
    weights = report["sonic_weights"]
    lines = [
        f"Sonic Desktop {report['sonic_desktop']} on {report['platform']}",
        f"Python   {report['python']}",
        f"torch    {torch_line}",
        "GPUs",
        *gpu_lines,
        f"ffmpeg   {report['ffmpeg']['version']} ({report['ffmpeg']['path']})",
        f"window   {format_window_line(report['window'])}",
        "packages " + ", ".join(f"{k} {v or 'missing'}" for k, v in report["packages"].items()),
        f"Sonic weights: {'found' if weights['usable'] else 'not usable'} ({weights['detail']})",
        f"Suggested: engine {s['engine']}, {s['min_resolution']} px, {s['inference_steps']} steps, "
        f"memory {s['memory_strategy']} — {s['reason']}",
        f"Log file {report['log_file']}",
    ]
    return "\n".join(lines)
