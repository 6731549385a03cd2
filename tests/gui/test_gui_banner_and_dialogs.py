"""Hardware banner and estimates, the result view, the settings and models dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sonic_desktop.core.hardware import GpuInfo
from sonic_desktop.gui.shell.hardware_state import HardwareState


def gpu(total: float, free: float) -> GpuInfo:
    return GpuInfo(0, "NVIDIA GeForce RTX 3060", total, free, (8, 6), "nvml")


def state_for(gpus: list[GpuInfo], sonic_ok: bool = True) -> HardwareState:
    from sonic_desktop.core.advisor import suggest

    return HardwareState(tuple(gpus), suggest(gpus), sonic_ok, "", True)


def test_banner_without_gpu_suggests_preview(window, load_inputs, portrait_path, speech_path):
    window.set_hardware(state_for([], sonic_ok=False))
    banner = window.banner
    assert banner.gpu_label.text() == "No CUDA GPU"
    assert "Preview" in banner.suggestion_label.text()
    load_inputs(window.session, image=portrait_path, audio=speech_path)
    assert "on the CPU" in banner.estimate_label.text()


def test_banner_apply_and_vram_warning_before_queueing(
    window, qtbot, load_inputs, portrait_path, speech_path
):
    window.set_hardware(state_for([gpu(12.0, 3.0)]))
    session, banner = window.session, window.banner
    assert "RTX 3060" in banner.gpu_label.text() and "3.0 GB free" in banner.gpu_label.text()
    assert "768 px" in banner.suggestion_label.text()
    qtbot.mouseClick(banner.apply_button, Qt.MouseButton.LeftButton)
    assert session.settings.min_resolution == 768 and session.settings.inference_steps == 20
    assert not banner.apply_button.isEnabled()

    # Full GPU memory at 1024 px cannot fit in 3 GB: say so before anything is queued.
    session.update_settings(engine="sonic", min_resolution=1024, memory_strategy="full")
    load_inputs(session, image=portrait_path, audio=speech_path)
    assert "only 3.0 GB free" in banner.estimate_label.text()
    cards = [c for c in window.inspector.warning_cards if c.warning.code == "vram_exceeds_free"]
    assert cards, [c.warning.code for c in window.inspector.warning_cards]
    qtbot.mouseClick(cards[0].fix_button, Qt.MouseButton.LeftButton)
    assert session.settings.min_resolution < 1024 or session.settings.engine == "preview"


def test_add_to_queue_snapshots_inputs_and_settings(
    window, qtbot, load_inputs, portrait_path, speech_path
):
    assert window.add_current_to_queue() is None  # nothing loaded: inline message instead
    assert window.media.drop_notice.isVisible()
    load_inputs(window.session, image=portrait_path, audio=speech_path)
    window.session.update_settings(dynamic_scale=1.1)
    qtbot.mouseClick(window.banner.add_button, Qt.MouseButton.LeftButton)
    job = window.controller.queue.jobs[-1]
    assert job.request.settings.dynamic_scale == pytest.approx(1.1)
    window.session.update_settings(dynamic_scale=0.8)  # later edits do not touch the job
    assert window.controller.queue.jobs[-1].request.settings.dynamic_scale == pytest.approx(1.1)
    from sonic_desktop.core.output_folder import default_output_folder

    expected = default_output_folder() / f"{portrait_path.stem}_{speech_path.stem}.mp4"
    assert job.request.output == expected  # never beside the inputs by default
    second = window.add_current_to_queue()
    assert window.controller.queue.get(second).request.output.name.endswith("(2).mp4")


def test_result_view_tips_send_fixes_back(qtbot, tmp_path, portrait_path, speech_path):
    from sonic_desktop.core.jobs import Job, JobState
    from sonic_desktop.core.request import RenderRequest
    from sonic_desktop.core.settings import RenderSettings
    from sonic_desktop.gui.result.view import ResultView, tips

    view = ResultView()
    qtbot.addWidget(view)
    request = RenderRequest(
        portrait_path, speech_path, tmp_path / "missing.mp4", RenderSettings(dynamic_scale=0.9)
    )
    job = Job("abc", request, JobState.DONE)
    view.show_job(job)
    assert view.title.text() == "missing.mp4"
    assert not view.play_button.isEnabled()  # the file is gone
    assert len(tips(request.settings)) == 5
    view.show()
    buttons = [
        b
        for b in view.tips_box.findChildren(type(view.play_button))
        if b.text() == "Expression strength 1.1" and b.isEnabled()
    ]
    with qtbot.waitSignal(view.apply_changes) as blocker:
        qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert blocker.args[1] == {"dynamic_scale": 1.1}


def test_settings_dialog_edits_preferences(qtbot):
    from sonic_desktop.gui.dialogs.settings import SettingsDialog
    from sonic_desktop.gui.shell.preferences import Preferences

    prefs = Preferences()
    dialog = SettingsDialog(prefs, [gpu(24, 20)])
    qtbot.addWidget(dialog)
    dialog.template.setText("{audio}_{bogus}")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and "bogus" in dialog.template_hint.text()
    dialog.template.setText("{date}_{audio}")
    assert ok.isEnabled()
    dialog.folder.setText("/tmp/renders")
    dialog.device.setCurrentIndex(dialog.device.findData("cuda:0"))
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.keep_layout.setChecked(False)
    dialog.apply_to(prefs)
    assert prefs.file_name_template == "{date}_{audio}"
    assert (prefs.output_folder, prefs.device, prefs.language, prefs.theme) == (
        "/tmp/renders", "cuda:0", "zh_CN", "dark",
    )  # fmt: skip
    assert prefs.keep_layout is False


def test_models_dialog_shows_status_and_licence(qtbot, tmp_path):
    from sonic_desktop.gui.dialogs.models import ModelsDialog

    dialog = ModelsDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=20_000)
    status = dialog.status
    assert "CC BY-NC-SA 4.0" in dialog.findChildren(type(dialog.summary))[2].text()
    if not status.available:
        assert dialog.summary.text() == "Sonic engine not installed in this build."
        return
    assert dialog.tree.topLevelItemCount() == len(status.files)
    assert "missing" in dialog.summary.text()
    assert not status.usable


def test_layout_is_remembered(window, make_ctx, qtbot):
    from sonic_desktop.gui.shell.main_window import MainWindow

    window.docks["timeline"].hide()
    layout = window.layout_state()
    other = MainWindow(make_ctx())
    qtbot.addWidget(other)
    other.confirm_quit = False
    assert other.restore_layout(layout)
    assert other.docks["timeline"].isHidden()
    other.reset_layout()
    assert not other.docks["timeline"].isHidden()
    other.close()


def test_dialogs_opened_from_the_window_are_freed_after_closing(window, qtbot, monkeypatch):
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    from sonic_desktop.gui.dialogs import about as about_dialog
    from sonic_desktop.gui.dialogs import models as models_dialog
    from sonic_desktop.gui.dialogs import settings as settings_dialog

    opened = []
    for cls in (
        models_dialog.ModelsDialog,
        settings_dialog.SettingsDialog,
        about_dialog.AboutDialog,
    ):
        monkeypatch.setattr(cls, "exec", lambda self: opened.append(self) or 0)
    window.open_models()
    window.open_settings()
    window.about()
    assert len(opened) == 3
    # The Models dialog may still be reading the weights status: its pool waits for
    # that task before the dialog goes, and the late result is dropped with it.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(d) for d in opened)


def test_models_dialog_download_shows_progress_speed_and_cancels(qtbot, tmp_path, monkeypatch):
    import threading
    from types import SimpleNamespace

    from sonic_desktop.gui.dialogs import models_adapter
    from sonic_desktop.gui.dialogs.models import ModelsDialog

    release = threading.Event()
    calls = []

    def fake_download(folder, progress, cancel):
        calls.append(folder)
        progress(SimpleNamespace(name="Sonic/unet.pth", done_bytes=0, total_bytes=4 << 20,
                                 bytes_per_s=None))  # fmt: skip
        progress(SimpleNamespace(name="Sonic/unet.pth", done_bytes=1 << 20, total_bytes=4 << 20,
                                 bytes_per_s=512 * 1024))  # fmt: skip
        while not release.wait(0.01):
            cancel.check()  # raises Cancelled once the user cancels

    monkeypatch.setattr(models_adapter, "downloader", lambda: fake_download)
    dialog = ModelsDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=20_000)
    if not dialog.status.available:
        pytest.skip("the weights package is not part of this build")
    assert dialog.download_button.isEnabled()

    dialog.start_download()
    qtbot.waitUntil(lambda: "512.0 KB/s" in dialog.progress_label.text(), timeout=10_000)
    assert dialog.progress_label.text() == "Sonic/unet.pth: 1.0 MB of 4.0 MB · 512.0 KB/s"
    assert dialog.progress.value() == 250 and calls == [tmp_path]
    assert dialog.download_button.isHidden() and not dialog.cancel_button.isHidden()

    dialog._download_progress("RIFE/flownet.pkl", 0, 0, -1.0)  # size and speed not known yet
    assert dialog.progress_label.text() == "RIFE/flownet.pkl: 0 B of ?"

    dialog.cancel_download()
    qtbot.waitUntil(lambda: not dialog.download_button.isHidden(), timeout=10_000)
    assert dialog.progress_label.text().startswith("Download cancelled.")
    assert dialog.cancel_button.isHidden() and dialog.progress.isHidden()
    release.set()
