"""Headless commands: `render`, `doctor`, `sync-check`.

Every failure a user can cause ends in one line on stderr and a non-zero exit
code; the traceback goes to the log file only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from sonic_desktop import __version__
from sonic_desktop.core import interrupts, paths
from sonic_desktop.core.atomic import fit_file_name, name_fits, name_max
from sonic_desktop.core.errors import OutputNotWritable, SonicDesktopError
from sonic_desktop.core.logs import configure_logging, file_handler_path

log = logging.getLogger(__name__)

EXAMPLE_IMAGE = "examples/portrait.png"
EXAMPLE_AUDIO = "examples/speech_en.wav"


def build_parser() -> argparse.ArgumentParser:
    from sonic_desktop.core import settings as settings_mod

    parser = argparse.ArgumentParser(
        prog="sonic-desktop",
        description="Turn one portrait and one speech recording into a lip-synced talking video.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"sonic-desktop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    render = sub.add_parser("render", help="render one video without the window")
    render.add_argument("--image", type=Path, help="portrait photo (jpg, png, webp, bmp, tiff)")
    render.add_argument(
        "--audio", type=Path, help="speech recording (wav, mp3, m4a, flac, ogg, ...)"
    )
    render.add_argument("-o", "--output", type=Path, help="output .mp4 (default: beside the audio)")
    render.add_argument(
        "--example", action="store_true", help="render the bundled example portrait and speech"
    )
    render.add_argument("--preset", help="scenario preset or quality tier, e.g. news, draft")
    render.add_argument("--weights", type=Path, help="folder holding the Sonic weights")
    render.add_argument(
        "--face-box",
        metavar="X1,Y1,X2,Y2",
        help="use this face box (source pixels) instead of detecting one",
    )
    render.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing file at the output path (without it, render refuses)",
    )
    render.add_argument("--json", action="store_true", help="print a machine-readable summary")
    render.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    settings_mod.add_arguments(render)

    doctor = sub.add_parser("doctor", help="report Python, torch, CUDA, GPU, ffmpeg and weights")
    doctor.add_argument("--json", action="store_true", help="print a machine-readable report")

    from sonic_desktop.models.cli_commands import add_models_parser

    add_models_parser(sub)

    sync = sub.add_parser("sync-check", help="measure lip sync of a rendered video")
    sync.add_argument("video", type=Path)
    sync.add_argument(
        "--audio", type=Path, help="speech to compare with (default: the video's own)"
    )
    sync.add_argument("--json", action="store_true")
    return parser


def _parse_face_box(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    from sonic_desktop.core.errors import InvalidSettings

    try:
        values = tuple(float(v) for v in text.replace(" ", "").split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise InvalidSettings(
            f"--face-box '{text}' is not four numbers", "Write it as X1,Y1,X2,Y2."
        )
    return values[0], values[1], values[2], values[3]


def _request_from_args(args: argparse.Namespace):  # -> RenderRequest
    from sonic_desktop.core import settings as settings_mod
    from sonic_desktop.core.errors import InvalidSettings
    from sonic_desktop.core.presets import apply_preset, get_preset
    from sonic_desktop.core.request import RenderRequest

    image, audio = args.image, args.audio
    if args.example:
        resources = paths.resources_dir()
        image = image or resources / EXAMPLE_IMAGE
        audio = audio or resources / EXAMPLE_AUDIO
    if image is None or audio is None:
        raise InvalidSettings("render needs --image and --audio", "Or use --example.")
    output = args.output
    if output is None:
        base = Path.cwd() if args.example else Path(audio).parent
        stem = f"{Path(image).stem}_{Path(audio).stem}"
        output = base / fit_file_name(stem, ".mp4", name_max(base))
    elif Path(output).parent.is_dir() and not name_fits(Path(output).name, Path(output).parent):
        raise OutputNotWritable(
            f"the output file name is too long for its folder's file system: {Path(output).name}",
            f"Use a name of at most {name_max(Path(output).parent)} bytes.",
        )

    base_settings = settings_mod.RenderSettings()
    if args.preset:
        base_settings = apply_preset(base_settings, get_preset(args.preset))
    settings = settings_mod.from_namespace(args, base_settings)
    return RenderRequest(
        image=Path(image),
        audio=Path(audio),
        output=Path(output),
        settings=settings,
        face_box=_parse_face_box(args.face_box),
        weights_dir=args.weights,
    )


class _TqdmProgress:
    """Adapts typed progress events to one tqdm bar per stage."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None
        self._stage = None

    def __call__(self, event) -> None:  # event: ProgressEvent
        if not self.enabled:
            return
        from tqdm import tqdm

        if event.stage != self._stage:
            self.close()
            self._stage = event.stage
            if event.total > 1:
                label = event.stage.value.replace("_", " ")
                self._bar = tqdm(total=event.total, desc=label, unit="unit", leave=False)
        if self._bar is not None:
            self._bar.n = event.done
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _tell(line: str) -> None:
    """One line on stderr, if there still is one: a closed terminal (SIGHUP) fails with EIO,
    and that must not turn a clean cancel into a crash."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def _cancelled(interrupt: KeyboardInterrupt, progress: _TqdmProgress) -> int:
    how = interrupts.describe(interrupt)
    log.info("render cancelled%s", how)
    with contextlib.suppress(OSError, ValueError):  # after a hang-up stderr is gone
        progress.close()
    _tell(f"cancelled{how}; no output was written")
    return interrupts.exit_code(interrupt)


def cmd_render(args: argparse.Namespace) -> int:
    from sonic_desktop import render
    from sonic_desktop.core.errors import Cancelled
    from sonic_desktop.core.progress import CancelToken

    request = _request_from_args(args)
    progress = _TqdmProgress(enabled=not (args.quiet or args.json) and sys.stderr.isatty())
    cancel = CancelToken()
    try:
        # The token is the backstop for a signal whose KeyboardInterrupt Python dropped.
        with interrupts.backstop(cancel.cancel):
            result = render.run(request, progress, cancel, overwrite=args.overwrite)
    except KeyboardInterrupt as exc:  # Ctrl+C, SIGTERM or SIGHUP (see core.interrupts)
        return _cancelled(exc, progress)
    except Cancelled:
        signum = interrupts.received()
        if signum is None:
            raise
        return _cancelled(interrupts.interrupt_for(signum), progress)
    finally:
        with contextlib.suppress(OSError, ValueError):  # after a hang-up stderr is gone
            progress.close()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for notice in result.notices:
            print(f"note: {notice}", file=sys.stderr)
        print(
            f"{result.output}  [{result.engine_label}, {result.width}×{result.height}, "
            f"{result.duration_s:.2f} s, {result.frames} frames, "
            f"rendered in {result.elapsed_s:.1f} s = {result.realtime_factor:.1f}× real time]"
        )
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from sonic_desktop.doctor import collect_report, format_report

    report = collect_report()
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


def cmd_sync_check(args: argparse.Namespace) -> int:
    from sonic_desktop.analysis.lipsync import measure_lipsync

    report = measure_lipsync(args.video, args.audio)
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.one_line())
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from sonic_desktop.models.cli_commands import run_models_command

    return run_models_command(args)


COMMANDS = {
    "render": cmd_render,
    "doctor": cmd_doctor,
    "sync-check": cmd_sync_check,
    "models": cmd_models,
}


def main(argv: Sequence[str] | None = None) -> int:
    # From here on SIGTERM and SIGHUP (a session logging out) unwind like Ctrl+C: clean-up
    # runs, ffmpeg is stopped, and the exit status says which signal it was.
    with interrupts.signals_interrupt():
        try:
            return _main(argv)
        except KeyboardInterrupt as exc:
            log.info("interrupted%s", interrupts.describe(exc))
            _tell(f"interrupted{interrupts.describe(exc)}")
            return interrupts.exit_code(exc)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        parser.print_help()
        return 0
    log_path = configure_logging()
    try:
        return COMMANDS[args.command](args)
    except SonicDesktopError as exc:
        log.info("user error: %s", exc.one_line(), exc_info=True)
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:
        log.exception("unexpected failure")
        where = f"Details in {log_path}" if file_handler_path() else "No log file was written"
        print(f"error: unexpected failure ({type(exc).__name__}: {exc}). {where}", file=sys.stderr)
        return 1
