"""Fault injection on the queue file: wrong shapes, unreadable files, full disks,
legacy relative paths, and the temporary files of saves a crash cut short."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time

import pytest

from sonic_desktop.core import job_store as job_store_module
from sonic_desktop.core.job_store import IssueKind, JobStore, QueueFileKept
from sonic_desktop.core.jobs import JobState, MalformedJob, relative_paths
from sonic_desktop.core.processes import start_token
from sonic_desktop.core.request import RenderRequest


def _request(folder, n: int) -> RenderRequest:
    return RenderRequest(
        image=folder / "face.png", audio=folder / f"line {n}.wav", output=folder / f"out {n}.mp4"
    )


def _good_entry(folder, job_id: str = "good") -> dict:
    return {"id": job_id, "request": _request(folder, 1).to_dict(), "state": "queued"}


@pytest.fixture
def store(tmp_path):
    return JobStore(tmp_path / "queue.json")


def _backups(store):
    return sorted(p for p in store.path.parent.iterdir() if ".corrupt-" in p.name)


@pytest.mark.parametrize(
    "payload",
    [{"jobs": 5}, {"jobs": "abc"}, {"jobs": None}, {"version": 1}, [1, 2], None, "jobs", 3],
    ids=["jobs-int", "jobs-str", "jobs-null", "no-jobs", "top-list", "top-null", "top-str", "int"],
)
def test_fault_a_file_of_the_wrong_shape_is_moved_aside_and_the_app_starts(store, payload):
    original = json.dumps(payload)
    store.path.write_text(original, encoding="utf-8")
    queue = store.open_queue()  # raised TypeError / AttributeError before the fix
    assert queue.jobs == []
    assert [i.kind for i in store.issues] == [IssueKind.MOVED_ASIDE]
    (backup,) = _backups(store)
    assert backup.read_text(encoding="utf-8") == original
    assert "moved" in store.problems[0] and str(backup) in store.problems[0]
    queue.add(_request(store.path.parent, 1))  # and the queue saves normally again
    assert queue.save_error is None and len(JobStore(store.path).load()) == 1


BAD_ENTRIES: list[object] = [
    None,
    "a job",
    5,
    [],
    {"request": {}},  # no id
    {"id": "", "request": {}},
    {"id": "no-request"},
    {"id": "req-null", "request": None},
    {"id": "req-str", "request": "face.png"},
    {"id": "img-num", "request": {"image": 5, "audio": "/a.wav", "output": "/o.mp4"}},
    {"id": "no-audio", "request": {"image": "/f.png", "output": "/o.mp4"}},
    {"id": "state", "state": "exploded"},
    {"id": "done", "done": "x"},
    {"id": "negative", "total": -3},
    {"id": "bool", "done": True},
    {"id": "started", "started_at": "yesterday"},
    {"id": "created", "created_at": [1]},
    {"id": "error", "error": 5},
    {"id": "label", "engine_label": {"a": 1}},
    {"id": "box", "face_box_in_request": "abc"},
    {"id": "settings-type", "settings": 5},
    {"id": "settings-key", "settings": {"no_such_knob": 1}},
    {"id": "settings-value", "settings": {"inference_steps": "many"}},
    {"id": "weights", "weights_dir": 7},
    {"id": "schema", "schema": 99},
]


def _entry(folder, spec):
    """Turn a BAD_ENTRIES spec into a stored job entry (top-level values stay as they are)."""
    if not isinstance(spec, dict) or "request" in spec or spec.get("id") == "no-request":
        return spec
    entry = _good_entry(folder, spec["id"])
    for key, value in spec.items():
        if key in ("settings", "weights_dir", "schema"):
            entry["request"][key] = value
        elif key == "face_box_in_request":
            entry["request"]["face_box"] = value
        else:
            entry[key] = value
    return entry


def test_fault_malformed_jobs_are_set_aside_the_rest_loads_and_the_original_is_kept(store):
    folder = store.path.parent
    entries = [_good_entry(folder, "first")]
    entries += [_entry(folder, spec) for spec in BAD_ENTRIES]
    entries += [_good_entry(folder, "first")]  # the same id twice: the second is dropped
    entries += [_good_entry(folder, "last")]
    original = json.dumps({"version": 1, "jobs": entries})
    store.path.write_text(original, encoding="utf-8")

    queue = store.open_queue()
    assert [job.id for job in queue.jobs] == ["first", "last"]
    dropped = [i for i in store.issues if i.kind == IssueKind.ENTRY_DROPPED]
    assert len(dropped) == len(BAD_ENTRIES) + 1
    assert [i.position for i in dropped] == list(range(2, len(entries)))
    assert all(i.detail for i in dropped)
    (backup,) = _backups(store)
    assert backup.read_text(encoding="utf-8") == original
    assert any(i.kind == IssueKind.BACKED_UP and i.path == backup for i in store.issues)
    # Saving the cleaned queue leaves the backup alone.
    queue.add(_request(folder, 2))
    assert backup.read_text(encoding="utf-8") == original
    assert len(JobStore(store.path).load()) == 3


def test_fault_job_from_dict_names_the_bad_field():
    with pytest.raises(MalformedJob, match="'done' should be a whole number"):
        from sonic_desktop.core.jobs import Job

        Job.from_dict({"id": "x", "request": _request_dict(), "done": "x"})


def _request_dict() -> dict:
    return {"image": "/f.png", "audio": "/a.wav", "output": "/o.mp4"}


def test_fault_backup_failure_keeps_the_original_untouched(store, monkeypatch):
    folder = store.path.parent
    original = json.dumps({"jobs": [_good_entry(folder), None]})
    store.path.write_text(original, encoding="utf-8")

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(job_store_module, "atomic_writer", no_space)
    queue = store.open_queue()
    assert [job.id for job in queue.jobs] == ["good"]
    assert IssueKind.BACKUP_FAILED in {i.kind for i in store.issues}
    queue.add(_request(folder, 2))  # never raises into the caller...
    assert isinstance(queue.save_error, QueueFileKept)
    assert store.path.read_text(encoding="utf-8") == original  # ...and never saves over it


def test_fault_an_unreadable_queue_file_is_left_alone(store):
    store.path.mkdir()  # a folder where the file should be: reading fails with EISDIR
    queue = store.open_queue()
    assert queue.jobs == []
    assert [i.kind for i in store.issues] == [IssueKind.UNREADABLE]
    queue.add(_request(store.path.parent, 1))
    assert queue.save_error is not None and store.path.is_dir()
    assert len(queue.jobs) == 1


def test_fault_disk_full_keeps_the_in_memory_queue_and_recovers(store, monkeypatch):
    queue = store.open_queue()
    first = queue.add(_request(store.path.parent, 1))
    seen: list[OSError] = []
    queue.subscribe_save_errors(seen.append)
    real_writer = job_store_module.write_text_atomic

    def full_disk(path, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(job_store_module, "write_text_atomic", full_disk)
    second = queue.add(_request(store.path.parent, 2))  # raised OSError before the fix
    queue.notify_started(first.id)
    queue.notify_finished(first.id)
    assert [j.id for j in queue.jobs] == [first.id, second.id]
    assert queue.get(first.id).state == JobState.DONE
    assert len(seen) == 3 and all(e.errno == errno.ENOSPC for e in seen)
    assert queue.save_error is seen[-1] and seen[-1].filename == str(store.path)

    monkeypatch.setattr(job_store_module, "write_text_atomic", real_writer)
    queue.move(second.id, 0)  # space is back: the next change saves everything
    assert queue.save_error is None
    restored = JobStore(store.path).load()
    assert [j.id for j in restored] == [second.id, first.id]
    assert restored[1].state == JobState.DONE


def test_fault_legacy_relative_paths_are_reported_not_resolved(store, tmp_path, monkeypatch):
    legacy = {"id": "old", "request": {"image": "pic.jpg", "audio": "talk.wav", "output": "o.mp4"}}
    store.path.write_text(json.dumps({"jobs": [legacy]}), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pic.jpg").write_bytes(b"not guessed")
    monkeypatch.chdir(elsewhere)
    (job,) = store.open_queue().jobs
    assert str(job.request.image) == "pic.jpg"  # kept as written, not resolved here
    assert relative_paths(job.request)
    (issue,) = store.issues
    assert issue.kind == IssueKind.RELATIVE_PATH and issue.detail == "pic.jpg"
    assert "relative path pic.jpg" in store.problems[0]


# -- temporary files of interrupted saves ---------------------------------------------


def dead_writer() -> tuple[int, str]:
    """The PID and start token of a process that has exited (as after kill -9)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    token = start_token(proc.pid)
    proc.kill()
    proc.wait()
    return proc.pid, token


