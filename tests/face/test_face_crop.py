"""Crop maths of the official preprocessing, checked against boxes computed by hand."""

from __future__ import annotations

import pytest

from sonic_desktop.face import FaceBox, crop_square_for_face, process_bbox, sonic_target_size


def test_wide_box_is_squared_on_its_centre() -> None:
    # bw=100, bh=50, r=0.5 -> expanded (150, 125, 350, 225): w=200, h=100.
    # w >= h: cx=250 already equals the source centre, no shift. half=50.
    assert process_bbox((200, 150, 300, 200), 0.5, 400, 600) == (200, 125, 300, 225)


def test_tall_box_is_squared_on_its_centre() -> None:
    # bw=40, bh=100 -> expanded (80, 50, 160, 250): w=80, h=200, half=40, cy=150=sy.
    assert process_bbox((100, 100, 140, 200), 0.5, 500, 500) == (80, 110, 160, 190)


def test_top_border_clamp_moves_the_centre_toward_the_face() -> None:
    # bw=60, bh=200 -> ey1=max(20-100, 0)=0, ey2=320, ex=(70, 190): w=120, h=320.
    # cy=160, sy=120, d=(320-120)/2=100: shift by min(100, 40)=40 -> cy=120, half=60.
    assert process_bbox((100, 20, 160, 220), 0.5, 400, 400) == (70, 60, 190, 180)


def test_corner_clamp_shift_is_limited_by_the_side_difference() -> None:
    # Expanded (0, 0, 150, 180): w=150, h=180, cy=90, sy=60, d=15 < |sy-cy|=30,
    # so cy moves only 15 to 75; half=75 keeps the square inside the image.
    assert process_bbox((0, 0, 100, 120), 0.5, 1000, 1000) == (0, 0, 150, 150)


def test_right_border_clamp_moves_the_centre_on_the_long_x_axis() -> None:
    # bw=100, bh=50 -> ex=(450, min(650, 600)=600), ey=(75, 175): w=150, h=100.
    # cx=525, sx=550, d=25: shift 25 -> cx=550, half=50.
    assert process_bbox((500, 100, 600, 150), 0.5, 400, 600) == (500, 75, 600, 175)


def test_ratio_zero_keeps_the_shorter_side() -> None:
    # w=40, h=80, centre (30, 60) = source centre, half=20.
    assert process_bbox((10, 20, 50, 100), 0.0, 200, 200) == (10, 40, 50, 80)


def test_corners_use_bankers_rounding() -> None:
    # Centre (12, 22), half 1.5: corners 10.5, 20.5, 13.5, 23.5. round() sends .5 to
    # the even neighbour: 10, 20, 14, 24 (half-up would give 11, 21, 14, 24).
    assert process_bbox((10.5, 20.5, 13.5, 23.5), 0.0, 100, 100) == (10, 20, 14, 24)


def test_crop_square_for_face_matches_process_bbox() -> None:
    box = FaceBox(179, 83, 267, 171)
    assert crop_square_for_face(box, 0.5, 512, 512) == process_bbox(
        (179, 83, 267, 171), 0.5, 512, 512
    )
    # 88 px box grown by 44 px per side: (135, 39, 311, 215), already square.
    assert crop_square_for_face(box, 0.5, 512, 512) == (135, 39, 311, 215)


def test_process_bbox_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        process_bbox((10, 10, 10, 20), 0.5, 100, 100)
    with pytest.raises(ValueError):
        process_bbox((0, 0, 10, 10), -0.1, 100, 100)


@pytest.mark.parametrize(
    ("size", "min_res", "expected"),
    [
        # scale=512/750: 1000*scale=682.67 -> /64=10.67 -> 11*64=704; 750 -> 512.
        ((1000, 750), 512, (704, 512)),
        ((750, 1000), 512, (512, 704)),
        ((512, 512), 512, (512, 512)),
        # scale=1: 800/64=12.5 rounds half to even -> 12 -> 768.
        ((800, 512), 512, (768, 512)),
        # 864/64=13.5 -> 14 -> 896.
        ((864, 512), 512, (896, 512)),
        # scale=512/1080: 1920*scale=910.2 -> 14.2 -> 896.
        ((1920, 1080), 512, (896, 512)),
        # scale=0.384: 3000->1152 (18*64), 2000->768 (12*64).
        ((3000, 2000), 768, (1152, 768)),
        # Upscaling too: 300x200 @512 -> scale 2.56: 768/64=12 -> 768; 512.
        ((300, 200), 512, (768, 512)),
    ],
)
def test_sonic_target_size(size: tuple[int, int], min_res: int, expected: tuple[int, int]) -> None:
    assert sonic_target_size(size[0], size[1], min_res) == expected


def test_sonic_target_size_never_returns_zero() -> None:
    assert sonic_target_size(100, 100, 16) == (64, 64)
    with pytest.raises(ValueError):
        sonic_target_size(0, 100, 512)


def test_full_face_box_reaches_from_hairline_to_chin_on_the_astronaut():
    from skimage import data

    from sonic_desktop.face import analyse_face, full_face_box

    image = data.astronaut()
    face = analyse_face(image).face
    box = full_face_box(face.landmarks, *image.shape[:2])
    # dlib's own box starts at the brows (y=83); the whole face starts ~30 px higher
    # (the hairline of this portrait is near y=50) and still contains every landmark.
    assert 45 <= box.y1 <= 62
    assert box.y1 < face.box.y1 - 20
    assert box.x1 <= face.landmarks[:, 0].min() and box.x2 >= face.landmarks[:, 0].max()
    assert box.y2 >= face.landmarks[:, 1].max()
    assert box.height < 1.6 * box.width
