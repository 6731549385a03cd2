"""What unpickling a weights file would import, found without unpickling it.

Unpickling runs code through the pickle's imports: GLOBAL / STACK_GLOBAL / INST name a
callable (any importable one, `os.system` included) that REDUCE then calls. This module
reads the opcodes with `pickletools.genops` and lists every name the pickle imports;
nothing in the file is ever executed.

Containers, as `torch.load` reads them:
- a torch zip archive (`torch.save` since 1.6, TorchScript too): the pickle is the
  `<name>/data.pkl` member (TorchScript adds `constants.pkl`); every `.pkl` member is read;
- a legacy torch file: a pickle stream of the magic number, the protocol version, the
  system info, the object itself and the storage keys, then raw tensor bytes;
- a plain pickle.

STACK_GLOBAL takes its module and name from the stack, so the scan follows the stack
and the memo: string pushes, MEMOIZE/PUT, GET, DUP. When an operand is not a string
the scan saw being pushed (it was computed while loading), the import is listed as
unknown and counts as not allow-listed: the scan may over-report, never under-report.

Standard library only (no torch): the Models dialog's adapter uses it too.
"""

from __future__ import annotations

import _compat_pickle
import io
import pickletools
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sonic_desktop.core.errors import WeightsMissing

#: Torch's legacy (non-zip) files start with a pickle of this number.
TORCH_MAGIC = 0x1950A86A20F9469CFC6C
_ZIP_MAGIC = b"PK\x03\x04"  # what torch itself checks to choose the zip reader

_TORCH_DTYPES = [
    "float16",
    "float32",
    "float64",
    "bfloat16",
    "half",
    "float",
    "double",
    "complex32",
    "complex64",
    "complex128",
    "cfloat",
    "cdouble",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "int8",
    "int16",
    "int32",
    "int64",
    "short",
    "int",
    "long",
    "bool",
    "float8_e4m3fn",
    "float8_e5m2",
    "float8_e4m3fnuz",
    "float8_e5m2fnuz",
]
_TORCH_STORAGES = [
    "Double",
    "Float",
    "Half",
    "BFloat16",
    "Long",
    "Int",
    "Short",
    "Char",
    "Byte",
    "Bool",
    "ComplexDouble",
    "ComplexFloat",
    "QUInt8",
    "QInt8",
    "QInt32",
    "QUInt4x2",
    "QUInt2x4",
    "Untyped",
]

#: Names a weights pickle may import, each safe because importing and calling it only
#: builds data: it cannot reach the file system, a shell, `eval`, or another unpickler.
#: A name not listed here is not necessarily harmful (a training checkpoint may import
#: `argparse.Namespace`), but it is the user's call, so it is shown as not allow-listed.
ALLOWED: frozenset[str] = frozenset(
    [
        # Tensor rebuilders called by every torch.save file. They build a tensor or
        # parameter over a storage from shape/stride/dtype data; hooks or state they are
        # given are objects the pickle built itself, through imports listed here as well.
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        # Calls `func(*args)` and `as_subclass(new_type)`: func and new_type are
        # themselves imports of the pickle, so each is listed and judged on its own.
        "torch._tensor._rebuild_from_type_v2",
        # Storage classes appear only as type tags inside persistent ids; the
        # unpickler never calls them.
        *(f"torch.{kind}Storage" for kind in _TORCH_STORAGES),
        "torch.storage.UntypedStorage",
        "torch.storage.TypedStorage",
        # Plain values: dtype constants are looked up, not called; device and Size
        # parse a string / wrap a tuple.
        *(f"torch.{dtype}" for dtype in _TORCH_DTYPES),
        "torch.device",
        "torch.Size",
        # NOT allowed, on purpose: torch.storage._load_from_bytes, which calls
        # torch.load(..., weights_only=False) on bytes inside the pickle: a second,
        # unscanned, unrestricted unpickler.
        #
        # state_dict() returns an OrderedDict; building one only stores items.
        "collections.OrderedDict",
        # Containers of values (protocol 2 writes set as __builtin__.set).
        "builtins.set",
        "builtins.frozenset",
        "builtins.bytearray",
        # numpy arrays and scalars (numpy 1.x `numpy.core`, numpy 2 `numpy._core`):
        # _reconstruct makes an empty ndarray of a subtype that must be an ndarray
        # subclass (itself an import of the pickle), and its state is raw bytes or a
        # list of objects the pickle already built; scalar() and dtype() read bytes
        # and type codes.
        "numpy.core.multiarray._reconstruct",
        "numpy._core.multiarray._reconstruct",
        "numpy.core.multiarray.scalar",
        "numpy._core.multiarray.scalar",
        "numpy.ndarray",
        "numpy.dtype",
        # numpy's protocol-2 pickles write bytes as _codecs.encode(text, "latin1").
        # Codecs only transform data, and a codec name is looked up inside the
        # stdlib `encodings` package only. A codec such as rot13 can return a str
        # that a STACK_GLOBAL could use as a name; such an import is "computed" and
        # is always reported as not allow-listed.
        "_codecs.encode",
    ]
)