def _temp(folder, stem, pid, token, suffix=".json", age_s=3600.0, rand="abcd_123"):
    path = folder / f".{stem}.{pid}-{token}-{rand}.part{suffix}"
    path.write_text("{half a queue", encoding="utf-8")
    when = time.time() - age_s
    os.utime(path, (when, when))
    return path


def test_fault_start_up_removes_only_dead_saves_own_temp_files(store):
    folder = store.path.parent
    pid, token = dead_writer()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live_token = start_token(live.pid)
        dead = _temp(folder, "queue", pid, token)
        dead2 = _temp(folder, "queue", pid, token, rand="zzzz_999")
        own = _temp(folder, "queue", os.getpid(), start_token(os.getpid()))
        other_instance = _temp(folder, "queue", live.pid, live_token)
        fresh = _temp(folder, "queue", pid, token, age_s=0.0, rand="fresh000")
        not_ours = _temp(folder, "presets", pid, token)  # another file's save
        legacy_old = folder / ".queue.k2j4h5g6.part.json"
        legacy_new = folder / ".queue.a1b2c3d4.part.json"
        for path, age in ((legacy_old, 3 * 86400), (legacy_new, 60)):
            path.write_text("{", encoding="utf-8")
            os.utime(path, (time.time() - age, time.time() - age))
        unrelated = folder / ".queue.json.swp"
        unrelated.write_text("editor", encoding="utf-8")

        store.open_queue()
    finally:
        live.kill()
        live.wait()
    assert not dead.exists() and not dead2.exists() and not legacy_old.exists()
    for kept in (own, other_instance, fresh, not_ours, legacy_new, unrelated):
        assert kept.exists(), kept.name


