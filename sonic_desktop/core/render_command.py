"""The `sonic-desktop render …` command line that reproduces a `RenderRequest`.

"Copy as command" in the queue uses it, so a job set up in the window can be re-run in
a shell or a script. Only settings that differ from the defaults are written; the CLI
starts from the same defaults, so the command means the same request.
"""

from __future__ import annotations

import shlex
from typing import Any

from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import FIELDS, RenderSettings, cli_flag

PROGRAM = "sonic-desktop"
_NONE_WORD = "none"  # the CLI reads none/auto/random as None for optional fields


def _value_text(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same float
    return str(value)


def render_arguments(request: RenderRequest) -> list[str]:
    args = [
        PROGRAM, "render",
        "--image", str(request.image),
        "--audio", str(request.audio),
        "--output", str(request.output),
    ]  # fmt: skip
    if request.face_box is not None:
        args += ["--face-box", ",".join(_value_text(v) for v in request.face_box)]
    if request.weights_dir is not None:
        args += ["--weights", str(request.weights_dir)]
    defaults = RenderSettings()
    for spec in FIELDS:
        value = getattr(request.settings, spec.name)
        if value == getattr(defaults, spec.name):
            continue
        flag = cli_flag(spec)
        if spec.type is bool:
            args.append(flag if value else "--no-" + flag[2:])
        elif value is None:
            args += [flag, _NONE_WORD]
        else:
            args += [flag, _value_text(value)]
    return args


def render_command(request: RenderRequest, windows: bool = False) -> str:
    """One shell line; POSIX quoting, or `subprocess.list2cmdline` for Windows' cmd."""
    args = render_arguments(request)
    if windows:
        import subprocess

        return subprocess.list2cmdline(args)
    return shlex.join(args)
