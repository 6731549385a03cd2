"""One window per profile: a later launch hands its files to the running window.

Fault-injection issue: two copies shared one queue file. The second marked the first
one's running job interrupted and rendered its queued job; the first one's next save
dropped the second one's job; one job was rendered twice into the same file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from window_processes import (  # noqa: F401  (the autouse fixture)
    example_inputs,
    launch_gui,
    no_window_outlives_its_test,
    outputs_of,
    profile_env,
    track,
)

from sonic_desktop.core import paths

HANDOVER_LIMIT_S = 2.0  # the bound for a later launch to hand over and exit
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def profile(tmp_path, tmp_path_factory, monkeypatch) -> dict[str, str]:
    """A whole user profile in tmp_path (see `window_processes.profile_env`)."""
    env = profile_env(tmp_path, tmp_path_factory.mktemp("s"))
    # This process computes the same data folder and server name as the children.
    monkeypatch.setenv("SONIC_DESKTOP_HOME", env["SONIC_DESKTOP_HOME"])
    monkeypatch.setenv("TMPDIR", env["TMPDIR"])
    return env


inputs = example_inputs


def launch(env: dict[str, str], *args: object) -> subprocess.Popen[str]:
    return launch_gui(env, *args)


Finished = tuple[subprocess.CompletedProcess[str], float]  # the result, its wall time in s


def run(env: dict[str, str], *args: object, timeout: float = 120) -> Finished:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "sonic_desktop", "gui", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=timeout,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    print(f"gui {' '.join(map(str, args))}: status {result.returncode} after {elapsed:.2f} s")
    return result, elapsed


def wait_for(condition, timeout: float, what: str, proc: subprocess.Popen[str] | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"exited ({proc.returncode}) before {what}:\n{out}\n{err}")
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def answering(data_dir: Path) -> bool:
    """The running window answers a plain hand-over (no files: it only comes forward)."""
    from sonic_desktop.gui.instance.handoff import HandoffRequest
    from sonic_desktop.gui.instance.single_instance import (
        Connection,
        NoAnswer,
        _connect,
        server_name,
    )

    socket = _connect(server_name(data_dir))
    if socket is None:
        return False
    connection = Connection(socket)
    try:
        connection.send(HandoffRequest().to_message())
        reply = connection.receive(timeout_ms=10_000)
    except NoAnswer:
        return False
    finally:
        connection.close()
    return bool(reply and reply.get("ok"))


def part_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part.mp4")) + sorted(folder.glob("*.part.mp4"))


def saved_jobs(data_dir: Path) -> list[dict]:
    return json.loads((data_dir / "queue.json").read_text(encoding="utf-8"))["jobs"]


def stop(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[str, str]:
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        return proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


# -- the lock and the name --------------------------------------------------------------


def test_fault_instance_server_name_is_per_data_folder(tmp_path):
    from sonic_desktop.gui.instance.single_instance import server_name

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    assert server_name(one) == server_name(one / ".." / "one")
    assert server_name(one) != server_name(two)
    assert len(server_name(one)) < 40  # fits a Unix socket path under a usual TMPDIR


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)


def test_fault_instance_stale_lock_with_a_dead_pid_is_taken_over(tmp_path):
    from PySide6.QtCore import QSysInfo

    from sonic_desktop.gui.instance.single_instance import InstanceLock, claim, lock_path

    # QLockFile's format: PID, application, host name.
    lock_file = lock_path(tmp_path)
    lock_file.write_text(f"{dead_pid()}\nsonic-desktop\n{QSysInfo.machineHostName()}\n")
    taken = claim(tmp_path, wait_ms=1000)
    assert isinstance(taken, InstanceLock) and taken.held
    assert lock_file.read_text().split("\n")[0] == str(os.getpid())
    taken.release()
    assert not lock_file.exists()


def test_fault_instance_lock_left_by_a_crash_is_taken_over(tmp_path):
    from sonic_desktop.gui.instance.single_instance import InstanceLock, claim, lock_path

    crash = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from sonic_desktop.gui.instance.single_instance import InstanceLock
        lock = InstanceLock(Path({str(tmp_path)!r}))
        assert lock.try_take()
        os._exit(0)  # no unlock: as after a crash
        """
    )
    subprocess.run([sys.executable, "-c", crash], check=True, timeout=60)
    assert lock_path(tmp_path).exists()
    started = time.monotonic()
    taken = claim(tmp_path, wait_ms=1000)
    assert isinstance(taken, InstanceLock) and taken.held
    assert time.monotonic() - started < 1.0  # no waiting on a dead holder
    taken.release()


