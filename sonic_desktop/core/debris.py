"""Leftovers of renders that died mid-way: hidden `.….part.mp4` files beside outputs.

A render writes its video to a temporary file and renames it when done; a killed
process leaves that file behind. `sweep_render_debris` removes those of the queue's
jobs, but only files named by our temporary-name pattern whose writer no longer
runs (see `core.atomic.sweep_temp_files`), so another running instance's render is
never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sonic_desktop.core.atomic import TempName, sweep_temp_files
from sonic_desktop.core.jobs import Job

#: what a render leaves beside its output: the video itself, and the folder probe
RENDER_TEMP_SUFFIXES = (".mp4", ".probe")


def sweep_render_debris(jobs: Iterable[Job]) -> list[Path]:
    """Remove dead renders' temporary files from the folders of these jobs' outputs."""
    stems_by_folder: dict[Path, set[str]] = {}
    for job in jobs:
        output = job.request.output
        if output.is_absolute():  # a relative one (old queue files) is not guessed at
            stems_by_folder.setdefault(output.parent, set()).add(output.stem)
    removed: list[Path] = []
    for folder, stems in stems_by_folder.items():

        def render_temp(temp: TempName) -> bool:
            return temp.suffix in RENDER_TEMP_SUFFIXES

        def legacy_render_temp(temp: TempName, stems: set[str] = stems) -> bool:
            # Older names carry no writer: only those of this queue's own outputs.
            return temp.suffix in RENDER_TEMP_SUFFIXES and temp.stem in stems

        removed += sweep_temp_files(folder, render_temp, legacy_render_temp)
    return removed
