"""One running window per user profile: a lock file and a local socket.

The queue file lives in the data folder, so two windows on one data folder would
overwrite each other's queue and render each other's jobs. The first launch takes
`instance.lock` in the data folder (`QLockFile`) and listens on a local socket
(`QLocalServer`); a later launch finds the lock held, connects, hands over its files
and flags as one JSON message, and exits. This is the usual Qt pattern.

- A lock left by a crash is taken over: with `setStaleLockTime(0)` the lock is never
  stale by age, only when the process named in it has died (same host), and
  `tryLock` then removes it and takes it.
- The server name is a hash of the user and the data folder, so a test with its own
  `SONIC_DESKTOP_HOME` never talks to the user's real window.
- Nothing here knows the window: `handoff.py` applies a request to it.

Protocol (`PROTOCOL`): one JSON object per line, UTF-8, each way.
    launch -> window  {"protocol": 1, "files": [abs path...], "enqueue": [abs path...],
                       "preset": str | null, "start": bool, "wait": bool}
    window -> launch  {"ok": true, "jobs": [job id...], "waiting": bool, "note"?: str}
                      or {"ok": false, "error": "one line"}
    and, when "waiting" (the launch asked for --quit-when-done), later one more line:
                      {"done": true, "ok": bool, "states": {job id: state}}
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

PROTOCOL = 1
LOCK_FILE_NAME = "instance.lock"
MAX_MESSAGE_BYTES = 1 << 20
#: How long a launch keeps trying to reach the window that holds the lock (it may be
#: starting up, or closing and about to release the lock).
CONNECT_WAIT_MS = 3000
#: How long a launch waits for the window's answer. The window listens from its first
#: moment but answers from its event loop, which runs once the window is built (a few
#: seconds on a slow, busy machine); a window that takes longer is hung.
REPLY_WAIT_MS = 10_000
RETRY_MS = 100


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def server_name(data_dir: Path) -> str:
    """Per user and per data folder; short enough for a Unix socket path in /tmp."""
    folder = os.path.normcase(str(Path(data_dir).resolve()))
    digest = hashlib.sha256(f"{_user()}\0{folder}".encode("utf-8", "surrogateescape"))
    return f"sonic-desktop-{digest.hexdigest()[:20]}"


def lock_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOCK_FILE_NAME


def encode(message: dict[str, object]) -> bytes:
    # ASCII JSON: a path that is not valid UTF-8 survives as a \udcXX escape.
    return json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n"


def decode(line: bytes) -> dict[str, object]:
    message = json.loads(line.decode("utf-8", "surrogateescape"))
    if not isinstance(message, dict):
        raise ValueError("a message is a JSON object")
    return message


# -- the lock ------------------------------------------------------------------------


class InstanceLock:
    """The data folder's lock; `held` once `try_take` succeeded, until `release`."""

    def __init__(self, data_dir: Path) -> None:
        self.path = lock_path(data_dir)
        self._lock = QLockFile(str(self.path))
        # Never stale by age (a render can run for hours); stale only when the
        # process that wrote it is gone. tryLock then removes it and takes it.
        self._lock.setStaleLockTime(0)
        self.held = False

    def try_take(self) -> bool:
        self.held = self._lock.tryLock(0)
        return self.held

    @property
    def error(self) -> QLockFile.LockError:
        return self._lock.error()

    @property
    def usable(self) -> bool:
        """False when the lock file cannot be written at all (permissions, disk)."""
        return self.held or self.error == QLockFile.LockError.LockFailedError

    def holder_pid(self) -> int | None:
        info = self._lock.getLockInfo()
        # PySide returns (pid, hostname, appname), or a falsy value when unreadable.
        if isinstance(info, tuple) and info and isinstance(info[0], int) and info[0] > 0:
            return info[0]
        return None

    def release(self) -> None:
        if self.held:
            self._lock.unlock()
            self.held = False


# -- the window's side -----------------------------------------------------------------