@dataclass(frozen=True)
class PickleImport:
    """One name the pickle imports. `special` marks what is not a plain import:
    "computed" (a STACK_GLOBAL whose operands were built while loading), "extension"
    (a copyreg extension code, `name` holds the code), "unanalysed" (pickled data after
    the first pickle that the scan could not read). Specials are never allow-listed."""

    module: str
    name: str
    allowed: bool
    special: str = ""

    @property
    def label(self) -> str:
        """English text for the CLI and the log."""
        if self.special == "computed":
            return "<an import computed while loading>"
        if self.special == "extension":
            return f"<copyreg extension code {self.name}>"
        if self.special == "unanalysed":
            return "<pickled data that could not be analysed>"
        return f"{self.module}.{self.name}"


@dataclass(frozen=True)
class PickleScan:
    path: Path
    container: str  # "zip", "torchscript", "legacy" or "pickle"
    imports: tuple[PickleImport, ...]  # each once: not allow-listed first, then by label

    @property
    def flagged(self) -> tuple[PickleImport, ...]:
        """The imports outside the allow-list."""
        return tuple(i for i in self.imports if not i.allowed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "container": self.container,
            "imports": [i.label for i in self.imports],
            "not_allow_listed": [i.label for i in self.flagged],
        }


CONTAINER_WORDS = {
    "zip": "a torch zip archive",
    "torchscript": "a TorchScript archive (loading it runs the program inside)",
    "legacy": "a legacy torch file",
    "pickle": "a pickle",
}


def format_scan(scan: PickleScan, name: str | None = None) -> str:
    """The listing `sonic-desktop models trust` prints before it asks."""
    title = name or scan.path.name
    lines = [f"{title} is {CONTAINER_WORDS[scan.container]}. Unpickling it would import:"]
    if not scan.imports:
        lines.append("    nothing (plain values only)")
    width = max((len(i.label) for i in scan.imports), default=0)
    for item in scan.imports:
        mark = "  " if item.allowed else "! "
        note = "" if item.allowed else "  not on the allow-list"
        lines.append(f"  {mark}{item.label:<{width}}{note}".rstrip())
    flagged = len(scan.flagged)
    if flagged:
        lines.append(
            f"{flagged} of {len(scan.imports)} not on the allow-list: loading the file would "
            "call or build them with arguments chosen by whoever made it."
        )
    else:
        lines.append("Everything listed is on the allow-list: names that only build data.")
    return "\n".join(lines)


def summary(scan: PickleScan, limit: int = 3) -> str:
    """The not-allow-listed names for a one-line message, e.g. "posix.system, a.b and 2 more"."""
    labels = [i.label for i in scan.flagged]
    if len(labels) <= limit:
        return ", ".join(labels)
    return ", ".join(labels[:limit]) + f" and {len(labels) - limit} more"


# -- reading the file ------------------------------------------------------------------------


_REDOWNLOAD = (
    "Delete it and download it again (`sonic-desktop models download`), or copy the complete file."
)


