"""Cancel while the photo is analysed answers at once, not when the analysis ends.

`render.run` waits for `Engine.prepare` on a helper thread and looks at the token
every 20 ms; the window's face process stops waiting for dlib when cancelled. Bounds
are generous for a loaded 2-core machine; the measured numbers are printed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from sonic_desktop import render
from sonic_desktop.core.errors import Cancelled
from sonic_desktop.core.progress import CancelToken
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings

CANCEL_BOUND_S = 0.5


class SlowPrepareEngine:
    """prepare blocks for 5 s in one call that has no place to check a token."""

    name = "slow"
    label = "Slow"

    def __init__(self) -> None:
        self.released = False

    def prepare(self, request, progress):
        time.sleep(5.0)
        raise AssertionError("a cancelled preparation must not be waited for")

    def frames(self, plan, progress, cancel):
        yield np.zeros((64, 64, 3), np.uint8)

    def release(self) -> None:
        self.released = True


@pytest.fixture(scope="module")
def two_faces_path(tmp_path_factory, portrait_path) -> Path:
    from PIL import Image

    image = np.asarray(Image.open(portrait_path).convert("RGB"))
    path = tmp_path_factory.mktemp("faces") / "two_faces.png"
    Image.fromarray(np.concatenate([image, image], axis=1)).save(path)
    return path


def _cancel_after(token: CancelToken, delay_s: float) -> list[float]:
    stamp: list[float] = []

    def fire() -> None:
        time.sleep(delay_s)
        stamp.append(time.monotonic())
        token.cancel()

    threading.Thread(target=fire, daemon=True).start()
    return stamp


def _request(tmp_path: Path, image: Path, audio: Path) -> RenderRequest:
    return RenderRequest(
        image=image,
        audio=audio,
        output=tmp_path / "out.mp4",
        settings=RenderSettings(engine="preview"),
    )


def test_cancel_during_a_blocking_prepare_returns_at_once(tmp_path, portrait_path, speech_path):
    token = CancelToken()
    engine = SlowPrepareEngine()
    stamp = _cancel_after(token, 0.3)
    with pytest.raises(Cancelled):
        render.run(_request(tmp_path, portrait_path, speech_path), cancel=token, engine=engine)
    latency = time.monotonic() - stamp[0]
    print(f"cancel latency during prepare: {latency * 1000:.0f} ms")
    assert latency < CANCEL_BOUND_S
    assert engine.released and not (tmp_path / "out.mp4").exists()


def test_cancel_while_the_face_process_loads_its_models(tmp_path, portrait_path, speech_path):
    """A fresh face process needs ~1 s to start and load dlib's models: the worst case."""
    from sonic_desktop.engines.preview.engine import PreviewEngine
    from sonic_desktop.face import process

    process.stop_face_process()
    process.use_face_process()
    try:
        token = CancelToken()
        stamp = _cancel_after(token, 0.2)
        with pytest.raises(Cancelled):
            render.run(
                _request(tmp_path, portrait_path, speech_path), cancel=token, engine=PreviewEngine()
            )
        latency = time.monotonic() - stamp[0]
        print(f"cancel latency while the face models load: {latency * 1000:.0f} ms")
        assert latency < CANCEL_BOUND_S
        assert not (tmp_path / "out.mp4").exists()
        # The abandoned call does not poison the next one.
        from sonic_desktop.face import analyse_face
        from sonic_desktop.media import load_image

        assert analyse_face(load_image(portrait_path)).face.box.width > 64
    finally:
        process.stop_face_process()


def test_face_process_gives_the_same_faces_as_in_process(two_faces_path):
    from sonic_desktop.face import analyse_face, process
    from sonic_desktop.media import load_image

    image = load_image(two_faces_path)
    here = analyse_face(image)
    process.use_face_process()
    try:
        there = analyse_face(image)
        picked = analyse_face(image, face_box=here.faces[1].box)
    finally:
        process.stop_face_process()
    assert [f.box for f in there.faces] == [f.box for f in here.faces]
    assert np.array_equal(there.face.landmarks, here.face.landmarks)
    assert np.array_equal(
        picked.face.landmarks, analyse_face(image, face_box=here.faces[1].box).face.landmarks
    )