class Peer(QObject):
    """One connected launch: reads its request line, sends replies."""

    received = Signal(object, object)  # this peer, the request dict
    gone = Signal(object)  # this peer

    def __init__(self, socket: QLocalSocket, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.socket = socket
        socket.setParent(self)
        self._buffer = b""
        self._got_request = False
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._on_disconnected)

    @property
    def connected(self) -> bool:
        return self.socket.state() == QLocalSocket.LocalSocketState.ConnectedState

    def reply(self, message: dict[str, object]) -> None:
        if self.connected:
            self.socket.write(encode(message))
            self.socket.flush()

    def close(self) -> None:
        """Finish sending, then hang up."""
        if self.connected:
            self.socket.waitForBytesWritten(1000)
            self.socket.disconnectFromServer()
        self.deleteLater()

    def _read(self) -> None:
        self._buffer += bytes(self.socket.readAll().data())
        if self._got_request:
            self._buffer = b""  # one request per connection; ignore the rest
            return
        if b"\n" not in self._buffer:
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                log.warning("dropping an over-long instance message")
                self.socket.abort()
            return
        line, _, self._buffer = self._buffer.partition(b"\n")
        self._got_request = True
        try:
            message = decode(line)
        except ValueError as exc:
            self.reply({"ok": False, "error": f"unreadable request: {exc}"})
            self.close()
            return
        self.received.emit(self, message)

    def _on_disconnected(self) -> None:
        self.gone.emit(self)
        self.deleteLater()


class InstanceServer(QObject):
    """Listens for later launches; emits each one's request with the `Peer` to answer."""

    request_received = Signal(object, object)  # Peer, dict

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # We hold the lock, so a socket file of that name is left over from a crash.
        QLocalServer.removeServer(self.name)
        if not self._server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, self._server.errorString())
            return False
        return True

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            peer = Peer(socket, self)
            peer.received.connect(self.request_received)


# -- the later launch's side -----------------------------------------------------------


class NoAnswer(Exception):
    """The lock is held, but the window holding it does not answer."""

    def __init__(self, pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"Sonic Desktop is already running ({who}) but does not answer; "
            "close it (or end that process) and try again"
        )
        self.pid = pid


@dataclass
class Connection:
    """An open connection to the running window (blocking calls, no event loop)."""

    socket: QLocalSocket
    holder_pid: int | None = None
    _buffer: bytes = b""

    def send(self, message: dict[str, object]) -> None:
        self.socket.write(encode(message))
        if not self.socket.waitForBytesWritten(REPLY_WAIT_MS):
            raise NoAnswer(self.holder_pid)

    def receive(self, timeout_ms: int | None) -> dict[str, object] | None:
        """The next message; None when the window hung up. `timeout_ms=None` waits for
        ever, in short slices so that Ctrl+C (KeyboardInterrupt) gets through."""
        deadline = None if timeout_ms is None else time.monotonic() + timeout_ms / 1000
        while b"\n" not in self._buffer:
            if self.socket.bytesAvailable() > 0:
                self._buffer += bytes(self.socket.readAll().data())
                continue
            if self.socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return None
            if deadline is not None and time.monotonic() > deadline:
                raise NoAnswer(self.holder_pid)
            self.socket.waitForReadyRead(200)
        line, _, self._buffer = self._buffer.partition(b"\n")
        return decode(line)

    def close(self) -> None:
        if self.socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
            self.socket.disconnectFromServer()


def _connect(name: str) -> QLocalSocket | None:
    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(500):
        return socket
    return None


def claim(data_dir: Path, wait_ms: int = CONNECT_WAIT_MS) -> InstanceLock | Connection:
    """Become the running instance (the lock, held) or reach the one that is (a
    connection). Keeps trying both for `wait_ms`: the other window may be starting up
    (lock taken, not yet listening) or closing (about to release the lock).

    Raises NoAnswer when the lock stays held and nobody answers. A lock file that
    cannot be written at all comes back as an `InstanceLock` that is not `held`.
    """
    lock = InstanceLock(data_dir)
    name = server_name(data_dir)
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        if lock.try_take():
            return lock
        if not lock.usable:
            log.warning("cannot create the instance lock %s (%s)", lock.path, lock.error)
            return lock
        socket = _connect(name)
        if socket is not None:
            return Connection(socket, lock.holder_pid())
        if time.monotonic() > deadline:
            raise NoAnswer(lock.holder_pid())
        time.sleep(RETRY_MS / 1000)
