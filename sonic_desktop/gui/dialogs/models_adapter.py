"""What the Models dialog needs from `sonic_desktop.models`, in one place, Qt-free.

The weights package is optional in a build. Every look-up here degrades to an
honest answer ("not included in this build") instead of failing, and nothing here
imports torch: trust kinds come from the catalogue's declared format, not from
opening the file.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sonic_desktop.models.pickle_scan import PickleScan

log = logging.getLogger(__name__)

LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/"
TRUST_KINDS = {"torch_pickle": "pickle", "torchscript": "torchscript"}


@dataclass(frozen=True)
class FileRow:
    file_id: str
    name: str
    role: str
    group: str
    state: str  # "present", "missing", "wrong_size", "unreadable"
    detail: str
    path: Path
    size_bytes: int | None
    approx_bytes: int | None
    required: str
    trust_kind: str | None  # "pickle"/"torchscript" when loading it needs trust


@dataclass(frozen=True)
class ModelsStatus:
    available: bool  # the weights package is part of this build
    files: tuple[FileRow, ...] = ()
    usable: bool = False
    summary: str = ""
    engine_ok: bool = False
    engine_reason: str = ""  # as the engine said it, in English
    folders: tuple[str, ...] = field(default=())
    # Why the engine cannot run, as data the dialog can say in any language: "weights"
    # (the files listed are the reason), "packages" (engine_packages are missing),
    # "not_included", "other" (only engine_reason says), or "" when it can run.
    engine_problem: str = ""
    engine_packages: tuple[str, ...] = ()


_PACKAGES = "missing Python packages: "
_NOT_INCLUDED = "the Sonic engine is not included in this build"


def engine_problem(
    ok: bool, reason: str, weights_summary: str | None
) -> tuple[str, tuple[str, ...]]:
    """(kind, missing packages) for the engine's (ok, reason); see `ModelsStatus`."""
    if ok:
        return "", ()
    if reason.startswith(_PACKAGES):
        names = tuple(n.strip() for n in reason[len(_PACKAGES) :].split(",") if n.strip())
        return "packages", names
    if reason == _NOT_INCLUDED:
        return "not_included", ()
    if weights_summary is not None and reason == weights_summary:
        return "weights", ()
    return "other", ()


def read_status(weights_dir: Path | None) -> ModelsStatus:
    """Runs off the UI thread: file checks only (sizes and headers, no hashing)."""
    try:
        from sonic_desktop.models.status import weights_status
    except ImportError:
        ok, reason = _engine_reason(weights_dir)
        kind, packages = engine_problem(ok, reason, None)
        return ModelsStatus(
            available=False,
            engine_reason=reason,
            engine_problem=kind,
            engine_packages=packages,
        )
    report = weights_status(weights_dir)
    rows = tuple(
        FileRow(
            file_id=f.entry.id,
            name=f.name,
            role=f.entry.role,
            group=f.entry.group,
            state=f.state.value,
            detail=f.detail,
            path=f.path,
            size_bytes=f.size_bytes,
            approx_bytes=f.entry.approx_bytes,
            required=f.entry.required,
            trust_kind=TRUST_KINDS.get(f.entry.format),
        )
        for f in report.files
    )
    folders = tuple(sorted({str(f.origin.folder) for f in report.files if f.ok and f.origin}))
    ok, reason = _engine_reason(weights_dir)
    summary = report.summary()
    kind, packages = engine_problem(ok, reason, summary)
    return ModelsStatus(True, rows, report.usable(), summary, ok, reason, folders, kind, packages)


def _engine_reason(weights_dir: Path | None) -> tuple[bool, str]:
    try:
        from sonic_desktop.engines.registry import sonic_available

        return sonic_available(weights_dir)
    except Exception as exc:  # a broken optional engine is a status, not a crash
        return False, str(exc)


def trust_file(path: Path, kind: str) -> str:
    """Record trust (hashes the whole file: run off the UI thread). Returns the SHA-256."""
    from sonic_desktop.models.trust import TrustStore

    return TrustStore().trust(path, kind).sha256


def scan_file(path: Path) -> PickleScan:
    """What unpickling the file would import, read from its opcodes without loading it
    (run off the UI thread). A missing or damaged file raises `WeightsMissing`."""
    from sonic_desktop.models.pickle_scan import scan_file as scan

    return scan(path)


def revoke_file(path: Path) -> int:
    """Revoke trust in the file as it is now, and in any record made under its name (the
    list shows trust by name, and a file changed since has another hash). Hashes the
    whole file: run off the UI thread. Returns how many records were revoked."""
    from sonic_desktop.models.trust import TrustStore

    return len(TrustStore().revoke_file(path, same_name=True))


def trusted_names() -> set[str]:
    try:
        from sonic_desktop.models.trust import TrustStore
    except ImportError:
        return set()
    return {record.name for record in TrustStore().records()}


def downloader() -> Callable[..., Any] | None:
    """The weights downloader when this build has one, else None.

    Expected shape: `download_missing(weights_dir, progress=callback, cancel=token)`,
    where `progress` receives objects with `name`, `done_bytes`, `total_bytes` and
    `bytes_per_s` attributes.
    """
    try:
        module = importlib.import_module("sonic_desktop.models.download")
    except ImportError:
        return None
    fn = getattr(module, "download_missing", None)
    return fn if callable(fn) else None
