"""Where the weights are: discovery of the official, ComfyUI and Hugging Face cache layouts.

Each catalogue group (Sonic, its extras, SVD, Whisper) is located on its own, so a
user folder with the Sonic files can be completed by an SVD folder from the Hugging
Face cache. Folders are searched in this order:

1. the folder the user points to (`weights_dir`), in any of these forms:
   - the official `checkpoints/` root (or a folder holding `checkpoints/`):
     `Sonic/unet.pth`, `stable-video-diffusion-img2vid-xt/`, `whisper-tiny/`,
     `RIFE/flownet.pkl`, `yoloface_v5m.pt`;
   - a ComfyUI install (`models/sonic/` with `unet.pth`, `audio2token.pth`, ...,
     `RIFE/`, `whisper-tiny/`; SVD from a diffusers-format folder in
     `models/sonic/` or `models/diffusers/`, else from the single-file checkpoint
     `models/checkpoints/svd_xt.safetensors` or `svd_xt_1_1.safetensors`), or its
     `models/sonic/` folder itself;
   - a Hugging Face cache folder (`models--org--name/snapshots/...`);
2. the app's own download folder (`data_dir()/weights`, official layout);
3. the Hugging Face cache (`HF_HUB_CACHE`, `HF_HOME/hub` or `~/.cache/huggingface/hub`).

A group's folder is the first candidate that holds all of its needed files, else the
first that holds any of them (so missing files are reported where the rest are). The
optional extras (RIFE, face detector) are found file by file.

SVD single file: when no candidate folder holds the whole diffusers-format SVD group, a
Stability single-file checkpoint (`svd_xt*.safetensors`) satisfies it. It is looked for in
the user folder, its `models/checkpoints/` or `checkpoints/` (and the one beside
`models/sonic/`), and in every SVD candidate folder (the Hugging Face repository keeps
`svd_xt.safetensors` at its root). `svd_xt.safetensors` is preferred over
`svd_xt_1_1.safetensors` because the official Sonic uses img2vid-xt 1.0; a file whose
tensor names are right beats one whose are not. The VAE and image-encoder entries then
point at that file, and the config entries at `resources/svd_xt_configs/`
(`svd_single_file`). A partial diffusers folder is kept only when no valid single file
exists. This was verified with tiny random files in that key layout only, never with a
real svd_xt file.

No torch here: this runs when the app starts and when `engine = auto` is resolved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sonic_desktop.core.paths import data_dir
from sonic_desktop.models import svd_single_file
from sonic_desktop.models.catalogue import Catalogue, CatalogueEntry, load_catalogue

SVD_FOLDER = "stable-video-diffusion-img2vid-xt"
PER_FILE_GROUPS = ("sonic_extras",)
SVD_GROUP = "svd"
# Entries served by the single-file checkpoint, with the part each one is.
SINGLE_FILE_PARTS = {"svd_vae": "VAE", "svd_image_encoder": "image encoder"}
SINGLE_FILE_LAYOUT = "single_file"


@dataclass(frozen=True)
class Candidate:
    folder: Path
    layout: str  # "official", "comfyui", "hf_cache" or "single_file" (SVD only)
    source: str  # "user", "app" or "hf_cache"

    def describe(self) -> str:
        where = {"user": "your folder", "app": "the app's download folder", "hf_cache": "HF cache"}
        return f"{self.folder} ({self.layout} layout, {where[self.source]})"


@dataclass(frozen=True)
class WeightsLayout:
    """The result of discovery: a file path for every catalogue entry that was found."""

    catalogue: Catalogue
    files: dict[str, Path]  # entry id -> existing file
    origins: dict[str, Candidate]  # entry id -> where it was found
    expected: dict[str, Path]  # entry id -> where a missing file should go
    searched: tuple[Candidate, ...] = field(default=())
    svd_single_file: Path | None = None  # set when SVD comes from svd_xt*.safetensors
    svd_single_file_problem: str | None = None  # why that file is not a usable one

    def path(self, file_id: str) -> Path | None:
        return self.files.get(file_id)

    def location(self, file_id: str) -> Path:
        """The found file, or where it is expected when missing."""
        return self.files.get(file_id) or self.expected[file_id]

    def folder(self, group: str) -> Path | None:
        """The folder a group was found in (for from_pretrained-style loaders)."""
        for entry in self.catalogue.in_group(group):
            found = self.files.get(entry.id)
            if found is not None:
                return _group_root(found, entry)
        return None

    def display_name(self, file_id: str) -> str:
        """A short name for messages: the official relative path, e.g. "Sonic/unet.pth"
        (with a single SVD file: "svd_xt.safetensors (VAE)", "svd_xt_configs/vae/config.json")."""
        entry = self.catalogue.entry(file_id)
        if self.svd_single_file is not None and entry.group == SVD_GROUP:
            if file_id in SINGLE_FILE_PARTS:
                return f"{self.svd_single_file.name} ({SINGLE_FILE_PARTS[file_id]})"
            return f"{svd_single_file.CONFIG_FOLDER}/{entry.path}"
        return self.catalogue.official_path(entry)


def _group_root(found: Path, entry: CatalogueEntry) -> Path:
    for candidate in entry.candidates:
        depth = len(Path(candidate).parts)
        if found.parts[-depth:] == Path(candidate).parts:
            return found.parents[depth - 1]
    return found.parent


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, resolved the way huggingface_hub does (without importing it)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "huggingface" / "hub"


def app_weights_dir() -> Path:
    """Where downloads go (official layout)."""
    return data_dir() / "weights"


def hf_snapshot(cache: Path, repo_id: str) -> Path | None:
    """The snapshot folder `refs/main` points to, else the newest snapshot."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    snapshots = repo / "snapshots"
    if not snapshots.is_dir():
        return None
    ref = repo / "refs" / "main"
    if ref.is_file():
        chosen = snapshots / ref.read_text(encoding="utf-8").strip()
        if chosen.is_dir():
            return chosen
    folders = [p for p in snapshots.iterdir() if p.is_dir()]
    return max(folders, key=lambda p: p.stat().st_mtime) if folders else None


