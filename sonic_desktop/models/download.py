"""Downloads of missing weights with huggingface_hub: resumable, with progress, cancellable.

Deliberately thin: `hf_hub_download` resumes interrupted files itself (it keeps a
`.incomplete` file), so this module only decides what to fetch, where it goes
(the official layout under `dest_root`), and adapts progress and cancellation.
Only files the engine uses are fetched (never the SVD UNet weights). The fetch
function is injectable, so tests use a local fake instead of the network.

When the server cannot be reached (no network, a failed name lookup, a refused or
timed-out connection, huggingface_hub's offline mode), `download` raises
`DownloadUnreachable` in place of the transport's error, which stays its `__cause__`.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sonic_desktop.core.errors import Cancelled, DownloadServerUnreachable
from sonic_desktop.core.progress import CancelToken
from sonic_desktop.models.catalogue import Catalogue, CatalogueEntry, load_catalogue
from sonic_desktop.models.layouts import app_weights_dir
from sonic_desktop.models.status import WeightsReport


@dataclass(frozen=True)
class DownloadProgress:
    file_id: str
    name: str  # official relative path
    done_bytes: int
    total_bytes: int | None
    file_index: int  # 0-based
    file_count: int


DownloadCallback = Callable[[DownloadProgress], None]
Fetch = Callable[..., Any]  # huggingface_hub.hf_hub_download-compatible


#: The error `download` raises when the network or the server is out of reach (one class,
#: defined with the other error kinds so its title and hint are translated).
DownloadUnreachable = DownloadServerUnreachable


#: errno values that mean the network or the server is out of reach.
_NETWORK_ERRNOS = frozenset(
    getattr(errno, name)
    for name in (
        "ENETUNREACH",
        "ENETDOWN",
        "EHOSTUNREACH",
        "EHOSTDOWN",
        "ECONNREFUSED",
        "ECONNRESET",
        "ECONNABORTED",
        "ETIMEDOUT",
    )
    if hasattr(errno, name)
)
#: Transport errors of the HTTP stacks huggingface_hub uses, by package and class name
#: (any class in the MRO), so no HTTP library is imported to check. Package names are
#: compared without a trailing version digit (httpx2, httpcore2).
_NETWORK_CLASSES = {
    "huggingface_hub": frozenset({"LocalEntryNotFoundError", "OfflineModeIsEnabled"}),
    "httpx": frozenset({"NetworkError", "TimeoutException", "ProxyError", "RemoteProtocolError"}),
    "httpcore": frozenset(
        {"NetworkError", "TimeoutException", "ProxyError", "RemoteProtocolError"}
    ),
    "requests": frozenset({"ConnectionError", "Timeout"}),
    "urllib3": frozenset({"NewConnectionError", "TimeoutError", "ProtocolError"}),
}
#: Modules whose ConnectionError / TimeoutError / gaierror are the socket's own. Other
#: subclasses (filelock's Timeout is a TimeoutError) are not network failures.
_SOCKET_MODULES = frozenset({"builtins", "socket", "ssl"})


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and the exceptions behind it, as a traceback prints them."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None


def _is_network_error(exc: BaseException) -> bool:
    cls = type(exc)
    if cls.__module__ in _SOCKET_MODULES:
        if isinstance(exc, (ConnectionError, TimeoutError, socket.gaierror, socket.herror)):
            return True
        if isinstance(exc, OSError) and exc.errno in _NETWORK_ERRNOS:
            return True
    for klass in cls.__mro__:
        package = klass.__module__.split(".")[0].rstrip("0123456789")
        if klass.__name__ in _NETWORK_CLASSES.get(package, ()):
            if klass.__name__ == "LocalEntryNotFoundError":
                # Raised too when the Hub answered without the file's metadata: a
                # configuration problem, not connectivity.
                return type(exc.__cause__).__name__ != "FileMetadataError"
            return True
    return False


def network_failure(exc: BaseException) -> DownloadUnreachable | None:
    """`exc` as a `DownloadUnreachable` when it (or an error behind it) means the server
    cannot be reached; None for anything else (a missing file, a refused token, a full
    disk, a cancel)."""
    if isinstance(exc, DownloadUnreachable):
        return exc
    chain = list(_chain(exc))
    if any(isinstance(e, Cancelled) for e in chain):
        return None
    network = [e for e in chain if _is_network_error(e)]
    if not network:
        return None
    deepest = network[-1]  # the socket's words rather than the wrapper's advice
    reason = (str(deepest).strip().splitlines() or [type(deepest).__name__])[0]
    return DownloadUnreachable(reason[:200])


def files_to_download(
    report: WeightsReport, frame_interpolation: bool = True, include_optional: bool = False
) -> list[CatalogueEntry]:
    """Needed files that are missing or damaged (and the optional ones when asked)."""
    wanted = []
    for status in report.files:
        entry = status.entry
        needed = entry.needed(frame_interpolation) or (
            include_optional and entry.required == "optional"
        )
        if needed and not status.ok:
            wanted.append(entry)
    return wanted


def local_dir_for(entry: CatalogueEntry, catalogue: Catalogue, dest_root: Path) -> Path:
    """The folder hf_hub_download writes into, so the file lands at its official path."""
    official = catalogue.official_path(entry)
    repo_path = catalogue.repo_path(entry)
    if not official.endswith(repo_path):
        raise ValueError(f"{entry.id}: repository path {repo_path} does not end its official path")
    prefix = official[: len(official) - len(repo_path)].strip("/")
    return dest_root / prefix if prefix else dest_root


def _progress_class(report: Callable[[int, int | None], None], cancel: CancelToken) -> type:
    from tqdm.auto import tqdm

    class _Progress(tqdm):
        """Silent tqdm that reports bytes and stops the transfer on cancel."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)
            self.done_bytes = int(kwargs.get("initial") or 0)
            report(self.done_bytes, self.total)

        def update(self, n: float | None = 1) -> bool | None:
            cancel.check()
            self.done_bytes += int(n or 0)
            report(self.done_bytes, self.total)
            return None

    return _Progress


