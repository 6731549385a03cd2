"""Loading weights without running code hidden in them.

- `.safetensors`: read with safetensors (no code can run).
- `.pth`, `.pkl`, `.bin`: `torch.load(weights_only=True)`, memory-mapped when the file
  is a zip archive. A file that this refuses (it pickles Python objects) is refused
  here too with `UntrustedWeights`, unless the user has trusted its SHA-256; then it is
  unpickled this one time and converted to safetensors in the cache, and every later
  load reads the converted copy (while the file stays trusted).
- TorchScript (the official face detector): loaded only when trusted.

Every refusal is one line naming the file, what unpickling it would import (from
`pickle_scan`, which never unpickles) and what to do. It never suggests
`weights_only=False`: torch's own message does, so it is never shown.

torch is imported inside the functions: importing this module stays cheap.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sonic_desktop.core.errors import SonicDesktopError, UntrustedWeights, WeightsMissing
from sonic_desktop.models.pickle_scan import scan_file, summary
from sonic_desktop.models.trust import TrustStore, converted_path, sha256_file

if TYPE_CHECKING:
    import torch

log = logging.getLogger(__name__)


_REDOWNLOAD = (
    "Delete it and download it again (`sonic-desktop models download`), or copy the complete file."
)


def _trust_hint(path: Path) -> str:
    return (
        f'If you know where it came from, review its imports with `sonic-desktop models trust "'
        f'{path}"` (or Trust in Models) and confirm; it is then converted once to safetensors. '
        "Otherwise use a .safetensors copy."
    )


def untrusted_pickle(
    path: Path, name: str | None = None, *, digest: str | None = None, trustable: bool = True
) -> SonicDesktopError:
    """The one-line refusal of a pickle that `torch.load(weights_only=True)` refused.

    Raise it in place of torch's `pickle.UnpicklingError` (whose text suggests
    `weights_only=False`). It names the file and what unpickling it would import. For a
    file the caller never unpickles even when trusted (`trustable=False`, e.g. one that
    a library loads itself), the hint offers only a .safetensors copy. A file that
    cannot be read at all gives `WeightsMissing` instead.
    """
    path = Path(path)
    name = name or path.name
    try:
        scan = scan_file(path, name)
    except WeightsMissing as exc:
        return exc
    digest = digest or sha256_file(path)
    if scan.flagged:
        what = f"unpickling it would import {summary(scan)} (not on the allow-list: code could run"
    else:
        what = "it needs full unpickling (it imports only allow-listed names"
    hint = (
        _trust_hint(path)
        if trustable
        else "Replace it with a .safetensors copy from the same source; it is never unpickled."
    )
    return UntrustedWeights(f"{name} was not loaded: {what}; SHA-256 {digest[:16]}…)", hint)


def tensor_dict(obj: Any, name: str) -> dict[str, torch.Tensor]:
    """The flat name -> tensor mapping inside a loaded checkpoint.

    Accepts a plain state dict, or one nested under "state_dict" / "model" (common
    training-checkpoint wrappers). Entries that are not tensors (training metadata)
    are left out; the strict key check at load time says if a weight is missing.
    """
    import torch

    if isinstance(obj, Mapping) and not any(isinstance(v, torch.Tensor) for v in obj.values()):
        for key in ("state_dict", "model", "module"):
            inner = obj.get(key)
            if isinstance(inner, Mapping):
                obj = inner
                break
    if not isinstance(obj, Mapping):
        raise WeightsMissing(f"{name} does not hold a state dict (found {type(obj).__name__})")
    out: dict[str, torch.Tensor] = {}
    for key, value in obj.items():
        if isinstance(value, torch.Tensor):
            out[str(key)] = value
        else:
            log.info("%s: ignoring %r, a %s", name, key, type(value).__name__)
    if not out:
        raise WeightsMissing(f"{name} holds no tensors")
    return out


def load_safetensors(path: Path) -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device="cpu")
    except Exception as exc:  # safetensors raises its own error types
        raise WeightsMissing(f"{path.name} is not a readable safetensors file ({exc})") from exc


def load_state_dict(
    path: Path, *, trust: TrustStore | None = None, name: str | None = None
) -> dict[str, torch.Tensor]:
    """Tensors of one checkpoint file, loaded safely (see the module docstring)."""
    import torch

    path = Path(path)
    name = name or path.name
    if path.suffix == ".safetensors":
        return load_safetensors(path)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True, mmap=_is_zip(path))
    except pickle.UnpicklingError:
        return _load_untrusted_pickle(path, trust or TrustStore(), name)
    except (RuntimeError, EOFError, OSError, ValueError) as exc:
        raise unreadable(name, exc) from exc
    return tensor_dict(obj, name)


def unreadable(name: str, exc: BaseException, how: str = "") -> WeightsMissing:
    """One line for a file torch could not read (damaged, truncated, not a torch file)."""
    # torch's messages run to several sentences and lines: keep the first sentence.
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0].split(". ")[0]
    first = first.rstrip(" .:")
    verb = f"could not be read {how}".rstrip()
    return WeightsMissing(f"{name} {verb} ({first})", _REDOWNLOAD)


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"PK"


def _load_untrusted_pickle(path: Path, trust: TrustStore, name: str) -> dict[str, torch.Tensor]:
    import torch

    digest = sha256_file(path)
    if not trust.is_trusted(digest):
        # A converted copy left from before a revocation is not used either.
        raise untrusted_pickle(path, name, digest=digest)
    converted = converted_path(digest)
    if converted.exists():
        log.info("Loading %s from its converted copy %s", name, converted)
        return load_safetensors(converted)
    log.warning("Unpickling trusted file %s (SHA-256 %s) once to convert it", path, digest)
    try:
        obj = torch.load(path, map_location="cpu", weights_only=False)
    except (pickle.UnpicklingError, RuntimeError, EOFError, OSError, ValueError) as exc:
        raise unreadable(name, exc) from exc
    tensors = tensor_dict(obj, name)
    save_converted(tensors, converted)
    return tensors


def save_converted(tensors: dict[str, torch.Tensor], target: Path) -> None:
    """Write tensors as safetensors atomically (shared storages are copied apart)."""
    from safetensors.torch import save_file

    from sonic_desktop.core.atomic import replace_atomically, temp_path_beside

    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_path_beside(target)
    try:
        save_file({k: v.contiguous().clone() for k, v in tensors.items()}, str(temp))
        replace_atomically(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def load_torchscript(
    path: Path, *, trust: TrustStore | None = None, name: str | None = None
) -> torch.jit.ScriptModule:
    """A TorchScript archive, only when the user has trusted its SHA-256."""
    import torch

    path = Path(path)
    name = name or path.name
    digest = sha256_file(path)
    if not (trust or TrustStore()).is_trusted(digest):
        raise UntrustedWeights(
            f"{name} is a TorchScript program (SHA-256 {digest[:16]}…) and is not trusted",
            f'Run `sonic-desktop models trust "{path}"` to use it; until then dlib finds faces.',
        )
    try:
        return torch.jit.load(str(path), map_location="cpu")
    except (RuntimeError, OSError, ValueError) as exc:
        raise unreadable(name, exc, "as TorchScript") from exc


def needs_trust(path: Path) -> str | None:
    """ "pickle" or "torchscript" when loading `path` needs trust, else None.

    A TorchScript archive is recognised by its `constants.pkl`/`code/` entries.
    A file that cannot be read raises `WeightsMissing` (one line, naming the file).
    """
    import zipfile

    import torch

    path = Path(path)
    if path.suffix == ".safetensors":
        return None
    try:
        if _is_zip(path):
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
            if any("/code/" in n for n in names) or any(n.endswith("constants.pkl") for n in names):
                return "torchscript"
        torch.load(path, map_location="cpu", weights_only=True, mmap=_is_zip(path))
    except pickle.UnpicklingError:
        return "pickle"
    except (zipfile.BadZipFile, RuntimeError, EOFError, OSError, ValueError) as exc:
        raise unreadable(str(path), exc) from exc
    return None