def _official(root: Path, catalogue: Catalogue, source: str) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    for base in (root, root / "checkpoints"):
        for gid, group in catalogue.groups.items():
            folder = base / group.official_dir if group.official_dir else base
            out.setdefault(gid, []).append(Candidate(folder, "official", source))
    return out


def _comfyui(root: Path, catalogue: Catalogue, source: str) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    # `root` may be the ComfyUI install, its models/ folder, or models/sonic itself.
    for sonic_dir in (root / "models" / "sonic", root / "sonic", root):
        for gid, group in catalogue.groups.items():
            folder = sonic_dir / group.comfyui_dir if group.comfyui_dir else sonic_dir
            out.setdefault(gid, []).append(Candidate(folder, "comfyui", source))
        out["svd"].append(Candidate(sonic_dir.parent / "diffusers" / SVD_FOLDER, "comfyui", source))
    return out


def _hf_cache(cache: Path, catalogue: Catalogue, source: str) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    for gid, group in catalogue.groups.items():
        snapshot = hf_snapshot(cache, group.repo_id)
        if snapshot is not None:
            folder = snapshot / group.repo_subfolder if group.repo_subfolder else snapshot
            out.setdefault(gid, []).append(Candidate(folder, "hf_cache", source))
    return out


def candidates(
    weights_dir: Path | None, catalogue: Catalogue, include_defaults: bool = True
) -> dict[str, list[Candidate]]:
    """Every folder that may hold each group, best first."""
    found: dict[str, list[Candidate]] = {gid: [] for gid in catalogue.groups}
    sources: list[dict[str, list[Candidate]]] = []
    if weights_dir is not None:
        root = Path(weights_dir).expanduser()
        sources += [
            _official(root, catalogue, "user"),
            _comfyui(root, catalogue, "user"),
            _hf_cache(root, catalogue, "user"),
        ]
    if include_defaults:
        sources.append(_official(app_weights_dir(), catalogue, "app"))
        sources.append(_hf_cache(hf_cache_dir(), catalogue, "hf_cache"))
    for source in sources:
        for gid, items in source.items():
            for item in items:
                if item not in found[gid]:
                    found[gid].append(item)
    return found


