"""Snapshot the current inputs and settings into frozen `RenderRequest`s.

The output goes to the preferred folder (default `<Videos>/Sonic Desktop`, see
`core.output_folder`), named by the file-name template, never over an existing file or
another queued job's output. A folder that cannot be written to falls back loudly in
`QueueController.add`.
Every path in a request is absolute: a queued job must mean the same files when it
is resumed from another working folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from sonic_desktop.core.jobs import JobQueue
from sonic_desktop.core.output_folder import default_output_folder
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings
from sonic_desktop.gui.shell.preferences import Preferences, output_name, unique_output


def absolute(path: Path | str) -> Path:
    """`path` with `~` expanded, made absolute against the current folder, now."""
    return Path(os.path.abspath(Path(path).expanduser()))


def taken_outputs(queue: JobQueue) -> set[Path]:
    return {job.request.output for job in queue.jobs if not job.state.finished}


def make_request(
    image: Path,
    audio: Path,
    settings: RenderSettings,
    prefs: Preferences,
    queue: JobQueue,
    face_box: tuple[float, float, float, float] | None = None,
) -> RenderRequest:
    image, audio = absolute(image), absolute(audio)
    folder = absolute(prefs.output_folder) if prefs.output_folder else default_output_folder()
    name = output_name(prefs.file_name_template, image, audio, settings.seed, settings.engine)
    output = absolute(unique_output(folder, name, taken_outputs(queue)))
    weights = absolute(prefs.weights_folder) if prefs.weights_folder else None
    return RenderRequest(
        image=image,
        audio=audio,
        output=output,
        settings=settings,
        face_box=face_box,
        weights_dir=weights,
    )
