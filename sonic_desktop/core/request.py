"""`RenderRequest`: everything one render needs, frozen, and stored as versioned JSON.

A queued job *is* this JSON, so the worker receives nothing else and a job can be
re-run after a crash. Old schema versions migrate on load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sonic_desktop.core.errors import InvalidSettings
from sonic_desktop.core.settings import RenderSettings

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RenderRequest:
    image: Path
    audio: Path
    output: Path
    settings: RenderSettings = field(default_factory=RenderSettings)
    # Explicit face box (x1, y1, x2, y2) in source-image pixels: skips detection.
    face_box: tuple[float, float, float, float] | None = None
    # Folder holding Sonic weights; None means "discover the usual places".
    weights_dir: Path | None = None

    def __post_init__(self) -> None:
        for name in ("image", "audio", "output"):
            object.__setattr__(self, name, Path(getattr(self, name)))
        if self.weights_dir is not None:
            object.__setattr__(self, "weights_dir", Path(self.weights_dir))
        if self.face_box is not None:
            box = tuple(float(v) for v in self.face_box)
            if len(box) != 4 or box[2] <= box[0] or box[3] <= box[1]:
                raise InvalidSettings(
                    f"Face box {self.face_box} is not x1, y1, x2, y2 with x2>x1, y2>y1"
                )
            object.__setattr__(self, "face_box", box)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "image": str(self.image),
            "audio": str(self.audio),
            "output": str(self.output),
            "settings": self.settings.to_dict(),
            "face_box": list(self.face_box) if self.face_box else None,
            "weights_dir": str(self.weights_dir) if self.weights_dir else None,
        }

    def to_json(self) -> str:
        # ensure_ascii=False keeps Chinese file names readable in the job store.
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RenderRequest:
        data = migrate(dict(data))
        box = data.get("face_box")
        weights = data.get("weights_dir")
        return cls(
            image=Path(data["image"]),
            audio=Path(data["audio"]),
            output=Path(data["output"]),
            settings=RenderSettings.from_dict(data.get("settings") or {}),
            face_box=(float(box[0]), float(box[1]), float(box[2]), float(box[3])) if box else None,
            weights_dir=Path(weights) if weights else None,
        )

    @classmethod
    def from_json(cls, text: str) -> RenderRequest:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidSettings(f"Job file is not valid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise InvalidSettings("Job file does not hold a render request")
        return cls.from_dict(data)


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older request dict up to SCHEMA_VERSION.

    Version 0 (pre-release) stored the engine beside the settings, not inside them.
    """
    version = int(data.get("schema", 0))
    if version > SCHEMA_VERSION:
        raise InvalidSettings(
            f"Job was saved by a newer Sonic Desktop (schema {version})",
            "Update Sonic Desktop to open it.",
        )
    if version == 0:
        engine = data.pop("engine", None)
        if engine is not None:
            data.setdefault("settings", {})["engine"] = engine
        data["schema"] = 1
    return data
