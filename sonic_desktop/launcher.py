"""Entry point: headless sub-commands go to the CLI, everything else opens the window.

Kept apart from `cli.py` so that the CLI never imports the Qt layer.
"""

from __future__ import annotations

import sys

# The CLI module is light (argparse and the Qt-free core), so its command table is the
# one list of headless commands; a new sub-command cannot be forgotten here.
from sonic_desktop.cli import COMMANDS
from sonic_desktop.cli import main as cli_main

HEADLESS_FLAGS = {"--version", "-V", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in COMMANDS or args[0] in HEADLESS_FLAGS):
        return cli_main(args)
    try:
        from sonic_desktop.gui.app import main as gui_main
    except ImportError:
        return cli_main(args or ["--help"])
    if args and args[0] == "gui":
        args = args[1:]
    return int(gui_main(args))
