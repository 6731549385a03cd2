"""`sonic-desktop models …`: status, trust and download from the command line.

Wire-up (in cli.py): `add_models_parser(sub)` while building the parser, and
`run_models_command(args)` when `args.command == "models"`; it returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from sonic_desktop.core.errors import SonicDesktopError

STATE_WORDS = {
    "present": "ok",
    "missing": "MISSING",
    "wrong_size": "WRONG SIZE",
    "unreadable": "UNREADABLE",
}


def add_models_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    models = subparsers.add_parser(
        "models", help="find, check, trust and download the Sonic weights"
    )
    sub = models.add_subparsers(dest="models_command", metavar="ACTION")

    status = sub.add_parser("status", help="list every weights file and whether it is usable")
    status.add_argument("--weights", type=Path, help="folder holding the weights (any layout)")
    status.add_argument("--json", action="store_true", help="print a machine-readable report")

    trust = sub.add_parser(
        "trust", help="trust a pickle or TorchScript file by its SHA-256 (it can run code)"
    )
    trust.add_argument("file", type=Path)
    trust.add_argument("--json", action="store_true")

    download = sub.add_parser("download", help="download the missing files (Hugging Face)")
    download.add_argument("--weights", type=Path, help="also look for existing files here")
    download.add_argument("--dest", type=Path, help="download folder (default: the app's)")
    download.add_argument(
        "--include-optional", action="store_true", help="also fetch the official face detector"
    )
    download.add_argument("--no-frame-interpolation", action="store_true", help="skip RIFE")
    download.add_argument("--token", help="Hugging Face token (SVD is a gated repository)")
    download.add_argument("--dry-run", action="store_true", help="only list what would be fetched")
    return models


def run_models_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    action = getattr(args, "models_command", None)
    try:
        if action == "status":
            return _status(args, out)
        if action == "trust":
            return _trust(args, out)
        if action == "download":
            return _download(args, out)
    except SonicDesktopError as exc:
        print(exc.one_line(), file=sys.stderr)
        return exc.exit_code
    print("usage: sonic-desktop models {status,trust,download} ...", file=sys.stderr)
    return 2


def _status(args: argparse.Namespace, out: TextIO) -> int:
    from sonic_desktop.models.status import weights_status

    report = weights_status(args.weights)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print(format_status(report), file=out)
    return 0 if report.usable() else 1


def format_status(report: object) -> str:
    from sonic_desktop.models.status import WeightsReport

    assert isinstance(report, WeightsReport)
    rows = []
    for item in report.files:
        need = {"always": "", "frame_interpolation": " (for RIFE)", "optional": " (optional)"}
        word = STATE_WORDS[item.state.value]
        where = f"{item.path}" + (f" [{item.origin.layout}]" if item.origin else "")
        detail = f" - {item.detail}" if item.detail and item.state.value != "missing" else ""
        rows.append(
            f"{word:<11} {item.name}{need[item.entry.required]}{detail}\n            {where}"
        )
    verdict = "usable" if report.usable() else "NOT usable: " + report.summary()
    return "\n".join([*rows, f"Sonic weights: {verdict}"])


def _trust(args: argparse.Namespace, out: TextIO) -> int:
    from sonic_desktop.core.errors import WeightsMissing
    from sonic_desktop.models.safe_load import needs_trust
    from sonic_desktop.models.trust import TrustStore

    path: Path = args.file
    if not path.is_file():
        raise WeightsMissing(f"{path} is not a file", "Give the path of a .pth, .pkl or .pt file.")
    kind = needs_trust(path)
    if kind is None:
        print(f"{path.name} loads safely without trust; nothing recorded.", file=out)
        return 0
    record = TrustStore().trust(path, kind)
    if args.json:
        print(json.dumps({"sha256": record.sha256, "kind": kind, "name": record.name}), file=out)
    else:
        print(f"Trusted {path.name} ({kind}), SHA-256 {record.sha256}.", file=out)
    return 0


def _download(args: argparse.Namespace, out: TextIO) -> int:
    from sonic_desktop.models.download import download, files_to_download
    from sonic_desktop.models.status import weights_status

    report = weights_status(args.weights)
    entries = files_to_download(
        report, not args.no_frame_interpolation, include_optional=args.include_optional
    )
    if not entries:
        print("Nothing to download: every needed file is present.", file=out)
        return 0
    names = [report.layout.display_name(e.id) for e in entries]
    print("To download: " + ", ".join(names), file=out)
    if args.dry_run:
        return 0
    last: dict[str, int] = {}

    def show(p: object) -> None:
        from sonic_desktop.models.download import DownloadProgress

        assert isinstance(p, DownloadProgress)
        percent = int(100 * p.done_bytes / p.total_bytes) if p.total_bytes else 0
        if last.get(p.file_id) != percent // 10:
            last[p.file_id] = percent // 10
            print(f"[{p.file_index + 1}/{p.file_count}] {p.name}: {percent}%", file=out)

    paths = download(entries, args.dest, progress=show, token=args.token)
    print("Downloaded: " + ", ".join(str(p) for p in paths), file=out)
    return 0
