"""When the log file cannot be written, logging warns once in one line and goes on with
the console only: never logging's own "--- Logging error ---" tracebacks."""

from __future__ import annotations

import errno
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sonic_desktop.core import logs

log = logging.getLogger("sonic_desktop.tests.fault")


@pytest.fixture(autouse=True)
def _restore_logger():
    root = logging.getLogger(logs.LOGGER_NAME)
    before = list(root.handlers)
    yield
    for handler in root.handlers:
        if handler not in before:
            handler.close()
    root.handlers = before


class _FullDisk(io.StringIO):
    """A log stream on a full disk: every write fails with ENOSPC."""

    writes = 0

    def write(self, _text: str) -> int:
        type(self).writes += 1
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _log_a_lot() -> None:
    for index in range(50):
        log.info("step %d", index)
        try:
            raise ValueError(f"bad input {index}")
        except ValueError:
            log.info("user error", exc_info=True)  # a traceback for the file only


def _file_handlers() -> list[logging.FileHandler]:
    root = logging.getLogger(logs.LOGGER_NAME)
    return [h for h in root.handlers if isinstance(h, logging.FileHandler)]


def test_fault_log_folder_that_cannot_be_created(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be", encoding="utf-8")
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(home))
    assert logs.configure_logging() == home / "logs" / logs.LOG_FILE_NAME
    _log_a_lot()
    log.warning("still shown")
    err = capsys.readouterr().err
    assert "Logging error" not in err and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith(f"warning: cannot create the log folder {home / 'logs'} (")
    assert lines[0].endswith("); logging to the console only")
    assert lines[1] == "warning: still shown"
    assert _file_handlers() == [] and logs.file_handler_path() is None


def test_fault_log_write_fails_with_enospc(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(tmp_path / "home"))
    target = logs.configure_logging()
    assert logs.file_handler_path() == target
    (handler,) = _file_handlers()
    handler.stream = _FullDisk()  # type: ignore[assignment]  # the disk fills up now
    _FullDisk.writes = 0
    _log_a_lot()
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"warning: cannot write the log file {target} ({os.strerror(errno.ENOSPC)}); "
        "logging to the console only"
    ]
    assert _FullDisk.writes == 1  # the handler stepped aside at its first failure
    assert _file_handlers() == [] and logs.file_handler_path() is None


def test_fault_logging_recovers_when_configured_again(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "logs").write_text("x", encoding="utf-8")
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(bad))
    logs.configure_logging()
    good = tmp_path / "good"
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(good))
    target = logs.configure_logging()
    log.warning("to the file, not the console")
    assert len(capsys.readouterr().err.splitlines()) == 1  # the first warning only
    assert logs.file_handler_path() == target
    assert "to the file" in target.read_text(encoding="utf-8")


def test_fault_cli_bad_input_without_a_log_file(tmp_path, monkeypatch, capsys, speech_path):
    from sonic_desktop.cli import main

    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("x", encoding="utf-8")
    monkeypatch.setenv("SONIC_DESKTOP_HOME", str(home))
    image = tmp_path / "notes.png"
    image.write_bytes(b"not a picture")
    args = ["render", "--engine", "preview", "-q", "--image", str(image)]
    code = main([*args, "--audio", str(speech_path), "-o", str(tmp_path / "o.mp4")])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert len(err) == 2, err
    assert err[0].startswith("warning: cannot create the log folder")
    assert err[1].startswith("error: ") and "notes.png" in err[1]


def _run(home: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SONIC_DESKTOP_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "sonic_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.slow
def test_fault_real_enospc_render_and_doctor(tmp_path):
    """The log file is /dev/full, where every write fails with ENOSPC."""
    home = tmp_path / "home"
    (home / "logs").mkdir(parents=True)
    (home / "logs" / logs.LOG_FILE_NAME).symlink_to("/dev/full")
    out = tmp_path / "example.mp4"
    args = ["render", "--example", "--engine", "preview", "-q", "--duration", "1"]
    for result in (
        _run(home, *args, "-o", str(out), cwd=tmp_path),
        _run(home, "doctor", cwd=tmp_path),
    ):
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines() == [
            f"warning: cannot write the log file {home / 'logs' / logs.LOG_FILE_NAME} "
            "(No space left on device); logging to the console only"
        ]
    assert out.is_file()


def test_fault_render_with_an_uncreatable_log_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("x", encoding="utf-8")
    out = tmp_path / "example.mp4"
    args = ["render", "--example", "--engine", "preview", "-q", "--duration", "1"]
    result = _run(home, *args, "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"warning: cannot create the log folder {home / 'logs'} (")
    assert line.endswith("); logging to the console only")
    assert out.is_file()