def download(
    entries: Sequence[CatalogueEntry],
    dest_root: Path | None = None,
    *,
    progress: DownloadCallback = lambda p: None,
    cancel: CancelToken | None = None,
    fetch: Fetch | None = None,
    catalogue: Catalogue | None = None,
    token: str | None = None,
) -> list[Path]:
    """Fetch `entries` into `dest_root` (default: the app's weights folder, official layout).

    Raises `Cancelled` when `cancel` fires (the partial file stays, and the next call
    resumes it) and `DownloadUnreachable` when the server cannot be reached; other
    errors propagate as huggingface_hub raises them.
    """
    catalogue = catalogue or load_catalogue()
    dest_root = Path(dest_root) if dest_root is not None else app_weights_dir()
    cancel = cancel or CancelToken()
    if fetch is None:
        from huggingface_hub import hf_hub_download

        fetch = hf_hub_download
    paths = []
    for index, entry in enumerate(entries):
        cancel.check()
        name = catalogue.official_path(entry)

        def report(
            done: int,
            total: int | None,
            entry: CatalogueEntry = entry,
            index: int = index,
            name: str = name,
        ) -> None:
            progress(DownloadProgress(entry.id, name, done, total, index, len(entries)))

        group = catalogue.groups[entry.group]
        try:
            result = fetch(
                repo_id=group.repo_id,
                filename=catalogue.repo_path(entry),
                local_dir=local_dir_for(entry, catalogue, dest_root),
                tqdm_class=_progress_class(report, cancel),
                token=token,
            )
        except Exception as exc:
            unreachable = network_failure(exc)
            if unreachable is None or unreachable is exc:
                raise
            raise unreachable from exc
        paths.append(Path(result))
    return paths


@dataclass(frozen=True)
class TransferProgress:
    """What a download progress bar shows: the file, bytes so far and the speed."""

    name: str
    done_bytes: int
    total_bytes: int | None
    bytes_per_s: float | None
    file_index: int
    file_count: int


def download_missing(
    weights_dir: Path | None = None,
    *,
    progress: Callable[[TransferProgress], None] = lambda p: None,
    cancel: CancelToken | None = None,
    fetch: Fetch | None = None,
    frame_interpolation: bool = True,
) -> list[Path]:
    """Download every needed file that is missing or damaged, into `weights_dir` (default:
    the app's weights folder), reporting speed per file. Used by the Models dialog."""
    import time

    from sonic_desktop.models.status import weights_status

    report = weights_status(weights_dir)
    entries = files_to_download(report, frame_interpolation=frame_interpolation)
    started: dict[int, float] = {}

    def relay(event: DownloadProgress) -> None:
        began = started.setdefault(event.file_index, time.monotonic())
        elapsed = time.monotonic() - began
        speed = event.done_bytes / elapsed if elapsed > 0.2 else None
        progress(
            TransferProgress(
                event.name,
                event.done_bytes,
                event.total_bytes,
                speed,
                event.file_index,
                event.file_count,
            )
        )

    return download(entries, weights_dir, progress=relay, cancel=cancel, fetch=fetch)
