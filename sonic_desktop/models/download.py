"""Downloads of missing weights with huggingface_hub: resumable, with progress, cancellable.

Deliberately thin: `hf_hub_download` resumes interrupted files itself (it keeps a
`.incomplete` file), so this module only decides what to fetch, where it goes
(the official layout under `dest_root`), and adapts progress and cancellation.
Only files the engine uses are fetched (never the SVD UNet weights). The fetch
function is injectable, so tests use a local fake instead of the network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    resumes it); network errors propagate as huggingface_hub raises them.
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
        result = fetch(
            repo_id=group.repo_id,
            filename=catalogue.repo_path(entry),
            local_dir=local_dir_for(entry, catalogue, dest_root),
            tqdm_class=_progress_class(report, cancel),
            token=token,
        )
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
