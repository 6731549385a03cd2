"""App preferences (not render settings) as JSON in the config folder, written atomically.

Kept free of Qt so it can be tested and read without a display. The window layout
is stored beside it (`layout.json`) as base64 of QMainWindow.saveState().
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import string
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sonic_desktop.core import paths
from sonic_desktop.core.atomic import DEFAULT_NAME_MAX, fit_file_name, write_text_atomic

log = logging.getLogger(__name__)

FILE_NAME = "gui.json"
LAYOUT_FILE_NAME = "layout.json"
DEFAULT_TEMPLATE = "{image}_{audio}"
#: placeholders a file-name template may use
TEMPLATE_FIELDS = ("image", "audio", "date", "time", "seed", "engine")
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass
class Preferences:
    output_folder: str = ""  # "" = <Videos>/Sonic Desktop (core.output_folder)
    file_name_template: str = DEFAULT_TEMPLATE
    default_engine: str = "auto"
    device: str = "auto"
    precision: str = "auto"
    language: str = "system"  # "system", "en", "zh_CN"
    theme: str = "system"  # "system", "light", "dark"
    keep_layout: bool = True
    weights_folder: str = ""  # "" = the usual places (see sonic_desktop.models)
    last_settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preferences:
        known = {f.name for f in dataclasses.fields(cls)}
        prefs = cls(**{k: v for k, v in data.items() if k in known})
        if template_problem(prefs.file_name_template):
            prefs.file_name_template = DEFAULT_TEMPLATE
        return prefs


def preferences_file() -> Path:
    return paths.config_dir() / FILE_NAME


def load_preferences() -> Preferences:
    path = preferences_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Preferences.from_dict(data if isinstance(data, dict) else {})
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError, TypeError) as exc:
        # A damaged preferences file must never stop the window from opening.
        log.warning("preferences unreadable (%s); using defaults", exc)
        return Preferences()


def save_preferences(prefs: Preferences) -> None:
    text = json.dumps(dataclasses.asdict(prefs), ensure_ascii=False, indent=2)
    write_text_atomic(preferences_file(), text + "\n")


def load_layout() -> dict[str, str]:
    try:
        data = json.loads((paths.config_dir() / LAYOUT_FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def save_layout(layout: dict[str, str]) -> None:
    write_text_atomic(paths.config_dir() / LAYOUT_FILE_NAME, json.dumps(layout, indent=1))


def template_problem(template: str) -> str | None:
    """Why a file-name template cannot be used (English, for logs), or None."""
    if not template.strip():
        return "empty"
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return str(exc)
    unknown = [n for n in names if n not in TEMPLATE_FIELDS]
    if unknown:
        return f"unknown field {{{unknown[0]}}}"
    return None


def output_name(template: str, image: Path, audio: Path, seed: int | None, engine: str) -> str:
    """The file name (with .mp4) a template gives for these inputs."""
    now = time.localtime()
    values = {
        "image": image.stem,
        "audio": audio.stem,
        "date": time.strftime("%Y-%m-%d", now),
        "time": time.strftime("%H%M%S", now),
        "seed": "random" if seed is None else str(seed),
        "engine": engine,
    }
    if template_problem(template):
        template = DEFAULT_TEMPLATE
    name = _UNSAFE.sub("_", template.format(**values)).strip(" .") or "video"
    # Room for the " (99)" that unique_output may add, within the usual 255-byte name limit.
    return fit_file_name(name, ".mp4", DEFAULT_NAME_MAX - len(" (99)"))


def unique_output(folder: Path, name: str, taken: set[Path]) -> Path:
    """`folder/name`, or `name (2).mp4`... when a file or a queued job already has it."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    counter = 1
    while candidate.exists() or candidate in taken:
        counter += 1
        candidate = folder / f"{stem} ({counter}){suffix}"
    return candidate
