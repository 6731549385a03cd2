"""Fault injection through the window and headless runs: a damaged queue file, a full
or read-only queue folder, relative paths, and render leftovers after a crash."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sonic_desktop.core import job_store as job_store_module
from sonic_desktop.core import paths
from sonic_desktop.core.job_store import JobStore
from sonic_desktop.core.jobs import JobQueue, JobState
from sonic_desktop.core.processes import own_token, start_token
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.gui.shell.preferences import Preferences


def _window(qtbot, ctx):
    from sonic_desktop.gui.shell.main_window import MainWindow

    win = MainWindow(ctx)
    win.confirm_quit = False
    qtbot.addWidget(win)
    win.show()
    return win


def _driver(win, *enqueue, start=False):
    from sonic_desktop.gui.instance.headless import HeadlessDriver, HeadlessOptions

    options = HeadlessOptions(enqueue=list(enqueue), start=start, quit_when_done=True)
    return HeadlessDriver(win, options)


def _full_disk(_path, _text):
    raise OSError(errno.ENOSPC, "No space left on device")


def _dead_writer() -> str:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    token = start_token(proc.pid)
    proc.kill()
    proc.wait()
    return f"{proc.pid}-{token}"


def _leftover(folder: Path, name: str, age_s: float = 3600.0) -> Path:
    path = folder / name
    path.write_bytes(b"\0" * 64)
    os.utime(path, (time.time() - age_s, time.time() - age_s))
    return path


@pytest.fixture
def real_store_ctx(make_ctx):
    """AppContext.create as the app runs it: the queue from the (isolated) data folder."""
    return lambda: make_ctx(queue="store")


# -- 2: a queue file of the wrong shape ------------------------------------------------


def test_fault_damaged_jobs_are_reported_in_the_window_and_headless(
    qtbot, real_store_ctx, portrait_path, speech_path, capsys
):
    store_path = paths.data_dir() / "queue.json"
    good = {
        "id": "good",
        "request": RenderRequest(portrait_path, speech_path, Path("/o.mp4")).to_dict(),
    }
    legacy = {"id": "old", "request": {"image": "pic.jpg", "audio": "a.wav", "output": "o.mp4"}}
    store_path.write_text(json.dumps({"jobs": [good, None, "x", legacy]}), encoding="utf-8")

    win = _window(qtbot, real_store_ctx())  # raised AttributeError before the fix
    assert [j.id for j in win.controller.queue.jobs] == ["good", "old"]
    notice = win.media.drop_notice.text
    backup = next(paths.data_dir().glob("queue.json.corrupt-*"))
    assert "Left out 2 saved jobs that could not be restored" in notice and str(backup) in notice
    assert "relative file paths such as pic.jpg" in notice
    assert win.media.drop_notice.isVisible()

    driver = _driver(win)
    with qtbot.waitSignal(driver.finished, timeout=20_000) as blocker:
        driver.begin()
    assert blocker.args == [0]  # notes about old jobs do not fail this run
    err = capsys.readouterr().err
    assert "warning: Left out 2 saved jobs that could not be restored" in err
    assert "warning: 1 saved job uses relative file paths" in err
    win.close()


def test_fault_a_queue_file_that_is_not_a_queue_does_not_stop_the_window(qtbot, real_store_ctx):
    (paths.data_dir() / "queue.json").write_text('{"jobs": 5}', encoding="utf-8")
    win = _window(qtbot, real_store_ctx())
    assert win.controller.queue.jobs == []
    assert "has been moved to" in win.media.drop_notice.text
    win.close()


# -- 3: relative paths ---------------------------------------------------------------


def test_fault_enqueued_relative_paths_are_stored_absolute(
    qtbot, make_ctx, tmp_path, portrait_path, speech_path, monkeypatch
):
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(portrait_path, work / "pic.png")
    shutil.copy(speech_path, work / "talk.wav")
    store = JobStore(tmp_path / "data" / "queue.json")
    monkeypatch.chdir(work)
    win = _window(qtbot, make_ctx(queue=store.open_queue()))
    driver = _driver(win, Path("pic.png"), Path("talk.wav"))
    with qtbot.waitSignal(driver.finished, timeout=20_000):
        driver.begin()
    win.close()

    monkeypatch.chdir(tmp_path)  # resumed from another working folder
    (job,) = JobStore(store.path).load()
    assert job.request.image == work / "pic.png"
    assert job.request.audio == work / "talk.wav"
    from sonic_desktop.core.output_folder import default_output_folder

    assert job.request.output.is_absolute() and job.request.output.parent == default_output_folder()


def test_fault_make_request_makes_every_path_absolute(tmp_path, monkeypatch):
    from sonic_desktop.core.settings import RenderSettings
    from sonic_desktop.gui.queue.job_factory import make_request

    monkeypatch.chdir(tmp_path)
    prefs = Preferences(output_folder="renders", weights_folder="weights")
    request = make_request(Path("a.png"), Path("b.wav"), RenderSettings(), prefs, JobQueue())
    assert request.image == tmp_path / "a.png" and request.audio == tmp_path / "b.wav"
    assert request.output.parent == tmp_path / "renders"
    assert request.weights_dir == tmp_path / "weights"


def test_fault_a_legacy_relative_job_fails_clearly_instead_of_guessing(
    qtbot, make_ctx, tmp_path, portrait_path, speech_path, monkeypatch
):
    from sonic_desktop.gui.queue.controller import RELATIVE_PATH_KIND

    shutil.copy(portrait_path, tmp_path / "pic.png")  # the guess would even find a file
    shutil.copy(speech_path, tmp_path / "talk.wav")
    monkeypatch.chdir(tmp_path)
    queue = JobQueue()
    old = queue.add(RenderRequest(Path("pic.png"), Path("talk.wav"), Path("old.mp4")))
    new = queue.add(RenderRequest(portrait_path, speech_path, tmp_path / "new.mp4"))
    controller = make_ctx(queue=queue).controller
    failures = []
    controller.job_failed.connect(lambda job_id, text: failures.append((job_id, text)))
    with qtbot.waitSignal(controller.drained, timeout=30_000):
        controller.start()
        qtbot.waitUntil(lambda: queue.get(new.id).state == JobState.DONE, timeout=30_000)
    failed = queue.get(old.id)
    assert failed.state == JobState.FAILED and failed.error_kind == RELATIVE_PATH_KIND
    assert failed.error is not None and "relative path pic.png" in failed.error
    assert failures and failures[0][0] == old.id and "pic.png" in failures[0][1]
    assert not (tmp_path / "old.mp4").exists() and (tmp_path / "new.mp4").exists()
    assert controller.outcomes[old.id] is False


# -- 4: leftovers of renders killed mid-way ---------------------------------------------


def test_fault_start_up_sweeps_dead_renders_leftovers(
    qtbot, real_store_ctx, tmp_path, portrait_path, speech_path
):
    out = tmp_path / "out"
    out.mkdir()
    request = RenderRequest(portrait_path, speech_path, out / "talk.mp4")
    queue = JobStore(paths.data_dir() / "queue.json").open_queue()
    job = queue.add(request)
    queue.notify_started(job.id)  # the app is killed here, mid-render
    dead = _leftover(out, f".talk.{_dead_writer()}-abcdefgh.part.mp4")
    live = _leftover(out, f".talk.{os.getpid()}-{own_token()}-abcdefgh.part.mp4")

    ctx = real_store_ctx()
    assert ctx.controller.queue.get(job.id).state == JobState.INTERRUPTED
    qtbot.waitUntil(lambda: not dead.exists(), timeout=10_000)
    assert live.exists()


def test_fault_a_finished_job_sweeps_its_earlier_crash_leftovers(
    qtbot, make_ctx, tmp_path, portrait_path, speech_path
):
    controller = make_ctx(queue=JobQueue()).controller
    job_id = controller.add(RenderRequest(portrait_path, speech_path, tmp_path / "talk.mp4"))
    # Written "just now" by a dead writer: too fresh for a start-up sweep...
    dead = _leftover(tmp_path, f".talk.{_dead_writer()}-abcdefgh.part.mp4", age_s=20.0)
    with qtbot.waitSignal(controller.job_succeeded, timeout=30_000):
        controller.start()
    # ...but gone once the resumed job finishes.
    assert controller.queue.get(job_id).state == JobState.DONE
    assert not dead.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.mp4"]


# -- 6b: a full or read-only queue folder ---------------------------------------------


def test_fault_full_disk_when_adding_a_job_keeps_it_and_says_so(
    qtbot, make_ctx, tmp_path, portrait_path, make_wav, monkeypatch, load_inputs
):
    store = JobStore(tmp_path / "data" / "queue.json")
    win = _window(qtbot, make_ctx(queue=store.open_queue()))
    monkeypatch.setattr(job_store_module, "write_text_atomic", _full_disk)
    audio = make_wav("talk.wav", seconds=0.5)
    load_inputs(win.session, portrait_path, audio)
    job_id = win.add_current_to_queue()  # raised OSError before the fix
    assert job_id is not None and win.controller.queue.get(job_id)
    message = "The queue could not be saved: the disk is full."
    assert message in win.media.drop_notice.text
    assert message in win.statusBar().currentMessage()
    ids = win.enqueue(portrait_path, [audio])  # a second add works too
    assert len(win.controller.queue.jobs) == 2 and ids
    win.close()


def test_fault_read_only_queue_folder_names_the_folder(qtbot, make_ctx, tmp_path, portrait_path):
    folder = tmp_path / "locked"

    def read_only(_jobs):
        raise PermissionError(errno.EACCES, "Permission denied", str(folder / "queue.json"))

    win = _window(qtbot, make_ctx(queue=JobQueue(persist=read_only)))
    win.enqueue(portrait_path, [tmp_path / "a.wav"])
    assert len(win.controller.queue.jobs) == 1
    assert f"the folder {folder} cannot be written to" in win.media.drop_notice.text
    win.close()


def test_fault_headless_run_on_a_full_disk_finishes_with_status_1(
    qtbot, make_ctx, tmp_path, portrait_path, make_wav, monkeypatch, capsys
):
    store = JobStore(tmp_path / "data" / "queue.json")
    win = _window(qtbot, make_ctx(queue=store.open_queue()))
    monkeypatch.setattr(job_store_module, "write_text_atomic", _full_disk)
    audio = make_wav("talk.wav", seconds=0.5)
    driver = _driver(win, portrait_path, audio, start=True)
    with qtbot.waitSignal(driver.finished, timeout=60_000) as blocker:
        driver.begin()
    assert blocker.args == [1]
    err = capsys.readouterr().err
    assert err.count("error: The queue could not be saved: the disk is full.") == 1
    (job,) = win.controller.queue.jobs  # the in-memory queue still ran the job
    assert job.state == JobState.DONE and job.request.output.exists()
    win.close()


def test_fault_headless_subprocess_with_an_unusable_queue_file_exits_1(
    tmp_path, portrait_path, make_wav
):
    home = tmp_path / "home"
    (home / "data" / "queue.json").mkdir(parents=True)  # cannot be read nor replaced
    audio = make_wav("talk.wav", seconds=0.5)
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env.update(QT_QPA_PLATFORM="offscreen", SONIC_DESKTOP_HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-m", "sonic_desktop", "gui", "--enqueue", str(portrait_path),
         str(audio), "--quit-when-done"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "warning: The saved queue could not be read" in result.stderr
    assert "error: The queue could not be saved" in result.stderr
    assert "Traceback" not in result.stderr
    assert (home / "data" / "queue.json").is_dir()


def test_fault_an_unusable_data_folder_leaves_an_in_memory_queue(
    qtbot, real_store_ctx, portrait_path, tmp_path, monkeypatch, capsys
):
    blocker_file = tmp_path / "data"
    blocker_file.write_text("a file where the data folder belongs", encoding="utf-8")

    def data_dir():
        blocker_file.mkdir(parents=True, exist_ok=True)  # FileExistsError, as paths would
        return blocker_file

    monkeypatch.setattr(job_store_module.paths, "data_dir", data_dir)
    win = _window(qtbot, real_store_ctx())  # raised FileExistsError before the fix
    expected = f"{blocker_file} is in the way of its folder"
    assert expected in win.media.drop_notice.text
    win.enqueue(portrait_path, [tmp_path / "a.wav"])
    assert len(win.controller.queue.jobs) == 1
    driver = _driver(win)
    with qtbot.waitSignal(driver.finished, timeout=20_000) as finished:
        driver.begin()
    assert finished.args == [1]
    assert f"error: The queue could not be saved: {expected}" in capsys.readouterr().err
    win.close()


@pytest.mark.parametrize("blocked", ["data", "config"])
def test_fault_a_file_in_the_way_of_an_app_folder_is_one_line(tmp_path, blocked):
    # A regular file where the data or config folder goes gave a FileExistsError traceback.
    home = tmp_path / "sonic"
    home.mkdir()
    (home / blocked).write_text("not a folder")
    env = {**os.environ, "SONIC_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "sonic_desktop", "gui", "--quit-when-done"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and str(home / blocked) in lines[0], result.stderr
    assert "Traceback" not in result.stderr
