"""The weights catalogue: every file the Sonic engine reads (resources/weights_catalogue.json).

Each file belongs to a group (Sonic, its extras, SVD, Whisper) whose folder is found by
discovery (`layouts`); a file's `path` is relative to that folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sonic_desktop.core.paths import resources_dir

CATALOGUE_FILE = "weights_catalogue.json"
REQUIRED_VALUES = ("always", "frame_interpolation", "optional")
FORMATS = ("torch_pickle", "torchscript", "safetensors", "json")


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    repo_id: str
    repo_subfolder: str  # where the group's files sit inside the repository
    official_dir: str  # the group folder relative to the official checkpoints root
    comfyui_dir: str  # ... relative to ComfyUI's models/sonic
    gated: bool = False


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    group: str
    path: str  # relative to the group folder
    role: str
    format: str
    required: str  # "always", "frame_interpolation" or "optional"
    approx_bytes: int | None
    min_bytes: int | None
    sha256: str | None
    alternatives: tuple[str, ...] = ()

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.path, *self.alternatives)

    def needed(self, frame_interpolation: bool = True) -> bool:
        """Whether a render cannot start without this file."""
        if self.required == "always":
            return True
        return self.required == "frame_interpolation" and frame_interpolation


@dataclass(frozen=True)
class Catalogue:
    groups: dict[str, Group]
    files: tuple[CatalogueEntry, ...]

    def entry(self, file_id: str) -> CatalogueEntry:
        for entry in self.files:
            if entry.id == file_id:
                return entry
        raise KeyError(f"No catalogue entry {file_id!r}")

    def in_group(self, group: str) -> tuple[CatalogueEntry, ...]:
        return tuple(e for e in self.files if e.group == group)

    def official_path(self, entry: CatalogueEntry) -> str:
        """The file's path under the official `checkpoints/` root, e.g. "Sonic/unet.pth"."""
        folder = self.groups[entry.group].official_dir
        return f"{folder}/{entry.path}" if folder else entry.path

    def repo_path(self, entry: CatalogueEntry) -> str:
        """The file's path inside its source repository."""
        folder = self.groups[entry.group].repo_subfolder
        return f"{folder}/{entry.path}" if folder else entry.path

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "groups": {
                gid: {
                    "label": g.label,
                    "repo_id": g.repo_id,
                    "repo_subfolder": g.repo_subfolder,
                    "official_dir": g.official_dir,
                    "comfyui_dir": g.comfyui_dir,
                    **({"gated": True} if g.gated else {}),
                }
                for gid, g in self.groups.items()
            },
            "files": [
                {
                    "id": e.id,
                    "group": e.group,
                    "path": e.path,
                    **({"alternatives": list(e.alternatives)} if e.alternatives else {}),
                    "role": e.role,
                    "format": e.format,
                    "required": e.required,
                    "approx_bytes": e.approx_bytes,
                    "min_bytes": e.min_bytes,
                    "sha256": e.sha256,
                }
                for e in self.files
            ],
        }


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    """Build and check a catalogue; raises ValueError naming the first problem."""
    groups = {
        gid: Group(
            id=gid,
            label=str(g["label"]),
            repo_id=str(g["repo_id"]),
            repo_subfolder=str(g.get("repo_subfolder", "")),
            official_dir=str(g.get("official_dir", "")),
            comfyui_dir=str(g.get("comfyui_dir", "")),
            gated=bool(g.get("gated", False)),
        )
        for gid, g in data["groups"].items()
    }
    files: list[CatalogueEntry] = []
    seen: set[str] = set()
    for raw in data["files"]:
        entry = CatalogueEntry(
            id=str(raw["id"]),
            group=str(raw["group"]),
            path=str(raw["path"]),
            role=str(raw["role"]),
            format=str(raw["format"]),
            required=str(raw["required"]),
            approx_bytes=raw.get("approx_bytes"),
            min_bytes=raw.get("min_bytes"),
            sha256=raw.get("sha256"),
            alternatives=tuple(raw.get("alternatives", ())),
        )
        if entry.id in seen:
            raise ValueError(f"duplicate catalogue id {entry.id!r}")
        if entry.group not in groups:
            raise ValueError(f"{entry.id}: unknown group {entry.group!r}")
        if entry.required not in REQUIRED_VALUES:
            raise ValueError(f"{entry.id}: required must be one of {REQUIRED_VALUES}")
        if entry.format not in FORMATS:
            raise ValueError(f"{entry.id}: format must be one of {FORMATS}")
        if entry.sha256 is not None and len(entry.sha256) != 64:
            raise ValueError(f"{entry.id}: sha256 must be 64 hex digits")
        seen.add(entry.id)
        files.append(entry)
    return Catalogue(groups=groups, files=tuple(files))


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The shipped catalogue (cached), or the one at `path`."""
    if path is None:
        return _shipped()
    return parse_catalogue(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _shipped() -> Catalogue:
    return load_catalogue(resources_dir() / CATALOGUE_FILE)
