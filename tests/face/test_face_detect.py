"""Detection, landmarks and face choice on scikit-image's astronaut (NASA, public domain)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage import data

from sonic_desktop.core.errors import FaceTooSmall, NoFaceFound
from sonic_desktop.face import (
    LEFT_EYE,
    MOUTH,
    RIGHT_EYE,
    FaceBox,
    analyse_face,
    detect_faces,
    full_face_box,
    landmark_problem,
)
from sonic_desktop.face import analyse as analyse_module

# The astronaut's face, checked by eye on a debug drawing: dlib's box is about
# (179, 83)-(267, 171), brows to mouth-chin, on a 512x512 image.
ASTRONAUT_BOX = FaceBox(179, 83, 267, 171)


@pytest.fixture(scope="module")
def astronaut() -> np.ndarray:
    return data.astronaut()


def _near_box(points: np.ndarray, box: FaceBox, margin: float) -> bool:
    mx, my = margin * box.width, margin * box.height
    return bool(
        np.all(
            (points[:, 0] >= box.x1 - mx)
            & (points[:, 0] <= box.x2 + mx)
            & (points[:, 1] >= box.y1 - my)
            & (points[:, 1] <= box.y2 + my)
        )
    )


def test_astronaut_has_one_face_with_sane_landmarks(astronaut: np.ndarray) -> None:
    faces = detect_faces(astronaut)
    assert len(faces) == 1
    face = faces[0]
    box = face.box
    assert 165 < box.x1 < 195 and 70 < box.y1 < 100
    assert 250 < box.x2 < 285 and 155 < box.y2 < 190
    assert face.score > 0.5
    assert face.landmarks.shape == (68, 2) and face.landmarks.dtype == np.float32
    # The jaw runs a little below dlib's box; everything stays within 25% of it.
    assert _near_box(face.landmarks, box, 0.25)
    mouth_y = face.landmarks[MOUTH][:, 1].mean()
    eyes_y = face.landmarks[[*LEFT_EYE, *RIGHT_EYE]][:, 1].mean()
    assert mouth_y > eyes_y + 0.25 * box.height
    # Subject's right eye appears on the image's left.
    assert face.landmarks[RIGHT_EYE][:, 0].mean() < face.landmarks[LEFT_EYE][:, 0].mean()


def test_analyse_single_face_has_no_notice(astronaut: np.ndarray) -> None:
    result = analyse_face(astronaut)
    assert result.notice is None
    assert result.faces == (result.face,)


def test_largest_of_two_faces_is_chosen(astronaut: np.ndarray) -> None:
    crop = astronaut[40:220, 140:310]
    large = cv2.resize(crop, None, fx=1.6, fy=1.6, interpolation=cv2.INTER_AREA)
    canvas = np.full((500, 800, 3), 128, np.uint8)
    canvas[150 : 150 + crop.shape[0], 60 : 60 + crop.shape[1]] = crop  # small, on the left
    canvas[100 : 100 + large.shape[0], 420 : 420 + large.shape[1]] = large
    result = analyse_face(canvas)
    assert len(result.faces) == 2
    assert result.face is result.faces[0]
    assert result.face.box.x1 > 400  # the large copy on the right
    assert result.faces[0].box.area > 2 * result.faces[1].box.area
    assert result.notice is not None
    assert result.notice.startswith("Found 2 faces; using the largest (box ")


def test_blank_image_has_no_face() -> None:
    with pytest.raises(NoFaceFound) as err:
        analyse_face(np.full((300, 400, 3), 128, np.uint8))
    assert "No face" in str(err.value) and "\n" not in str(err.value)


def test_tiny_face_is_rejected(astronaut: np.ndarray) -> None:
    factor = 40 / ASTRONAUT_BOX.width  # face ~40 px wide
    small = cv2.resize(astronaut, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    with pytest.raises((FaceTooSmall, NoFaceFound)) as err:
        analyse_face(small)
    if isinstance(err.value, FaceTooSmall):
        assert "larger picture" in str(err.value)


def test_explicit_box_skips_detection(
    astronaut: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_detection(*args: object, **kwargs: object) -> None:
        raise AssertionError("detection must not run when a face box is given")

    detected = analyse_face(astronaut).face
    whole = full_face_box(detected.landmarks, *astronaut.shape[:2])
    monkeypatch.setattr(analyse_module, "detect_faces", no_detection)
    result = analyse_face(astronaut, face_box=whole)
    assert result.face.box == whole
    assert np.isnan(result.face.score)
    assert result.notice is None and result.faces == (result.face,)
    assert _near_box(result.face.landmarks, whole, 0.25)
    assert result.face.landmarks[MOUTH][:, 1].mean() > result.face.landmarks[RIGHT_EYE][:, 1].mean()
    # A whole-face box fits the same landmarks as detection does, within a few pixels,
    # so picking a face in the GUI renders like letting the engine detect it.
    assert np.abs(result.face.landmarks - detected.landmarks).max() < 6


def test_explicit_box_off_the_image_is_a_user_error(astronaut: np.ndarray) -> None:
    with pytest.raises(NoFaceFound):
        analyse_face(astronaut, face_box=FaceBox(600, 600, 700, 700))


def test_explicit_small_box_is_too_small(astronaut: np.ndarray) -> None:
    with pytest.raises(FaceTooSmall):
        analyse_face(astronaut, face_box=FaceBox(200, 100, 250, 150))


def test_collapsed_landmarks_ask_for_a_front_facing_photo(
    astronaut: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A synthetic broken fit: every point on one spot, as a failed profile fit might be.
    collapsed = np.full((68, 2), 220.0, np.float32)
    monkeypatch.setattr(analyse_module, "predict_landmarks", lambda image, box: collapsed)
    with pytest.raises(NoFaceFound) as err:
        analyse_face(astronaut, face_box=ASTRONAUT_BOX)
    assert "front-facing" in str(err.value)


def test_landmark_problem_is_conservative(astronaut: np.ndarray) -> None:
    face = detect_faces(astronaut)[0]
    assert landmark_problem(face.landmarks, face.box) is None
    moved = face.landmarks.copy()
    moved[MOUTH] += (0.0, 3 * face.box.height)  # mouth pushed far below the chin
    assert landmark_problem(moved, face.box) == "the mouth lies far outside the face box"
    bad = face.landmarks.copy()
    bad[0, 0] = np.nan
    assert landmark_problem(bad, face.box) is not None


def test_large_photo_maps_boxes_back_to_full_resolution(astronaut: np.ndarray) -> None:
    scale = 3000 / 512
    big = cv2.resize(astronaut, (3000, 3000), interpolation=cv2.INTER_LINEAR)[:2000]
    result = analyse_face(big)
    assert len(result.faces) == 1
    back = result.face.box.scaled(1 / scale)
    # Same face as at 512 px, within a few source pixels after the 800 px detection copy.
    for got, want in zip(back.as_xywh(), ASTRONAUT_BOX.as_xywh(), strict=True):
        assert abs(got - want) < 10
    assert _near_box(result.face.landmarks, result.face.box, 0.25)


def test_greyscale_and_rgba_inputs_are_accepted(astronaut: np.ndarray) -> None:
    grey = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY)
    rgba = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)])
    assert len(detect_faces(grey)) == 1
    assert len(detect_faces(rgba)) == 1
    with pytest.raises(ValueError):
        detect_faces(astronaut.astype(np.float32))


def test_concurrent_calls_agree(astronaut: np.ndarray) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: analyse_face(astronaut), range(8)))
    first = results[0].face
    for result in results[1:]:
        assert result.face.box == first.box
        np.testing.assert_array_equal(result.face.landmarks, first.landmarks)


def test_weak_false_detections_are_not_counted_next_to_a_real_face(monkeypatch):
    """A confident face and a weak blob (like the astronaut's mission patch): the blob
    is neither chosen nor reported as a second face."""
    from sonic_desktop.face import analyse as analyse_mod

    real = analyse_mod.Face(FaceBox(100, 100, 200, 200), _fake_landmarks(100, 100, 200, 200), 1.2)
    blob = analyse_mod.Face(FaceBox(0, 0, 150, 150), _fake_landmarks(0, 0, 150, 150), 0.05)
    monkeypatch.setattr(analyse_mod, "detect_faces", lambda _img: [blob, real])
    result = analyse_mod.analyse_face(np.zeros((300, 300, 3), np.uint8))
    assert result.face is real
    assert result.faces == (real,) and result.notice is None


def _fake_landmarks(x1, y1, x2, y2):
    """68 points spread over the box, mouth in the lower third: a plausible fit."""
    xs = np.linspace(x1 + 5, x2 - 5, 68)
    ys = np.linspace(y1 + 5, y2 - 5, 68)
    points = np.stack([xs, ys], axis=1).astype(np.float32)
    points[48:68, 1] = y1 + 0.8 * (y2 - y1)
    return points
