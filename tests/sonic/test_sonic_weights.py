"""Missing, wrong-sized and untrusted weights stop a render with the file named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch
from tiny_checkpoints import tiny_weights_fixture  # noqa: F401  (the tiny_weights fixture)

from sonic_desktop.core.errors import UntrustedWeights, WeightsMissing
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.engines.sonic import SonicEngine
from sonic_desktop.engines.sonic.components import load_adapters, load_rife, load_unet
from sonic_desktop.models.layouts import discover
from sonic_desktop.models.trust import TrustStore


@pytest.fixture
def weights_copy(tiny_weights, tmp_path):
    """The tiny set as symlinks, so single files can be removed or replaced cheaply."""
    root = tmp_path / "checkpoints"
    for source in tiny_weights.rglob("*"):
        if source.is_file():
            target = root / source.relative_to(tiny_weights)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    return root


def _prepare(root: Path, portrait_path, speech_path, **settings):
    settings = RenderSettings(engine="sonic", min_resolution=128, **settings)
    request = RenderRequest(
        portrait_path, speech_path, root / "out.mp4", settings, weights_dir=root
    )
    return SonicEngine().prepare(request, lambda e: None)


def _replace(path: Path, data: bytes | None = None, obj: object = None) -> None:
    path.unlink()
    if obj is not None:
        torch.save(obj, path)
    else:
        path.write_bytes(data or b"")


def test_a_missing_file_is_named(weights_copy, portrait_path, speech_path):
    (weights_copy / "Sonic" / "audio2bucket.pth").unlink()
    with pytest.raises(WeightsMissing) as caught:
        _prepare(weights_copy, portrait_path, speech_path)
    assert "Sonic/audio2bucket.pth" in str(caught.value) and "missing" in str(caught.value)


def test_a_truncated_file_is_wrong_size(weights_copy, portrait_path, speech_path):
    target = weights_copy / "Sonic" / "audio2token.pth"
    data = target.read_bytes()[:50_000_000]
    _replace(target, data)
    with pytest.raises(WeightsMissing) as caught:
        _prepare(weights_copy, portrait_path, speech_path)
    assert "Sonic/audio2token.pth: wrong size" in str(caught.value)


def test_rife_is_only_needed_with_frame_interpolation(weights_copy, portrait_path, speech_path):
    (weights_copy / "RIFE" / "flownet.pkl").unlink()
    with pytest.raises(WeightsMissing, match=r"RIFE/flownet\.pkl"):
        _prepare(weights_copy, portrait_path, speech_path)
    plan = _prepare(weights_copy, portrait_path, speech_path, frame_interpolation=False)
    assert plan.fps == 12.5 and plan.frame_count == 25  # 2.0 s: N = 25


def test_prepare_counts_frames_and_reports_an_estimate(weights_copy, portrait_path, speech_path):
    plan = _prepare(weights_copy, portrait_path, speech_path, seed=None)
    assert plan.frame_count == 2 * 25 - 1 and plan.fps == 25.0 and plan.width == 128
    assert plan.estimate_seconds is not None and plan.estimate_seconds > 0
    assert any("Random seed" in n for n in plan.notices)
    assert plan.state.runtime.device.type == "cpu" and plan.state.runtime.dtype == torch.float32


def test_unet_pth_must_cover_every_key(weights_copy):
    target = weights_copy / "Sonic" / "unet.pth"
    state = torch.load(target, weights_only=True)
    dropped = (
        "mid_block.attentions.0.temporal_transformer_blocks.0.attn2.processor.to_v_ip.0.weight"
    )
    del state[dropped]
    _replace(target, obj=state)
    layout = discover(weights_copy, include_defaults=False)
    with pytest.raises(WeightsMissing) as caught:
        load_unet(layout, torch.float32, 1.0, TrustStore())
    message = str(caught.value)
    assert "Sonic/unet.pth" in message and "1 missing keys" in message and dropped in message


def test_wrong_tensor_shapes_are_named(weights_copy):
    target = weights_copy / "Sonic" / "audio2bucket.pth"
    state = torch.load(target, weights_only=True)
    state["proj3.weight"] = torch.zeros(3, 1024, dtype=torch.float16)
    _replace(target, obj=state)
    layout = discover(weights_copy, include_defaults=False)
    with pytest.raises(WeightsMissing) as caught:
        load_adapters(layout, TrustStore())
    assert "Sonic/audio2bucket.pth" in str(caught.value)
    assert "proj3.weight: [3, 1024] in the file, [2, 1024] in the model" in str(caught.value)


def test_a_pickled_object_is_refused_until_trusted_then_converted(weights_copy, monkeypatch):
    import argparse

    from sonic_desktop.models.trust import converted_dir

    target = weights_copy / "RIFE" / "flownet.pkl"
    state = torch.load(target, weights_only=True)
    # Training metadata as a Python object: weights_only=True refuses to unpickle it.
    _replace(target, obj={**state, "args": argparse.Namespace(lr=1e-4)})
    layout = discover(weights_copy, include_defaults=False)
    trust = TrustStore()
    with pytest.raises(UntrustedWeights) as caught:
        load_rife(layout, trust)
    assert "RIFE/flownet.pkl" in str(caught.value) and "models trust" in caught.value.hint
    assert list(converted_dir().iterdir()) == []

    trust.trust(target, "pickle")
    first = load_rife(layout, trust)  # unpickled once, the object dropped, converted
    (converted,) = converted_dir().iterdir()
    assert converted.suffix == ".safetensors"

    def no_unpickling(*args, **kwargs):
        if not kwargs.get("weights_only", False):
            raise AssertionError("a trusted pickle was unpickled twice")
        return real_load(*args, **kwargs)

    real_load = torch.load
    monkeypatch.setattr(torch, "load", no_unpickling)
    second = load_rife(layout, trust)
    assert all(
        torch.equal(a, b) for a, b in zip(first.parameters(), second.parameters(), strict=True)
    )

    # A changed file is a different file: trust does not carry over.
    _replace(target, obj={**state, "args": argparse.Namespace(lr=2e-4)})
    with pytest.raises(UntrustedWeights):
        load_rife(layout, trust)


def test_checkpoint_folder_can_be_copied_whole(tiny_weights, tmp_path):
    """The generator's set is self-contained: a copy elsewhere is discovered the same way."""
    copy = tmp_path / "elsewhere" / "checkpoints"
    shutil.copytree(tiny_weights, copy, symlinks=False)
    layout = discover(copy.parent, include_defaults=False)  # a folder holding checkpoints/
    assert layout.path("sonic_unet") == copy / "Sonic" / "unet.pth"


class _RunsACommand:
    """Unpickling this would call os.system: the file must be refused before that."""

    def __reduce__(self):
        import os

        return (os.system, ("echo pwned",))


def test_a_malicious_whisper_bin_is_refused_in_one_line(weights_copy):
    from sonic_desktop.engines.sonic.components import load_whisper

    folder = weights_copy / "whisper-tiny"
    state = {"encoder.conv1.weight": torch.zeros(1), "payload": _RunsACommand()}
    (folder / "model.safetensors").unlink()
    torch.save(state, folder / "pytorch_model.bin")
    layout = discover(weights_copy, include_defaults=False)
    with pytest.raises(UntrustedWeights) as caught:
        load_whisper(layout)
    text = str(caught.value)  # the message and its hint, as the CLI prints it
    assert "whisper-tiny/pytorch_model.bin" in text and "system" in text, text
    assert "weights_only=False" not in text and "\n" not in text, text
