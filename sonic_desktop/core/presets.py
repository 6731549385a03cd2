"""Scenario presets and quality tiers (shipped data) and the user's own presets.

Built-ins live in resources/presets.json: each lists only the settings it changes,
so a scenario and a tier can be applied one after the other. User presets are full
snapshots of RenderSettings in config_dir()/presets.json, written atomically. A user
file that cannot be read is moved aside (presets.json.corrupt-<timestamp>) and
reported, never a reason to fail start-up. Built-in presets cannot be overwritten,
renamed or deleted.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sonic_desktop.core.atomic import write_text_atomic
from sonic_desktop.core.errors import InvalidSettings, SonicDesktopError
from sonic_desktop.core.paths import config_dir, resources_dir
from sonic_desktop.core.settings import RenderSettings

log = logging.getLogger(__name__)

FILE_NAME = "presets.json"
FILE_VERSION = 1
KINDS = ("scenario", "tier", "user")
USER_ID_PREFIX = "user:"
MAX_NAME_LENGTH = 60

Report = Callable[[str], None]


class PresetError(SonicDesktopError):
    title = "The preset cannot be used"
    default_hint = "Choose another name, or pick the preset from the list."


@dataclass(frozen=True)
class Preset:
    id: str
    name: str  # English (or the user's own name)
    kind: str  # "scenario", "tier" or "user"
    settings: Mapping[str, Any] = field(hash=False)  # the field values it sets
    name_zh: str = ""
    description: str = ""

    @property
    def builtin(self) -> bool:
        return self.kind != "user"

    def matches(self, text: str) -> bool:
        wanted = text.strip().casefold()
        return wanted in {self.id.casefold(), self.name.casefold()} or (
            bool(self.name_zh) and wanted == self.name_zh.casefold()
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "name": self.name}
        if self.name_zh:
            data["name_zh"] = self.name_zh
        if self.description:
            data["description"] = self.description
        data["settings"] = dict(self.settings)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Preset:
        """Validates the shape and every settings value; raises InvalidSettings."""
        if not isinstance(data, Mapping):
            raise InvalidSettings("A preset entry is not a JSON object")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidSettings("A preset has no name")
        kind = data.get("kind", "user")
        if kind not in KINDS:
            raise InvalidSettings(f"Preset {name!r} has unknown kind {kind!r}")
        values = data.get("settings")
        if not isinstance(values, Mapping):
            raise InvalidSettings(f"Preset {name!r} has no settings object")
        try:
            RenderSettings.from_dict(values)  # names, types and ranges
        except InvalidSettings as exc:
            raise InvalidSettings(f"Preset {name!r}: {exc.message}") from None
        preset_id = data.get("id") or USER_ID_PREFIX + name
        return cls(
            id=str(preset_id),
            name=name,
            kind=kind,
            settings=dict(values),
            name_zh=str(data.get("name_zh", "")),
            description=str(data.get("description", "")),
        )


def apply_preset(settings: RenderSettings, preset: Preset) -> RenderSettings:
    return settings.replace(**preset.settings)


# -- built-ins ------------------------------------------------------------------------


def builtin_file() -> Path:
    return resources_dir() / FILE_NAME


def builtin_presets(path: Path | None = None) -> list[Preset]:
    """Shipped presets in file order. A broken file is a packaging bug and raises."""
    path = path or builtin_file()
    data = json.loads(path.read_text(encoding="utf-8"))
    presets = [Preset.from_dict(entry) for entry in data["presets"]]
    if any(p.kind == "user" for p in presets):
        raise InvalidSettings(f"{path} lists a user preset")
    return presets


# -- user presets ---------------------------------------------------------------------


def user_presets_file() -> Path:
    return config_dir() / FILE_NAME


def load_user_presets(report: Report | None = None) -> list[Preset]:
    """The user's presets; entries that cannot be used are skipped and reported."""
    presets: list[Preset] = []
    for entry in _read_entries(report):
        try:
            preset = Preset.from_dict({**entry, "kind": "user", "id": None})
        except InvalidSettings as exc:
            _report(report, f"{exc.message}; the preset was skipped.")
            continue
        if any(p.matches(preset.name) for p in presets):
            _report(report, f"Preset {preset.name!r} is listed twice; the first one is used.")
            continue
        presets.append(preset)
    return presets