def scan_file(path: Path, name: str | None = None) -> PickleScan:
    """The imports of a torch zip archive, a legacy torch file or a plain pickle.

    A file that cannot be read as one of those raises `WeightsMissing` with one line
    naming the file (`name`, else the path) and what to do.
    """
    path = Path(path)
    shown = name or str(path)
    if not path.exists():
        raise WeightsMissing(
            f"{shown} does not exist", "Give the path of a .pth, .pt, .pkl or .bin weights file."
        )
    if not path.is_file():
        raise WeightsMissing(
            f"{shown} is not a file", "Give the path of a .pth, .pt, .pkl or .bin weights file."
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
            handle.seek(0)
            if head == _ZIP_MAGIC:
                container, found = _scan_zip(handle, shown)
            else:
                container, found = _scan_stream(handle, shown)
    except OSError as exc:
        raise WeightsMissing(
            f"{shown} could not be read ({exc.strerror or exc})",
            "Check that the file exists and that you may read it.",
        ) from exc
    unique = {(i.module, i.name, i.special): i for i in found}
    ordered = sorted(unique.values(), key=lambda i: (i.allowed, i.label))
    return PickleScan(path, container, tuple(ordered))


def _damaged(shown: str, what: str) -> WeightsMissing:
    return WeightsMissing(f"{shown} {what}", _REDOWNLOAD)


def _scan_zip(handle: IO[bytes], shown: str) -> tuple[str, list[PickleImport]]:
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            names = [m.filename for m in members]
            pickles = [m for m in members if m.filename.endswith(".pkl")]
            if not pickles:
                raise WeightsMissing(
                    f"{shown} is a zip archive without a pickle (data.pkl), not a torch file",
                    "Use the weights file from the official release, or a .safetensors copy.",
                )
            found: list[PickleImport] = []
            for member in pickles:
                with archive.open(member) as stream:
                    found += _scan_one(stream, shown, member.filename)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise _damaged(shown, "is a damaged or incomplete zip archive (truncated?)") from exc
    torchscript = any("/code/" in n or n.endswith("constants.pkl") for n in names)
    return ("torchscript" if torchscript else "zip"), found


def _scan_stream(handle: IO[bytes], shown: str) -> tuple[str, list[PickleImport]]:
    """A legacy torch file (magic number first) or a plain pickle."""
    first = _Scanner()
    found = _scan_one(handle, shown, None, first)
    if first.result == TORCH_MAGIC:
        # torch.load then unpickles four more: protocol version, system info, the
        # object, the storage keys. Raw tensor bytes follow and are never unpickled.
        for _ in range(4):
            found += _scan_one(handle, shown, None)
        return "legacy", found
    if handle.read(1) and not isinstance(first.result, int):
        # More bytes follow a pickle whose value the scan could not see (it was
        # computed). If it equalled torch's magic number, torch.load would unpickle
        # what follows too, so read that as well, as far as it parses.
        handle.seek(-1, io.SEEK_CUR)
        try:
            for _ in range(4):
                found += _scan_one(handle, shown, None)
        except WeightsMissing:
            found.append(PickleImport("", "", False, "unanalysed"))
    return "pickle", found


def _scan_one(
    stream: IO[bytes], shown: str, member: str | None, scanner: _Scanner | None = None
) -> list[PickleImport]:
    scanner = scanner or _Scanner()
    where = f" (member {member})" if member else ""
    try:
        for opcode, arg, _pos in pickletools.genops(stream):
            scanner.step(opcode, arg)
    except ValueError as exc:  # genops' own errors, UnicodeDecodeError and _Underflow
        text = str(exc)
        if any(word in text for word in ("exhausted", "remain", "no newline")):
            raise _damaged(shown, f"ends early{where}: it is truncated or damaged") from exc
        raise _damaged(shown, f"is neither a torch file nor a pickle{where}") from exc
    except (MemoryError, OverflowError) as exc:  # a length field no real pickle has
        raise _damaged(shown, f"is neither a torch file nor a pickle{where}") from exc
    return scanner.imports


# -- following the stack ----------------------------------------------------------------------


class _Mark:
    pass


class _Unknown:
    pass


MARK = _Mark()
UNKNOWN = _Unknown()  # a value the scan does not track (anything but str / int)


class _Underflow(ValueError):
    """The stack does not add up: the unpickler itself would stop with an error here."""


_STRING_OPS = {
    "UNICODE",
    "SHORT_BINUNICODE",
    "BINUNICODE",
    "BINUNICODE8",
    "STRING",
    "BINSTRING",
    "SHORT_BINSTRING",
}
_INT_OPS = {"INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4"}


class _Scanner:
    """Steps through one pickle's opcodes, tracking the str and int values on the stack."""

    def __init__(self) -> None:
        self.stack: list[object] = []
        self.memo: dict[int, object] = {}
        self.imports: list[PickleImport] = []
        self.proto = 0
        self.result: object = UNKNOWN

    def _top(self) -> object:
        # Like the unpickler, never reach below the last mark.
        if not self.stack or self.stack[-1] is MARK:
            raise _Underflow("its pickle stack does not add up")
        return self.stack[-1]

    def _pop(self) -> object:
        value = self._top()
        self.stack.pop()
        return value

    def _record(self, module: object, name: object) -> None:
        if not isinstance(module, str) or not isinstance(name, str):
            self.imports.append(PickleImport("", "", False, "computed"))
            return
        if self.proto < 3:  # the unpickler's fix_imports: Python 2 names
            if (module, name) in _compat_pickle.NAME_MAPPING:
                module, name = _compat_pickle.NAME_MAPPING[(module, name)]
            elif module in _compat_pickle.IMPORT_MAPPING:
                module = _compat_pickle.IMPORT_MAPPING[module]
        self.imports.append(PickleImport(module, name, f"{module}.{name}" in ALLOWED))

    def step(self, opcode: pickletools.OpcodeInfo, arg: Any) -> None:
        op = opcode.name
        if op == "PROTO":
            self.proto = int(arg)
        elif op in ("GLOBAL", "INST"):
            module, _, name = str(arg).partition(" ")
            self._record(module, name)
        elif op == "STACK_GLOBAL":
            attribute = self._pop()
            self._record(self._pop(), attribute)
            self.stack.append(UNKNOWN)
            return
        elif op in ("EXT1", "EXT2", "EXT4"):
            self.imports.append(PickleImport("", str(arg), False, "extension"))
        elif op in _STRING_OPS:
            # Byte strings (protocol 0-2) are decoded by the unpickler with the
            # caller's encoding; only ASCII is certain to read the same there.
            text = str(arg)
            self.stack.append(text if op.endswith("UNICODE") or text.isascii() else UNKNOWN)
            return
        elif op in _INT_OPS:
            self.stack.append(int(arg))
            return
        elif op in ("PUT", "BINPUT", "LONG_BINPUT"):
            self.memo[int(arg)] = self._top()
            return
        elif op == "MEMOIZE":
            self.memo[len(self.memo)] = self._top()
            return
        elif op in ("GET", "BINGET", "LONG_BINGET"):
            self.stack.append(self.memo.get(int(arg), UNKNOWN))
            return
        elif op == "DUP":
            self.stack.append(self._top())
            return
        elif op == "POP" and self.stack and self.stack[-1] is MARK:
            self.stack.pop()  # POP right after a MARK drops the mark, as pickle does
            return
        elif op == "STOP":
            self.result = self._pop()
            return
        self._generic(opcode)

    def _generic(self, opcode: pickletools.OpcodeInfo) -> None:
        before = opcode.stack_before
        if pickletools.markobject in before:
            while self.stack and self.stack[-1] is not MARK:
                self.stack.pop()
            if not self.stack:
                raise _Underflow("its pickle has no mark where one is needed")
            self.stack.pop()  # the mark
            for _ in range(before.index(pickletools.markobject)):
                self._pop()
        else:
            for _ in before:
                self._pop()
        for item in opcode.stack_after:
            self.stack.append(MARK if item is pickletools.markobject else UNKNOWN)
