"""Fixtures for the preview-engine tests: the astronaut portrait prepared the way
`prepare_inputs` prepares it (face crop, 512²). Plain helpers live in preview_helpers."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from sonic_desktop.face import analyse_face, process_bbox, sonic_target_size


@pytest.fixture(scope="session")
def astronaut() -> tuple[np.ndarray, np.ndarray]:
    """(frame 512×512 RGB, landmarks (68, 2)) of the face crop, as prepare_inputs makes it."""
    skimage_data = pytest.importorskip("skimage.data")
    image = np.ascontiguousarray(skimage_data.astronaut())
    face = analyse_face(image).face
    box = face.box
    x1, y1, x2, y2 = process_bbox((box.x1, box.y1, box.x2, box.y2), 0.5, *image.shape[:2])
    region = image[y1:y2, x1:x2]
    width, height = sonic_target_size(region.shape[1], region.shape[0], 512)
    frame = cv2.resize(region, (width, height), interpolation=cv2.INTER_LANCZOS4)
    scale = np.array([width / region.shape[1], height / region.shape[0]])
    landmarks = ((face.landmarks - (x1, y1)) * scale).astype(np.float32)
    return np.ascontiguousarray(frame), landmarks