def single_file_folders(weights_dir: Path | None, svd_options: list[Candidate]) -> list[Candidate]:
    """Where an `svd_xt*.safetensors` may be, best first (see the module docstring)."""
    out: list[Candidate] = []
    if weights_dir is not None:
        root = Path(weights_dir).expanduser()
        for folder in (
            root / "models" / "checkpoints",
            root / "checkpoints",
            root.parent / "checkpoints",
            root,
        ):
            out.append(Candidate(folder, SINGLE_FILE_LAYOUT, "user"))
    out += [Candidate(o.folder, SINGLE_FILE_LAYOUT, o.source) for o in svd_options]
    unique: list[Candidate] = []
    for item in out:
        if all(item.folder != seen.folder for seen in unique):
            unique.append(item)
    return unique


def _find(folder: Path, entry: CatalogueEntry) -> Path | None:
    for relative in entry.candidates:
        path = folder / relative
        if path.is_file():
            return path
    return None


def discover(
    weights_dir: Path | None = None,
    *,
    catalogue: Catalogue | None = None,
    include_defaults: bool = True,
) -> WeightsLayout:
    """Locate every catalogue file. Never raises for missing files: see `WeightsLayout`."""
    catalogue = catalogue or load_catalogue()
    options = candidates(weights_dir, catalogue, include_defaults)
    files: dict[str, Path] = {}
    origins: dict[str, Candidate] = {}
    expected: dict[str, Path] = {}
    searched: list[Candidate] = []
    single: Path | None = None
    single_problem: str | None = None
    for gid in catalogue.groups:
        entries = catalogue.in_group(gid)
        group_options = options[gid]
        searched += group_options
        if gid == SVD_GROUP and not _complete(group_options, entries):
            single, single_problem = _use_single_file(
                weights_dir, group_options, entries, files, origins
            )
            if single is not None:
                expected.update({e.id: files[e.id] for e in entries})
                continue
        if gid in PER_FILE_GROUPS:
            for entry in entries:
                for option in group_options:
                    hit = _find(option.folder, entry)
                    if hit is not None:
                        files[entry.id], origins[entry.id] = hit, option
                        break
            chosen = group_options[0] if group_options else None
        else:
            chosen = _choose_group_folder(group_options, entries)
            if chosen is not None:
                for entry in entries:
                    hit = _find(chosen.folder, entry)
                    if hit is not None:
                        files[entry.id], origins[entry.id] = hit, chosen
        default_root = (
            Path(weights_dir).expanduser() if weights_dir is not None else app_weights_dir()
        )
        for entry in entries:
            if chosen is not None and entry.id not in files and gid not in PER_FILE_GROUPS:
                expected[entry.id] = chosen.folder / entry.path
            else:
                expected[entry.id] = default_root / catalogue.official_path(entry)
    return WeightsLayout(
        catalogue, files, origins, expected, tuple(searched), single, single_problem
    )


def _complete(options: list[Candidate], entries: tuple[CatalogueEntry, ...]) -> bool:
    needed = [e for e in entries if e.required != "optional"]
    return any(all(_find(o.folder, e) is not None for e in needed) for o in options)


def _use_single_file(
    weights_dir: Path | None,
    svd_options: list[Candidate],
    entries: tuple[CatalogueEntry, ...],
    files: dict[str, Path],
    origins: dict[str, Candidate],
) -> tuple[Path | None, str | None]:
    """Fill the SVD entries from an `svd_xt*.safetensors` and the shipped configs.

    Returns (the file, what is wrong with it or None), or (None, None) with nothing
    changed when there is none, or when it is not a valid SVD file and a partial diffusers
    folder exists (that one's gaps are more useful to report). An invalid file alone is
    used, so status can say what is wrong with it.
    """
    folders = single_file_folders(weights_dir, svd_options)
    path, problem = svd_single_file.find_single_file([c.folder for c in folders])
    if path is None:
        return None, None
    if problem is not None and _choose_group_folder(svd_options, entries) is not None:
        return None, None
    origin = next(c for c in folders if c.folder == path.parent)
    configs = svd_single_file.shipped_config_dir()
    for entry in entries:
        files[entry.id] = path if entry.id in SINGLE_FILE_PARTS else configs / entry.path
        origins[entry.id] = origin
    return path, problem


def _choose_group_folder(
    options: list[Candidate], entries: tuple[CatalogueEntry, ...]
) -> Candidate | None:
    needed = [e for e in entries if e.required != "optional"]
    partial: Candidate | None = None
    for option in options:
        present = [e for e in needed if _find(option.folder, e) is not None]
        if needed and len(present) == len(needed):
            return option
        if present and partial is None:
            partial = option
    return partial
