from __future__ import annotations

import json

import pytest

from sonic_desktop.core.job_store import JobStore
from sonic_desktop.core.jobs import InvalidTransition, JobState, QueueEventKind
from sonic_desktop.core.request import RenderRequest
from sonic_desktop.core.settings import RenderSettings


def _request(n: int) -> RenderRequest:
    return RenderRequest(image="face.png", audio=f"line {n}.wav", output=f"out {n}.mp4")


@pytest.fixture
def store(tmp_path):
    return JobStore(tmp_path / "queue.json")


def test_jobs_run_in_order_and_reorder_changes_the_next_one(store):
    queue = store.open_queue()
    a, b, c = (queue.add(_request(i)) for i in range(3))
    assert queue.next_runnable() == a
    queue.move(c.id, 0)
    assert [j.id for j in queue.jobs] == [c.id, a.id, b.id]
    assert queue.next_runnable().id == c.id


def test_lifecycle_cancel_and_retry(store):
    queue = store.open_queue()
    job = queue.add(_request(1))
    queue.notify_started(job.id, "Preview (CPU)")
    queue.notify_progress(job.id, "rendering", 5, 10, 1.0)
    assert queue.get(job.id).fraction == 0.5
    queue.notify_cancelled(job.id)
    assert queue.get(job.id).state == JobState.CANCELLED
    with pytest.raises(InvalidTransition):
        queue.notify_finished(job.id)
    queue.retry(job.id)
    again = queue.get(job.id)
    assert again.state == JobState.QUEUED and again.done == 0 and again.error is None
    queue.notify_started(job.id)
    queue.notify_failed(job.id, "No face found", "NoFaceFound")
    failed = queue.get(job.id)
    assert (failed.error, failed.error_kind) == ("No face found", "NoFaceFound")
    # The kind survives the job store (the UI translates failed jobs after a restart).
    assert store.open_queue().get(job.id).error_kind == "NoFaceFound"
    queue.retry(job.id)
    assert queue.get(job.id).error_kind is None


def test_only_one_job_runs_at_a_time_and_running_jobs_cannot_be_removed(store):
    queue = store.open_queue()
    a, b = queue.add(_request(1)), queue.add(_request(2))
    queue.notify_started(a.id)
    with pytest.raises(InvalidTransition):
        queue.notify_started(b.id)
    with pytest.raises(InvalidTransition):
        queue.remove(a.id)


def test_duplicate_keeps_the_same_settings(store):
    queue = store.open_queue()
    request = RenderRequest(
        image="a.png", audio="b.wav", output="c.mp4", settings=RenderSettings(dynamic_scale=1.3)
    )
    original = queue.add(request)
    copy = queue.duplicate(original.id)
    assert copy.id != original.id and copy.request == request


def test_queue_survives_a_restart_and_a_killed_running_job_becomes_interrupted(store):
    queue = store.open_queue()
    done, running, waiting = (queue.add(_request(i)) for i in range(3))
    queue.notify_started(done.id)
    queue.notify_finished(done.id)
    queue.notify_started(running.id)
    # the process dies here: nothing else is saved

    reopened = JobStore(store.path).open_queue()
    states = {job.id: job.state for job in reopened.jobs}
    assert states == {
        done.id: JobState.DONE,
        running.id: JobState.INTERRUPTED,
        waiting.id: JobState.QUEUED,
    }
    assert [j.id for j in reopened.jobs] == [done.id, running.id, waiting.id]
    reopened.retry(running.id)  # one-click resume
    assert reopened.get(running.id).state == JobState.QUEUED
    assert JobStore(store.path).load()[1].state == JobState.QUEUED  # persisted


def test_events_reach_listeners(store):
    queue = store.open_queue()
    seen = []
    unsubscribe = queue.subscribe(seen.append)
    job = queue.add(_request(1))
    queue.remove(job.id)
    unsubscribe()
    queue.add(_request(2))
    assert [e.kind for e in seen] == [QueueEventKind.ADDED, QueueEventKind.REMOVED]


def test_corrupt_store_is_moved_aside_not_lost(store):
    store.path.write_text("{broken", encoding="utf-8")
    queue = store.open_queue()
    assert queue.jobs == []
    assert store.problems and "moved" in store.problems[0]
    assert any(p.name.startswith("queue.json.corrupt-") for p in store.path.parent.iterdir())


def test_one_bad_job_does_not_drop_the_others(store):
    queue = store.open_queue()
    queue.add(_request(1))
    payload = json.loads(store.path.read_text(encoding="utf-8"))
    payload["jobs"].append({"id": "x", "request": {"schema": 99}})
    store.path.write_text(json.dumps(payload), encoding="utf-8")
    jobs = JobStore(store.path).load()
    assert len(jobs) == 1
