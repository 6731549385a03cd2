"""installer/linux/deb_depends.py: the .deb's Depends come from the bundle's ELF files, and the
check fails when a library the bundle needs is neither shipped nor declared.

Fast: no bundle is built. The trees here hold tiny shared libraries made with binutils' `as`
and `ld` (their DT_NEEDED entries are what matters), copies of system ELF files, and the
PySide6 wheel's libQt6Multimedia (which needs libpulse.so.0). installer/ci_package.sh runs
the same check on the real .deb.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "linux" / "deb_depends.py"

TOOLS = ("objdump", "as", "ld", "dpkg-query", "dpkg-deb")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(t) for t in TOOLS),
    reason=f"needs Linux with {', '.join(TOOLS)} (binutils, dpkg)",
)


def _load():
    spec = importlib.util.spec_from_file_location("deb_depends", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["deb_depends"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


dd = _load()


def _system_library(soname: str) -> Path | None:
    """Where this machine's loader finds soname, if a package holds it."""
    try:
        paths = dd._ldconfig().get(soname, [])
    except (dd.Error, subprocess.CalledProcessError):
        return None
    kind = dd._elf_kind(sys.executable) or dd._elf_kind("/bin/sh")
    for path in paths:
        if dd._elf_kind(path) == kind and dd._dpkg_owners(dd._usrmerge(path)):
            return Path(path)
    return None


LIBZ = _system_library("libz.so.1")
needs_libz = pytest.mark.skipif(LIBZ is None, reason="libz.so.1 (zlib1g) is not installed")


@pytest.fixture(scope="module")
def empty_object(tmp_path_factory) -> Path:
    obj = tmp_path_factory.mktemp("obj") / "empty.o"
    subprocess.run(["as", "-o", str(obj), "/dev/null"], check=True)
    return obj


@pytest.fixture
def make_lib(empty_object, tmp_path):
    """make_lib(where, soname, *needed): a shared library whose DT_NEEDED entries are needed
    (paths of libraries, or sonames of stubs made outside the tree, i.e. not shipped)."""
    stubs = tmp_path / "stubs"
    stubs.mkdir()

    def make(where: Path, soname: str, *needed: Path | str) -> Path:
        inputs = []
        for lib in needed:
            if isinstance(lib, str):  # a library that only exists outside the tree
                stub = stubs / lib
                if not stub.exists():
                    _link(stub, lib, [])
                lib = stub
            inputs.append(str(lib))
        where.mkdir(parents=True, exist_ok=True)
        return _link(where / soname, soname, inputs)

    def _link(out: Path, soname: str, inputs: list[str]) -> Path:
        subprocess.run(
            ["ld", "-shared", "--no-as-needed", "-soname", soname, "-o", str(out),
             str(empty_object), *inputs],
            check=True,
        )  # fmt: skip
        return out

    return make


def _depends(tree: Path) -> dict[str, str]:
    found, _ = dd.analyse(tree)
    assert not dd.unknown(found), [n.soname for n in dd.unknown(found)]
    return dd.control_fields(found)


def _packages(value: str) -> set[str]:
    return {entry.split()[0] for entry in value.split(", ")} if value else set()


@needs_libz
def test_a_library_from_the_system_becomes_a_dependency(make_lib, tmp_path):
    tree = tmp_path / "bundle"
    make_lib(tree / "_internal", "libdemo.so.1", LIBZ)
    fields = _depends(tree)
    assert "zlib1g" in _packages(fields["Depends"])
    # its minimum comes from zlib1g's shlibs file
    assert re.search(r"zlib1g \(>= [^)]+\)", fields["Depends"]), fields


@needs_libz
def test_a_shipped_library_is_not_declared(make_lib, tmp_path):
    tree = tmp_path / "bundle"
    make_lib(tree / "_internal" / "pkg", "libdemo.so.1", LIBZ)
    shutil.copy(LIBZ, tree / "_internal" / "libz.so.1")  # shipped, in another folder
    fields = _depends(tree)
    assert "zlib1g" not in _packages(fields.get("Depends", ""))
    assert "libc6" in _packages(fields["Depends"])  # what the shipped libz itself needs


