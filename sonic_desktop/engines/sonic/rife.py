"""Phase 7: RIFE frame interpolation (IFNet HDv3, SONIC_FACTS §4), written from the spec.

`IFNet` matches the official module structure, so `RIFE/flownet.pkl` (a DataParallel
state dict with `module.`-prefixed keys) loads strictly once the prefix is stripped.
`block_tea` is loaded but never run. Frames whose sides are not multiples of 16 are
padded (replicating the border) and the result cropped back; Sonic's own frames are
multiples of 64, so they are never padded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import torch
import torch.nn.functional as F
from torch import nn

WIDTH = 90
SCALES = (4.0, 2.0, 1.0)
PAD_MULTIPLE = 16


def _conv(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=True), nn.PReLU(cout))


def _head(out_channels: int, c: int = WIDTH) -> nn.Sequential:
    return nn.Sequential(
        nn.ConvTranspose2d(c, c // 2, 4, 2, 1),
        nn.PReLU(c // 2),
        nn.ConvTranspose2d(c // 2, out_channels, 4, 2, 1),
    )


class IFBlock(nn.Module):
    def __init__(self, in_planes: int, c: int = WIDTH) -> None:
        super().__init__()
        self.conv0 = nn.Sequential(_conv(in_planes, c // 2, 2), _conv(c // 2, c, 2))
        self.convblock0 = nn.Sequential(_conv(c, c), _conv(c, c))
        self.convblock1 = nn.Sequential(_conv(c, c), _conv(c, c))
        self.convblock2 = nn.Sequential(_conv(c, c), _conv(c, c))
        self.convblock3 = nn.Sequential(_conv(c, c), _conv(c, c))
        self.conv1 = _head(4, c)
        self.conv2 = _head(1, c)

    def forward(
        self, x: torch.Tensor, flow: torch.Tensor, scale: float
    ) -> tuple[torch.Tensor, torch.Tensor]:
        x = F.interpolate(x, scale_factor=1.0 / scale, mode="bilinear", align_corners=False)
        flow = (
            F.interpolate(flow, scale_factor=1.0 / scale, mode="bilinear", align_corners=False)
            * 1.0
            / scale
        )
        feat = self.conv0(torch.cat((x, flow), 1))
        feat = self.convblock0(feat) + feat
        feat = self.convblock1(feat) + feat
        feat = self.convblock2(feat) + feat
        feat = self.convblock3(feat) + feat
        flow = self.conv1(feat)
        mask = self.conv2(feat)
        flow = F.interpolate(flow, scale_factor=scale, mode="bilinear", align_corners=False) * scale
        mask = F.interpolate(mask, scale_factor=scale, mode="bilinear", align_corners=False)
        return flow, mask


def _swap(flow: torch.Tensor) -> torch.Tensor:
    """Exchange the two flows: channels 0-1 with 2-3."""
    return torch.cat((flow[:, 2:4], flow[:, :2]), 1)


def warp(image: torch.Tensor, flow: torch.Tensor) -> torch.Tensor:
    """Backward warp with a flow in pixels (bilinear, border padding, align_corners)."""
    batch, _, height, width = flow.shape
    xs = torch.linspace(-1.0, 1.0, width, device=flow.device).view(1, 1, 1, width)
    ys = torch.linspace(-1.0, 1.0, height, device=flow.device).view(1, 1, height, 1)
    grid = torch.cat((xs.expand(batch, -1, height, -1), ys.expand(batch, -1, -1, width)), 1)
    flow = torch.cat(
        (flow[:, 0:1] / ((width - 1.0) / 2.0), flow[:, 1:2] / ((height - 1.0) / 2.0)), 1
    )
    coords = (grid + flow).permute(0, 2, 3, 1)
    return F.grid_sample(image, coords, mode="bilinear", padding_mode="border", align_corners=True)


class IFNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.block0 = IFBlock(7 + 4)
        self.block1 = IFBlock(7 + 4)
        self.block2 = IFBlock(7 + 4)
        self.block_tea = IFBlock(7 + 4 + 3)  # training-time teacher: loaded, never run

    def forward(self, x: torch.Tensor, scale: float = 1.0) -> torch.Tensor:
        """x (B, 6, H, W): two frames in [0, 1] -> their midpoint (B, 3, H, W), unclamped."""
        img0, img1 = x[:, :3], x[:, 3:6]
        batch, _, height, width = x.shape
        flow = x.new_zeros(batch, 4, height, width)
        mask = x.new_zeros(batch, 1, height, width)
        warped0, warped1 = img0, img1
        for block, block_scale in zip((self.block0, self.block1, self.block2), SCALES, strict=True):
            f0, m0 = block(torch.cat((warped0, warped1, mask), 1), flow, block_scale / scale)
            f1, m1 = block(
                torch.cat((warped1, warped0, -mask), 1), _swap(flow), block_scale / scale
            )
            flow = flow + (f0 + _swap(f1)) / 2
            mask = mask + (m0 - m1) / 2
            warped0 = warp(img0, flow[:, :2])
            warped1 = warp(img1, flow[:, 2:4])
        weight = torch.sigmoid(mask)
        return warped0 * weight + warped1 * (1 - weight)


def strip_module_prefix(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Keep only `module.`-prefixed keys, without the prefix (as the official loader)."""
    return {k.replace("module.", ""): v for k, v in state.items() if "module." in k}


def load_ifnet(state: dict[str, torch.Tensor]) -> IFNet:
    model = IFNet()
    model.load_state_dict(strip_module_prefix(state), strict=True)
    return model.eval().float()


@torch.no_grad()
def interpolate(model: IFNet, first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """Midpoints of frame pairs (B, 3, H, W) in [0, 1], clamped to [0, 1].

    Sides that are not multiples of 16 are padded by replicating the border.
    """
    height, width = first.shape[-2:]
    pad_h = (-height) % PAD_MULTIPLE
    pad_w = (-width) % PAD_MULTIPLE
    x = torch.cat((first, second), 1)
    if pad_h or pad_w:
        x = F.pad(x, (0, pad_w, 0, pad_h), mode="replicate")
    middle = model(x)[:, :, :height, :width]
    return middle.clamp(0, 1)


def interleave(
    model: IFNet, frames: Iterable[torch.Tensor], device: torch.device
) -> Iterator[torch.Tensor]:
    """Stream f0, m01, f1, m12, …, f_{N−1} (2N − 1 frames) from a stream of (3, H, W)
    frames in [0, 1]; only the previous frame is kept."""
    previous: torch.Tensor | None = None
    for frame in frames:
        if previous is not None:
            middle = interpolate(model, previous[None].to(device), frame[None].to(device))
            yield middle[0]
        yield frame
        previous = frame
