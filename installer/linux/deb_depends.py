#!/usr/bin/env python3
"""What the PyInstaller bundle needs from the system, as .deb control fields, and the check.

    deb_depends.py fields BUNDLE              control lines (Depends:, Suggests:) for BUNDLE
    deb_depends.py check DEB [--root DIR]     fail unless every library DEB's files need is
                                              shipped in DEB or declared in its control fields

The rule: every shared library that an ELF file of the bundle names (DT_NEEDED) is either
shipped (a file of that name anywhere in the bundle: PyInstaller puts libraries in _internal/,
which its bootloader puts on the search path, and keeps some in package folders reached through
RUNPATH=$ORIGIN/...) or comes from the system, and then the Debian package that holds it is in
Depends (or Suggests, for the few optional parts listed in OPTIONAL). The package is found on
the machine running this (ldconfig -p, then dpkg -S); a library that is not installed here is
looked up in KNOWN_PACKAGES (declared unversioned, with a warning); anything else is an error.

Versions: the highest GLIBC_x.y symbol version the bundle asks for gives libc6's minimum (the
bundle carries libraries copied from the build machine); other packages get the minimum their
shlibs file names. (dpkg-shlibdeps would compute finer minimums from symbols files, but it takes
minutes on the full bundle - torch's libraries export ~10^5 symbols - and stops at the first
library that is not installed on the build machine.)

Libraries loaded with dlopen() have no DT_NEEDED entry; the ones the bundle's files load are
listed in DLOPENED, each with why it is not declared.

Needs Python 3.10+ (standard library only), objdump (binutils), ldconfig and dpkg-query/dpkg-deb.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("Depends", "Recommends", "Suggests")  # strongest first

# Files needed only by an optional part of the bundle: their system libraries are declared in a
# weaker field than Depends. (pattern on the path inside the bundle, field, why)
OPTIONAL = [
    (
        re.compile(r"(^|/)PySide6/Qt/plugins/platformthemes/libqgtk3\.so$"),
        "Suggests",
        "Qt's GTK 3 platform theme, loaded only on GTK desktops (which have GTK 3); "
        "elsewhere Qt uses its own theme",
    ),
]

# The Debian package of a library that is not installed on the build machine (so neither its
# package nor its version can be looked up there): declared unversioned, with a warning. It is
# the launcher's own table (`sonic_desktop.gui_availability.DEBIAN_PACKAGES`, which also names
# the fix when the window cannot start), read from this source tree: one list for both. Add a
# line there when the build names a library it cannot place.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from sonic_desktop.gui_availability import DEBIAN_PACKAGES as KNOWN_PACKAGES  # noqa: E402

# Loaded with dlopen() by files of the bundle (found with `strings`; no DT_NEEDED entry, so the
# scan does not see them). None is declared; (library, loaded by, why). libssl.so.3,
# libcrypto.so.3 and libdbus-1.so.3 are dlopen-ed too, but the bundle ships them.
DLOPENED = [
    ("libpipewire-0.3.so.0", "libQt6Multimedia.so.6",
     "PipeWire capture; audio output goes through libpulse.so.0 (DT_NEEDED, declared)"),
    ("libva.so.2, libva-drm.so.2, libva-x11.so.2", "Qt's FFmpeg (libavutil/libavcodec)",
     "VA-API hardware decoding; FFmpeg decodes in software without it"),
    ("libcuda.so.1, libnvcuvid.so.1, libnvidia-encode.so.1", "Qt's FFmpeg",
     "NVIDIA hardware decoding; part of the NVIDIA driver, not a package to depend on"),
    ("libproxy.so.1", "libQt6Network.so.6",
     "system proxy settings for network access; Qt connects directly without it"),
    ("libvulkan.so.1", "libQt6Quick.so.6", "Qt Quick's Vulkan backend; the app draws with widgets"),
]  # fmt: skip

GLIBC_VERSION = re.compile(r"^GLIBC_(\d+(?:\.\d+)+)$")


class Error(Exception):
    """A problem to report in one line (exit status 2)."""


@dataclass
class Elf:
    path: str  # inside the tree, with /
    kind: bytes | None = None  # see _elf_kind
    needed: list[str] = field(default_factory=list)
    # soname -> symbol versions asked of it (objdump's "Version References")
    versions: dict[str, set[str]] = field(default_factory=dict)


@dataclass
class Need:
    """One library the tree needs and does not ship."""

    soname: str
    by: list[str]  # the files that name it
    field: str  # Depends, or a weaker field when only OPTIONAL files need it
    kinds: set[bytes] = field(default_factory=set)  # of the files that name it
    package: str | None = None  # None: not installed here and not in KNOWN_PACKAGES
    minimum: str | None = None  # the package's minimum version, when known
    found: str | None = None  # where it is on this machine; None: not installed here
    from_table: bool = False  # package from KNOWN_PACKAGES, not from dpkg


def _tool(name: str, package: str) -> str:
    path = shutil.which(name) or next(
        (p for p in (f"/sbin/{name}", f"/usr/sbin/{name}") if os.access(p, os.X_OK)), None
    )
    if path is None:
        raise Error(f"{name} not found (apt-get install {package})")
    return path


def _elf_kind(path: str | Path) -> bytes | None:
    """ELF class, byte order and machine: a library only serves a file of the same kind."""
    try:
        with open(path, "rb") as f:
            head = f.read(20)
    except OSError:
        return None
    if len(head) < 20 or head[:4] != b"\x7fELF":
        return None
    return head[4:6] + head[18:20]


def scan(tree: Path) -> tuple[list[Elf], set[str]]:
    """Every ELF file in tree (symlinks are not followed) and every name the tree ships."""
    shipped: set[str] = set()
    files: dict[Path, bytes] = {}
    for folder, _dirs, names in os.walk(tree):
        for name in names:
            path = Path(folder, name)
            if path.exists():  # a dangling symlink ships nothing
                shipped.add(name)
            kind = None if path.is_symlink() or not path.is_file() else _elf_kind(path)
            if kind:
                files[path] = kind
    elves: list[Elf] = []
    objdump = _tool("objdump", "binutils") if files else ""
    paths = list(files)
    for start in range(0, len(paths), 100):  # one objdump for many files: fast
        batch = paths[start : start + 100]
        out = subprocess.run(
            [objdump, "-p", *map(str, batch)], capture_output=True, text=True, check=False
        ).stdout
        elves += _parse_objdump(out, tree)
    for elf in elves:
        elf.kind = files.get(tree / elf.path)
    return elves, shipped


def _parse_objdump(out: str, tree: Path) -> list[Elf]:
    elves: list[Elf] = []
    current: Elf | None = None
    required_from: str | None = None
    for line in out.splitlines():
        header = re.match(r"^(.*):\s+file format \S+$", line)
        if header:
            current = Elf(Path(header.group(1)).relative_to(tree).as_posix())
            elves.append(current)
            required_from = None
            continue
        if current is None:
            continue
        words = line.split()
        if len(words) == 2 and words[0] == "NEEDED":
            current.needed.append(words[1])
        elif line.startswith("  required from ") and line.endswith(":"):
            required_from = line[len("  required from ") : -1]
        elif required_from and len(words) == 4 and line.startswith("    0x"):
            current.versions.setdefault(required_from, set()).add(words[3])
        elif line and not line.startswith("    "):
            required_from = None
    return elves


def _field_for(path: str) -> str:
    for pattern, weaker, _why in OPTIONAL:
        if pattern.search(path):
            return weaker
    return "Depends"


def needs(tree: Path) -> tuple[list[Need], list[Elf]]:
    """The libraries tree's ELF files name and tree does not ship, each with its field."""
    elves, shipped = scan(tree)
    by: dict[str, list[Elf]] = {}
    for elf in elves:
        for soname in elf.needed:
            if soname not in shipped:
                by.setdefault(soname, []).append(elf)
    result = []
    for soname, files in sorted(by.items()):
        strongest = min((_field_for(elf.path) for elf in files), key=FIELDS.index)
        kinds = {elf.kind for elf in files if elf.kind}
        result.append(Need(soname, sorted(elf.path for elf in files), strongest, kinds))
    return result, elves


