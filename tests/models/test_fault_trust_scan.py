"""Fault injection, trust (issue item 8): the import scan, one-line refusals, revocation.

The malicious pickles here are built by hand or with pickle.dumps of an object whose
__reduce__ names os.system. Pickling one never calls it; nothing here unpickles one
except torch.load(weights_only=True), which refuses before calling anything.
"""

from __future__ import annotations

import argparse
import os
import pickle
import struct
import zipfile
from pathlib import Path

import pytest
import torch

from sonic_desktop.core.errors import UntrustedWeights, WeightsMissing
from sonic_desktop.models import pickle_scan
from sonic_desktop.models.pickle_scan import ALLOWED, TORCH_MAGIC, format_scan, scan_file
from sonic_desktop.models.safe_load import load_state_dict, save_converted, untrusted_pickle
from sonic_desktop.models.trust import TrustStore, converted_path, sha256_file

# Protocol 2: GLOBAL 'os system', the argument 'true', TUPLE1, REDUCE, STOP.
OS_SYSTEM_PICKLE = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."


class CallsSystem:
    """Pickles as a call of os.system (never unpickled here)."""

    def __reduce__(self):
        return (os.system, ("true",))


def short_unicode(text: str) -> bytes:
    data = text.encode()
    return b"\x8c" + bytes([len(data)]) + data


