"""The queue through its Qt model: reorder, cancel, retry, persistence, interrupted jobs."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt

from sonic_desktop.core.job_store import JobStore
from sonic_desktop.core.jobs import JobQueue, JobState
from sonic_desktop.core.request import RenderRequest


def _request(tmp_path, portrait_path, speech_path, name):
    return RenderRequest(image=portrait_path, audio=speech_path, output=tmp_path / f"{name}.mp4")


class GateEngine:
    """Renders like the still engine but holds each frame until `gate` opens, so a test
    can act while a job is running. Waits are bounded; cancel is checked per frame."""

    name = "gate"
    label = "Gate (tests only)"

    def __init__(self, inner):
        self.inner = inner
        self.gate = threading.Event()
        self.first_frame = threading.Event()

    def prepare(self, request, progress):
        return self.inner.prepare(request, progress)

    def frames(self, plan, progress, cancel):
        for frame in self.inner.frames(plan, progress, cancel):
            self.first_frame.set()
            while not self.gate.wait(0.01):
                cancel.check()
            yield frame

    def release(self):
        self.inner.release()


@pytest.fixture
def queue_view(qtbot, make_ctx):
    from sonic_desktop.gui.queue.view import QueueView

    def _make(engine=None, queue=None):
        ctx = make_ctx(queue=queue, **({"engine": engine} if engine is not None else {}))
        view = QueueView(ctx.controller)
        qtbot.addWidget(view)
        view.show()
        return view

    return _make


def test_model_follows_queue_and_reorders_by_drag(queue_view, tmp_path, portrait_path, speech_path):
    from sonic_desktop.gui.queue.model import JOB_ID_ROLE

    view = queue_view()
    model, queue = view.model, view.controller.queue
    ids = [queue.add(_request(tmp_path, portrait_path, speech_path, n)).id for n in "abc"]
    assert model.rowCount() == 3
    assert [model.index(r).data(JOB_ID_ROLE) for r in range(3)] == ids

    # Drag "c" above "a", as the view would after a drop at row 0.
    mime = model.mimeData([model.index(2)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [j.id for j in queue.jobs] == [ids[2], ids[0], ids[1]]
    assert [model.index(r).data(JOB_ID_ROLE) for r in range(3)] == [ids[2], ids[0], ids[1]]

    # Multi-select drag of the first two rows to the end keeps their order.
    mime = model.mimeData([model.index(0), model.index(1)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert [j.id for j in queue.jobs] == [ids[1], ids[2], ids[0]]
    assert [model.index(r).data(JOB_ID_ROLE) for r in range(3)] == [ids[1], ids[2], ids[0]]


def test_context_actions_duplicate_remove_and_load_settings(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    view = queue_view()
    queue = view.controller.queue
    job = queue.add(_request(tmp_path, portrait_path, speech_path, "a"))
    actions = view.actions_for([job.id])
    assert actions["cancel"].isEnabled() and not actions["retry"].isEnabled()
    assert not actions["open"].isEnabled()
    actions["duplicate"].trigger()
    assert view.model.rowCount() == 2
    assert queue.jobs[1].request == job.request
    with qtbot.waitSignal(view.load_settings) as blocker:
        view.actions_for([job.id])["load"].trigger()
    assert blocker.args[0].id == job.id
    view.select_ids([j.id for j in queue.jobs])
    assert view.selected_ids() == [j.id for j in queue.jobs]
    view.actions_for(view.selected_ids())["remove"].trigger()
    assert view.model.rowCount() == 0


def test_cancel_and_retry_through_the_model(
    queue_view, still_engine, tmp_path, portrait_path, speech_path, qtbot
):
    gate = GateEngine(still_engine)
    view = queue_view(engine=gate)
    controller, model = view.controller, view.model
    first = controller.add(_request(tmp_path, portrait_path, speech_path, "first"))
    second = controller.add(_request(tmp_path, portrait_path, speech_path, "second"))
    view.actions_for([second])["cancel"].trigger()  # a waiting job cancels at once
    assert controller.queue.get(second).state == JobState.CANCELLED

    controller.start()
    qtbot.waitUntil(lambda: controller.queue.get(first).state == JobState.RUNNING, timeout=20_000)
    qtbot.waitUntil(gate.first_frame.is_set, timeout=20_000)
    with qtbot.waitSignal(controller.drained, timeout=20_000):
        view.actions_for([first])["cancel"].trigger()
    assert controller.queue.get(first).state == JobState.CANCELLED
    assert not (tmp_path / "first.mp4").exists()
    assert controller.outcomes[first] is False

    # Retry both; open the gate so they finish.
    gate.gate.set()
    row = model.row_of(first)
    assert model.index(row).data(Qt.ItemDataRole.DisplayRole).startswith(portrait_path.name)
    with qtbot.waitSignal(controller.drained, timeout=60_000):
        view.actions_for([first, second])["retry"].trigger()
        qtbot.waitUntil(
            lambda: all(j.state == JobState.DONE for j in controller.queue.jobs), timeout=60_000
        )
    assert (tmp_path / "first.mp4").exists() and (tmp_path / "second.mp4").exists()
    assert view.actions_for([first])["open"].isEnabled()


def test_failed_job_shows_the_message(queue_view, tmp_path, portrait_path, speech_path, qtbot):
    from sonic_desktop.gui.queue.delegate import status_line

    class Broken:
        name, label = "broken", "Broken"

        def prepare(self, request, progress):
            from sonic_desktop.core.errors import NoFaceFound

            raise NoFaceFound("No face was found in the photo")

        def release(self):
            pass

    view = queue_view(engine=Broken())
    controller = view.controller
    job_id = controller.add(_request(tmp_path, portrait_path, speech_path, "x"))
    with qtbot.waitSignal(controller.job_failed, timeout=20_000):
        controller.start()
    job = controller.queue.get(job_id)
    assert job.state == JobState.FAILED
    assert job.error_kind == "NoFaceFound"
    assert "No face was found" in status_line(job)
    row = view.model.index(controller.queue.index(job_id), 0)
    tooltip = view.model.data(row, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith(job.error) and str(job.request.output) in tooltip


def test_queue_persists_across_restart_and_interrupted_resumes(
    queue_view, tmp_path, portrait_path, speech_path, qtbot
):
    store_path = tmp_path / "queue.json"
    store = JobStore(store_path)
    queue = JobQueue(persist=store.save)
    a = queue.add(_request(tmp_path, portrait_path, speech_path, "a"))
    b = queue.add(_request(tmp_path, portrait_path, speech_path, "b"))
    queue.notify_started(a.id)  # the app "dies" here, mid-render
    queue.move(b.id, 0)

    restored = JobStore(store_path).open_queue()  # simulated restart
    view = queue_view(queue=restored)
    assert [j.id for j in view.controller.queue.jobs] == [b.id, a.id]
    assert view.controller.queue.get(a.id).state == JobState.INTERRUPTED
    assert view.interrupted_bar.isVisibleTo(view)
    with qtbot.waitSignal(view.controller.drained, timeout=60_000):
        qtbot.mouseClick(view.resume_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: all(j.state == JobState.DONE for j in view.controller.queue.jobs),
            timeout=60_000,
        )
    assert not view.interrupted_bar.isVisibleTo(view)
    assert JobStore(store_path).open_queue().get(a.id).state == JobState.DONE


def test_pause_stops_taking_new_jobs(
    queue_view, still_engine, tmp_path, portrait_path, speech_path, qtbot
):
    gate = GateEngine(still_engine)
    view = queue_view(engine=gate)
    controller = view.controller
    first = controller.add(_request(tmp_path, portrait_path, speech_path, "p1"))
    second = controller.add(_request(tmp_path, portrait_path, speech_path, "p2"))
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert controller.running
    qtbot.waitUntil(lambda: controller.queue.get(first).state == JobState.RUNNING, timeout=20_000)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)  # pause
    assert not controller.running
    with qtbot.waitSignal(controller.job_succeeded, timeout=60_000):
        gate.gate.set()
    assert controller.queue.get(second).state == JobState.QUEUED
    assert not controller.busy
