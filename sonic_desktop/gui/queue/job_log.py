"""The log lines of one job, read from the log file and its rotated backups.

The render worker renames its thread to `render-worker job=<id>` while it renders (see
`worker.job_thread_name`), and the log format carries the thread name, so a job's lines
are the ones naming it, plus the traceback lines that follow them. Plain Python (no Qt):
the details dialog calls it on a pool thread.
"""

from __future__ import annotations

from pathlib import Path

from sonic_desktop.gui.queue.worker import job_thread_name

#: a job's lines are few; a runaway loop must not fill the dialog
MAX_LINES = 400


def _starts_record(line: str) -> bool:
    """A new log record starts with its date ("2026-12-03 17:31:42,123 …")."""
    return len(line) > 10 and line[:4].isdigit() and line[4] == "-" and line[7] == "-"


def job_log_lines(log_file: Path, job_id: str, max_lines: int = MAX_LINES) -> list[str]:
    """The job's lines, oldest first (backups `.3` … `.1`, then the file itself)."""
    tag = f"[{job_thread_name(job_id)}]"
    files = [log_file.with_name(f"{log_file.name}.{n}") for n in (3, 2, 1)] + [log_file]
    found: list[str] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        inside = False
        for line in text.splitlines():
            if _starts_record(line):
                inside = tag in line
            if inside:
                found.append(line)
    return found[-max_lines:]
