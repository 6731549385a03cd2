"""What a drop of files or folders means: new inputs, or one job per speech file.

Qt-free so the rules can be tested directly:
- one picture → the portrait; one recording → the speech; one of each → both;
- one picture and several recordings → one job per recording;
- several recordings and no picture → jobs with the current portrait;
- folders (or several pictures) → pictures and recordings paired by file name:
  `anna.png` goes with `anna.wav` and `anna_intro.mp3`; a folder holding a single
  picture pairs it with every recording in that folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif", ".heic", ".heif", ".avif"}
)
# Audio and the video containers ffmpeg can take a soundtrack from.
AUDIO_SUFFIXES = frozenset(
    {
        ".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".oga", ".opus", ".wma", ".aif",
        ".aiff", ".amr", ".caf", ".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v", ".3gp",
    }
)  # fmt: skip


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def is_audio(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


@dataclass
class DropPlan:
    portrait: Path | None = None
    audio: Path | None = None
    jobs: list[tuple[Path, Path]] = field(default_factory=list)  # (picture, recording)
    ignored: list[Path] = field(default_factory=list)  # neither picture nor recording
    unpaired: list[Path] = field(default_factory=list)  # no partner found by name

    @property
    def empty(self) -> bool:
        return self.portrait is None and self.audio is None and not self.jobs


def plan_drop(paths: Iterable[Path], current_portrait: Path | None = None) -> DropPlan:
    plan = DropPlan()
    loose_images: list[Path] = []
    loose_audio: list[Path] = []
    folders: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            folders.append(path)
        elif is_image(path):
            loose_images.append(path)
        elif is_audio(path):
            loose_audio.append(path)
        else:
            plan.ignored.append(path)

    for folder in folders:
        images, audio = _scan(folder, plan.ignored)
        _pair_into(plan, images, audio)

    if len(loose_images) <= 1:
        image = loose_images[0] if loose_images else None
        if len(loose_audio) <= 1 and not folders:
            plan.portrait = image
            plan.audio = loose_audio[0] if loose_audio else None
        elif loose_audio:
            partner = image or current_portrait
            if partner is None:
                plan.unpaired.extend(loose_audio)
            else:
                plan.jobs.extend((partner, a) for a in loose_audio)
        elif image is not None:
            plan.portrait = image
    else:
        _pair_into(plan, loose_images, loose_audio)
    return plan


def _scan(folder: Path, ignored: list[Path]) -> tuple[list[Path], list[Path]]:
    images: list[Path] = []
    audio: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or child.is_dir():
            continue
        if is_image(child):
            images.append(child)
        elif is_audio(child):
            audio.append(child)
        else:
            ignored.append(child)
    return images, audio


def _pair_into(plan: DropPlan, images: list[Path], audio: list[Path]) -> None:
    if len(images) == 1:
        plan.jobs.extend((images[0], a) for a in audio)
        return
    used: set[Path] = set()
    for recording in audio:
        image = match_by_name(recording, images)
        if image is None:
            plan.unpaired.append(recording)
        else:
            plan.jobs.append((image, recording))
            used.add(image)
    plan.unpaired.extend(i for i in images if i not in used)


def match_by_name(recording: Path, images: list[Path]) -> Path | None:
    """The picture named like the recording: same stem, else the longest stem that
    starts the recording's name followed by a separator (anna → anna_intro)."""
    stem = recording.stem.casefold()
    by_stem = {i.stem.casefold(): i for i in images}
    if stem in by_stem:
        return by_stem[stem]
    best: Path | None = None
    for key, image in by_stem.items():
        separated = stem.startswith(key) and stem[len(key) : len(key) + 1] in ("_", "-", " ", ".")
        if separated and (best is None or len(key) > len(best.stem)):
            best = image
    return best