def _ldconfig() -> dict[str, list[str]]:
    out = subprocess.run(
        [_tool("ldconfig", "libc-bin"), "-p"], capture_output=True, text=True, check=True
    ).stdout
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        match = re.match(r"^\s+(\S+) \(.*\) => (\S+)$", line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def _usrmerge(path: str) -> list[str]:
    """dpkg knows a file by the path its package installs it to: /lib/... and /usr/lib/...
    are the same folder on merged-/usr systems, but only one of them is in dpkg's database."""
    paths = [path, os.path.realpath(path)]
    for p in list(paths):
        if p.startswith("/usr/"):
            paths.append(p[4:])
        elif p.startswith(("/lib", "/bin", "/sbin")):
            paths.append("/usr" + p)
    return list(dict.fromkeys(paths))


def _dpkg_owners(paths: Iterable[str]) -> dict[str, str]:
    """path -> package[:arch] for the paths some installed package holds."""
    paths = list(paths)
    if not paths:
        return {}
    out = subprocess.run(
        [_tool("dpkg-query", "dpkg"), "-S", *paths], capture_output=True, text=True, check=False
    ).stdout  # exit status 1 when some path belongs to no package: expected here
    owners = {}
    for line in out.splitlines():
        if line.startswith("diversion "):
            continue
        packages, _, path = line.partition(": ")
        if path:
            owners[path] = packages.split(", ")[0]
    return owners


def _shlibs_minimum(package: str, soname: str) -> str | None:
    """The minimum version that package's shlibs file gives for soname, if any."""
    match = re.match(r"^(.*)\.so\.(\d.*)$", soname) or re.match(r"^(.*)-(\d[^-]*)\.so$", soname)
    if not match:
        return None
    name, version = match.groups()
    out = subprocess.run(
        [_tool("dpkg-query", "dpkg"), "--control-path", package, "shlibs"],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    for path in out.split():
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            words = line.split(None, 2)
            if len(words) == 3 and words[:2] == [name, version]:
                dep = re.match(r"^\S+\s*\(>=\s*([^)\s]+)\)", words[2])
                return dep.group(1) if dep else None
    return None


def resolve(found_needs: list[Need], elves: list[Elf]) -> None:
    """Fill in package, minimum and found for every need, from this machine (or the table)."""
    if not found_needs:
        return
    installed = _ldconfig()
    candidates: dict[str, list[str]] = {}
    for need in found_needs:
        for path in installed.get(need.soname, []):
            if _elf_kind(path) in need.kinds:  # not the i386 copy for an amd64 file
                candidates.setdefault(need.soname, []).append(path)
    owners = _dpkg_owners(p for paths in candidates.values() for c in paths for p in _usrmerge(c))
    for need in found_needs:
        for path in candidates.get(need.soname, []):
            owner = next((owners[p] for p in _usrmerge(path) if p in owners), None)
            if owner:
                need.found, need.package = path, owner
                break
            need.found = need.found or path  # installed, but no package holds it
        if need.package:
            need.minimum = _shlibs_minimum(need.package, need.soname)
        else:
            need.package = KNOWN_PACKAGES.get(need.soname)
            need.from_table = need.package is not None

    # glibc's symbol versions name the glibc release that introduced each symbol: the highest one
    # the bundle asks for is libc6's real minimum (finer than its shlibs, which say "this build").
    glibc: dict[str, str] = {}
    for elf in elves:
        for soname, versions in elf.versions.items():
            for version in versions:
                match = GLIBC_VERSION.match(version)
                if match and _newer(match.group(1), glibc.get(soname)):
                    glibc[soname] = match.group(1)
    by_package: dict[str, str] = {}
    for need in found_needs:
        if need.package and need.soname in glibc:
            by_package[need.package] = max_version(glibc[need.soname], by_package.get(need.package))
    for need in found_needs:
        if need.package in by_package:
            need.minimum = by_package[need.package]
    for need in found_needs:
        if need.package:
            need.package = need.package.split(":")[0]  # libc6:amd64 -> libc6


def _newer(a: str, b: str | None) -> bool:
    return b is None or compare_versions(a, b) > 0


def max_version(a: str, b: str | None) -> str:
    return a if _newer(a, b) else b  # type: ignore[return-value]


def _order(c: str) -> int:
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


def _compare_part(a: str, b: str) -> int:
    """dpkg's comparison of an upstream version or revision (deb-version(7))."""
    while a or b:
        na = re.match(r"^[^\d]*", a).group()  # type: ignore[union-attr]
        nb = re.match(r"^[^\d]*", b).group()  # type: ignore[union-attr]
        for i in range(max(len(na), len(nb))):
            ca = _order(na[i]) if i < len(na) else 0
            cb = _order(nb[i]) if i < len(nb) else 0
            if ca != cb:
                return -1 if ca < cb else 1
        a, b = a[len(na) :], b[len(nb) :]
        da = re.match(r"^\d*", a).group()  # type: ignore[union-attr]
        db = re.match(r"^\d*", b).group()  # type: ignore[union-attr]
        if int(da or 0) != int(db or 0):
            return -1 if int(da or 0) < int(db or 0) else 1
        a, b = a[len(da) :], b[len(db) :]
    return 0


def compare_versions(a: str, b: str) -> int:
    """<0, 0, >0 as Debian version a sorts before, with, after b."""

    def split(v: str) -> tuple[int, str, str]:
        epoch, _, rest = v.rpartition(":") if ":" in v else ("0", "", v)
        upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "")
        return int(epoch or 0), upstream, revision

    ea, ua, ra = split(a)
    eb, ub, rb = split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _compare_part(ua, ub) or _compare_part(ra, rb)


def control_fields(found_needs: list[Need]) -> dict[str, str]:
    """Depends/Suggests values: one entry per package, with its minimum version when known."""
    wanted: dict[str, tuple[str, str | None]] = {}  # package -> (field, minimum)
    for need in found_needs:
        if need.package is None:
            continue
        old_field, old_min = wanted.get(need.package, (need.field, None))
        strongest = min(old_field, need.field, key=FIELDS.index)
        minimum = max_version(need.minimum, old_min) if need.minimum else old_min
        wanted[need.package] = (strongest, minimum)
    fields = {}
    for name in FIELDS:
        entries = [
            f"{package} (>= {minimum})" if minimum else package
            for package, (where, minimum) in sorted(wanted.items())
            if where == name
        ]
        if entries:
            fields[name] = ", ".join(entries)
    return fields


def unknown(found_needs: list[Need]) -> list[Need]:
    return [need for need in found_needs if need.package is None]


def _describe(need: Need, limit: int = 3) -> str:
    files = ", ".join(need.by[:limit]) + (
        f" and {len(need.by) - limit} more" if len(need.by) > limit else ""
    )
    return f"{need.soname} (needed by {files})"


def analyse(tree: Path) -> tuple[list[Need], list[Elf]]:
    found_needs, elves = needs(tree)
    resolve(found_needs, elves)
    return found_needs, elves


def cmd_fields(bundle: Path) -> int:
    found_needs, _ = analyse(bundle)
    missing = unknown(found_needs)
    if missing:
        for need in missing:
            where = (
                f"at {need.found}, which no package holds" if need.found else "not installed here"
            )
            print(f"error: {_describe(need)}: {where}, and not in KNOWN_PACKAGES", file=sys.stderr)
        print(
            "error: the bundle needs libraries it does not ship and whose Debian package is "
            "unknown: install them here (apt-file search SONAME names the package) or add them "
            "to KNOWN_PACKAGES (DEBIAN_PACKAGES in sonic_desktop/gui_availability.py)",
            file=sys.stderr,
        )
        return 1
    for need in found_needs:
        if need.from_table:
            where = f"at {need.found}, which no package holds" if need.found else "not installed"
            print(
                f"warning: {need.soname} (needed by {need.by[0]}) is {where} here: "
                f"declared as {need.package}, from KNOWN_PACKAGES, with no minimum version",
                file=sys.stderr,
            )
    for name, value in control_fields(found_needs).items():
        print(f"{name}: {value}")
    return 0


def declared(fields: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """package -> (strongest field naming it, the lowest >= version it is given there)."""
    result: dict[str, tuple[str, str | None]] = {}
    for name in ("Pre-Depends", *FIELDS):
        for entry in re.split(r"[,|]", fields.get(name, "")):
            match = re.match(
                r"^\s*([a-z0-9][a-z0-9+.-]*)(?::\S+)?\s*(?:\((>=|=)\s*([^)\s]+)\))?", entry
            )
            if match and match.group(1) not in result:
                strength = "Depends" if name == "Pre-Depends" else name
                result[match.group(1)] = (strength, match.group(3))
    return result


def check(tree: Path, fields: dict[str, str]) -> tuple[list[str], list[Need]]:
    """The problems (one line each) and the needs, for an unpacked package and its fields."""
    found_needs, _ = analyse(tree)
    have = declared(fields)
    problems = []
    for need in found_needs:
        if need.package is None:
            where = (
                f"at {need.found}, which no package holds" if need.found else "not installed here"
            )
            problems.append(f"{_describe(need)} is neither shipped nor declared ({where})")
            continue
        if need.package not in have:
            lacks = f"{need.field} lacks {need.package}"
            problems.append(f"{_describe(need)} is neither shipped nor declared: {lacks}")
            continue
        where, version = have[need.package]
        if FIELDS.index(where) > FIELDS.index(need.field):
            problems.append(f"{_describe(need)}: {need.package} is in {where}, not {need.field}")
        elif need.minimum and version and compare_versions(version, need.minimum) < 0:
            wants = f"needs {need.package} (>= {need.minimum}), declared (>= {version})"
            problems.append(f"{_describe(need)}: {wants}")
    return problems, found_needs


def _deb_fields(deb: Path) -> dict[str, str]:
    out = subprocess.run(
        [_tool("dpkg-deb", "dpkg"), "--field", str(deb), *FIELDS, "Pre-Depends"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    fields = {}
    for line in out.splitlines():
        name, _, value = line.partition(": ")
        if value and not line.startswith(" "):
            fields[name] = value
    return fields


def cmd_check(deb: Path, root: Path | None) -> int:
    fields = _deb_fields(deb)
    with tempfile.TemporaryDirectory(prefix="deb-depends.") as scratch:
        if root is None:
            root = Path(scratch)
            subprocess.run([_tool("dpkg-deb", "dpkg"), "-x", str(deb), str(root)], check=True)
        problems, found_needs = check(root, fields)
    print(f"{deb.name}: {len(found_needs)} libraries come from the system:")
    by_package: dict[str, list[Need]] = {}
    for need in found_needs:
        by_package.setdefault(need.package or "?", []).append(need)
    for package, group in sorted(by_package.items()):
        where = min((need.field for need in group), key=FIELDS.index)
        minimum = next((f" (>= {n.minimum})" for n in group if n.minimum), "")
        sonames = ", ".join(need.soname for need in group)
        table = "; package from KNOWN_PACKAGES" if any(n.from_table for n in group) else ""
        print(f"  {where:9} {package + minimum:28} {sonames} (e.g. by {group[0].by[0]}{table})")
    for pattern, weaker, why in OPTIONAL:
        print(f"  optional ({weaker}): {pattern.pattern}: {why}")
    for library, by, why in DLOPENED:
        print(f"  dlopen-ed, not declared: {library} by {by}: {why}")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fields", help="print the Depends/Suggests lines for a bundle folder")
    p.add_argument("bundle", type=Path)
    p = sub.add_parser("check", help="check a .deb: every needed library shipped or declared")
    p.add_argument("deb", type=Path)
    p.add_argument("--root", type=Path, help="the .deb already unpacked there (dpkg -x)")
    args = parser.parse_args(argv)
    try:
        if args.command == "fields":
            return cmd_fields(args.bundle)
        return cmd_check(args.deb, args.root)
    except Error as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
