"""The official face detector (`yoloface_v5m.pt`, TorchScript) and its decoding (SONIC_FACTS §1.1).

Used only when the user has trusted the file (it is a program, not just weights);
otherwise the shared dlib detector finds the face. Deviation, on purpose: when there
are several faces the truly largest one is taken (the official "maxface" loop keeps
the last face larger than the first one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import torch

INPUT_SHORT_SIDE = 416
STRIDES = (8, 16, 32)
CONF_THRESHOLD = 0.5
IOU_THRESHOLD = 0.45


@dataclass(frozen=True)
class Detection:
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in source pixels
    score: float
    landmarks: np.ndarray  # (5, 2) in source pixels

    @property
    def area(self) -> float:
        return (self.box[2] - self.box[0]) * (self.box[3] - self.box[1])


def input_size(height: int, width: int) -> tuple[int, int]:
    """(h1, w1): short side to 416, each side rounded up to a multiple of 32."""
    ratio = INPUT_SHORT_SIDE / min(height, width)
    h1 = (int(height * ratio) + 31) // 32 * 32
    w1 = (int(width * ratio) + 31) // 32 * 32
    return h1, w1


def grids(h1: int, w1: int) -> list[torch.Tensor]:
    """(1, 1, h/s, w/s, 2) cell (x, y) indices per stride."""
    out = []
    for stride in STRIDES:
        ny, nx = h1 // stride, w1 // stride
        yv, xv = torch.meshgrid(torch.arange(ny), torch.arange(nx), indexing="ij")
        out.append(torch.stack((xv, yv), 2).view(1, 1, ny, nx, 2).float())
    return out


def nms(boxes: torch.Tensor, scores: torch.Tensor, iou_threshold: float) -> list[int]:
    """Greedy non-maximum suppression over (K, 4) corner boxes; indices kept, best first."""
    order = torch.argsort(scores, descending=True).tolist()
    keep: list[int] = []
    areas = (boxes[:, 2] - boxes[:, 0]).clamp(min=0) * (boxes[:, 3] - boxes[:, 1]).clamp(min=0)
    while order:
        best = order.pop(0)
        keep.append(best)
        rest = []
        for other in order:
            x1 = max(boxes[best, 0], boxes[other, 0])
            y1 = max(boxes[best, 1], boxes[other, 1])
            x2 = min(boxes[best, 2], boxes[other, 2])
            y2 = min(boxes[best, 3], boxes[other, 3])
            inter = max(float(x2 - x1), 0.0) * max(float(y2 - y1), 0.0)
            union = float(areas[best] + areas[other]) - inter
            if union <= 0 or inter / union <= iou_threshold:
                rest.append(other)
        order = rest
    return keep


@torch.no_grad()
def detect(model: Any, image: np.ndarray) -> list[Detection]:
    """Faces in an (H, W, 3) uint8 RGB image, largest first."""
    h0, w0 = image.shape[:2]
    h1, w1 = input_size(h0, w0)
    resized = cv2.resize(image, (w1, h1), interpolation=cv2.INTER_LINEAR)
    tensor = torch.from_numpy(resized.astype(np.float32) / 255.0).permute(2, 0, 1)[None]
    pred = model(tensor.contiguous(), grids(h1, w1))
    if isinstance(pred, (tuple, list)):
        pred = pred[0]
    rows = pred.reshape(-1, pred.shape[-1]).float()
    rows = rows[rows[:, 4] > CONF_THRESHOLD]
    if rows.shape[0] == 0:
        return []
    conf = rows[:, 15] * rows[:, 4]
    cx, cy, bw, bh = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
    boxes = torch.stack((cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2), 1)
    keep_conf = conf > CONF_THRESHOLD
    boxes, conf, marks = boxes[keep_conf], conf[keep_conf], rows[keep_conf, 5:15]
    sx, sy = w0 / w1, h0 / h1
    found = []
    for index in nms(boxes, conf, IOU_THRESHOLD):
        x1, y1, x2, y2 = boxes[index].tolist()
        points = marks[index].reshape(5, 2).numpy() * np.array([sx, sy], dtype=np.float32)
        found.append(Detection((x1 * sx, y1 * sy, x2 * sx, y2 * sy), float(conf[index]), points))
    return sorted(found, key=lambda d: d.area, reverse=True)