HOLDER = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from sonic_desktop.gui.instance.single_instance import InstanceLock, InstanceServer, server_name
app = QCoreApplication([])
folder = Path(sys.argv[1])
lock = InstanceLock(folder)
assert lock.try_take()
if sys.argv[2] == "listening":
    server = InstanceServer(server_name(folder))
    assert server.listen()
print("ready", flush=True)
time.sleep(120)  # hung: never runs the event loop, never answers
"""


@pytest.mark.parametrize("holder", ["listening", "not-listening"])
def test_fault_instance_a_hung_window_is_reported_not_shared(profile, tmp_path, holder):
    data = paths.data_dir()
    hung = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data), holder],
        stdout=subprocess.PIPE, text=True, env=profile,
    )  # fmt: skip
    track(hung)
    try:
        assert hung.stdout is not None and hung.stdout.readline().strip() == "ready"
        result, _elapsed = run(profile, timeout=60)
    finally:
        hung.kill()
        hung.communicate()
    assert result.returncode == 3, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if "does not answer" in line]
    assert len(lines) == 1 and f"process {hung.pid}" in lines[0], result.stderr
    assert not (data / "queue.json").exists()  # it never opened the queue


# -- hand-over end to end -----------------------------------------------------------------


@pytest.mark.slow
def test_fault_instance_second_launch_hands_its_job_to_the_running_window(profile, tmp_path):
    """The issue's scenario: a window renders; `gui --enqueue ... --start` runs beside it."""
    image, (long_audio, short_audio) = inputs(tmp_path, "first_en.wav", "second_zh.wav")
    data = paths.data_dir()
    first = launch(profile, "--enqueue", image, long_audio, "--start", "--quit-when-done")
    try:
        wait_for(lambda: part_files(outputs_of(profile)), 90, "the first render", first)
        result, elapsed = run(profile, "--enqueue", image, short_audio, "--start")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "took the files (1 job queued)" in result.stdout, result.stdout
        # Both cores of the test machine are busy rendering here: allow for it.
        assert elapsed < HANDOVER_LIMIT_S * 2, f"hand-over took {elapsed:.2f} s"
        out, err = first.communicate(timeout=240)
    finally:
        stop(first)
    assert first.returncode == 0, out + err  # it rendered both, and both succeeded
    jobs = saved_jobs(data)
    assert [job["state"] for job in jobs] == ["done", "done"], jobs
    outputs = sorted(p.name for p in outputs_of(profile).glob("*.mp4"))
    assert outputs == ["portrait_first_en.mp4", "portrait_second_zh.mp4"]  # each once
    assert not part_files(outputs_of(profile))
    assert not list(image.parent.glob("*.mp4"))  # nothing beside the inputs
    assert not (data / "instance.lock").exists()  # released at exit


@pytest.mark.slow
@POSIX_ONLY
def test_fault_instance_open_with_and_quit_when_done_go_to_the_running_window(
    profile, tmp_path, make_wav
):
    image, _ = inputs(tmp_path)
    one = make_wav("in/one.wav", seconds=1.0, seed=1)  # short: four renders run here
    two = make_wav("in/two.wav", seconds=1.0, seed=2)
    data = paths.data_dir()
    window = launch(profile)  # an ordinary window: asks before quitting, queue paused
    try:
        wait_for(lambda: answering(data), 60, "the window to answer", window)
        # "Open with": a picture and two recordings are two jobs; the paused queue keeps them.
        opened, elapsed = run(profile, image, one, two)
        assert opened.returncode == 0, opened.stdout + opened.stderr
        assert "took the files (2 jobs queued)" in opened.stdout
        assert elapsed < HANDOVER_LIMIT_S, f"hand-over took {elapsed:.2f} s"
        # --quit-when-done with a paused queue and no --start: nothing to wait for.
        paused, _ = run(profile, "--enqueue", image, one, "--quit-when-done")
        assert paused.returncode == 0 and "paused" in paused.stdout, paused.stdout
        # --start --quit-when-done: the launch waits for its own job's outcome.
        waited, _ = run(profile, "--enqueue", image, two, "--start", "--quit-when-done",
                        timeout=240)  # fmt: skip
        assert waited.returncode == 0, waited.stdout + waited.stderr
        assert "All 1 job finished." in waited.stdout, waited.stdout
        # An unknown preset is refused and adds nothing.
        refused, _ = run(profile, "--enqueue", image, one, "--preset", "no-such-preset")
        assert refused.returncode == 2 and "no preset named" in refused.stderr
        # --screenshot needs a window of its own.
        shot, _ = run(profile, "--screenshot", tmp_path / "shot.png")
        assert shot.returncode == 2 and "--screenshot" in shot.stderr
    finally:
        out, err = stop(window)
    assert window.returncode == 128 + signal.SIGTERM, out + err
    jobs = saved_jobs(data)
    assert len(jobs) == 4, jobs  # two opened, one paused, one waited for; none refused
    assert jobs[-1]["state"] == "done"
    assert not (data / "instance.lock").exists()


