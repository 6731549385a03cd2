"""Status of each weights file: present, missing, wrong size or unreadable.

Cheap checks only (no torch, no full reads), so the GUI can show them at any time:
- the file exists and its first bytes can be read;
- JSON files parse;
- a safetensors file is exactly as long as its header says (a truncated download is
  "wrong size");
- PyTorch zip archives (`.pth`, `.pkl`, TorchScript `.pt`) have an intact central
  directory; legacy pickles start with a pickle protocol marker;
- files whose tensor shapes the official code fixes are at least as large as those
  tensors in fp16 (`min_bytes`);
- an SVD single-file checkpoint (`svd_xt*.safetensors`, standing in for the VAE and
  image-encoder entries) has the tensor names of one in its header; otherwise it is
  "unreadable", with the missing name.
Tensor shapes are checked exactly when the engine loads the files, and a catalogue
SHA-256 (where one is known) by `verify_sha256`, which reads the whole file.
"""

from __future__ import annotations

import json
import struct
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sonic_desktop.models.catalogue import CatalogueEntry
from sonic_desktop.models.layouts import SINGLE_FILE_PARTS, Candidate, WeightsLayout, discover


class FileState(str, Enum):
    PRESENT = "present"
    MISSING = "missing"
    WRONG_SIZE = "wrong_size"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class FileStatus:
    entry: CatalogueEntry
    name: str  # official relative path, e.g. "Sonic/unet.pth"
    path: Path  # the file, or where it is expected
    state: FileState
    detail: str = ""
    size_bytes: int | None = None
    origin: Candidate | None = None

    @property
    def ok(self) -> bool:
        return self.state is FileState.PRESENT

    def describe(self) -> str:
        words = {
            FileState.PRESENT: "present",
            FileState.MISSING: "missing",
            FileState.WRONG_SIZE: "wrong size",
            FileState.UNREADABLE: "unreadable",
        }[self.state]
        text = f"{self.name}: {words}"
        return f"{text} ({self.detail})" if self.detail else text

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.entry.id,
            "name": self.name,
            "path": str(self.path),
            "state": self.state.value,
            "detail": self.detail,
            "size_bytes": self.size_bytes,
            "required": self.entry.required,
            "role": self.entry.role,
            "layout": self.origin.layout if self.origin else None,
        }


@dataclass(frozen=True)
class WeightsReport:
    layout: WeightsLayout
    files: tuple[FileStatus, ...]

    def status(self, file_id: str) -> FileStatus:
        for item in self.files:
            if item.entry.id == file_id:
                return item
        raise KeyError(file_id)

    def problems(self, frame_interpolation: bool = True) -> list[FileStatus]:
        """Needed files that are not usable."""
        return [f for f in self.files if f.entry.needed(frame_interpolation) and not f.ok]

    def usable(self, frame_interpolation: bool = True) -> bool:
        return not self.problems(frame_interpolation)

    def summary(self, frame_interpolation: bool = True) -> str:
        problems = self.problems(frame_interpolation)
        if not problems:
            folders = sorted({str(f.origin.folder) for f in self.files if f.ok and f.origin})
            return "all Sonic weights found in " + ", ".join(folders)
        shown = "; ".join(p.describe() for p in problems[:3])
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        return f"{shown}{more}"

    def to_dict(self) -> dict[str, object]:
        return {"usable": self.usable(), "files": [f.to_dict() for f in self.files]}


def check_file(entry: CatalogueEntry, path: Path) -> tuple[FileState, str, int | None]:
    """(state, detail, size) for one existing-or-not file."""
    if not path.exists():
        return FileState.MISSING, f"expected at {path}", None
    if not path.is_file():
        return FileState.UNREADABLE, "not a file", None
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return FileState.UNREADABLE, f"cannot read: {exc.strerror or exc}", None
    if size == 0:
        return FileState.WRONG_SIZE, "empty file", 0
    if entry.min_bytes is not None and size < entry.min_bytes:
        return (
            FileState.WRONG_SIZE,
            f"{size:,} bytes, at least {entry.min_bytes:,} expected (incomplete download?)",
            size,
        )
    problem = _format_problem(entry, path, size, head)
    if problem is not None:
        return problem[0], problem[1], size
    return FileState.PRESENT, "", size


def _format_problem(
    entry: CatalogueEntry, path: Path, size: int, head: bytes
) -> tuple[FileState, str] | None:
    fmt = entry.format
    if path.suffix == ".bin" and fmt == "safetensors":  # an accepted alternative file
        fmt = "torch_pickle"
    if fmt == "json":
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return FileState.UNREADABLE, f"not valid JSON ({exc})"
        return None
    if fmt == "safetensors":
        return _safetensors_problem(path, size, head)
    # torch_pickle and torchscript: a zip archive (torch >= 1.6) or a legacy pickle.
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                archive.infolist()
        except (zipfile.BadZipFile, OSError):
            return FileState.WRONG_SIZE, "damaged or truncated PyTorch archive"
        return None
    if fmt == "torch_pickle" and head[:1] == b"\x80":
        return None
    return FileState.UNREADABLE, "not a PyTorch file"


def _safetensors_problem(path: Path, size: int, head: bytes) -> tuple[FileState, str] | None:
    if size < 8:
        return FileState.WRONG_SIZE, "truncated safetensors file"
    (header_len,) = struct.unpack("<Q", head[:8])
    if header_len <= 0 or 8 + header_len > size:
        return FileState.UNREADABLE, "not a safetensors file"
    try:
        with open(path, "rb") as handle:
            handle.seek(8)
            header = json.loads(handle.read(header_len))
    except (OSError, ValueError) as exc:
        return FileState.UNREADABLE, f"safetensors header unreadable ({exc})"
    ends = [
        int(v["data_offsets"][1])
        for k, v in header.items()
        if k != "__metadata__" and isinstance(v, dict) and "data_offsets" in v
    ]
    expected = 8 + header_len + (max(ends) if ends else 0)
    if size != expected:
        return FileState.WRONG_SIZE, f"{size:,} bytes but its header describes {expected:,}"
    return None


def _is_single_file(layout: WeightsLayout, file_id: str) -> bool:
    return layout.svd_single_file is not None and file_id in SINGLE_FILE_PARTS


def weights_status(
    weights_dir: Path | None = None,
    *,
    layout: WeightsLayout | None = None,
    include_defaults: bool = True,
) -> WeightsReport:
    """Discover the weights (unless `layout` is given) and check every catalogue file."""
    layout = layout or discover(weights_dir, include_defaults=include_defaults)
    files = []
    for entry in layout.catalogue.files:
        path = layout.location(entry.id)
        state, detail, size = check_file(entry, path)
        problem = layout.svd_single_file_problem  # found by discovery, which read the header
        if state is FileState.PRESENT and _is_single_file(layout, entry.id) and problem:
            state, detail = FileState.UNREADABLE, problem
        files.append(
            FileStatus(
                entry=entry,
                name=layout.display_name(entry.id),
                path=path,
                state=state,
                detail=detail,
                size_bytes=size,
                origin=layout.origins.get(entry.id),
            )
        )
    return WeightsReport(layout, tuple(files))
