"""A later launch's files and flags, applied to the running window.

`single_instance` carries the message; this module says what it means. The later
launch (`forward`) sends a `HandoffRequest`; the window (`HandoffHandler`) adds the
jobs through its usual APIs, comes to the front and answers with the new job ids.

`--quit-when-done` from a later launch: the window does not quit (the user is
working in it). Instead the later launch waits for its own jobs, through the
socket, and exits 0 only if all of them succeeded, like a window of its own would.
It waits only when the window's queue is running (or `--start` starts it); with a
paused queue it says so and exits at once, as a fresh window would quit at once.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from PySide6.QtCore import QObject

from sonic_desktop.gui.instance.single_instance import (
    PROTOCOL,
    REPLY_WAIT_MS,
    Connection,
    NoAnswer,
    Peer,
)

if TYPE_CHECKING:
    from sonic_desktop.core.jobs import JobQueue, QueueEvent
    from sonic_desktop.core.settings import RenderSettings
    from sonic_desktop.gui.shell.main_window import MainWindow

log = logging.getLogger(__name__)

STATUS_MESSAGE_MS = 8000
EXIT_OK, EXIT_JOBS_FAILED, EXIT_REJECTED, EXIT_NO_ANSWER = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT
GONE = "removed"  # the state reported for a job removed from the queue while waited on


@dataclass(frozen=True)
class HandoffRequest:
    files: list[Path] = field(default_factory=list)  # opened as if dropped ("Open with")
    enqueue: list[Path] = field(default_factory=list)  # IMAGE AUDIO [AUDIO...]
    preset: str | None = None
    start: bool = False
    wait: bool = False  # --quit-when-done: report the jobs' outcome

    def to_message(self) -> dict[str, object]:
        return {
            "protocol": PROTOCOL,
            "files": [str(Path(p).absolute()) for p in self.files],
            "enqueue": [str(Path(p).absolute()) for p in self.enqueue],
            "preset": self.preset,
            "start": self.start,
            "wait": self.wait,
        }

    @classmethod
    def from_message(cls, message: dict[str, object]) -> HandoffRequest:
        if message.get("protocol") != PROTOCOL:
            raise ValueError(f"unsupported protocol {message.get('protocol')!r}")

        def paths(key: str) -> list[Path]:
            raw = message.get(key) or []
            if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
                raise ValueError(f"{key!r} must be a list of paths")
            result = [Path(p) for p in raw]
            if not all(p.is_absolute() for p in result):
                raise ValueError(f"{key!r} must hold absolute paths")
            return result

        preset = message.get("preset")
        if preset is not None and not isinstance(preset, str):
            raise ValueError("'preset' must be a string")
        enqueue = paths("enqueue")
        if enqueue and len(enqueue) < 2:
            raise ValueError("--enqueue needs an image and at least one audio file")
        return cls(
            files=paths("files"),
            enqueue=enqueue,
            preset=preset,
            start=bool(message.get("start")),
            wait=bool(message.get("wait")),
        )


def bring_to_front(window: MainWindow) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


@dataclass
class _Waiter:
    peer: Peer
    queue: JobQueue
    job_ids: list[str]
    unsubscribe: Callable[[], None] = lambda: None

    def states(self) -> dict[str, str]:
        states = {}
        for job_id in self.job_ids:
            try:
                states[job_id] = self.queue.get(job_id).state.value
            except KeyError:
                states[job_id] = GONE
        return states


def _settled(state: str) -> bool:
    from sonic_desktop.core.jobs import JobState

    if state == GONE:
        return True
    job_state = JobState(state)
    return job_state.finished or job_state == JobState.INTERRUPTED


class HandoffHandler(QObject):
    """Applies requests from later launches to the current window (`window_of()`: the
    window is rebuilt on a language switch, the queue and controller stay)."""

    def __init__(self, window_of: Callable[[], MainWindow], parent: QObject | None = None):
        super().__init__(parent)
        self.window_of = window_of
        self._waiters: list[_Waiter] = []

    def handle(self, peer: Peer, message: dict[str, object]) -> None:
        try:
            request = HandoffRequest.from_message(message)
        except ValueError as exc:
            self._refuse(peer, str(exc))
            return
        try:
            self._apply(peer, request)
        except Exception as exc:  # the launch must hear why, not wait for a timeout
            log.exception("could not take the files of another launch")
            self._refuse(peer, f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _refuse(peer: Peer, error: str) -> None:
        peer.reply({"ok": False, "error": error})
        peer.close()

    def _apply(self, peer: Peer, request: HandoffRequest) -> None:
        window = self.window_of()
        controller = window.controller
        settings = window.session.settings
        if request.preset:
            from sonic_desktop.core.presets import apply_preset, find_preset

            preset = find_preset(request.preset)
            if preset is None:
                self._refuse(peer, f"no preset named {request.preset!r}")
                return
            # For these jobs only: the user's current settings stay as they are.
            settings = apply_preset(settings, preset)
        before = {job.id for job in controller.queue.jobs}
        if request.files:
            window.handle_drop(list(request.files))
        if request.enqueue:
            self._enqueue(window, request.enqueue, settings)
        if request.start:
            controller.start()
        new_ids = [job.id for job in controller.queue.jobs if job.id not in before]
        if new_ids:
            window.statusBar().showMessage(
                self.tr("Added %n job(s) from another launch of Sonic Desktop.", "", len(new_ids)),
                STATUS_MESSAGE_MS,
            )
        bring_to_front(window)
        waiting = request.wait and bool(new_ids) and controller.running
        log.info("took %d job(s) from another launch (waiting: %s)", len(new_ids), waiting)
        reply: dict[str, object] = {"ok": True, "jobs": new_ids, "waiting": waiting}
        if request.wait and new_ids and not controller.running:
            reply["note"] = "the queue in the running window is paused; not waiting for the jobs"
        peer.reply(reply)
        if waiting:
            self._wait_for(peer, controller.queue, new_ids)
        else:
            peer.close()

    def _enqueue(self, window: MainWindow, files: list[Path], settings: RenderSettings) -> None:
        from sonic_desktop.gui.queue.job_factory import make_request

        image, audios = files[0], files[1:]
        session = window.session
        current = session.portrait
        face_box = session.explicit_face_box if current and current.path == image else None
        for audio in audios:
            request = make_request(
                image,
                audio,
                settings,
                window.ctx.prefs,
                window.controller.queue,
                face_box,
            )
            window.controller.add(request)

    # -- --quit-when-done from a later launch --------------------------------------------
    def _wait_for(self, peer: Peer, queue: JobQueue, job_ids: list[str]) -> None:
        waiter = _Waiter(peer, queue, job_ids)
        self._waiters.append(waiter)

        def changed(event: QueueEvent) -> None:
            if event.job_id in job_ids:
                self._check(waiter)

        waiter.unsubscribe = queue.subscribe(changed)
        peer.gone.connect(lambda _peer: self._drop(waiter))
        self._check(waiter)  # a job may have failed at once

    def _check(self, waiter: _Waiter) -> None:
        states = waiter.states()
        if all(_settled(state) for state in states.values()):
            self._finish(waiter, states)

    def _finish(self, waiter: _Waiter, states: dict[str, str]) -> None:
        ok = all(state == "done" for state in states.values())
        waiter.peer.reply({"done": True, "ok": ok, "states": states})
        self._drop(waiter)
        waiter.peer.close()

    def _drop(self, waiter: _Waiter) -> None:
        if waiter in self._waiters:
            self._waiters.remove(waiter)
            waiter.unsubscribe()

    def close(self) -> None:
        """The window is quitting: tell every waiting launch where its jobs stand."""
        for waiter in list(self._waiters):
            self._finish(waiter, waiter.states())


# -- the later launch's side -----------------------------------------------------------


def _jobs(n: int) -> str:
    return f"{n} job" if n == 1 else f"{n} jobs"


def forward(connection: Connection, request: HandoffRequest, out: TextIO | None = None) -> int:
    """Hand `request` to the running window; print one line; return the exit status."""
    out = out or sys.stdout
    try:
        connection.send(request.to_message())
        reply = connection.receive(timeout_ms=REPLY_WAIT_MS)
        if reply is None:
            raise NoAnswer(connection.holder_pid)
        if not reply.get("ok"):
            print(
                f"error: the running Sonic Desktop refused: {reply.get('error')}", file=sys.stderr
            )
            return EXIT_REJECTED
        jobs = reply.get("jobs") or []
        count = len(jobs) if isinstance(jobs, list) else 0
        if request.files or request.enqueue:
            line = f"The running Sonic Desktop window took the files ({_jobs(count)} queued)."
        else:
            line = "Sonic Desktop is already running; its window was brought to the front."
        if reply.get("note"):
            line += f" Note: {reply['note']}."
        print(line, file=out, flush=True)
        if not reply.get("waiting"):
            return EXIT_OK
        return _wait_for_outcome(connection, count, out)
    except NoAnswer as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NO_ANSWER
    except KeyboardInterrupt:  # Ctrl+C while waiting: the jobs are the window's now
        print("Stopped waiting; the jobs carry on in the running window.", file=out, flush=True)
        return EXIT_INTERRUPTED
    finally:
        connection.close()


def _wait_for_outcome(connection: Connection, count: int, out: TextIO) -> int:
    done = connection.receive(timeout_ms=None)  # renders take as long as they take
    if done is None:
        print("The Sonic Desktop window closed before the jobs finished.", file=out, flush=True)
        return EXIT_JOBS_FAILED
    states = done.get("states")
    states = states if isinstance(states, dict) else {}
    failed = {job_id: state for job_id, state in states.items() if state != "done"}
    if done.get("ok") and not failed:
        print(f"All {_jobs(count)} finished.", file=out, flush=True)
        return EXIT_OK
    summary = ", ".join(sorted(set(failed.values())))
    print(f"{len(failed)} of {_jobs(count)} did not finish ({summary}).", file=out, flush=True)
    return EXIT_JOBS_FAILED
