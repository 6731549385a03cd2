"""RIFE IFNet (SONIC_FACTS §4): structure, flownet.pkl keys, padding, streaming order."""

from __future__ import annotations

import pytest
import torch
from tiny_checkpoints import rife_state_shapes

from sonic_desktop.engines.sonic.rife import (
    IFNet,
    interleave,
    interpolate,
    load_ifnet,
    strip_module_prefix,
    warp,
)


def _zero_heads(model: IFNet) -> IFNet:
    """Flow and mask heads output 0: every block predicts no motion and a 0.5 blend."""
    with torch.no_grad():
        for block in (model.block0, model.block1, model.block2):
            for head in (block.conv1, block.conv2):
                head[2].weight.zero_()
                head[2].bias.zero_()
    return model.eval()


def test_structure_and_parameter_counts():
    model = IFNet()
    shapes = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert shapes == rife_state_shapes()
    assert sum(p.numel() for p in model.parameters()) == 3_038_015
    used = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("block_tea"))
    assert used == 2_277_600


def test_loads_the_dataparallel_state_dict_strictly():
    state = {f"module.{k}": v for k, v in IFNet().state_dict().items()}
    state["something_else"] = torch.zeros(1)  # dropped: not "module."-prefixed
    model = load_ifnet(state)
    assert isinstance(model, IFNet)
    assert set(strip_module_prefix(state)) == set(rife_state_shapes())
    del state["module.block_tea.conv0.0.0.weight"]
    with pytest.raises(RuntimeError, match="block_tea"):
        load_ifnet(state)


def test_no_motion_gives_the_average_of_the_two_frames():
    model = _zero_heads(IFNet())
    a = torch.rand(1, 3, 32, 48)
    b = torch.rand(1, 3, 32, 48)
    middle = interpolate(model, a, b)
    assert middle.shape == (1, 3, 32, 48)
    assert torch.allclose(middle, (a + b) / 2, atol=1e-5)


def test_sides_that_are_not_multiples_of_16_are_padded_and_cropped():
    model = _zero_heads(IFNet())
    a = torch.rand(1, 3, 36, 50)
    b = torch.rand(1, 3, 36, 50)
    middle = interpolate(model, a, b)
    assert middle.shape == (1, 3, 36, 50)
    assert torch.allclose(middle, (a + b) / 2, atol=1e-5)
    torch.manual_seed(0)
    random_model = IFNet().eval()  # real flows: still the right shape and range
    out = interpolate(random_model, a, b)
    assert out.shape == (1, 3, 36, 50) and out.min() >= 0 and out.max() <= 1


def test_warp_by_whole_pixels():
    image = torch.arange(16.0).reshape(1, 1, 4, 4)
    flow = torch.zeros(1, 2, 4, 4)
    flow[:, 0] = 1.0  # sample one pixel to the right
    out = warp(image, flow)
    assert out[0, 0, :, :3].tolist() == image[0, 0, :, 1:].tolist()
    assert out[0, 0, :, 3].tolist() == image[0, 0, :, 3].tolist()  # border padding


def test_interleave_streams_2n_minus_1_frames_in_order():
    model = _zero_heads(IFNet())
    frames = [torch.full((3, 16, 16), v) for v in (0.0, 0.5, 1.0)]
    out = list(interleave(model, iter(frames), torch.device("cpu")))
    assert [round(f.mean().item(), 4) for f in out] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert next(interleave(model, iter(frames[:1]), torch.device("cpu"))) is frames[0]
