"""The face warp: exact identity at rest, a still background, no tearing, a real
mouth opening (one that dlib's landmark model tracks), blinks."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from sonic_desktop.engines.preview.animator import face_problem
from sonic_desktop.engines.preview.warp import MAX_OPENNESS, FaceWarper, Pose
from sonic_desktop.face import detect_faces

STRONG = Pose(
    openness=MAX_OPENNESS, width=-1.0, rounding=1.0, blink=1.0, brow=1.0,
    head_x=6.0, head_y=-5.0, head_roll=0.04,
)  # fmt: skip


@pytest.fixture(scope="module")
def warper(astronaut: tuple[np.ndarray, np.ndarray]) -> FaceWarper:
    frame, landmarks = astronaut
    return FaceWarper(frame, landmarks, max_head_px=10.0)


def on_canvas(astronaut: tuple[np.ndarray, np.ndarray], size: tuple[int, int], at: tuple[int, int]):
    """The portrait pasted into a bigger, textured picture (a 'crop off' full frame)."""
    frame, landmarks = astronaut
    h, w = size
    rng = np.random.default_rng(0)
    canvas = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    x, y = at
    canvas[y : y + frame.shape[0], x : x + frame.shape[1]] = frame
    return canvas, landmarks + np.array(at, dtype=np.float32)


def test_rest_pose_is_exactly_the_photo(warper: FaceWarper, astronaut) -> None:
    frame, _ = astronaut
    assert np.array_equal(warper.render(Pose()), frame)
    assert not np.any(warper.displacement(Pose()))


def test_rest_pose_is_exact_for_any_roi_shape(astronaut) -> None:
    # Odd sizes and positions: the ROI is neither a multiple of the grid step nor square.
    canvas, landmarks = on_canvas(astronaut, (1111, 1333), (397, 211))
    warper = FaceWarper(canvas, landmarks, max_head_px=7.0)
    assert np.array_equal(warper.render(Pose()), canvas)


def test_pixels_outside_the_face_region_never_change(astronaut) -> None:
    canvas, landmarks = on_canvas(astronaut, (1200, 1600), (500, 300))
    warper = FaceWarper(canvas, landmarks, max_head_px=10.0)
    out = warper.render(STRONG)
    x0, y0, x1, y1 = warper.roi
    outside = np.ones(canvas.shape[:2], dtype=bool)
    outside[y0:y1, x0:x1] = False
    assert np.array_equal(out[outside], canvas[outside])
    # The ROI is local to the face, not the picture.
    assert (x1 - x0) * (y1 - y0) < 0.25 * canvas.shape[0] * canvas.shape[1]
    # And the displacement is exactly zero on the ROI border, so pasting leaves no seam.
    disp = warper.displacement(STRONG)
    border = np.concatenate([disp[0], disp[-1], disp[:, 0], disp[:, -1]])
    assert not np.any(border)


def test_roi_size_depends_on_the_face_not_the_picture(astronaut) -> None:
    small = FaceWarper(*on_canvas(astronaut, (1000, 1000), (240, 240)), max_head_px=5.0)
    large = FaceWarper(*on_canvas(astronaut, (1800, 2400), (900, 700)), max_head_px=5.0)
    sw, sh = small.roi[2] - small.roi[0], small.roi[3] - small.roi[1]
    lw, lh = large.roi[2] - large.roi[0], large.roi[3] - large.roi[1]
    assert (sw, sh) == (lw, lh)


def test_the_warp_does_not_tear_outside_the_mouth_gap(warper: FaceWarper) -> None:
    pose = Pose(openness=1.2, width=0.5, brow=1.0, head_x=5.0, head_y=3.0, head_roll=0.03)
    disp = warper.displacement(pose).astype(np.float64)
    # Mask the painted gap (and a few pixels around it), where the lips split on purpose.
    x0, y0 = warper.roi[:2]
    upper, lower = warper.lip_gap(pose)
    gap = np.zeros(disp.shape[:2], dtype=np.uint8)
    poly = np.concatenate([upper, lower[::-1]]) - (x0, y0)
    cv2.fillPoly(gap, [np.round(poly).astype(np.int32)], 1)
    gap = cv2.dilate(gap, np.ones((7, 7), np.uint8)).astype(bool)
    # Jacobian of the backward map p -> p + disp(p), by forward differences.
    dx = np.diff(disp, axis=1)[:-1]  # d(disp)/dx, (h-1, w-1, 2)
    dy = np.diff(disp, axis=0)[:, :-1]  # d(disp)/dy
    keep = ~(gap[:-1, :-1] | gap[1:, :-1] | gap[:-1, 1:])
    # No rips: neighbouring output pixels sample photo points less than ~2 px apart.
    assert np.abs(dx[keep]).max() < 1.2 and np.abs(dy[keep]).max() < 1.2
    # No folds: the map keeps its orientation everywhere (positive Jacobian determinant).
    det = (1 + dx[..., 0]) * (1 + dy[..., 1]) - dx[..., 1] * dy[..., 0]
    assert det[keep].min() > 0.1


def test_opening_grows_a_dark_mouth_gap(warper: FaceWarper, astronaut) -> None:
    frame, landmarks = astronaut
    x0, y0 = np.floor(landmarks[48:60].min(axis=0)).astype(int) - 10
    x1, y1 = np.ceil(landmarks[48:60].max(axis=0)).astype(int) + 60
    dark = []
    for openness in (0.0, 0.3, 0.6, 1.0):
        mouth = warper.render(Pose(openness=openness))[y0:y1, x0:x1]
        dark.append(int(np.count_nonzero(mouth.mean(axis=2) < 70)))
    assert dark == sorted(dark) and dark[-1] > dark[0] + 1500
    # The gap is painted, not left as a black hole: it is shaded and not pure black.
    upper, lower = warper.lip_gap(Pose(openness=1.0))
    inside = np.zeros(frame.shape[:2], dtype=np.uint8)
    cv2.fillPoly(inside, [np.round(np.concatenate([upper, lower[::-1]])).astype(np.int32)], 1)
    inside = cv2.erode(inside, np.ones((5, 5), np.uint8)).astype(bool)
    pixels = warper.render(Pose(openness=1.0))[inside].astype(np.float64)
    assert 15 < pixels.mean() < 120
    assert pixels.std() > 5


def test_upper_teeth_show_in_a_closed_mouth_photo(astronaut) -> None:
    frame, landmarks = astronaut
    closed = landmarks.copy()
    # Pretend the lips meet (a closed-mouth photo): the inner lips coincide.
    closed[[61, 62, 63]] = closed[[67, 66, 65]] = (closed[[61, 62, 63]] + closed[[67, 66, 65]]) / 2
    warper = FaceWarper(frame, closed)
    assert warper.style.teeth_visibility == 1.0
    upper, lower = warper.lip_gap(Pose(openness=0.8))
    out = warper.render(Pose(openness=0.8))
    # Just under the upper lip, at the centre: bright teeth; deeper down: dark cavity.
    centre = len(upper) // 2
    top, bottom = upper[centre], lower[centre]
    teeth = out[int(top[1] + 3), int(top[0])].mean()
    cavity = out[int((top[1] + bottom[1]) / 2 + 4), int(top[0])].mean()
    assert teeth > 150 > 60 > cavity


def test_a_blink_covers_the_eye_with_the_lid(warper: FaceWarper, astronaut) -> None:
    frame, landmarks = astronaut
    eye = np.zeros(frame.shape[:2], dtype=np.uint8)
    cv2.fillPoly(eye, [np.round(landmarks[36:42]).astype(np.int32)], 1)
    eye = eye.astype(bool)
    open_eye = warper.render(Pose())[eye].mean(axis=1)
    shut_eye = warper.render(Pose(blink=1.0))[eye].mean(axis=1)
    # The dark iris and lashes give way to brighter, smoother eyelid skin.
    assert shut_eye.mean() > open_eye.mean() + 20
    assert shut_eye.std() < open_eye.std()
    # Blinking leaves the mouth alone.
    mouth = slice(int(landmarks[48:68, 1].min()) - 5, int(landmarks[48:68, 1].max()) + 5)
    assert np.array_equal(warper.render(Pose(blink=1.0))[mouth], frame[mouth])


def test_dlib_tracks_the_rendered_mouth_opening(warper: FaceWarper) -> None:
    """The lip-sync measurement reads inner-lip landmarks 62/66 on the output frames."""
    gaps = []
    for openness in (0.0, 0.4, 0.8, 1.2):
        faces = detect_faces(warper.render(Pose(openness=openness)))
        assert faces, f"no face found at openness {openness}"
        lm = faces[0].landmarks
        gaps.append(float(np.linalg.norm(lm[66] - lm[62])))
    mouth_width = float(np.linalg.norm(warper.mouth.frame.ex)) * 2 * warper.mouth.a
    assert gaps == sorted(gaps), gaps
    assert gaps[2] - gaps[0] > 0.12 * mouth_width, gaps


def test_profile_and_broken_faces_are_refused(astronaut) -> None:
    _, landmarks = astronaut
    assert face_problem(landmarks) is None
    # Squash one half of the face toward the nose: a head turned ~70° away.
    turned = landmarks.copy()
    nose_x = turned[30, 0]
    left = turned[:, 0] < nose_x
    turned[left, 0] = nose_x - (nose_x - turned[left, 0]) * 0.15
    assert "turned" in (face_problem(turned) or "")
    upside_down = landmarks.copy()
    upside_down[48:68, 1] = landmarks[17:27, 1].min() - 10  # mouth above the brows
    assert face_problem(upside_down) is not None
    assert face_problem(np.full((68, 2), np.nan)) is not None


def test_every_field_is_exactly_zero_outside_its_declared_extent(warper: FaceWarper) -> None:
    """The warp only evaluates fields inside their extents; outside they must vanish."""
    rng = np.random.default_rng(0)
    mouth = warper.mouth
    u0, u1, v0, v1 = mouth.extent_local(MAX_OPENNESS)
    u = rng.uniform(u0 - 300, u1 + 300, 20000)
    v = rng.uniform(v0 - 300, v1 + 300, 20000)
    outside = (u < u0) | (u > u1) | (v < v0) | (v > v1)
    drop, shift = warper.mouth_params(Pose(openness=MAX_OPENNESS, width=1.5))
    # Each branch is used on its own side of the lip line (and only near it across).
    below = v > mouth.split(u)
    for lower, side in ((False, ~below), (True, below)):
        pick = outside & side
        du, dv = mouth.forward(u[pick], v[pick], lower, drop, shift)
        assert not np.any(du) and not np.any(dv)
    for eye in warper.eyes:
        e0, e1, f0, f1 = eye.extent_local(warper.brow_px)
        eu = rng.uniform(e0 - 100, e1 + 100, 20000)
        ev = rng.uniform(f0 - 100, f1 + 100, 20000)
        out = (eu < e0) | (eu > e1) | (ev < f0) | (ev > f1)
        assert np.array_equal(eye.brow_inverse(eu[out], ev[out], warper.brow_px), ev[out])
        b0, b1, c0, c1 = eye.blink_extent_local()
        out = (eu < b0) | (eu > b1) | (ev < c0) | (ev > c1)
        assert np.array_equal(eye.blink_inverse(eu[out], ev[out], 1.0), ev[out])
