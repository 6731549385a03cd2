"""Explicit trust for files that can run code when loaded, recorded by SHA-256.

Two kinds of file need it:
- pickles that `torch.load(weights_only=True)` refuses (they hold Python objects, not
  just tensors). Once trusted, such a file is unpickled one time and converted to
  safetensors in the cache, so it is never unpickled again;
- TorchScript archives (the official face detector), which execute serialized code.

The record lives in `config_dir()/trusted_weights.json`. Trust belongs to the content:
a changed file has a new hash and is no longer trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from sonic_desktop.core.atomic import write_text_atomic
from sonic_desktop.core.paths import cache_dir, config_dir

log = logging.getLogger(__name__)

TRUST_FILE = "trusted_weights.json"
_CHUNK = 8 * 1024 * 1024


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class TrustRecord:
    sha256: str
    name: str  # the file name when it was trusted (for display only)
    kind: str  # "pickle" or "torchscript"
    trusted_at: str


class TrustStore:
    """The set of trusted SHA-256 digests; `path` defaults to the user's config folder."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / TRUST_FILE

    def _read(self) -> dict[str, TrustRecord]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {
                sha: TrustRecord(sha, str(r["name"]), str(r["kind"]), str(r["trusted_at"]))
                for sha, r in data["files"].items()
            }
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # An unreadable record trusts nothing: the safe direction.
            log.warning("Ignoring unreadable %s: %s", self.path, exc)
            return {}

    def records(self) -> list[TrustRecord]:
        return list(self._read().values())

    def is_trusted(self, sha256: str) -> bool:
        return sha256 in self._read()

    def trust(self, path: Path, kind: str) -> TrustRecord:
        """Record that the user trusts the file at `path` as it is now."""
        if kind not in ("pickle", "torchscript"):
            raise ValueError(f"kind must be pickle or torchscript, got {kind!r}")
        digest = sha256_file(path)
        records = self._read()
        record = TrustRecord(digest, Path(path).name, kind, time.strftime("%Y-%m-%dT%H:%M:%S"))
        records[digest] = record
        self._write(records)
        return record

    def revoke(self, sha256: str) -> bool:
        records = self._read()
        if records.pop(sha256, None) is None:
            return False
        self._write(records)
        return True

    def _write(self, records: dict[str, TrustRecord]) -> None:
        data = {
            "version": 1,
            "files": {
                sha: {"name": r.name, "kind": r.kind, "trusted_at": r.trusted_at}
                for sha, r in records.items()
            },
        }
        write_text_atomic(self.path, json.dumps(data, indent=2, ensure_ascii=False))


def converted_dir() -> Path:
    """Where trusted pickles are stored once as safetensors, named by the source's SHA-256."""
    path = cache_dir() / "converted_weights"
    path.mkdir(parents=True, exist_ok=True)
    return path


def converted_path(sha256: str) -> Path:
    return converted_dir() / f"{sha256}.safetensors"
