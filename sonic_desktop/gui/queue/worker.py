"""The render worker: one QObject on its own QThread, one job at a time, via `render.run`.

The UI thread sends a job with `run_job` (a queued call) and gets typed signals back.
Cancelling sets the job's `CancelToken` directly from the UI thread; the engine
checks it between units of work (a frame, a UNet call). Engine modules, and with
them torch, are imported here, on this thread, when the first job runs.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import sys
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from sonic_desktop.core.errors import Cancelled, SonicDesktopError
from sonic_desktop.core.progress import CancelToken, ProgressEvent
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.gui.common.error_text import UNEXPECTED, error_kind

log = logging.getLogger(__name__)

#: Builds the engine for a request; tests pass one, the app lets `render` choose.
EngineFactory = Callable[[RenderRequest], object]
UNKNOWN_ETA = -1.0


def job_thread_name(job_id: str) -> str:
    """The worker thread's name while it renders `job_id` (it tags the job's log lines)."""
    return f"render-worker job={job_id}"


class RenderWorker(QObject):
    engine_chosen = Signal(str, str)  # job id, engine label
    progressed = Signal(str, str, int, int, float)  # job id, stage, done, total, eta (-1: unknown)
    succeeded = Signal(str, object)  # job id, RenderResult
    failed = Signal(str, str, str)  # job id, one-line English message, error kind
    cancelled = Signal(str)  # job id

    def __init__(
        self, engine_factory: EngineFactory | None = None, progress_interval_s: float = 0.05
    ) -> None:
        super().__init__()
        self._engine_factory = engine_factory
        self._interval = progress_interval_s

    @Slot(str, object, object)
    def run_job(self, job_id: str, request: RenderRequest, token: CancelToken) -> None:
        # Every log line this thread writes during the job carries the job id in its
        # thread name ("[render-worker job=…]"), so the job's details can show its lines.
        thread = threading.current_thread()
        thread_name = thread.name
        thread.name = job_thread_name(job_id)
        log.info("job %s started: %s", job_id, request.output)
        try:
            result = self._render(job_id, request, token)
        except Cancelled:
            self.cancelled.emit(job_id)
        except SonicDesktopError as exc:
            self.failed.emit(job_id, exc.one_line(), error_kind(exc))
        except Exception as exc:  # an engine bug must not take the window down
            log.exception("job %s crashed", job_id)
            message = f"Unexpected failure ({type(exc).__name__}: {exc})"
            self.failed.emit(job_id, message, UNEXPECTED)
        else:
            log.info("job %s finished: %s", job_id, request.output)
            self.succeeded.emit(job_id, result)
        finally:
            release_device_memory()
            thread.name = thread_name

    def _render(self, job_id: str, request: RenderRequest, token: CancelToken) -> object:
        from sonic_desktop import render  # first import happens here, off the UI thread

        token.check()
        notices: list[str] = []
        if self._engine_factory is not None:
            engine = self._engine_factory(request)
        else:
            from sonic_desktop.engines.registry import select_engine

            choice = select_engine(request.settings.engine, request.weights_dir)
            engine = choice.engine
            if choice.notice:
                notices.append(choice.notice)
        self.engine_chosen.emit(job_id, str(getattr(engine, "label", "")))
        result = render.run(request, self._throttled(job_id), token, engine=engine)  # type: ignore[arg-type]
        if notices:
            result = dataclasses.replace(result, notices=notices + list(result.notices))
        return result

    def _throttled(self, job_id: str) -> Callable[[ProgressEvent], None]:
        """Progress at most every `interval` seconds, plus every stage change and the end:
        a per-frame signal would flood the UI thread's event queue."""
        last_time, last_stage = 0.0, ""

        def report(event: ProgressEvent) -> None:
            nonlocal last_time, last_stage
            now = time.monotonic()
            stage = event.stage.value
            final = event.total > 0 and event.done >= event.total
            if stage == last_stage and not final and now - last_time < self._interval:
                return
            last_time, last_stage = now, stage
            eta = UNKNOWN_ETA if event.eta_s is None else float(event.eta_s)
            self.progressed.emit(job_id, stage, int(event.done), int(event.total), eta)

        return report


def release_device_memory() -> None:
    """Give cached GPU memory back after every job (torch only when already loaded)."""
    gc.collect()
    torch = sys.modules.get("torch")
    if torch is None:
        return
    try:
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
            torch.cuda.ipc_collect()
    except Exception as exc:  # a broken driver must not fail a finished job
        log.debug("could not release GPU memory: %s", exc)
