"""Explicit trust for files that can run code when loaded, recorded by SHA-256.

Two kinds of file need it:
- pickles that `torch.load(weights_only=True)` refuses (they hold Python objects, not
  just tensors). Once trusted, such a file is unpickled one time and converted to
  safetensors in the cache, so it is never unpickled again;
- TorchScript archives (the official face detector), which execute serialized code.

The record lives in `config_dir()/trusted_weights.json`. Trust belongs to the content:
a changed file has a new hash and is no longer trusted. Revoking trust also deletes the
converted copy, so the next load refuses the file again.
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
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            # An unreadable or wrongly shaped record trusts nothing: the safe direction.
            log.warning("Ignoring unreadable %s: %s", self.path, exc)
            return {}

    def records(self) -> list[TrustRecord]:
        return list(self._read().values())

    def is_trusted(self, sha256: str) -> bool:
        return sha256 in self._read()

    def trust(self, path: Path, kind: str, *, sha256: str | None = None) -> TrustRecord:
        """Record that the user trusts the file at `path` as it is now (`sha256`: its
        digest when the caller has just computed it, to save hashing it twice)."""
        if kind not in ("pickle", "torchscript"):
            raise ValueError(f"kind must be pickle or torchscript, got {kind!r}")
        digest = sha256 or sha256_file(path)
        records = self._read()
        record = TrustRecord(digest, Path(path).name, kind, time.strftime("%Y-%m-%dT%H:%M:%S"))
        records[digest] = record
        self._write(records)
        return record

    def revoke(self, sha256: str) -> bool:
        """Forget one digest and delete its converted copy. False when it was not trusted."""
        records = self._read()
        if records.pop(sha256, None) is None:
            return False
        self._write(records)
        _drop_converted(sha256)
        return True

    def revoke_file(self, path: Path, *, same_name: bool = False) -> list[TrustRecord]:
        """Revoke the file as it is now; with `same_name`, also every record made under
        its file name (for a file changed since: revoking more is the safe direction).
        Returns the records revoked."""
        digest = sha256_file(path)
        name = Path(path).name
        records = self._read()
        gone = [r for r in records.values() if r.sha256 == digest or (same_name and r.name == name)]
        for record in gone:
            del records[record.sha256]
        if gone:
            self._write(records)
            for record in gone:
                _drop_converted(record.sha256)
        return gone

    def matching(self, prefix: str) -> list[TrustRecord]:
        """The records whose SHA-256 starts with `prefix` (hex, any case)."""
        prefix = prefix.strip().lower()
        return [r for r in self._read().values() if prefix and r.sha256.startswith(prefix)]

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


def _drop_converted(sha256: str) -> None:
    try:
        converted_path(sha256).unlink(missing_ok=True)
    except OSError as exc:  # the loader checks trust first, so a leftover copy is unused
        log.warning("Could not delete the converted copy of %s: %s", sha256, exc)
