"""SIGTERM and SIGHUP handled the way Ctrl+C is.

A desktop session ends its programs with SIGHUP or SIGTERM at logout (then SIGKILL a few
seconds later). Python's default for both is to die on the spot, skipping every `finally`
and `with` block: ffmpeg is left running and its half-written file stays. Inside
`signals_interrupt()` each of them raises `Terminated` instead, a `KeyboardInterrupt`, so
every path that already cleans up after Ctrl+C (stop ffmpeg, delete the temp file, one line,
an exit status) runs for them too. Ctrl+C itself raises `KeyboardInterrupt` as before.

Two helpers close the gaps an asynchronous exception leaves: `deferred()` keeps a short
block (start ffmpeg, register its clean-up) in one piece, and `backstop()` runs an action
(cancel the render) even when Python drops the exception, as it does inside at-fork hooks.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

#: What `signals_interrupt` handles: Ctrl+C as before (a plain KeyboardInterrupt), SIGTERM
#: and SIGHUP as `Terminated` (SIGHUP does not exist on Windows).
SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived; unwinds like Ctrl+C does."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = int(signum)

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """The shell's status for a program ended by that signal: 128 + its number
    (130 for Ctrl+C, 143 for SIGTERM, 129 for SIGHUP)."""
    signum = interrupt.signum if isinstance(interrupt, Terminated) else int(signal.SIGINT)
    return 128 + signum


def describe(interrupt: KeyboardInterrupt) -> str:
    """The end of a sentence naming the signal: " by SIGTERM", or nothing for Ctrl+C."""
    return f" by {interrupt.signal_name}" if isinstance(interrupt, Terminated) else ""


def interrupt_for(signum: int) -> KeyboardInterrupt:
    """The exception `signals_interrupt` raises for that signal."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


class _State:
    def __init__(self) -> None:
        self.depth = 0  # nesting of deferred() blocks
        self.pending: int | None = None  # a signal that arrived inside one
        self.received: int | None = None  # the first signal handled
        self.backstops: list[Callable[[], None]] = []


_state = _State()


def received() -> int | None:
    """The signal `signals_interrupt` handled first, if any (None after it ends)."""
    return _state.received


@contextlib.contextmanager
def backstop(action: Callable[[], None]) -> Iterator[None]:
    """Also run `action` (e.g. a cancel token's cancel) when a signal arrives. Python drops
    an exception raised inside a __del__ method, a weakref callback or an at-fork hook; a
    signal handled just then would be lost without this."""
    _state.backstops.append(action)
    try:
        yield
    finally:
        _state.backstops.remove(action)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """A block that a signal handled by `signals_interrupt` does not cut in two (such as
    starting ffmpeg and registering its clean-up): the interrupt is raised when the block
    ends. Keep such blocks short. Off the main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0 and _state.pending is not None:
            signum, _state.pending = _state.pending, None
            raise interrupt_for(signum)


@contextlib.contextmanager
def signals_interrupt(signums: tuple[int, ...] = SIGNALS) -> Iterator[None]:
    """Raise `KeyboardInterrupt` (Ctrl+C) or `Terminated` (SIGTERM, SIGHUP) in the main
    thread when one of `signums` arrives, once: a second signal during the clean-up the
    first one started is ignored, so it cannot cut that clean-up short. Inside a
    `deferred()` block the interrupt waits for the block's end. A signal that was ignored
    (e.g. SIGHUP under nohup) stays ignored. Previous handlers come back on exit. Off the
    main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def handler(signum: int, _frame: FrameType | None) -> None:
        nonlocal raised
        if raised:
            return
        raised = True
        _state.received = signum
        for action in list(_state.backstops):
            action()
        if _state.depth:
            _state.pending = signum
            return
        raise interrupt_for(signum)

    previous: dict[int, signal.Handlers | int | object] = {}
    for signum in signums:
        current = signal.getsignal(signum)
        if current == signal.SIG_IGN:
            continue
        previous[signum] = current
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old if old is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        _state.pending = _state.received = None