@needs_libz
def test_the_check_fails_when_a_needed_library_is_neither_shipped_nor_declared(make_lib, tmp_path):
    tree = tmp_path / "root"
    make_lib(tree / "opt" / "app", "libdemo.so.1", LIBZ)

    problems, _ = dd.check(tree, {"Depends": "libc6 (>= 2.17), libfoo1 | libbar2"})
    assert len(problems) == 1
    assert "libz.so.1" in problems[0] and "zlib1g" in problems[0]
    assert "neither shipped nor declared" in problems[0]

    problems, _ = dd.check(tree, {"Suggests": "zlib1g"})
    assert problems and "in Suggests, not Depends" in problems[0]

    assert dd.check(tree, {"Depends": "libc6, zlib1g"})[0] == []
    assert dd.check(tree, {"Pre-Depends": "zlib1g:amd64"})[0] == []


def test_a_library_with_no_known_package_fails(make_lib, tmp_path, capsys):
    tree = tmp_path / "bundle"
    make_lib(tree / "_internal", "libdemo.so.1", "libsonic-nowhere.so.3")
    assert dd.main(["fields", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "libsonic-nowhere.so.3 (needed by _internal/libdemo.so.1)" in err
    assert "KNOWN_PACKAGES" in err
    problems, _ = dd.check(tree, {"Depends": "libc6"})
    assert problems and "libsonic-nowhere.so.3" in problems[0]


def test_libpulse_is_declared_whether_or_not_this_machine_has_it(make_lib, tmp_path):
    """QtMultimedia needs libpulse.so.0: from dpkg where libpulse0 is installed, otherwise from
    the table (this is what left the GUI unable to start without libpulse0)."""
    tree = tmp_path / "bundle"
    make_lib(tree / "_internal", "libQt6Multimedia.so.6", "libpulse.so.0")
    assert "libpulse0" in _packages(_depends(tree)["Depends"])


def test_a_library_missing_here_is_declared_from_the_table(make_lib, tmp_path, monkeypatch):
    """A build machine without libpulse0 (PyInstaller then cannot bundle libpulse.so.0 either):
    the package comes from KNOWN_PACKAGES, unversioned, with a warning."""
    real = dd._ldconfig
    monkeypatch.setattr(dd, "_ldconfig", lambda: {**real(), "libpulse.so.0": []})
    tree = tmp_path / "bundle"
    make_lib(tree / "_internal", "libQt6Multimedia.so.6", "libpulse.so.0")
    found, _ = dd.analyse(tree)
    (pulse,) = [need for need in found if need.soname == "libpulse.so.0"]
    assert (pulse.package, pulse.from_table, pulse.minimum) == ("libpulse0", True, None)

    monkeypatch.setitem(dd.KNOWN_PACKAGES, "libpulse.so.0", None)  # not in the table either
    del dd.KNOWN_PACKAGES["libpulse.so.0"]
    problems, _ = dd.check(tree, {"Depends": "libc6"})
    assert problems and problems[0].startswith("libpulse.so.0 (needed by _internal/libQt6Mu")
    assert "not installed here" in problems[0]


@needs_libz
def test_an_optional_plugin_only_suggests_its_libraries(make_lib, tmp_path):
    tree = tmp_path / "bundle"
    themes = tree / "_internal" / "PySide6" / "Qt" / "plugins" / "platformthemes"
    make_lib(themes, "libqgtk3.so", LIBZ)
    fields = _depends(tree)
    assert _packages(fields["Suggests"]) == {"zlib1g"}
    assert "zlib1g" not in _packages(fields.get("Depends", ""))

    make_lib(tree / "_internal", "libdemo.so.1", LIBZ)  # needed by a required file too
    fields = _depends(tree)
    assert "zlib1g" in _packages(fields["Depends"]) and "Suggests" not in fields


def test_libc6_minimum_is_the_newest_glibc_symbol_version_asked_for(tmp_path):
    true = Path(os.path.realpath(shutil.which("true") or "/bin/true"))
    out = subprocess.run(["objdump", "-p", str(true)], capture_output=True, text=True).stdout
    versions = re.findall(r"GLIBC_(\d+(?:\.\d+)+)\s*$", out, re.M)
    if not versions:
        pytest.skip(f"{true} asks for no GLIBC_ symbol versions")
    newest = max(versions, key=lambda v: tuple(map(int, v.split("."))))
    tree = tmp_path / "bundle"
    tree.mkdir()
    shutil.copy(true, tree / "app")
    assert f"libc6 (>= {newest})" in _depends(tree)["Depends"].split(", ")


def test_qt_multimedia_from_the_wheel_makes_libpulse0_a_dependency(tmp_path):
    """The real library: libQt6Multimedia links libpulse.so.0 (DT_NEEDED, not dlopen), and
    PyInstaller does not bundle it when the build machine lacks it."""
    pyside = importlib.util.find_spec("PySide6")
    if pyside is None or not pyside.submodule_search_locations:
        pytest.skip("PySide6 is not installed")
    qt_lib = Path(next(iter(pyside.submodule_search_locations))) / "Qt" / "lib"
    multimedia = qt_lib / "libQt6Multimedia.so.6"
    if not multimedia.is_file():
        pytest.skip(f"no {multimedia}")
    lib = tmp_path / "bundle" / "_internal" / "PySide6" / "Qt" / "lib"
    lib.mkdir(parents=True)
    for other in qt_lib.iterdir():  # the other Qt libraries count as shipped
        (lib / other.name).symlink_to(other)
    (lib / multimedia.name).unlink()
    shutil.copy(multimedia, lib / multimedia.name)  # the one file analysed

    found, _ = dd.analyse(tmp_path / "bundle")
    pulse = [need for need in found if need.soname == "libpulse.so.0"]
    assert pulse, "libQt6Multimedia no longer names libpulse.so.0: update KNOWN_PACKAGES/tests"
    assert (pulse[0].package, pulse[0].field) == ("libpulse0", "Depends")
    assert "libpulse0" in _packages(dd.control_fields(found)["Depends"])


@needs_libz
def test_check_command_on_a_deb(make_lib, tmp_path):
    """`deb_depends.py check X.deb` (what ci_package.sh runs): exit 1 and the library named when
    Depends lacks a package, 0 once it is there."""
    pkg = tmp_path / "pkg"
    make_lib(pkg / "opt" / "demo", "libdemo.so.1", LIBZ)
    (pkg / "DEBIAN").mkdir()

    def build(depends: str) -> Path:
        (pkg / "DEBIAN" / "control").write_text(
            "Package: demo\nVersion: 1.0\nArchitecture: all\nMaintainer: x <x@example.invalid>\n"
            f"Depends: {depends}\nDescription: demo\n"
        )
        deb = tmp_path / "demo.deb"
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(pkg), str(deb)],
            check=True, capture_output=True,
        )  # fmt: skip
        return deb

    def run(deb: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPT), "check", str(deb)], capture_output=True, text=True
        )

    failed = run(build("libc6"))
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "FAILED: libz.so.1 (needed by opt/demo/libdemo.so.1)" in failed.stderr
    assert "lacks zlib1g" in failed.stderr

    too_old = run(build("zlib1g (>= 1:1.1)"))  # older than zlib1g's shlibs minimum
    assert too_old.returncode == 1 and "declared (>= 1:1.1)" in too_old.stderr

    passed = run(build("libc6, zlib1g"))
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "zlib1g" in passed.stdout and "libz.so.1" in passed.stdout


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2.36", "2.4", 1),
        ("2.3.4", "2.34", -1),
        ("1:1.1.4", "2.0", 1),
        ("1.0~rc1", "1.0", -1),
        ("2.36-9+deb12u4", "2.36", 1),
        ("1.6.0", "1.6.0", 0),
        ("1.2a", "1.2+", -1),
    ],
)
def test_debian_version_order(a, b, expected):
    result = dd.compare_versions(a, b)
    assert (result > 0) - (result < 0) == expected
    assert dd.compare_versions(b, a) == -result or expected == 0


def test_declared_reads_alternatives_versions_and_arch_qualifiers():
    have = dd.declared(
        {"Depends": "libc6 (>= 2.36), libfoo1 | libbar2, libx:any", "Suggests": "libgtk-3-0"}
    )
    assert have["libc6"] == ("Depends", "2.36")
    assert have["libbar2"] == ("Depends", None) and have["libx"] == ("Depends", None)
    assert have["libgtk-3-0"] == ("Suggests", None)