# -- the window's side, in this process ---------------------------------------------------


class FakePeer:
    """Stands in for a connected launch: records the replies."""

    def __init__(self) -> None:
        from PySide6.QtCore import QObject, Signal

        class Relay(QObject):
            gone = Signal(object)

        self._relay = Relay()
        self.gone = self._relay.gone
        self.replies: list[dict] = []
        self.closed = False

    def reply(self, message: dict) -> None:
        self.replies.append(message)

    def close(self) -> None:
        self.closed = True


def test_fault_instance_handed_jobs_get_the_preset_but_the_window_keeps_its_settings(
    window, portrait_path, make_wav
):
    from sonic_desktop.core.presets import find_preset
    from sonic_desktop.gui.instance.handoff import HandoffHandler, HandoffRequest

    audio = make_wav("handed.wav", seconds=1.0)
    before = window.session.settings
    handler = HandoffHandler(lambda: window)
    peer = FakePeer()
    request = HandoffRequest(enqueue=[portrait_path, audio], preset="news")
    handler.handle(peer, request.to_message())  # type: ignore[arg-type]
    (reply,) = peer.replies
    assert reply["ok"] and len(reply["jobs"]) == 1 and not reply["waiting"], reply
    assert peer.closed
    job = window.controller.queue.get(reply["jobs"][0])
    news = find_preset("news")
    assert news is not None
    for key, value in news.settings.items():
        assert getattr(job.request.settings, key) == value
    assert window.session.settings == before  # the user's own settings are untouched
    # Handed jobs go where the window's own go: the default folder, not beside the input.
    from sonic_desktop.core.output_folder import default_output_folder

    assert job.request.output.parent == default_output_folder() != audio.parent
    assert not window.controller.running  # no --start: the queue stays as it was


@pytest.mark.parametrize(
    "message, error",
    [
        ({"protocol": 99}, "protocol"),
        ({"protocol": 1, "files": ["relative.png"]}, "absolute"),
        ({"protocol": 1, "enqueue": ["/only/an/image.png"]}, "at least one audio"),
        ({"protocol": 1, "enqueue": ["/a.png", "/b.wav"], "preset": "no-such"}, "no preset"),
    ],
)
def test_fault_instance_bad_requests_are_refused_and_add_nothing(window, message, error):
    from sonic_desktop.gui.instance.handoff import HandoffHandler

    peer = FakePeer()
    HandoffHandler(lambda: window).handle(peer, message)  # type: ignore[arg-type]
    (reply,) = peer.replies
    assert reply["ok"] is False and error in reply["error"], reply
    assert peer.closed and window.controller.queue.jobs == []


def test_fault_instance_a_waiting_launch_hears_how_its_jobs_ended(
    qtbot, window, portrait_path, make_wav
):
    from sonic_desktop.gui.instance.handoff import HandoffHandler, HandoffRequest

    audio = make_wav("waited.wav", seconds=0.5)
    handler = HandoffHandler(lambda: window)
    peer = FakePeer()
    request = HandoffRequest(enqueue=[portrait_path, audio], start=True, wait=True)
    handler.handle(peer, request.to_message())  # type: ignore[arg-type]
    assert peer.replies[0]["waiting"] is True and not peer.closed
    qtbot.waitUntil(lambda: peer.closed, timeout=60_000)
    done = peer.replies[-1]
    job_id = peer.replies[0]["jobs"][0]
    assert done == {"done": True, "ok": True, "states": {job_id: "done"}}


def test_fault_instance_a_waiting_launch_hears_of_a_cancel_or_a_quit(window, tmp_path):
    from sonic_desktop.gui.instance.handoff import HandoffHandler, HandoffRequest

    image, (one, two) = inputs(tmp_path, "one_en.wav", "two_en.wav")
    handler = HandoffHandler(lambda: window)
    window.controller.start()
    rendering, waiting = FakePeer(), FakePeer()
    for peer, audio in ((rendering, one), (waiting, two)):
        message = HandoffRequest(enqueue=[image, audio], wait=True).to_message()
        handler.handle(peer, message)  # type: ignore[arg-type]
        assert peer.replies[0]["waiting"] is True
    # No event is processed in between: the first job is with the worker, the second queued.
    (queued,) = waiting.replies[0]["jobs"]
    window.controller.cancel([queued])
    assert waiting.closed
    assert waiting.replies[-1] == {"done": True, "ok": False, "states": {queued: "cancelled"}}
    handler.close()  # the window quits while the first launch still waits
    assert rendering.closed
    last = rendering.replies[-1]
    assert last["done"] is True and last["ok"] is False, last