def all_presets(report: Report | None = None) -> list[Preset]:
    return builtin_presets() + load_user_presets(report)


def find_preset(name_or_id: str, report: Report | None = None) -> Preset | None:
    """By id, English name or Chinese name, ignoring case; built-ins first."""
    return next((p for p in all_presets(report) if p.matches(name_or_id)), None)


def get_preset(name_or_id: str, report: Report | None = None) -> Preset:
    """Like `find_preset`, but a name that matches nothing raises PresetError listing
    the choices (for the CLI)."""
    everything = all_presets(report)
    found = next((p for p in everything if p.matches(name_or_id)), None)
    if found is None:
        choices = ", ".join(p.id if p.builtin else p.name for p in everything)
        raise PresetError(f"No preset named {name_or_id!r}", f"Choose one of: {choices}.")
    return found


def save_user_preset(name: str, settings: RenderSettings, description: str = "") -> Preset:
    """Create the preset, or replace the user's preset of the same name."""
    name = _check_name(name)
    settings.raise_if_invalid()
    entry = {"name": name, "description": description, "settings": settings.to_dict()}
    entries = [e for e in _read_entries(None) if not _entry_named(e, name)]
    entries.append(entry)
    _write_entries(entries)
    return Preset.from_dict({**entry, "kind": "user"})


def rename_user_preset(old_name: str, new_name: str) -> Preset:
    _refuse_builtin(old_name, "renamed")
    new_name = _check_name(new_name)
    entries = _read_entries(None)
    index = _index_of(entries, old_name)
    if not _same(old_name, new_name) and any(_entry_named(e, new_name) for e in entries):
        raise PresetError(f"A preset named {new_name!r} already exists")
    entries[index] = {**entries[index], "name": new_name}
    _write_entries(entries)
    return Preset.from_dict({**entries[index], "kind": "user", "id": None})


def delete_user_preset(name: str) -> None:
    _refuse_builtin(name, "deleted")
    entries = _read_entries(None)
    del entries[_index_of(entries, name)]
    _write_entries(entries)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise PresetError("A preset needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise PresetError(f"Preset names are at most {MAX_NAME_LENGTH} characters")
    if any(not ch.isprintable() for ch in name):
        raise PresetError("Preset names cannot contain control characters")
    _refuse_builtin(name, "overwritten")
    return name


def _refuse_builtin(name: str, action: str) -> None:
    clash = next((p for p in builtin_presets() if p.matches(name)), None)
    if clash is not None:
        raise PresetError(f"{clash.name!r} is a built-in preset and cannot be {action}")


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _entry_named(entry: Mapping[str, Any], name: str) -> bool:
    value = entry.get("name")
    return isinstance(value, str) and _same(value, name)


def _index_of(entries: list[dict[str, Any]], name: str) -> int:
    for index, entry in enumerate(entries):
        if _entry_named(entry, name):
            return index
    raise PresetError(f"No saved preset is named {name!r}")


def _read_entries(report: Report | None) -> list[dict[str, Any]]:
    """Raw entries of the user file. Entries that are not objects are kept out, but
    valid-looking ones with bad values are kept, so saving never drops them."""
    path = user_presets_file()
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("presets"), list):
            raise ValueError("it does not hold a preset list")
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        moved = _move_aside(path)
        _report(
            report,
            f"Your saved presets could not be read ({exc}); the file was moved to "
            f"{moved.name} and your preset list starts empty.",
        )
        return []
    return [entry for entry in data["presets"] if isinstance(entry, dict)]


def _write_entries(entries: list[dict[str, Any]]) -> None:
    text = json.dumps({"version": FILE_VERSION, "presets": entries}, ensure_ascii=False, indent=2)
    write_text_atomic(user_presets_file(), text + "\n")


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    path.replace(target)
    return target


def _report(report: Report | None, message: str) -> None:
    log.warning(message)
    if report is not None:
        report(message)