def test_fault_a_reused_pid_does_not_keep_a_dead_writers_file(store):
    folder = store.path.parent
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        if start_token(live.pid) == "0":
            pytest.skip("no process start times on this system")
        # The file names this PID, but a start token the live process does not have.
        stale = _temp(folder, "queue", live.pid, "zz9")
        store.open_queue()
        assert not stale.exists()
    finally:
        live.kill()
        live.wait()


# -- found by the second fault probe ------------------------------------------------------


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")], ids=["list", "dict"])
def test_fault_absurdly_deep_nesting_is_moved_aside(store, opening, closing):
    depth = 200_000  # json.loads raised RecursionError, which escaped the loader
    store.path.write_text(
        '{"version": 1, "jobs": [' + opening * depth + "1" + closing * depth + "]}",
        encoding="utf-8",
    )
    queue = store.open_queue()
    assert queue.jobs == [] and [i.kind for i in store.issues] == [IssueKind.MOVED_ASIDE]
    assert len(_backups(store)) == 1


@pytest.mark.parametrize("value", [-1e308, 1e308, -1.0, 1e12])
def test_fault_an_absurd_time_sets_the_entry_aside(store, value):
    entry = {**_good_entry(store.path.parent, "absurd"), "state": "done", "finished_at": value}
    store.path.write_text(
        json.dumps({"version": 1, "jobs": [entry, _good_entry(store.path.parent)]}),
        encoding="utf-8",
    )
    queue = store.open_queue()  # the window's round(inf) crashed a screenshot run (139)
    assert [job.id for job in queue.jobs] == ["good"]
    assert IssueKind.ENTRY_DROPPED in [i.kind for i in store.issues]


def test_fault_an_undecodable_file_name_saves_and_loads_unchanged(store, tmp_path):
    # A file name that is not valid UTF-8 arrives as lone surrogates ("\udc80"); writing it as
    # UTF-8 raised UnicodeEncodeError on every save, and a headless run never finished.
    odd = tmp_path / "caf\udce9"
    queue = store.open_queue()
    queue.add(RenderRequest(image=odd / "a.png", audio=odd / "b.wav", output=odd / "c.mp4"))
    assert queue.save_error is None
    (job,) = JobStore(store.path).load()
    assert job.request.output == odd / "c.mp4"
