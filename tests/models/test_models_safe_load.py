"""Safe loading: safetensors, weights_only pickles, refusal and trust by SHA-256."""

from __future__ import annotations

import argparse
import hashlib

import pytest
import torch
from safetensors.torch import save_file

from sonic_desktop.core.errors import UntrustedWeights, WeightsMissing
from sonic_desktop.models.safe_load import load_state_dict, needs_trust, tensor_dict
from sonic_desktop.models.trust import TrustStore, converted_dir, converted_path, sha256_file


def test_safetensors_and_plain_pickles_load(tmp_path):
    save_file({"a": torch.ones(3)}, str(tmp_path / "w.safetensors"))
    assert torch.equal(load_state_dict(tmp_path / "w.safetensors")["a"], torch.ones(3))
    torch.save({"a": torch.ones(2)}, tmp_path / "zip.pth")
    assert torch.equal(load_state_dict(tmp_path / "zip.pth")["a"], torch.ones(2))
    torch.save({"a": torch.ones(2)}, tmp_path / "legacy.pkl", _use_new_zipfile_serialization=False)
    assert torch.equal(load_state_dict(tmp_path / "legacy.pkl")["a"], torch.ones(2))
    torch.save({"epoch": 3, "state_dict": {"b": torch.zeros(1)}}, tmp_path / "nested.pth")
    assert list(load_state_dict(tmp_path / "nested.pth")) == ["b"]


def test_a_pickled_object_is_refused_with_its_hash(tmp_path):
    path = tmp_path / "model.pth"
    torch.save({"a": torch.ones(2), "args": argparse.Namespace(x=1)}, path)
    with pytest.raises(UntrustedWeights) as caught:
        load_state_dict(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest[:16] in caught.value.message and "model.pth" in caught.value.message
    assert "models trust" in caught.value.hint
    assert needs_trust(path) == "pickle"
    assert not converted_path(digest).exists()


def test_trusted_pickles_are_converted_once(tmp_path, monkeypatch):
    path = tmp_path / "model.pth"
    torch.save({"a": torch.arange(4.0), "args": argparse.Namespace(x=1)}, path)
    store = TrustStore()
    record = store.trust(path, "pickle")
    assert record.sha256 == sha256_file(path) and store.is_trusted(record.sha256)
    assert torch.equal(load_state_dict(path, trust=store)["a"], torch.arange(4.0))
    assert converted_path(record.sha256).exists()
    assert [p.name for p in converted_dir().iterdir()] == [f"{record.sha256}.safetensors"]

    real_load = torch.load

    def only_weights(*args, **kwargs):
        assert kwargs.get("weights_only") is True, "unpickled twice"
        return real_load(*args, **kwargs)

    monkeypatch.setattr(torch, "load", only_weights)
    assert torch.equal(load_state_dict(path, trust=store)["a"], torch.arange(4.0))
    assert store.revoke(record.sha256) and not store.is_trusted(record.sha256)


def test_the_trust_record_survives_and_a_broken_one_trusts_nothing(tmp_path):
    path = tmp_path / "x.pt"
    torch.save({"a": torch.ones(1), "o": argparse.Namespace()}, path)
    store = TrustStore(tmp_path / "trust.json")
    store.trust(path, "pickle")
    assert TrustStore(tmp_path / "trust.json").is_trusted(sha256_file(path))
    (tmp_path / "trust.json").write_text("{broken", encoding="utf-8")
    assert not TrustStore(tmp_path / "trust.json").is_trusted(sha256_file(path))
    with pytest.raises(ValueError):
        store.trust(path, "anything")


def test_damaged_files_are_reported_by_name(tmp_path):
    path = tmp_path / "audio2token.pth"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(WeightsMissing, match=r"audio2token\.pth could not be read"):
        load_state_dict(path)
    bad = tmp_path / "w.safetensors"
    bad.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}")
    with pytest.raises(WeightsMissing, match="not a readable safetensors"):
        load_state_dict(bad)
    with pytest.raises(WeightsMissing, match="no tensors"):
        tensor_dict({"epoch": 3}, "empty.pth")
