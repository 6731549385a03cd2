"""Turn one `RenderRequest` into one MP4: pick the engine, stream frames, clean up.

Frames go straight from the engine into the encoder, so memory stays flat however
long the clip is. The MP4 is written to a temporary file and renamed only when
complete: a failed or cancelled render never leaves a file at the output path.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from sonic_desktop.core.errors import Cancelled, SonicDesktopError
from sonic_desktop.core.progress import (
    CancelToken,
    ProgressCallback,
    ProgressEvent,
    Stage,
    ignore_progress,
)
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.engines.base import Engine, Plan
from sonic_desktop.engines.registry import select_engine
from sonic_desktop.face.process import cancel_scope
from sonic_desktop.media import VideoWriter, check_output_path

log = logging.getLogger(__name__)

# How often a render waiting for `Engine.prepare` looks at its cancel token.
PREPARE_POLL_S = 0.02


@dataclass(frozen=True)
class RenderResult:
    output: Path
    engine: str
    engine_label: str
    frames: int
    fps: float
    duration_s: float
    width: int
    height: int
    elapsed_s: float
    notices: list[str] = field(default_factory=list)

    @property
    def realtime_factor(self) -> float:
        return self.duration_s / self.elapsed_s if self.elapsed_s > 0 else float("inf")

    def to_dict(self) -> dict[str, object]:
        return {
            "output": str(self.output),
            "engine": self.engine,
            "engine_label": self.engine_label,
            "frames": self.frames,
            "fps": self.fps,
            "duration_s": round(self.duration_s, 3),
            "width": self.width,
            "height": self.height,
            "elapsed_s": round(self.elapsed_s, 3),
            "realtime_factor": round(self.realtime_factor, 2),
            "notices": list(self.notices),
        }


def run(
    request: RenderRequest,
    on_progress: ProgressCallback = ignore_progress,
    cancel: CancelToken | None = None,
    engine: Engine | None = None,
    overwrite: bool = True,
) -> RenderResult:
    """Render `request` to `request.output`. Raises a typed `SonicDesktopError` on
    any failure the user can fix, and `Cancelled` when `cancel` fires.

    With `overwrite=False`, a file already at the output path stops the render before
    any work, and one that appears there meanwhile is never replaced."""
    cancel = cancel or CancelToken()
    started = time.monotonic()
    request.settings.raise_if_invalid()
    output = check_output_path(request.output, [request.image, request.audio], overwrite)

    notices: list[str] = []
    if engine is None:
        choice = select_engine(request.settings.engine, request.weights_dir)
        engine = choice.engine
        if choice.notice:
            notices.append(choice.notice)
    log.info("render %s -> %s with %s", request.image, output, engine.name)

    try:
        cancel.check()
        plan = _prepare(engine, request, on_progress, cancel)
        notices += plan.inputs.notices + plan.notices
        cancel.check()
        writer = VideoWriter(
            output,
            plan.width,
            plan.height,
            fps=plan.fps,
            audio_path=request.audio,
            duration_s=plan.duration_s,
            encode_size=plan.inputs.encode_size,
            overwrite=overwrite,
        )
        with writer:
            for frame in engine.frames(plan, on_progress, cancel):
                writer.write(frame)
            cancel.check()
            on_progress(ProgressEvent(Stage.ENCODING, 0, 1, message="finishing the MP4"))
        on_progress(ProgressEvent(Stage.DONE, 1, 1))
    except Cancelled:
        log.info("render cancelled: %s", output)
        raise
    except SonicDesktopError:  # the user's to fix: the caller shows its one line
        log.info("render failed: %s", output, exc_info=True)
        raise
    except KeyboardInterrupt as exc:  # Ctrl+C, or SIGTERM/SIGHUP in the CLI
        log.info("render interrupted (%s): %s", type(exc).__name__, output)
        raise
    except Exception:
        log.exception("render failed: %s", output)
        raise
    finally:
        engine.release()

    return RenderResult(
        output=output,
        engine=engine.name,
        engine_label=engine.label,
        frames=writer.frames_written,
        fps=plan.fps,
        duration_s=writer.frames_written / plan.fps,
        width=plan.inputs.encode_size[0] if plan.inputs.encode_size else plan.width,
        height=plan.inputs.encode_size[1] if plan.inputs.encode_size else plan.height,
        elapsed_s=time.monotonic() - started,
        notices=notices,
    )


def _prepare(
    engine: Engine, request: RenderRequest, on_progress: ProgressCallback, cancel: CancelToken
) -> Plan:
    """`engine.prepare` on a helper thread, so that Cancel is answered within
    PREPARE_POLL_S even while preparation sits in a long native call (decoding, the
    face model, a detector) that has no place to check a token.

    A cancelled preparation is abandoned, not stopped: it runs to its end in the
    background (face calls waiting on the window's face process give up at once), its
    plan is dropped and its progress is no longer reported.
    """
    outcome: dict[str, object] = {}

    def report(event: ProgressEvent) -> None:
        if not cancel.cancelled:
            on_progress(event)

    def work() -> None:
        try:
            with cancel_scope(lambda: cancel.cancelled):
                outcome["plan"] = engine.prepare(request, report)
        except BaseException as exc:  # handed to the waiting thread, which raises it
            outcome["error"] = exc

    # Not a daemon: an abandoned preparation may sit in native code, and tearing the
    # interpreter down under it aborts the process; exit waits for it instead (~1 s).
    thread = threading.Thread(target=work, name="render-prepare")
    thread.start()
    while thread.is_alive():
        thread.join(PREPARE_POLL_S)
        cancel.check()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        if isinstance(error, Cancelled) or cancel.cancelled:
            raise Cancelled() from None
        raise error
    return cast(Plan, outcome["plan"])  # test engines may hand back a look-alike
