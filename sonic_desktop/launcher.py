"""Entry point: headless sub-commands go to the CLI, everything else opens the window.

Kept apart from `cli.py` so that the CLI never imports the Qt layer.
"""

from __future__ import annotations

import sys

HEADLESS_COMMANDS = {"render", "doctor", "sync-check", "models", "--version", "-V", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS_COMMANDS:
        from sonic_desktop.cli import main as cli_main

        return cli_main(args)
    try:
        from sonic_desktop.gui.app import main as gui_main
    except ImportError:
        from sonic_desktop.cli import main as cli_main

        return cli_main(args or ["--help"])
    if args and args[0] == "gui":
        args = args[1:]
    return int(gui_main(args))
