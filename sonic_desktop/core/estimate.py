"""One estimator for render time: the top bar's estimate, each queued job's and the queue's.

The static figure (`cost_model.estimate`) is arithmetic on assumed throughput. Once this
machine has finished a render, its measured seconds per output frame, recorded per engine,
resolution, steps and interpolation in `config_dir()/throughput.json`, replaces it: the
same number then appears before queueing, on the row while it waits, and counts down
while it renders. (Before, the queue showed the current stage's own rate, so a 2:25 clip
read 9 min 28 s in the queue and 1 min 1 s in the top bar.)

Everything here is Qt-free; the GUI passes the static seconds it already computed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sonic_desktop.core import paths
from sonic_desktop.core.atomic import write_text_atomic
from sonic_desktop.core.cost_model import audio_frames, rendered_seconds
from sonic_desktop.core.settings import RenderSettings

log = logging.getLogger(__name__)

FILE_NAME = "throughput.json"
#: weight of a new measurement against the running figure (one odd render cannot swing it)
BLEND = 0.5


def rate_key(settings: RenderSettings, engine: str) -> str:
    """What throughput depends on: the engine, the resolution, and for Sonic the steps and
    frame interpolation. `engine` is the resolved one ("preview" or "sonic")."""
    if engine == "preview":
        return f"preview|{settings.min_resolution}"
    interp = "rife" if settings.frame_interpolation else "plain"
    return f"sonic|{settings.min_resolution}|{settings.inference_steps}|{interp}|{settings.device}"


def output_frames(settings: RenderSettings, audio_duration_s: float) -> int:
    """Frames at 25 fps for what will be rendered (the duration limit applied)."""
    return max(1, audio_frames(rendered_seconds(settings, audio_duration_s)))


@dataclass(frozen=True)
class Rate:
    seconds_per_frame: float
    samples: int


class ThroughputBook:
    """Measured seconds per output frame on this machine, by `rate_key`, on disk.

    Reads are cached by the file's modification time, so a panel may ask on every edit.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._cache: dict[str, Rate] = {}
        self._stamp: float | None = None

    @property
    def path(self) -> Path:
        return self._path if self._path is not None else paths.config_dir() / FILE_NAME

    def _load(self) -> dict[str, Rate]:
        try:
            stamp = os.stat(self.path).st_mtime
        except OSError:
            self._cache, self._stamp = {}, None
            return self._cache
        if stamp == self._stamp:
            return self._cache
        rates: dict[str, Rate] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            for key, entry in dict(data.get("rates", {})).items():
                spf, samples = float(entry["seconds_per_frame"]), int(entry["samples"])
                if spf > 0 and samples > 0:
                    rates[str(key)] = Rate(spf, samples)
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("throughput file unreadable (%s); using the static estimate", exc)
        self._cache, self._stamp = rates, stamp
        return rates

    def rate(self, settings: RenderSettings, engine: str) -> Rate | None:
        return self._load().get(rate_key(settings, engine))

    def record(
        self, settings: RenderSettings, engine: str, audio_duration_s: float, seconds: float
    ) -> Rate | None:
        """Blend one finished render (wall seconds, model loading included: that is what
        the user waits for) into the figure for its key. Unwritable file: logged, kept."""
        if seconds <= 0 or audio_duration_s <= 0:
            return None
        measured = seconds / output_frames(settings, audio_duration_s)
        rates = dict(self._load())
        key = rate_key(settings, engine)
        old = rates.get(key)
        new = (
            Rate(measured, 1)
            if old is None
            else Rate((1 - BLEND) * old.seconds_per_frame + BLEND * measured, old.samples + 1)
        )
        rates[key] = new
        payload = {
            "version": 1,
            "rates": {
                k: {"seconds_per_frame": r.seconds_per_frame, "samples": r.samples}
                for k, r in rates.items()
            },
        }
        try:
            write_text_atomic(self.path, json.dumps(payload, indent=1))
        except OSError as exc:
            log.warning("could not save the measured throughput: %s", exc)
        self._cache, self._stamp = rates, None  # re-read (and re-stamp) on the next ask
        return new


def job_seconds(
    settings: RenderSettings,
    audio_duration_s: float,
    engine: str,
    static_seconds: float | None,
    book: ThroughputBook | None,
) -> float | None:
    """Seconds one render takes: measured on this machine when there is a figure for these
    settings, else the static estimate (None when there is neither)."""
    rate = book.rate(settings, engine) if book is not None else None
    if rate is not None:
        return rate.seconds_per_frame * output_frames(settings, audio_duration_s)
    return static_seconds


def remaining_seconds(
    total_s: float | None, elapsed_s: float, stage_eta_s: float | None = None
) -> float | None:
    """Seconds left of a running render: the estimate less the time spent, but never less
    than what the current stage itself still needs (the estimate may be low)."""
    candidates = [v for v in (stage_eta_s,) if v is not None]
    if total_s is not None:
        candidates.append(total_s - elapsed_s)
    if not candidates:
        return None
    return max(0.0, *candidates)


def queue_seconds(remaining: Iterable[float | None]) -> tuple[float, int]:
    """The sum of the known figures and how many jobs had none."""
    total, unknown = 0.0, 0
    for value in remaining:
        if value is None:
            unknown += 1
        else:
            total += value
    return total, unknown
