"""Lip-sync benchmark of the preview engine on the bundled examples.

    python benchmarks/bench_lipsync.py [--out DIR] [--json FILE]

Renders resources/examples/portrait.png with speech_en.wav and speech_zh.wav through
`sonic_desktop.render.run`, measures each MP4 with `measure_lipsync`, then renders
the English clip again with lip_sync_calibration on and alignment_offset_sec=+0.2.

Targets: r >= 0.6 with the peak lag within +-1 frame for the plain renders, and a
peak that moves by +5 +- 1 frames (0.2 s at 25 fps) for the offset render. Exits 1
when a target is missed, so it can gate a release.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from sonic_desktop.analysis import SyncReport, measure_lipsync  # noqa: E402
from sonic_desktop.core.progress import CancelToken, ProgressEvent  # noqa: E402
from sonic_desktop.core.request import RenderRequest  # noqa: E402
from sonic_desktop.core.settings import RenderSettings  # noqa: E402
from sonic_desktop.render import run  # noqa: E402

EXAMPLES = ROOT / "resources" / "examples"
MIN_R = 0.6
LAG_TOLERANCE = 1
OFFSET_S = 0.2


@dataclass(frozen=True)
class Case:
    name: str
    audio: str
    settings: RenderSettings


CASES = (
    Case("en", "speech_en.wav", RenderSettings(engine="preview")),
    Case("zh", "speech_zh.wav", RenderSettings(engine="preview")),
    Case(
        "en+0.2s",
        "speech_en.wav",
        RenderSettings(engine="preview", lip_sync_calibration=True, alignment_offset_sec=OFFSET_S),
    ),
)


def _quiet(_event: ProgressEvent) -> None:
    pass


def render_and_measure(case: Case, out_dir: Path) -> tuple[SyncReport, float]:
    request = RenderRequest(
        image=EXAMPLES / "portrait.png",
        audio=EXAMPLES / case.audio,
        output=out_dir / f"lipsync_{case.name}.mp4",
        settings=case.settings,
    )
    started = time.monotonic()
    result = run(request, _quiet, CancelToken())
    render_s = time.monotonic() - started
    return measure_lipsync(result.output), render_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="keep the MP4s in this folder")
    parser.add_argument("--json", type=Path, help="also write the reports as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.out or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        reports: dict[str, SyncReport] = {}
        failures: list[str] = []
        for case in CASES:
            report, render_s = render_and_measure(case, out_dir)
            reports[case.name] = report
            print(f"{case.name:8s} render {render_s:5.1f} s | {report.one_line()}")
            if case.settings.lip_sync_calibration:
                continue
            if report.best_r < MIN_R or abs(report.best_lag_frames) > LAG_TOLERANCE:
                failures.append(
                    f"{case.name}: peak r={report.best_r:.2f} at lag {report.best_lag_frames:+d} "
                    f"(want r >= {MIN_R} within +-{LAG_TOLERANCE})"
                )

        base, shifted = reports["en"], reports["en+0.2s"]
        expected = round(OFFSET_S * shifted.fps)
        moved = shifted.best_lag_frames - base.best_lag_frames
        print(f"offset +{OFFSET_S} s moved the peak by {moved:+d} frames (want {expected:+d})")
        if abs(moved - expected) > LAG_TOLERANCE:
            failures.append(f"offset moved the peak by {moved:+d} frames, not {expected:+d}")

        if args.json:
            data: dict[str, Any] = {name: r.to_dict() for name, r in reports.items()}
            data["offset_shift_frames"] = moved
            args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")

    for failure in failures:
        print(f"MISSED {failure}")
    print("all targets met" if not failures else f"{len(failures)} target(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
