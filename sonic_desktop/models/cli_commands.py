"""`sonic-desktop models …`: status, trust, untrust and download from the command line.

Wire-up (in cli.py): `add_models_parser(sub)` while building the parser, and
`run_models_command(args)` when `args.command == "models"`; it returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import re
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
        "trust",
        help="list what a pickle or TorchScript file would import, then trust it by its "
        "SHA-256 (it can run code)",
    )
    trust.add_argument("file", type=Path, nargs="?")
    trust.add_argument(
        "-y",
        "--yes",
        action="store_true",
        help="confirm without a prompt (for scripts); the list is still printed",
    )
    trust.add_argument("--list", action="store_true", help="list the trusted files")
    trust.add_argument("--json", action="store_true")

    untrust = sub.add_parser(
        "untrust",
        help="revoke trust in a file; exits 1 when nothing was trusted",
    )
    untrust.add_argument(
        "target", metavar="FILE_OR_SHA256", help="the file, or a SHA-256 from `trust --list`"
    )

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
        if action == "untrust":
            return _untrust(args, out)
        if action == "download":
            return _download(args, out)
    except SonicDesktopError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return exc.exit_code
    print("usage: sonic-desktop models {status,trust,untrust,download} ...", file=sys.stderr)
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
    """List what the file would import (never unpickling it), then ask, then record."""
    from sonic_desktop.core.errors import UntrustedWeights
    from sonic_desktop.models.pickle_scan import format_scan, scan_file
    from sonic_desktop.models.safe_load import needs_trust
    from sonic_desktop.models.trust import TrustStore, sha256_file

    if args.list:
        return _trusted_list(args, out)
    path: Path | None = args.file
    if path is None:
        print("usage: sonic-desktop models trust [--yes] FILE | --list", file=sys.stderr)
        return 2
    if path.suffix == ".safetensors" and path.is_file():
        print(
            f"{path.name} is a safetensors file: it loads without trust; nothing recorded.",
            file=out,
        )
        return 0
    scan = scan_file(path)  # one line (WeightsMissing) for a missing or damaged file
    kind = needs_trust(path)
    listing = format_scan(scan)
    report: dict[str, object] = {"name": path.name, "kind": kind, **scan.to_dict()}
    if not args.json:
        print(listing, file=out)
    if kind is None:
        if args.json:
            print(json.dumps({**report, "trusted": False, "needs_trust": False}), file=out)
        else:
            print(
                f"{path.name} loads safely without trust (torch's weights-only loader accepts "
                "it); nothing recorded.",
                file=out,
            )
        return 0
    store = TrustStore()
    digest = sha256_file(path)
    if store.is_trusted(digest):
        if args.json:
            print(json.dumps({**report, "sha256": digest, "trusted": True}), file=out)
        else:
            print(f"{path.name} is already trusted (SHA-256 {digest}).", file=out)
        return 0
    if not args.yes:
        if not (sys.stdin and sys.stdin.isatty()):
            raise UntrustedWeights(
                f"{path} was not trusted: confirming needs a terminal",
                "Review what it would import, then run "
                f'`sonic-desktop models trust --yes "{path}"`.',
            )
        if args.json:
            print(listing, file=sys.stderr)
        flagged = len(scan.flagged)
        warning = f"{flagged} import(s) not on the allow-list. " if flagged else ""
        print(
            f"{warning}Trust {path.name} ({kind}, SHA-256 {digest[:16]}…)? Loading it can run "
            "code. [y/N] ",
            end="",
            file=sys.stderr,
            flush=True,
        )
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            print(f"{path.name} was not trusted; nothing recorded.", file=out)
            return 1
    record = store.trust(path, kind, sha256=digest)
    if args.json:
        print(json.dumps({**report, "sha256": record.sha256, "trusted": True}), file=out)
    else:
        print(
            f"Trusted {path.name} ({kind}), SHA-256 {record.sha256}. "
            f'Revoke with `sonic-desktop models untrust "{path}"`.',
            file=out,
        )
    return 0


def _trusted_list(args: argparse.Namespace, out: TextIO) -> int:
    from sonic_desktop.models.trust import TrustStore

    records = sorted(TrustStore().records(), key=lambda r: r.trusted_at)
    if args.json:
        rows = [
            {"sha256": r.sha256, "name": r.name, "kind": r.kind, "trusted_at": r.trusted_at}
            for r in records
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return 0
    if not records:
        print("No file is trusted.", file=out)
        return 0
    for r in records:
        print(f"{r.sha256}  {r.kind:<11}  {r.trusted_at}  {r.name}", file=out)
    print("Revoke with `sonic-desktop models untrust FILE_OR_SHA256`.", file=out)
    return 0


def _untrust(args: argparse.Namespace, out: TextIO) -> int:
    from sonic_desktop.core.errors import WeightsMissing
    from sonic_desktop.models.trust import TrustStore, sha256_file

    store = TrustStore()
    target: str = args.target
    path = Path(target)
    if path.is_file():
        digest = sha256_file(path)
        if store.revoke(digest):
            print(
                f"Trust in {path.name} (SHA-256 {digest}) revoked: loading it is refused again.",
                file=out,
            )
            return 0
        others = [r for r in store.records() if r.name == path.name]
        more = (
            f" Other content under this name is trusted: `sonic-desktop models untrust "
            f"{others[0].sha256[:16]}` revokes it."
            if others
            else ""
        )
        print(f"{path.name} (SHA-256 {digest}) was not trusted; nothing changed.{more}", file=out)
        return 1
    if not re.fullmatch(r"[0-9a-fA-F]{8,64}", target):
        raise WeightsMissing(
            f"{target} is neither a file nor a SHA-256",
            "Give the file, or 8 or more hex digits of a SHA-256 from "
            "`sonic-desktop models trust --list`.",
        )
    found = store.matching(target)
    if not found:
        print(
            f"No trusted file has a SHA-256 starting with {target}; nothing changed. "
            "`sonic-desktop models trust --list` shows them.",
            file=out,
        )
        return 1
    if len(found) > 1:
        raise WeightsMissing(
            f"{target} matches {len(found)} trusted files", "Give more digits of the SHA-256."
        )
    store.revoke(found[0].sha256)
    print(f"Trust in {found[0].name} (SHA-256 {found[0].sha256}) revoked.", file=out)
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