def zip_pth(path: Path, data_pkl: bytes) -> Path:
    """A torch zip-format file whose archive/data.pkl is the given pickle."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", data_pkl)
        archive.writestr("archive/version", "3\n")
    return path


def labels(scan) -> list[str]:
    return [item.label for item in scan.flagged]


def test_fault_trust_scan_reports_os_system_in_a_zip_pth(tmp_path):
    path = zip_pth(tmp_path / "unet.pth", OS_SYSTEM_PICKLE)
    scan = scan_file(path)
    assert scan.container == "zip"
    assert labels(scan) == ["os.system"]
    listing = format_scan(scan)
    assert "! os.system" in listing and "not on the allow-list" in listing


def test_fault_trust_scan_follows_stack_global_and_the_memo(tmp_path):
    # pickle.dumps at protocol 4: SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL.
    dumped = tmp_path / "dumped.pkl"
    dumped.write_bytes(pickle.dumps({"w": CallsSystem()}, protocol=4))
    assert labels(scan_file(dumped)) == [f"{os.system.__module__}.system"]

    # By hand: the names are pushed, memoised, dropped, then fetched back with BINGET.
    memo = tmp_path / "memo.pkl"
    memo.write_bytes(
        b"\x80\x04"
        + short_unicode("os") + b"\x94" + b"0"  # MEMOIZE as 0, POP
        + short_unicode("system") + b"\x94" + b"0"  # MEMOIZE as 1, POP
        + b"h\x00h\x01\x93"  # BINGET 0, BINGET 1, STACK_GLOBAL
        + short_unicode("true") + b"\x85R."  # TUPLE1, REDUCE, STOP
    )  # fmt: skip
    assert labels(scan_file(memo)) == ["os.system"]

    # BINPUT / LONG_BINGET and DUP keep the stack in step.
    dup = tmp_path / "dup.pkl"
    dup.write_bytes(
        b"\x80\x04" + short_unicode("os") + b"q\x05" + b"0"  # BINPUT 5, POP
        + b"j" + struct.pack("<I", 5)  # LONG_BINGET 5
        + short_unicode("system") + b"2" + b"0"  # DUP, POP
        + b"\x93)R."  # STACK_GLOBAL, EMPTY_TUPLE, REDUCE, STOP
    )  # fmt: skip
    assert labels(scan_file(dup)) == ["os.system"]


def test_fault_trust_an_import_computed_while_loading_is_never_allow_listed(tmp_path):
    # _codecs.encode("bf", "rot13") returns "os" at load time: the scan cannot see the
    # name, so it reports the import as computed (and _codecs.encode itself as allowed).
    path = tmp_path / "rot13.pkl"
    path.write_bytes(
        b"\x80\x04" + short_unicode("_codecs") + short_unicode("encode") + b"\x93"
        + short_unicode("bf") + short_unicode("rot13") + b"\x86R"  # TUPLE2, REDUCE
        + short_unicode("system") + b"\x93."  # STACK_GLOBAL on a computed module name
    )  # fmt: skip
    scan = scan_file(path)
    assert [i.special for i in scan.flagged] == ["computed"]
    assert "_codecs.encode" in [i.label for i in scan.imports if i.allowed]


def test_fault_trust_legacy_torch_files_are_scanned_past_the_magic_number(tmp_path):
    legacy = tmp_path / "legacy.pth"
    torch.save(
        {"a": torch.ones(2), "hook": CallsSystem()}, legacy, _use_new_zipfile_serialization=False
    )
    scan = scan_file(legacy)
    assert scan.container == "legacy"
    assert labels(scan) == [f"{os.system.__module__}.system"]

    # The magic number written another way (protocol 0 LONG) is still the magic number
    # to torch.load, which then unpickles the next four pickles: so does the scan.
    odd = tmp_path / "odd.pth"
    odd.write_bytes(
        b"L" + str(TORCH_MAGIC).encode() + b"L\n." + b"K\x01." + b"}." + OS_SYSTEM_PICKLE + b"]."
    )
    scan = scan_file(odd)
    assert scan.container == "legacy" and labels(scan) == ["os.system"]


def test_fault_trust_a_benign_torch_save_shows_only_allow_listed_names(tmp_path):
    state = {
        **torch.nn.Linear(3, 2).state_dict(),
        "half": torch.ones(2, dtype=torch.float16),
        "param": torch.nn.Parameter(torch.zeros(1)),
    }
    for new_format in (True, False):
        path = tmp_path / f"benign_{new_format}.pth"
        torch.save(state, path, _use_new_zipfile_serialization=new_format)
        scan = scan_file(path)
        assert scan.flagged == ()
        names = {i.label for i in scan.imports}
        assert names <= ALLOWED
        assert {"collections.OrderedDict", "torch._utils._rebuild_tensor_v2"} <= names
        assert "Everything listed is on the allow-list" in format_scan(scan)


def test_fault_trust_the_scan_never_unpickles(tmp_path, monkeypatch):
    path = zip_pth(tmp_path / "unet.pth", OS_SYSTEM_PICKLE)
    legacy = tmp_path / "legacy.pth"
    torch.save({"x": CallsSystem()}, legacy, _use_new_zipfile_serialization=False)

    def forbidden(*args, **kwargs):
        raise AssertionError("the scan unpickled something")

    for module, attribute in (
        (pickle, "load"),
        (pickle, "loads"),
        (pickle, "Unpickler"),
        (pickle, "_Unpickler"),
        (torch, "load"),
    ):
        monkeypatch.setattr(module, attribute, forbidden)
    assert labels(scan_file(path)) == ["os.system"]
    assert labels(scan_file(legacy)) == [f"{os.system.__module__}.system"]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.pth", None, "does not exist"),
        ("page.pth", b"<html>404 Not Found</html>", "neither a torch file nor a pickle"),
        ("cut.pkl", OS_SYSTEM_PICKLE[:20], "ends early"),
        ("underflow.pkl", b"\x80\x04R.", "neither a torch file nor a pickle"),
        ("empty_zip.pth", b"PK\x03\x04" + b"\x00" * 40, "damaged or incomplete zip"),
    ],
)
def test_fault_trust_unreadable_files_are_refused_in_one_line(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WeightsMissing) as caught:
        scan_file(path)
    line = caught.value.one_line()
    assert "\n" not in line and name in line and words in line
    assert caught.value.hint  # says what to do


def test_fault_trust_a_truncated_pth_is_refused_in_one_line(tmp_path):
    whole = tmp_path / "whole.pth"
    torch.save({"w": torch.arange(4096.0)}, whole)
    data = whole.read_bytes()
    cut = tmp_path / "audio2token.pth"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(WeightsMissing) as caught:
        scan_file(cut)
    assert "audio2token.pth" in str(caught.value) and "download it again" in str(caught.value)
    with pytest.raises(WeightsMissing) as caught:
        load_state_dict(cut, name="Sonic/audio2token.pth")
    line = caught.value.one_line()
    assert "\n" not in line and line.startswith("Sonic/audio2token.pth could not be read (")
    assert "download it again" in line and "weights_only" not in line


def test_fault_trust_a_malicious_pth_is_refused_in_one_line_naming_the_import(tmp_path):
    path = zip_pth(tmp_path / "unet.pth", OS_SYSTEM_PICKLE)
    with pytest.raises(UntrustedWeights) as caught:
        load_state_dict(path, name="Sonic/unet.pth")
    line = caught.value.one_line()
    assert "\n" not in line
    assert "Sonic/unet.pth" in line and "os.system" in line and "not on the allow-list" in line
    assert "models trust" in caught.value.hint and ".safetensors" in caught.value.hint
    assert "weights_only" not in line and sha256_file(path)[:16] in line


def test_fault_trust_whisper_style_refusal_offers_only_a_safetensors_copy(tmp_path):
    # What a caller that lets a library load pytorch_model.bin (weights_only=True) raises
    # in place of torch's UnpicklingError: the file is never unpickled even if trusted.
    folder = tmp_path / "whisper-tiny"
    folder.mkdir()
    path = folder / "pytorch_model.bin"
    torch.save({"w": torch.ones(1), "x": CallsSystem()}, path)
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path, weights_only=True)  # refused by torch, nothing executed
    error = untrusted_pickle(path, "whisper-tiny/pytorch_model.bin", trustable=False)
    line = error.one_line()
    assert isinstance(error, UntrustedWeights) and "\n" not in line
    assert "whisper-tiny/pytorch_model.bin" in line and ".system" in line
    assert ".safetensors" in error.hint and "models trust" not in error.hint
    assert "weights_only" not in line

    truncated = folder / "short.bin"
    truncated.write_bytes(path.read_bytes()[:100])
    assert isinstance(untrusted_pickle(truncated), WeightsMissing)


def _needs_trust_file(path: Path) -> Path:
    # Needs full unpickling (argparse.Namespace) but runs nothing harmful when trusted.
    torch.save({"a": torch.arange(3.0), "args": argparse.Namespace(lr=1)}, path)
    return path


def test_fault_trust_revoked_trust_is_refused_again_and_the_copy_is_gone(tmp_path):
    path = _needs_trust_file(tmp_path / "audio2bucket.pth")
    store = TrustStore()
    with pytest.raises(UntrustedWeights) as caught:
        load_state_dict(path, trust=store)
    assert "argparse.Namespace" in str(caught.value)
    record = store.trust(path, "pickle")
    assert torch.equal(load_state_dict(path, trust=store)["a"], torch.arange(3.0))
    assert converted_path(record.sha256).exists()

    assert store.revoke(record.sha256)
    assert not converted_path(record.sha256).exists()
    with pytest.raises(UntrustedWeights):
        load_state_dict(path, trust=store)


def test_fault_trust_a_leftover_converted_copy_does_not_bypass_trust(tmp_path):
    path = _needs_trust_file(tmp_path / "flownet.pkl")
    save_converted({"a": torch.arange(3.0)}, converted_path(sha256_file(path)))
    with pytest.raises(UntrustedWeights):
        load_state_dict(path, trust=TrustStore())


def test_fault_trust_revoke_file_by_content_or_name(tmp_path):
    path = _needs_trust_file(tmp_path / "unet.pth")
    store = TrustStore(tmp_path / "trust.json")
    store.trust(path, "pickle")
    path.write_bytes(path.read_bytes() + b"\x00")  # changed since it was trusted
    assert store.revoke_file(path) == []  # its current content was never trusted
    gone = store.revoke_file(path, same_name=True)
    assert [r.name for r in gone] == ["unet.pth"] and store.records() == []


def test_fault_trust_bytes_after_a_computed_pickle_are_flagged(tmp_path):
    # A plain pickle whose value the scan cannot see, followed by more bytes: torch.load
    # could go on reading them, so what cannot be analysed there is flagged.
    path = tmp_path / "tail.pkl"
    path.write_bytes(pickle.dumps(CallsSystem(), protocol=2) + b"\xff\xff")
    scan = pickle_scan.scan_file(path)
    assert "unanalysed" in [i.special for i in scan.flagged]
