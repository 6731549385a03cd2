"""Ctrl+C, SIGTERM and SIGHUP reach a window blocked in Qt's event loop.

Python runs a signal handler only when the interpreter gets control, and Qt's event
loop waits in C++, so by default Ctrl+C does nothing until some Python slot happens to
run. The standard remedy: `signal.set_wakeup_fd` makes the C-level handler write the
signal number into one end of a socket pair, and a `QSocketNotifier` on the other end
wakes the event loop, which emits `received(signum)` on the UI thread.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)

Handler = Callable[[int, FrameType | None], object] | int | None


def quit_signals() -> list[int]:
    """SIGINT and SIGTERM everywhere; SIGHUP (terminal closed) on POSIX."""
    wanted = [signal.SIGINT, signal.SIGTERM]
    if sys.platform != "win32":
        wanted.append(signal.SIGHUP)
    return [int(s) for s in wanted]


def exit_status(signum: int) -> int:
    """The shell's convention: 128 + the signal number (130 for Ctrl+C, 143 for SIGTERM)."""
    return 128 + signum


class SignalRelay(QObject):
    """Turns the given signals into `received(signum)` on the UI thread.

    Install it from the main thread once the QApplication exists; `close()` restores
    the previous handlers. A signal that was ignored stays ignored (SIGHUP under
    `nohup` must not end the window).
    """

    received = Signal(int)

    def __init__(self, signums: list[int] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        wanted = quit_signals() if signums is None else signums
        self.signums = [s for s in wanted if signal.getsignal(s) is not signal.SIG_IGN]
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)  # set_wakeup_fd requires a non-blocking fd
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[int, Handler] = {}
        for signum in self.signums:
            self._previous[signum] = signal.signal(signum, self._python_handler)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._closed = False

    @staticmethod
    def _python_handler(signum: int, frame: FrameType | None) -> None:
        # Only here so Python does not apply the default action (KeyboardInterrupt,
        # termination); the byte written to the wake-up socket does the work.
        return None

    def _drain(self) -> None:
        try:
            data = self._reader.recv(512)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            log.warning("signal wake-up socket failed: %s", exc)
            return
        for signum in data:
            if signum in self.signums:
                self.received.emit(signum)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._notifier.setEnabled(False)
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
