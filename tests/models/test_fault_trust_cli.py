"""Fault injection, trust (issue item 8): `sonic-desktop models trust / untrust` through
the CLI's main(argv). Refusals are one line on stderr; the import list comes first."""

from __future__ import annotations

import argparse
import io
import zipfile
from pathlib import Path

import pytest
import torch

from sonic_desktop.cli import main
from sonic_desktop.core.errors import UntrustedWeights
from sonic_desktop.models.safe_load import load_state_dict
from sonic_desktop.models.trust import TrustStore, sha256_file

OS_SYSTEM_PICKLE = b"\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03."


class Terminal(io.StringIO):
    """Stands in for an interactive stdin."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def malicious(tmp_path: Path) -> Path:
    path = tmp_path / "unet.pth"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", OS_SYSTEM_PICKLE)
        archive.writestr("archive/version", "3\n")
    return path


def needs_trust(tmp_path: Path) -> Path:
    # Needs full unpickling (argparse.Namespace), harmless if ever loaded.
    path = tmp_path / "audio2token.pth"
    torch.save({"a": torch.ones(2), "args": argparse.Namespace(lr=1)}, path)
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_fault_trust_cli_lists_imports_and_refuses_without_a_terminal(tmp_path, capsys):
    path = malicious(tmp_path)
    assert main(["models", "trust", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "! os.system" in out and "not on the allow-list" in out
    line = one_error_line(err)
    assert str(path) in line and "confirming needs a terminal" in line and "--yes" in line
    assert TrustStore().records() == []


def test_fault_trust_cli_asks_on_a_terminal(tmp_path, capsys, monkeypatch):
    path = needs_trust(tmp_path)
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert main(["models", "trust", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "! argparse.Namespace" in out and "was not trusted" in out
    assert "[y/N]" in err and TrustStore().records() == []

    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert main(["models", "trust", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert f"SHA-256 {sha256_file(path)}" in out and "models untrust" in out
    assert TrustStore().is_trusted(sha256_file(path))


def test_fault_trust_cli_trust_list_untrust_and_refused_again(tmp_path, capsys):
    path = needs_trust(tmp_path)
    digest = sha256_file(path)
    assert main(["models", "trust", "--yes", str(path)]) == 0
    capsys.readouterr()
    assert torch.equal(load_state_dict(path)["a"], torch.ones(2))

    assert main(["models", "trust", "--list"]) == 0
    out, _ = capsys.readouterr()
    assert digest in out and "audio2token.pth" in out

    assert main(["models", "untrust", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "revoked" in out
    with pytest.raises(UntrustedWeights):
        load_state_dict(path)
    assert main(["models", "untrust", str(path)]) == 1
    assert "was not trusted" in capsys.readouterr().out

    # By SHA-256 prefix, for a file that has since changed or gone.
    assert main(["models", "trust", "--yes", str(path)]) == 0
    path.unlink()
    capsys.readouterr()
    assert main(["models", "untrust", digest[:12]]) == 0
    assert TrustStore().records() == []
    assert main(["models", "trust", "--list"]) == 0
    assert "No file is trusted." in capsys.readouterr().out


def test_fault_trust_cli_json_report(tmp_path, capsys):
    import json

    path = needs_trust(tmp_path)
    assert main(["models", "trust", "--yes", "--json", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["trusted"] is True and report["sha256"] == sha256_file(path)
    assert report["not_allow_listed"] == ["argparse.Namespace"]


def test_fault_trust_cli_refuses_a_truncated_pth_in_one_line(tmp_path, capsys):
    whole = tmp_path / "whole.pth"
    torch.save({"w": torch.arange(2048.0)}, whole)
    cut = tmp_path / "unet.pth"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert main(["models", "trust", str(cut)]) == 2
    out, err = capsys.readouterr()
    line = one_error_line(err)
    assert str(cut) in line and "download it again" in line
    assert "BadZipFile" not in line and "unexpected failure" not in line and out == ""


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["models", "trust", "{tmp}/absent.pth"], "does not exist"),
        (["models", "untrust", "not-a-hash"], "neither a file nor a SHA-256"),
    ],
)
def test_fault_trust_cli_other_refusals_are_one_line(tmp_path, capsys, argv, words):
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert code == 2
    assert words in one_error_line(capsys.readouterr().err)


def test_fault_trust_cli_a_benign_file_needs_no_trust(tmp_path, capsys):
    path = tmp_path / "plain.pth"
    torch.save(torch.nn.Linear(2, 2).state_dict(), path)
    assert main(["models", "trust", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert "without trust" in out and "\n  ! " not in out
    assert "torch._utils._rebuild_tensor_v2" in out
    assert TrustStore().records() == []


@pytest.mark.parametrize("content", ['{"version": 1, "files": 5}', '{"files": [1]}', "[]", "7"])
def test_fault_a_wrongly_shaped_trust_file_trusts_nothing(tmp_path, content):
    # '"files": 5' made `models trust --list` fail with "unexpected failure (AttributeError…)".
    from sonic_desktop.models.trust import TrustStore

    path = tmp_path / "trusted_weights.json"
    path.write_text(content, encoding="utf-8")
    assert TrustStore(path).records() == []
