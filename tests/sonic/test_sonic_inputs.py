"""Reference image, CLIP pixels, face mask (SONIC_FACTS §1.3-§1.4), official detector (§1.1)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from PIL import Image
from tiny_checkpoints import tiny_weights_fixture  # noqa: F401  (the tiny_weights fixture)

from sonic_desktop.core.errors import UntrustedWeights
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.engines.inputs import prepare_inputs
from sonic_desktop.engines.sonic import SonicEngine
from sonic_desktop.engines.sonic.conditioning import (
    CLIP_MEAN,
    CLIP_STD,
    clip_pixels,
    reference_image,
)
from sonic_desktop.engines.sonic.detector import detect, grids, input_size, nms
from sonic_desktop.face import face_mask, resize_mask_like_official
from sonic_desktop.models.layouts import discover
from sonic_desktop.models.safe_load import load_torchscript, needs_trust
from sonic_desktop.models.trust import TrustStore


@pytest.fixture(scope="module")
def inputs(portrait_path, speech_path):
    settings = RenderSettings(min_resolution=128)
    return prepare_inputs(RenderRequest(portrait_path, speech_path, portrait_path, settings))


def test_reference_image_is_the_lanczos_resized_crop(inputs):
    ref = reference_image(inputs)
    assert ref.size == (128, 128) and ref.pixels.shape == (1, 3, 128, 128)
    x1, y1, x2, y2 = inputs.crop_box
    crop = Image.fromarray(inputs.source_image[y1:y2, x1:x2])
    expected = np.asarray(crop.resize((128, 128), Image.Resampling.LANCZOS), dtype=np.float32)
    expected = (expected / 255 - 0.5) / 0.5
    assert np.allclose(ref.pixels[0].permute(1, 2, 0).numpy(), expected, atol=1e-6)
    assert ref.pixels.min() >= -1 and ref.pixels.max() <= 1


def test_face_mask_is_built_on_the_crop_and_resized_with_lanczos(inputs):
    ref = reference_image(inputs)
    x1, y1, x2, y2 = inputs.crop_box
    box = inputs.analysis.face.box
    local = (box.x1 - x1, box.y1 - y1, box.width, box.height)
    mask = face_mask(y2 - y1, x2 - x1, local, area=1.1)
    expected = resize_mask_like_official(mask, 128, 128)
    assert ref.mask.shape == (1, 1, 128, 128)
    assert np.array_equal(ref.mask[0, 0].numpy(), expected)
    assert 0.1 < float(ref.mask.mean()) < 0.9  # the face, not the whole picture


def test_clip_pixels_equal_a_default_clip_image_processor():
    from transformers import CLIPImageProcessor

    rng = np.random.default_rng(0)
    image = Image.fromarray(rng.integers(0, 256, (96, 160, 3), dtype=np.uint8))
    ours = clip_pixels(image)
    square = image.resize((224, 224), Image.Resampling.LANCZOS)
    theirs = CLIPImageProcessor()(square, return_tensors="pt").pixel_values
    assert ours.shape == theirs.shape == (1, 3, 224, 224)
    assert torch.allclose(ours, theirs, atol=1e-5)
    by_hand = (np.asarray(square, dtype=np.float32)[0, 0] / 255 - CLIP_MEAN) / CLIP_STD
    assert np.allclose(ours[0, :, 0, 0].numpy(), by_hand, atol=1e-5)


def test_detector_input_size_and_grids():
    assert input_size(512, 512) == (416, 416)
    assert input_size(480, 640) == (416, 576)  # short side 416, long side rounded up to 32
    g8, g16, g32 = grids(416, 576)
    assert g8.shape == (1, 1, 52, 72, 2) and g32.shape == (1, 1, 13, 18, 2)
    assert g16[0, 0, 3, 5].tolist() == [5.0, 3.0]  # (x, y)


def test_nms_keeps_the_best_of_overlapping_boxes():
    boxes = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60.0]])
    scores = torch.tensor([0.8, 0.9, 0.7])
    assert nms(boxes, scores, 0.45) == [1, 2]


def test_torchscript_detector_needs_trust(tiny_weights):
    path = tiny_weights / "yoloface_v5m.pt"
    assert needs_trust(path) == "torchscript"
    assert needs_trust(tiny_weights / "Sonic" / "audio2bucket.pth") is None
    trust = TrustStore()
    with pytest.raises(UntrustedWeights, match="TorchScript"):
        load_torchscript(path, trust=trust)
    trust.trust(path, "torchscript")
    model = load_torchscript(path, trust=trust)
    image = np.zeros((300, 400, 3), dtype=np.uint8)
    (face,) = detect(model, image)
    # The stand-in returns the central half of its input, mapped back to source pixels.
    assert face.box == pytest.approx((100.0, 75.0, 300.0, 225.0), abs=1.0)
    assert face.score == pytest.approx(0.81) and face.landmarks.shape == (5, 2)


def test_a_trusted_detector_supplies_the_face_box(tiny_weights, portrait_path, speech_path):
    trust = TrustStore()
    trust.trust(tiny_weights / "yoloface_v5m.pt", "torchscript")
    engine = SonicEngine(trust=trust)
    request = RenderRequest(portrait_path, speech_path, portrait_path, RenderSettings())
    notices: list[str] = []
    layout = discover(tiny_weights, include_defaults=False)
    found = engine._with_official_face(request, layout, notices)
    assert found.face_box == pytest.approx((128.0, 128.0, 384.0, 384.0), abs=1.0)
    assert notices == []
    # An explicit face box always wins.
    explicit = dataclasses.replace(request, face_box=(10.0, 10.0, 200.0, 200.0))
    assert engine._with_official_face(explicit, layout, notices) is explicit
