"""Entry point: headless sub-commands go to the CLI, everything else opens the window.

Kept apart from `cli.py` so that the CLI never imports the Qt layer. When the Qt layer
cannot be imported (a missing system library, PySide6 not installed), `sonic-desktop` and
`sonic-desktop gui` say so in one line and exit with status 2; the headless commands
still work.
"""

from __future__ import annotations

import multiprocessing
import sys

# The CLI module is light (argparse and the Qt-free core), so its command table is the
# one list of headless commands; a new sub-command cannot be forgotten here.
from sonic_desktop.cli import COMMANDS
from sonic_desktop.cli import main as cli_main
from sonic_desktop.gui_availability import PROBE_FLAG, report_import_failure, run_probe

HEADLESS_FLAGS = {"--version", "-V", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    # A frozen build runs itself as the face-detection child process (spawn); this
    # hands that run to multiprocessing before any of our start-up happens.
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == PROBE_FLAG:  # doctor's window check, run in a child process
        return run_probe(args[1:])
    if args and (args[0] in COMMANDS or args[0] in HEADLESS_FLAGS):
        return cli_main(args)
    try:
        from sonic_desktop.gui.app import main as gui_main
    except ImportError as exc:
        return report_import_failure(exc)
    if args and args[0] == "gui":
        args = args[1:]
    return int(gui_main(args))
