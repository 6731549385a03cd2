"""Shared test set-up: isolate user folders and run Qt offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from wav_files import write_wav

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # Qt's offscreen screen is 800×800 by default; the window fits itself to its screen,
    # so give the tests a common desktop (tests of small screens size the window).
    _SCREEN = Path(__file__).with_name("offscreen_screen.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Config, logs, cache and queue go to a temp folder, never the real profile."""
    home = tmp_path_factory.mktemp("sonic_home")
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(home))
    yield home


class StillEngine:
    """Test-only engine: the prepared frame, unchanged, for every output frame.

    It exercises the render plumbing (prepare, streaming, progress, cancel,
    atomic output) without any animation. It is never registered for users.
    """

    name = "still"
    label = "Still (tests only)"

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at = fail_at
        self.released = 0

    def prepare(self, request, progress):
        from sonic_desktop.engines.base import Plan
        from sonic_desktop.engines.inputs import OUTPUT_FPS, prepare_inputs

        inputs = prepare_inputs(request)
        return Plan(
            request=request,
            inputs=inputs,
            frame_count=round(inputs.duration_s * OUTPUT_FPS),
            fps=OUTPUT_FPS,
            width=inputs.width,
            height=inputs.height,
        )

    def frames(self, plan, progress, cancel):
        from sonic_desktop.core.progress import ProgressTracker, Stage

        tracker = ProgressTracker(Stage.RENDERING, plan.frame_count, progress)
        for index in range(plan.frame_count):
            cancel.check()
            if self.fail_at is not None and index == self.fail_at:
                raise RuntimeError("simulated engine crash")
            yield plan.inputs.frame_image
            tracker.advance()

    def release(self) -> None:
        self.released += 1


@pytest.fixture
def still_engine() -> StillEngine:
    return StillEngine()


@pytest.fixture
def make_still_engine():
    """Factory for still engines with options (e.g. fail_at=5)."""
    return StillEngine


def speechlike(seconds: float, sample_rate: int = 16000, seed: int = 0):
    """Voiced, syllable-rate amplitude-modulated harmonics: speech-like enough for
    loaders and envelopes, with no synthesiser needed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    f0 = 120 + 20 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / sample_rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 12))
    envelope = np.clip(np.sin(2 * np.pi * 4 * t), 0, None) ** 2
    noise = 0.02 * rng.standard_normal(t.size)
    return (0.3 * voice * envelope + noise).astype(np.float32)


@pytest.fixture(scope="session")
def portrait_path(tmp_path_factory: pytest.TempPathFactory):
    """scikit-image's public-domain astronaut, saved as a PNG."""
    from PIL import Image
    from skimage import data

    path = tmp_path_factory.mktemp("inputs") / "astronaut.png"
    Image.fromarray(data.astronaut()).save(path)
    return path


@pytest.fixture(scope="session")
def speech_path(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("inputs") / "speech.wav"
    write_wav(path, speechlike(2.0))
    return path


@pytest.fixture
def make_wav(tmp_path):
    """Factory: make_wav(name, seconds=2.0, silent=False) -> Path of a 16 kHz WAV."""
    import numpy as np

    def _make(name: str, seconds: float = 2.0, silent: bool = False, seed: int = 0):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        samples = (
            np.zeros(int(seconds * 16000), np.float32) if silent else speechlike(seconds, seed=seed)
        )
        write_wav(path, samples)
        return path

    return _make
